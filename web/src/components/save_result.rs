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
use crate::pages::admin_sign_in::SIGN_IN;
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

/// The live region for `outcome`; `label` puts a field's API name into words. One static
/// block whose text and class follow the outcome keeps this small in wasm.
#[component]
pub fn SaveResult(
    outcome: RwSignal<Option<Outcome>>,
    errors: RwSignal<Vec<FieldError>>,
    label: fn(&str) -> String,
    /// Extra class, to tell several results on one page apart.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let is = move |wanted: fn(&Outcome) -> bool| {
        move || outcome.with(|o| o.as_ref().is_some_and(wanted))
    };
    let message = move || {
        outcome.with(|o| match o {
            Some(Outcome::Done(message) | Outcome::Refused(message)) => message.clone(),
            Some(Outcome::SignedOut) => "Your session has ended, so nothing was saved.".to_owned(),
            None => String::new(),
        })
    };
    let fields = move || {
        if !is(|o| matches!(o, Outcome::Refused(_)))() {
            return Vec::new();
        }
        errors.with(|errors| {
            errors
                .iter()
                .map(|e| view! { <li><strong>{label(&e.field)}</strong>" " {e.message.clone()}</li> })
                .collect()
        })
    };
    view! {
        <div class=format!("save-result {class}") role="status">
            <div hidden=move || outcome.with(Option::is_none)
                class=move || if is(|o| matches!(o, Outcome::Done(_)))() { "notice" } else { "error" }>
                <p>{message}</p>
                <ul>{fields}</ul>
                <p hidden=move || !is(|o| *o == Outcome::SignedOut)()>
                    <a href=SIGN_IN>"Sign in again"</a>
                </p>
            </div>
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
