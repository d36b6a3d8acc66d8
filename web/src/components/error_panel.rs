//! What a page shows when the API fails or is too slow: what happened, in words, and a
//! "Try again" button that refetches without reloading the page.

use leptos::prelude::*;

use crate::api::ClientError;

/// An alert saying `what` could not be loaded and why, with a retry button.
#[component]
pub fn ErrorPanel(
    /// What the reader was waiting for, e.g. "The archive could not be loaded."
    #[prop(into)]
    what: String,
    error: ClientError,
    /// Refetches what failed.
    #[prop(into)]
    retry: Callback<()>,
) -> impl IntoView {
    // A new panel is rendered for each failure, so this only needs to cover the wait.
    let retrying = RwSignal::new(false);
    let hint = if error.is_retryable() {
        "This is usually temporary."
    } else {
        "Trying again may not help; the address may be wrong."
    };
    view! {
        <div class="error" role="alert">
            <p class="error-what">{what}</p>
            <p>{error.to_string()} " " {hint}</p>
            <button
                type="button"
                class="retry"
                aria-disabled=move || retrying.get().to_string()
                on:click=move |_| {
                    if !retrying.get_untracked() {
                        retrying.set(true);
                        retry.run(());
                    }
                }
            >
                {move || if retrying.get() { "Trying again…" } else { "Try again" }}
            </button>
        </div>
    }
}
