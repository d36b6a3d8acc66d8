//! The signed-in user's own account (`/admin/account`, every role): change the password (the
//! current one is needed; every other session ends, this one stays) and see and end the
//! sessions they are signed in with elsewhere.

use chancery_shared::page::FieldError;
use chancery_shared::staff::PasswordChange;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::account_api;
use crate::components::admin_bar::AdminBar;
use crate::components::save_result::{Outcome, SaveResult};
use crate::components::session_list::SessionList;
use crate::components::text_field::TextField;
use crate::paths::SIGN_IN;
use crate::site_context::use_title;
use crate::staff_session::StaffSession;

/// The page.
#[component]
pub fn AdminAccount() -> impl IntoView {
    use_title(|| Some("Your account".to_owned()));
    let Some(session) = StaffSession::load() else {
        return view! { <Redirect path=SIGN_IN /> }.into_any();
    };
    let csrf = StoredValue::new(session.csrf.clone());
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let refresh = RwSignal::new(0_u32);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let change = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let answer = account_api::change_my_password(&change, &csrf.get_value()).await;
            outcome.set(Some(match answer {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    errors.set(Vec::new());
                    refresh.update(|n| *n += 1);
                    Outcome::Done(
                        "Password changed. Your other sessions have ended; this one stays."
                            .to_owned(),
                    )
                }
                Err(error) => Outcome::refused(error, errors),
            }));
            busy.set(false);
        });
    };
    view! {
        <div class="admin admin-account">
            <AdminBar session=session.clone() />
            <h1>"Your account"</h1>
            <p>{format!("Signed in as {} ({}).", session.name, session.role)}</p>
            <form class="admin-form change-password" on:submit=on_submit novalidate>
                <h2>"Change your password"</h2>
                <TextField id="current-password" name="current_password" label="Current password"
                    value=current errors input_type="password" autocomplete="current-password" />
                <TextField id="new-password" name="new_password" label="New password" value=new
                    errors input_type="password" autocomplete="new-password"
                    hint=Some("At least 12 characters. Your other sessions end; this one stays.") />
                <div class="actions">
                    <button type="submit" class="change-password"
                        aria-disabled=move || busy.get().to_string()>
                        "Change password"
                    </button>
                </div>
                <SaveResult outcome errors label=|field| field.replace('_', " ") />
            </form>
            <SessionList user=session.name.clone() csrf own=true refresh=refresh.read_only() />
        </div>
    }
    .into_any()
}
