//! The staff sign-in form (`/admin/sign-in`): name and password, sent to `POST /session`. On
//! success the session is remembered for this tab and the list of publications opens.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::ClientError;
use crate::paths::ADMIN;
use crate::site_context::use_title;
use crate::staff_api;
use crate::staff_session::StaffSession;

/// The sign-in page.
#[component]
pub fn AdminSignIn() -> impl IntoView {
    use_title(|| Some("Staff sign-in".to_owned()));
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let answer = staff_api::sign_in(&name.get_untracked(), &password.get_untracked()).await;
            busy.set(false);
            match answer {
                Ok(session) => {
                    StaffSession::save(&session);
                    navigate(ADMIN, NavigateOptions::default());
                }
                Err(ClientError::Rejected { status: 401, .. }) => {
                    // The password is not kept in the form after a failed attempt.
                    password.set(String::new());
                    error.set(Some("The name or password is not right.".to_owned()));
                }
                Err(other) => error.set(Some(other.to_string())),
            }
        });
    };

    view! {
        <div class="admin sign-in">
            <h1>"Staff sign-in"</h1>
            {move || error.get().map(|message| view! {
                <div class="error" role="alert">
                    <p>{message}</p>
                </div>
            })}
            <form class="admin-form" on:submit=on_submit>
                <div class="field">
                    <label for="s-name">"Name"</label>
                    <input id="s-name" name="name" type="text" autocomplete="username" required
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="s-password">"Password"</label>
                    <input id="s-password" name="password" type="password"
                        autocomplete="current-password" required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                </div>
                <div class="actions">
                    <button type="submit" aria-disabled=move || busy.get().to_string()>
                        {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                    </button>
                </div>
            </form>
        </div>
    }
}
