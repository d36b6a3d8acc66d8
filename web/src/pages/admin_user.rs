//! One user, for admins (`/admin/users/{name}`): their role, whether they are disabled, and
//! when their password was set, with controls to change the role, disable or enable them,
//! set a new password, see and end their sessions, and remove them (after the browser's own
//! confirm dialog). Changes name the ETag the page read, so two admins never undo each other
//! unseen; the API refuses a change that would leave no active admin, and the page says why.

use chancery_shared::page::FieldError;
use chancery_shared::staff::{Role, UserChange};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::account_api;
use crate::api::ClientError;
use crate::components::admin_bar::AdminBar;
use crate::components::role_select::RoleSelect;
use crate::components::save_result::{Outcome, SaveResult, not_loaded};
use crate::components::session_list::{SessionList, when};
use crate::components::text_field::TextField;
use crate::paths::SIGN_IN;
use crate::paths::TOKENS;
use crate::site_context::use_title;
use crate::staff_api::Account;
use crate::staff_session::{StaffSession, flash};

/// The page.
#[component]
pub fn AdminUser() -> impl IntoView {
    let params = use_params_map();
    let name = params.with_untracked(|p| p.get("name").unwrap_or_default());
    use_title({
        let name = name.clone();
        move || Some(format!("Staff: {name}"))
    });
    let Some(session) = StaffSession::load() else {
        return view! { <Redirect path=SIGN_IN /> }.into_any();
    };
    let csrf = StoredValue::new(session.csrf.clone());
    let user = StoredValue::new(name.clone());
    let loaded = RwSignal::new(None::<Result<(Account, String), ClientError>>);
    let load = move || {
        leptos::task::spawn_local(async move {
            loaded.set(Some(account_api::user(&user.get_value()).await));
        })
    };
    load();
    let role = RwSignal::new(Role::Contributor);
    Effect::new(move || {
        if let Some(Ok((account, _))) = loaded.get() {
            role.set(account.role);
        }
    });
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let refresh = RwSignal::new(0_u32);
    let etag = move || match loaded.get_untracked() {
        Some(Ok((_, etag))) => etag,
        _ => String::new(),
    };
    let change = move |change: UserChange, done: String| {
        leptos::task::spawn_local(async move {
            let answer =
                account_api::change_user(&user.get_value(), &etag(), &change, &csrf.get_value())
                    .await;
            outcome.set(Some(match answer {
                Ok(found) => {
                    loaded.set(Some(Ok(found)));
                    errors.set(Vec::new());
                    Outcome::Done(done)
                }
                Err(error) => {
                    load();
                    Outcome::refused(error, errors)
                }
            }));
            refresh.update(|n| *n += 1);
        });
    };
    let confirm = |question: String| window().confirm_with_message(&question).unwrap_or(false);
    let set_role = move |_| {
        let new = role.get_untracked();
        let done = format!("{} is now {} {new}.", user.get_value(), article(new));
        change(
            UserChange {
                role: Some(new),
                disabled: None,
            },
            done,
        );
    };
    let toggle = move |_| {
        let name = user.get_value();
        let disabled =
            matches!(loaded.get_untracked(), Some(Ok((a, _))) if a.disabled_at.is_some());
        if disabled {
            let done = format!("{name} is enabled and may sign in again.");
            change(
                UserChange {
                    role: None,
                    disabled: Some(false),
                },
                done,
            );
        } else if confirm(format!(
            "Disable {name}? Their sessions end and their tokens stop working at once."
        )) {
            let done = format!("{name} is disabled: signed out everywhere, tokens stopped.");
            change(
                UserChange {
                    role: None,
                    disabled: Some(true),
                },
                done,
            );
        }
    };
    let reset = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = password.get_untracked();
        leptos::task::spawn_local(async move {
            let name = user.get_value();
            let answer = account_api::reset_password(&name, new, &csrf.get_value()).await;
            outcome.set(Some(match answer {
                Ok(()) => {
                    password.set(String::new());
                    errors.set(Vec::new());
                    Outcome::Done(format!("Password set; {name}'s sessions have ended."))
                }
                Err(error) => Outcome::refused(error, errors),
            }));
            load();
            refresh.update(|n| *n += 1);
        });
    };
    let navigate = use_navigate();
    let remove = move |_| {
        let name = user.get_value();
        if !confirm(format!(
            "Remove {name} for good? They can never sign in again, their tokens are revoked, \
             and the name cannot be given to anyone else."
        )) {
            return;
        }
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match account_api::remove_user(&name, &etag(), &csrf.get_value()).await {
                Ok(()) => {
                    flash(&format!("{name} was removed."));
                    navigate(TOKENS, NavigateOptions::default());
                }
                Err(error) => {
                    load();
                    outcome.set(Some(Outcome::refused(error, errors)));
                }
            }
        });
    };
    let about = move || match loaded.get() {
        Some(Ok((a, _))) => {
            let state = a.disabled_at.map_or_else(
                || "Active".to_owned(),
                |at| format!("Disabled since {}", when(at)),
            );
            let password = a
                .password_changed_at
                .map(|at| format!(" · password set {}", when(at)))
                .unwrap_or_default();
            format!(
                "{state} · {} · added {}{password}",
                a.role,
                when(a.created_at)
            )
        }
        _ => String::new(),
    };
    let disabled = move || matches!(loaded.get(), Some(Ok((a, _))) if a.disabled_at.is_some());
    view! {
        <div class="admin admin-user">
            <AdminBar session />
            <h1>{name.clone()}</h1>
            {move || match loaded.get() {
                Some(Ok(_)) => None,
                other => Some(not_loaded(other.and_then(Result::err), "the user", load.into())),
            }}
            <p class="user-state">{about}</p>
            <SaveResult outcome errors label=|field| field.to_owned() />
            <section class="staff-section admin-form" aria-labelledby="access-title">
                <h2 id="access-title">"Role and access"</h2>
                <RoleSelect id="manage-role" value=role />
                <div class="actions">
                    <button type="button" class="change-role" on:click=set_role>"Change role"</button>
                    <button type="button" class="toggle-user" on:click=toggle>
                        {move || if disabled() { "Enable" } else { "Disable" }}
                    </button>
                </div>
            </section>
            <form class="admin-form reset-password" on:submit=reset novalidate>
                <h2>"Set a new password"</h2>
                <TextField id="reset-password" name="password" label="New password" value=password
                    errors input_type="password" autocomplete="new-password"
                    hint=Some("At least 12 characters. Their sessions end; tell them the new one.") />
                <div class="actions">
                    <button type="submit" class="set-password">"Set password"</button>
                </div>
            </form>
            <SessionList user=name.clone() csrf own=false refresh=refresh.read_only() />
            <section class="staff-section danger" aria-labelledby="remove-title">
                <h2 id="remove-title">"Remove"</h2>
                <button type="button" class="remove-user" on:click=remove>"Remove user…"</button>
            </section>
        </div>
    }
    .into_any()
}

/// "a" or "an" before a role's name.
fn article(role: Role) -> &'static str {
    if role == Role::Admin { "an" } else { "a" }
}
