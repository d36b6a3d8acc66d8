//! Tokens and users (`/admin/tokens`, admins only): the API tokens, each with its owner, expiry,
//! last use and state, with a form to make one (for an owner, with an optional lifetime; its
//! secret is shown once, with a copy button) and a confirm step to revoke one (the browser's
//! own dialog), then the staff users, each linking to the page that manages them, with a form
//! to add one. Both sections are one component, since they differ only in words, the password
//! field and the token's extras. The API checks the role on every call.

use chancery_shared::page::FieldError;
use chancery_shared::staff::{NewToken, NewUser, Role};
use chancery_shared::time::list_date;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::ClientError;
use crate::components::admin_bar::AdminBar;
use crate::components::list_editor::focus_later;
use crate::components::role_select::RoleSelect;
use crate::components::save_result::{Outcome, SaveResult, not_loaded};
use crate::components::session_list::when;
use crate::components::text_field::TextField;
use crate::components::token_secret::TokenSecret;
use crate::paths::{self, SIGN_IN};
use crate::site_context::use_title;
use crate::staff_api::{self, Account};
use crate::staff_session::{StaffSession, take_flash};

/// The page.
#[component]
pub fn AdminTokens() -> impl IntoView {
    use_title(|| Some("Staff: tokens and users".to_owned()));
    let Some(session) = StaffSession::load() else {
        return view! { <Redirect path=SIGN_IN /> }.into_any();
    };
    let csrf = StoredValue::new(session.csrf.clone());
    let is_admin = session.role.allows(Role::Admin);
    view! {
        <div class="admin admin-tokens">
            <AdminBar session />
            <h1>"Tokens and users"</h1>
            {if is_admin {
                view! {
                    <Accounts tokens=true csrf />
                    <Accounts tokens=false csrf />
                }
                    .into_any()
            } else {
                view! { <p class="notice">"Only admins manage tokens and users."</p> }.into_any()
            }}
        </div>
    }
    .into_any()
}

