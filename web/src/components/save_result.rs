//! What the settings, tokens and users pages say about their calls: a form's result after it
//! sent something (done, refused with every field the API named, or the session has ended) in
//! a region that is always in the page and polite, so screen readers hear each new result; and
//! what stands in for a list or form whose data has not loaded.

use chancery_shared::page::FieldError;
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::ClientError;
use crate::components::error_panel::ErrorPanel;
use crate::components::skeleton::LoadingNotice;
use crate::paths::SIGN_IN;
use crate::staff_session::StaffSession;

/// How the last attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done(String),
    Refused(String),
    /// 401, or 403 over the CSRF token: the tab's session is gone, and has been forgotten.
    SignedOut,
}

impl Outcome {
    /// The outcome of a refusal; the fields it names go to `errors`, for the form to show
    /// under each field.
    pub fn refused(error: ClientError, errors: RwSignal<Vec<FieldError>>) -> Outcome {
        match error {
            ClientError::Rejected { status: 401, .. } => Outcome::signed_out(),
            ClientError::Rejected {
                status: 403,
                ref detail,
                ..
            } if detail.contains("CSRF") => Outcome::signed_out(),
            ClientError::Rejected {
                detail,
                errors: found,
                ..
            } => {
                let message = if found.is_empty() {
                    detail
                } else {
                    "Nothing was saved; some fields need attention:".to_owned()
                };
                errors.set(found);
                Outcome::Refused(message)
            }
            other => Outcome::Refused(other.to_string()),
        }
    }

    fn signed_out() -> Outcome {
        StaffSession::clear();
        Outcome::SignedOut
    }
}

/// The live region for `outcome`; `label` puts a field's API name into words. Plain text (a
/// line per refused field) in one static block keeps this small in wasm.
#[component]
pub fn SaveResult(
    outcome: RwSignal<Option<Outcome>>,
    errors: RwSignal<Vec<FieldError>>,
    label: fn(&str) -> String,
) -> impl IntoView {
    let text = move || {
        let mut text = match outcome.get() {
            Some(Outcome::Done(message) | Outcome::Refused(message)) => message,
            Some(Outcome::SignedOut) => "Your session has ended, so nothing was saved.".to_owned(),
            None => return String::new(),
        };
        if matches!(outcome.get(), Some(Outcome::Refused(_))) {
            errors.with(|errors| {
                for e in errors {
                    text.push_str(&format!("\n{}: {}", label(&e.field), e.message));
                }
            });
        }
        text
    };
    let class = move || match outcome.get() {
        Some(Outcome::Done(_)) => "notice",
        _ => "error",
    };
    view! {
        <div class="save-result" role="status">
            <p class=class hidden=move || outcome.with(Option::is_none)>
                {text}
                " "
                <a href=SIGN_IN hidden=move || outcome.get() != Some(Outcome::SignedOut)>
                    "Sign in again"
                </a>
            </p>
        </div>
    }
}

/// The view for `what` ("the settings") while it loads (`None`) or after it failed; a session
/// that has ended sends the visitor to sign in.
pub fn not_loaded(failed: Option<ClientError>, what: &'static str, retry: Callback<()>) -> AnyView {
    match failed {
        None => view! { <LoadingNotice text=format!("Loading {what}…") /> }.into_any(),
        Some(ClientError::Rejected { status: 401, .. }) => {
            StaffSession::clear();
            view! { <Redirect path=SIGN_IN /> }.into_any()
        }
        Some(error) => {
            view! { <ErrorPanel what=format!("Could not load {what}.") error retry /> }.into_any()
        }
    }
}
