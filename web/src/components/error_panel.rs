//! What a page shows when the API fails or is too slow: what happened, in words, and a way to
//! try again. On a page from the server that is a link to the same address (it works with or
//! without scripts); in the staff area, rendered in the browser, a button that refetches.

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
    if cfg!(not(feature = "staff")) {
        let location = leptos_router::hooks::use_location();
        let here = move || match location.search.get() {
            search if search.is_empty() => location.pathname.get(),
            search => format!("{}?{search}", location.pathname.get()),
        };
        // The page is the server's: trying again is asking the server again.
        let _ = retry;
        return view! {
            <div class="error" role="alert">
                <p class="error-what">{what}</p>
                <p>{error.to_string()} " " {hint}</p>
                <a class="retry" href=here>"Try again"</a>
            </div>
        }
        .into_any();
    }
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
    .into_any()
}