/// The tokens (`tokens`) or the users: the list and the form that adds one.
#[component]
fn Accounts(tokens: bool, csrf: StoredValue<String>) -> impl IntoView {
    let (kind, what) = if tokens {
        ("token", "the tokens")
    } else {
        ("user", "the users")
    };
    let list = RwSignal::new(None::<Result<Vec<Account>, ClientError>>);
    let load = move || {
        leptos::task::spawn_local(async move {
            let found = staff_api::accounts(tokens).await;
            list.set(Some(found));
        })
    };
    load();
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(if tokens {
        Role::Editor
    } else {
        Role::Contributor
    });
    let password = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let lifetime = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // What the user page did before coming back here (a removal).
    let outcome = RwSignal::new((!tokens).then(take_flash).flatten().map(Outcome::Done));
    let busy = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (new_name, new_role) = (name.get_untracked().trim().to_owned(), role.get_untracked());
        leptos::task::spawn_local(async move {
            let csrf = csrf.get_value();
            let answer = if tokens {
                let owner = owner.get_untracked().trim().to_owned();
                let lifetime = lifetime.get_untracked();
                let new = NewToken {
                    name: new_name,
                    role: Some(new_role),
                    owner: (!owner.is_empty()).then_some(owner),
                    expires_in: (!lifetime.is_empty()).then_some(lifetime),
                    expires_at: None,
                };
                staff_api::create_token(&new, &csrf).await.map(|made| {
                    secret.set(made);
                    focus_later("token-secret".to_owned());
                    format!("Token {} created.", new.name)
                })
            } else {
                let new = NewUser {
                    name: new_name,
                    role: new_role,
                    password: password.get_untracked(),
                };
                staff_api::add_user(&new, &csrf)
                    .await
                    .map(|()| format!("{} can sign in now.", new.name))
            };
            let next = match answer {
                Ok(message) => {
                    errors.set(Vec::new());
                    name.set(String::new());
                    password.set(String::new());
                    load();
                    Outcome::Done(message)
                }
                Err(error) => Outcome::refused(error, errors),
            };
            busy.set(false);
            outcome.set(Some(next));
        });
    };
    let revoke = move |token: String| {
        // The browser's own dialog: the confirm step, accessible and with no wasm of its own.
        let sure = window()
            .confirm_with_message(&format!(
                "Revoke the token {token}? Programs using it stop working at once."
            ))
            .unwrap_or(false);
        if !sure {
            return;
        }
        leptos::task::spawn_local(async move {
            let next = match staff_api::revoke_token(&token, &csrf.get_value()).await {
                Ok(()) => {
                    load();
                    Outcome::Done(format!("Token {token} revoked; it no longer works."))
                }
                Err(error) => Outcome::refused(error, errors),
            };
            outcome.set(Some(next));
        });
    };
    let rows = move || {
        let Some(Ok(all)) = list.get() else {
            return Vec::new();
        };
        all.into_iter()
            .map(|a| {
                let mut about = format!(" · {}", a.role);
                if let Some(effective) = a.effective_role.filter(|r| *r != a.role) {
                    about.push_str(&format!(" (acts as {effective})"));
                }
                if let Some(owner) = &a.owner {
                    about.push_str(&format!(" · for {owner}"));
                }
                about.push_str(&format!(
                    " · since {}",
                    list_date(a.created_at.date_naive())
                ));
                if let Some(at) = a.expires_at {
                    about.push_str(&format!(" · expires {}", when(at)));
                }
                if tokens {
                    let used = a.last_used_at.map_or_else(|| "never".to_owned(), when);
                    about.push_str(&format!(" · last used {used}"));
                }
                match (a.revoked_at, a.status.as_deref(), a.disabled_at) {
                    (Some(at), _, _) => {
                        about.push_str(&format!(" · revoked {}", list_date(at.date_naive())));
                    }
                    (None, Some("expired"), _) => about.push_str(" · expired"),
                    (None, Some("suspended"), _) => about.push_str(" · suspended: owner disabled"),
                    (_, _, Some(_)) => about.push_str(" · disabled"),
                    _ => {}
                }
                let live =
                    tokens && a.status.as_deref() != Some("revoked") && a.revoked_at.is_none();
                let name = a.name.clone();
                let token = a.name.clone();
                let manage = paths::user(&a.name);
                view! {
                    <li class=kind data-name=a.name>
                        <span class="title">{name.clone()}</span>
                        {about}
                        " "
                        <button type="button" class="quiet revoke" hidden=!live
                            on:click=move |_| revoke(token.clone())>
                            "Revoke"
                        </button>
                        <a class="manage" href=manage hidden=tokens>"Manage"</a>
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <section class=format!("staff-section {kind}s") aria-labelledby=format!("{kind}s-title")>
            <h2 id=format!("{kind}s-title")>{if tokens { "API tokens" } else { "Users" }}</h2>
            {move || match list.get() {
                Some(Ok(_)) => None,
                other => Some(not_loaded(other.and_then(Result::err), what, load.into())),
            }}
            <ul class="staff-publications">{rows}</ul>
            {tokens.then(|| view! { <TokenSecret secret errors /> })}
            <form class=format!("admin-form new-{kind}") on:submit=on_submit novalidate>
                <h3>{if tokens { "New token" } else { "New user" }}</h3>
                <TextField id=format!("{kind}-name") name="name" label="Name" value=name errors
                    autocomplete="off" />
                <RoleSelect id=if tokens { "token-role" } else { "user-role" } value=role />
                {tokens.then(|| view! {
                    <TextField id="token-owner" name="owner" label="Owner" value=owner errors
                        autocomplete="off"
                        hint=Some("The user it acts for; empty for you. It never does more than they may.") />
                    <div class="field">
                        <label for="token-expires">"Expires"</label>
                        <select id="token-expires" name="expires_in"
                            on:change=move |ev| lifetime.set(event_target_value(&ev))>
                            <option value="">"Never (until revoked)"</option>
                            <option value="7d">"In 7 days"</option>
                            <option value="30d">"In 30 days"</option>
                            <option value="90d">"In 90 days"</option>
                            <option value="365d">"In a year"</option>
                        </select>
                    </div>
                })}
                {(!tokens).then(|| view! {
                    <TextField id="user-password" name="password" label="Password" value=password
                        errors input_type="password" autocomplete="new-password"
                        hint=Some("At least 12 characters. They sign in at /admin/sign-in.") />
                })}
                <div class="actions">
                    <button type="submit" class=format!("add-{kind}")
                        aria-disabled=move || busy.get().to_string()>
                        {if tokens { "Create token" } else { "Add user" }}
                    </button>
                </div>
                <SaveResult outcome errors label=plain_label />
            </form>
        </section>
    }
}

/// The API's name for a field of these forms, in words.
fn plain_label(field: &str) -> String {
    // The API's field names are ASCII, and Unicode case tables would cost wasm.
    let mut label = field.replace('_', " ");
    if let Some(first) = label.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    label
}
