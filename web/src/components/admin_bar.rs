//! The staff area's own bar above each admin page: a "Staff" link back to the list, who is
//! signed in, and the sign-out button. The public header stays as readers see it.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::pages::admin_sign_in::{ADMIN, SIGN_IN};
use crate::staff_api;
use crate::staff_session::StaffSession;

/// The bar for `session`.
#[component]
pub fn AdminBar(session: StaffSession) -> impl IntoView {
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let csrf = session.csrf.clone();
    let sign_out = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let csrf = csrf.clone();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // Forgotten here whatever the server says: a session it no longer knows is over
            // anyway, and the tab must not keep a token for it.
            if let Err(error) = staff_api::sign_out(&csrf).await {
                leptos::logging::warn!("sign-out: {error}");
            }
            StaffSession::clear();
            navigate(SIGN_IN, NavigateOptions::default());
        });
    };
    view! {
        <nav class="admin-bar" aria-label="Staff">
            <a href=ADMIN class="admin-home">"Staff"</a>
            <span class="who">{format!("{} ({})", session.name, session.role)}</span>
            <button type="button" class="sign-out" on:click=sign_out
                aria-disabled=move || busy.get().to_string()>
                "Sign out"
            </button>
        </nav>
    }
}
