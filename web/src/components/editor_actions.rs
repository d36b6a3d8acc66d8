//! The editor's buttons, chosen by where the publication is in its life and by who is signed
//! in: Save draft; Publish, which says "Schedule" with the local and UTC time when the
//! publication time is ahead; Withdraw for published pieces and Delete for drafts, each behind
//! a confirm step. Contributors are offered only what they may do: drafts.

use chancery_shared::publication::Status;
use leptos::prelude::*;

use crate::components::block_list::focus_later;
use crate::editor_fields::Fields;
use crate::editor_time::{local_minutes, utc_minutes};
use crate::now::use_minute;

/// What a button asks for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Action {
    SaveDraft,
    Publish,
    Withdraw,
    Delete,
}

impl Action {
    const ALL: [Action; 4] = [
        Action::SaveDraft,
        Action::Publish,
        Action::Withdraw,
        Action::Delete,
    ];

    /// The button's class and id.
    fn class(self) -> &'static str {
        match self {
            Action::SaveDraft => "save-draft",
            Action::Publish => "publish",
            Action::Withdraw => "withdraw",
            Action::Delete => "delete",
        }
    }
}

/// The buttons for `fields`' publication. `run` is called once an action is chosen (and, for
/// the destructive ones, confirmed).
#[component]
pub fn EditorActions(
    fields: Fields,
    may_publish: RwSignal<bool>,
    busy: RwSignal<bool>,
    run: Callback<Action>,
) -> impl IntoView {
    let minute = use_minute();
    let status = fields.status;
    let confirming = RwSignal::new(None::<Action>);
    let is = move |wanted: Status| status.get() == Some(wanted);
    // Which buttons show: unpublishing a live piece is a withdrawal, not a draft, and
    // contributors keep to drafts (the API refuses them the rest anyway).
    let offered = move |action: Action| match action {
        Action::SaveDraft => {
            !is(Status::Published)
                && (may_publish.get() || matches!(status.get(), None | Some(Status::Draft)))
        }
        Action::Publish => may_publish.get(),
        Action::Withdraw => may_publish.get() && is(Status::Published),
        Action::Delete => is(Status::Draft),
    };
    let label = move |action: Action| match action {
        Action::SaveDraft if busy.get() => "Saving…".to_owned(),
        Action::SaveDraft => "Save draft".to_owned(),
        Action::Publish => match fields.when() {
            Some(at) if at > minute.get() => format!(
                "Schedule for {} ({} UTC)",
                local_minutes(at).replace('T', " "),
                utc_minutes(at)
            ),
            _ if is(Status::Published) => "Publish changes".to_owned(),
            _ => "Publish".to_owned(),
        },
        Action::Withdraw => "Withdraw…".to_owned(),
        Action::Delete => "Delete…".to_owned(),
    };
    let answer = move |yes: bool| {
        move |_| {
            let Some(action) = confirming.get_untracked() else {
                return;
            };
            confirming.set(None);
            if yes {
                run.run(action);
            } else {
                focus_later(action.class().to_owned());
            }
        }
    };
    let disabled = move || busy.get().to_string();
    let some_offered = move || Action::ALL.into_iter().any(offered);
    let deleting = move || confirming.get() == Some(Action::Delete);
    let question = move || {
        if deleting() {
            "Delete this draft? This cannot be undone."
        } else {
            "Withdraw this publication? It leaves every list, and its page tells readers it was \
             withdrawn."
        }
    };
    let yes = move || {
        if deleting() {
            "Yes, delete it"
        } else {
            "Yes, withdraw it"
        }
    };

    view! {
        <div class="actions">
            // Every button is always there, hidden when not offered, so one view serves all.
            // Saves are `submit`, so Enter in a field presses the first one; the click does
            // the work and stops the submission.
            {Action::ALL
                .map(|action| {
                    let destructive = matches!(action, Action::Withdraw | Action::Delete);
                    let class = match action {
                        Action::Publish => "publish",
                        Action::SaveDraft => "secondary save-draft",
                        Action::Withdraw => "secondary danger withdraw",
                        Action::Delete => "secondary danger delete",
                    };
                    view! {
                        <button type=if destructive { "button" } else { "submit" } class=class
                            id=action.class() hidden=move || !offered(action)
                            aria-disabled=disabled
                            on:click=move |ev| {
                                ev.prevent_default();
                                // Enter in a field clicks the first submit button even when
                                // it is hidden: a live piece must not become a draft that way.
                                if !untrack(|| offered(action)) {
                                    return;
                                }
                                if destructive {
                                    confirming.set(Some(action));
                                    focus_later("confirm-question".to_owned());
                                } else {
                                    run.run(action);
                                }
                            }>
                            {move || label(action)}
                        </button>
                    }
                })
                .collect_view()}
            <p class="hint" hidden=some_offered>
                "Only an editor can change a publication once it has left the drafts."
            </p>
        </div>
        <div class="confirm" role="group" aria-labelledby="confirm-question" hidden=move || confirming.get().is_none()>
            <p id="confirm-question" tabindex="-1">{question}</p>
            <button type="button" class="danger confirm-yes" on:click=answer(true)>{yes}</button>
            <button type="button" class="secondary confirm-no" on:click=answer(false)>
                "Cancel"
            </button>
        </div>
    }
}
