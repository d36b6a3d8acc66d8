//! Why the editor's last action did not go through, in words: fields to correct, a colleague's
//! newer version (with theirs shown beside the form), a role that may not do it, or a session
//! that has ended.

use chancery_shared::publication::Publication;
use leptos::prelude::*;

use crate::components::body::Body;
use crate::editor_time::utc_minutes;
use crate::paths::SIGN_IN;
use crate::staff_api::Versioned;

/// Where the form stands after an action was refused.
#[derive(Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `message`, then each field to correct in words.
    Refused { message: String, list: Vec<String> },
    /// 412: someone saved first; their version is kept to show and to load on request.
    Conflict(Box<Versioned>),
    /// 401, or 403 over the CSRF token: the tab's session is gone.
    SignedOut,
}

impl Outcome {
    pub fn refused(message: impl Into<String>) -> Outcome {
        Outcome::Refused {
            message: message.into(),
            list: Vec::new(),
        }
    }
}

/// The alert for `outcome`; the conflict's buttons call `load_theirs` and `keep_mine`.
#[component]
pub fn OutcomeAlert(
    outcome: Outcome,
    load_theirs: Callback<()>,
    keep_mine: Callback<()>,
) -> impl IntoView {
    let (message, list, sign_in) = match outcome {
        Outcome::Conflict(_) => {
            return view! {
                <div class="error conflict-message" role="alert">
                    <p class="error-what">
                        "Someone else saved this publication after you opened it."
                    </p>
                    <p>"Your text is still in the form; their version is shown below it."</p>
                    <button type="button" class="load-theirs" on:click=move |_| load_theirs.run(())>
                        "Load their version"
                    </button>
                    " "
                    <button type="button" class="secondary keep-mine"
                        on:click=move |_| keep_mine.run(())>
                        "Keep mine"
                    </button>
                </div>
            }
            .into_any();
        }
        Outcome::Refused { message, list } => (message, list, false),
        Outcome::SignedOut => (
            "Your session has ended, so nothing was saved. Copy your text, then sign in again."
                .to_owned(),
            Vec::new(),
            true,
        ),
    };
    view! {
        <div class="error" role="alert">
            <p class="error-what">{message}</p>
            {(!list.is_empty()).then(|| view! {
                <ul>{list.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul>
            })}
            {sign_in.then(|| view! { <p><a href=SIGN_IN>"Sign in again"</a></p> })}
        </div>
    }
    .into_any()
}

/// A colleague's newer version, read-only, as readers would see it.
#[component]
pub fn TheirVersion(theirs: Publication) -> impl IntoView {
    let p = theirs;
    view! {
        <section class="their-version" aria-labelledby="their-version">
            <h2 id="their-version">"Their version"</h2>
            <p class="eyebrow">{format!("Saved {} UTC", utc_minutes(p.summary.updated_at))}</p>
            <h3>{p.summary.title}</h3>
            <p class="lead">{p.summary.lead}</p>
            <Body blocks=p.body />
        </section>
    }
}
