//! The staff area's own bar above each admin page: links to its sections (each shown only to
//! roles that may use it, as `/me` reports the role), who is signed in, and the sign-out
//! button. The public header stays as readers see it.

use chancery_shared::staff::Role;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use crate::paths::{ACCOUNT, ADMIN, SETTINGS, SIGN_IN, TOKENS};
use crate::staff_api;
use crate::staff_session::StaffSession;

/// The bar for `session`.
#[component]
pub fn AdminBar(session: StaffSession) -> impl IntoView {
    let navigate = use_navigate();
    // The role this tab signed in with until the server says otherwise (it may have changed).
    let role = RwSignal::new(session.role);
    leptos::task::spawn_local(async move {
        if let Ok(me) = staff_api::me().await {
            role.set(me.role);
        }
    });
    let path = use_location().pathname;
    let current = move |href: &'static str| move || (path.get() == href).then_some("page");
    // Hidden rather than left out: a static bar with two reactive attributes is smaller wasm.
    let barred = move |needed: Role| move || !role.get().allows(needed);
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
            <a href=ADMIN class="admin-home" aria-current=current(ADMIN)>"Publications"</a>
            <a href=SETTINGS aria-current=current(SETTINGS) hidden=barred(Role::Editor)>
                "Settings"
            </a>
            <a href=TOKENS aria-current=current(TOKENS) hidden=barred(Role::Admin)>
                "Tokens & users"
            </a>
            <a href=ACCOUNT class="who" aria-current=current(ACCOUNT)
                title="Your account: password and sessions">
                {move || format!("{} ({})", session.name, role.get())}
            </a>
            <button type="button" class="sign-out" on:click=sign_out
                aria-disabled=move || busy.get().to_string()>
                "Sign out"
            </button>
        </nav>
    }
}
