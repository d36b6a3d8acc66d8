//! The staff editor's form: every field of a publication and its body as a list of blocks,
//! saved with `POST` (new) or a merge `PATCH` based on the ETag it was opened at, so a save
//! never silently overwrites someone else's; withdrawn or deleted with `DELETE` on the same
//! terms. The API's reasons for refusing are shown next to the fields (and body blocks) they
//! name, and a live preview uses the reader's own body component, so staff see what readers
//! will.

use chancery_shared::page::FieldError;
use chancery_shared::publication::{Kind, PublicationSummary, Status};
use chancery_shared::staff::Role;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::ClientError;
use crate::components::block_list::BlockList;
use crate::components::body::Body;
use crate::components::editor_actions::{Action, EditorActions};
use crate::components::editor_outcome::{Outcome, OutcomeAlert, TheirVersion};
use crate::components::text_field::{Spec, belongs, text_fields};
use crate::editor_fields::Fields;
use crate::editor_time::{local_minutes, utc_minutes};
use crate::paths;
use crate::staff_api::{self, Versioned};
use crate::staff_session::{self, StaffSession};

/// The form for a new publication (`initial` is `None`) or an existing one; `notice` is what
/// the previous page said happened (a save that moved the editor to a new address).
#[component]
pub fn Editor(
    session: StaffSession,
    initial: Option<Versioned>,
    notice: Option<String>,
) -> impl IntoView {
    let fields = Fields::new();
    let new = initial.is_none();
    let slug = StoredValue::new(initial.as_ref().map(|v| v.publication.summary.slug.clone()));
    let etag = StoredValue::new(initial.as_ref().map(|v| v.etag.clone()).unwrap_or_default());
    if let Some(initial) = &initial {
        fields.fill(initial);
    }
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let notice = RwSignal::new(notice.unwrap_or_default());
    let busy = RwSignal::new(false);
    let csrf = StoredValue::new(session.csrf.clone());
    let navigate = StoredValue::new_local(use_navigate());
    let go = move |href: &str, replace: bool| {
        navigate.with_value(|navigate| {
            navigate(
                href,
                NavigateOptions {
                    replace,
                    ..Default::default()
                },
            );
        });
    };
    // The role the server knows now, which may have changed since this tab signed in.
    let may_publish = RwSignal::new(session.may_publish());
    leptos::task::spawn_local(async move {
        match staff_api::me().await {
            Ok(me) => may_publish.set(me.role.allows(Role::Editor)),
            Err(ClientError::Rejected { status: 401, .. }) => outcome.set(Some(signed_out())),
            // The role from signing in stands; the API still decides each write.
            Err(error) => leptos::logging::warn!("/me: {error}"),
        }
    });

    // What a refusal means for the form; a stale version (412) fetches theirs to show.
    let refusal = move |error: ClientError, origin: Vec<u32>| async move {
        match error {
            ClientError::Rejected { status: 412, .. } => match slug.get_value() {
                Some(slug) => match staff_api::publication(&slug).await {
                    Ok(theirs) => Outcome::Conflict(Box::new(theirs)),
                    Err(error) => Outcome::refused(format!(
                        "Someone else saved this publication after you opened it, and their \
                         version could not be loaded: {error}"
                    )),
                },
                None => Outcome::refused("The save was refused as out of date."),
            },
            ClientError::Rejected { status: 401, .. } => signed_out(),
            ClientError::Rejected {
                status: 403,
                detail,
                ..
            } if detail.contains("CSRF") => signed_out(),
            ClientError::Rejected {
                status: 403,
                detail,
                ..
            } => Outcome::refused(format!(
                "Your role does not allow this ({detail}). Contributors may save and delete \
                 only their own drafts; an editor can publish, schedule or withdraw."
            )),
            ClientError::Rejected {
                status: 409,
                detail,
                ..
            } => {
                errors.set(vec![FieldError::new(
                    "slug",
                    "is the address of another publication; choose another",
                )]);
                Outcome::refused(format!("{detail}. Choose another address."))
            }
            ClientError::Rejected { errors: found, .. } if !found.is_empty() => {
                let list = fields.explain(&found, &origin);
                errors.set(found);
                Outcome::Refused {
                    message: "Nothing was saved; some fields need attention:".to_owned(),
                    list,
                }
            }
            error => Outcome::refused(error.to_string()),
        }
    };

    let save = move |status: Status| {
        let (draft, origin) = match fields.draft(status) {
            Ok(found) => found,
            Err(found) => {
                let list = fields.explain(&found, &[]);
                errors.set(found);
                notice.set(String::new());
                outcome.set(Some(Outcome::Refused {
                    message: "Some fields need attention:".to_owned(),
                    list,
                }));
                return;
            }
        };
        busy.set(true);
        notice.set(String::new());
        leptos::task::spawn_local(async move {
            let csrf = csrf.get_value();
            let answer = match slug.get_value() {
                Some(slug) => staff_api::update(&slug, &etag.get_value(), &draft, &csrf).await,
                None => staff_api::create(&draft, &csrf).await,
            };
            let next = match answer {
                Ok(saved) => {
                    let summary = &saved.publication.summary;
                    let message = saved_message(summary);
                    let moved = slug.get_value().as_deref() != Some(summary.slug.as_str());
                    let href = paths::edit(&summary.slug);
                    slug.set_value(Some(summary.slug.clone()));
                    etag.set_value(saved.etag.clone());
                    errors.set(Vec::new());
                    fields.explain(&[], &[]);
                    fields.fill(&saved);
                    busy.set(false);
                    outcome.set(None);
                    notice.set(message.clone());
                    if moved {
                        // The editor's own address from now on, so a reload edits this one;
                        // the page there says what happened.
                        staff_session::flash(&message);
                        go(&href, true);
                    }
                    return;
                }
                Err(error) => refusal(error, origin).await,
            };
            busy.set(false);
            outcome.set(Some(next));
        });
    };

    let remove = move |action: Action| {
        let Some(current) = slug.get_value() else {
            return;
        };
        busy.set(true);
        notice.set(String::new());
        leptos::task::spawn_local(async move {
            let answer = staff_api::remove(&current, &etag.get_value(), &csrf.get_value()).await;
            match answer {
                Ok(()) => {
                    let title = fields.title.get_untracked();
                    let (message, tab) = if action == Action::Delete {
                        (format!("The draft “{title}” was deleted."), "draft")
                    } else {
                        (
                            format!("“{title}” was withdrawn; its page now tells readers so."),
                            "withdrawn",
                        )
                    };
                    busy.set(false);
                    staff_session::flash(&message);
                    go(&paths::admin_tab(tab), false);
                }
                Err(error) => {
                    let next = refusal(error, Vec::new()).await;
                    busy.set(false);
                    outcome.set(Some(next));
                }
            }
        });
    };

    let run = Callback::new(move |action: Action| {
        if busy.get_untracked() {
            return;
        }
        match action {
            Action::SaveDraft => save(Status::Draft),
            Action::Publish => save(Status::Published),
            Action::Withdraw | Action::Delete => remove(action),
        }
    });
    let load_theirs = Callback::new(move |()| {
        if let Some(Outcome::Conflict(theirs)) = outcome.get_untracked() {
            etag.set_value(theirs.etag.clone());
            fields.fill(&theirs);
            fields.explain(&[], &[]);
            errors.set(Vec::new());
            outcome.set(None);
            notice.set("Their version is loaded.".to_owned());
        }
    });
    let keep_mine = Callback::new(move |()| {
        // The next save is based on their version, so it replaces it deliberately.
        if let Some(Outcome::Conflict(theirs)) = outcome.get_untracked() {
            etag.set_value(theirs.etag.clone());
            outcome.set(Some(Outcome::refused(
                "Your version is kept. Save again to replace theirs.",
            )));
        }
    });
    let invalid = move || {
        errors
            .with(|errors| errors.iter().any(|e| belongs(&e.field, "kind")))
            .then_some("true")
    };
    let publishing = move || match fields.status.get() {
        Some(status) => format!("Publishing (now {})", status.as_str()),
        None => "Publishing (not saved yet)".to_owned(),
    };
    let slug_hint = if new {
        "Optional: made from the title when left empty."
    } else {
        "Part of the public address; changing it breaks links to the old one."
    };
    let f = fields;
    let top = vec![
        Spec::new("e-title", "title", "Title", f.title),
        Spec::new("e-slug", "slug", "Address (slug)", f.slug)
            .hint(slug_hint)
            .placeholder("made-from-the-title"),
    ];
    let lang =
        vec![Spec::new("e-lang", "lang", "Language", f.lang).hint("A tag such as en or ru.")];
    let lead = vec![Spec::new("e-lead", "lead", "Lead", f.lead).rows(3)];
    let details = vec![
        Spec::new("e-speakers", "speakers", "Speakers", f.speakers).placeholder("comma-separated"),
        Spec::new("e-place", "place", "Place", f.place),
        Spec::new(
            "e-occurred-on",
            "occurred_on",
            "Date of the event",
            f.occurred_on,
        )
        .input_type("date")
        .hint("Leave empty when it is the day of publication."),
        Spec::new("e-tags", "tags", "Tags", f.tags).placeholder("comma-separated"),
        Spec::new(
            "e-translation-group",
            "translation_group",
            "Translation group",
            f.translation_group,
        )
        .hint("The same name on each language version of one text; usually empty."),
    ];
    let when = vec![
        Spec::new(
            "e-published-at",
            "published_at",
            "Publication time",
            f.published_at,
        )
        .input_type("datetime-local")
        .hint("In your computer's time zone. A time ahead schedules the publication."),
    ];
    let note = (!new)
        .then(|| {
            Spec::new("e-note", "change_note", "Change note", f.change_note)
                .placeholder("what changed, and why")
        })
        .into_iter()
        .collect();

    view! {
        <form class="admin-form editor" novalidate on:submit=|ev: SubmitEvent| ev.prevent_default()>
            {text_fields(top, errors)}
            <div class="field-row">
                <div class="field">
                    <label for="e-kind">"Kind"</label>
                    <select id="e-kind" name="kind" aria-invalid=invalid
                        on:change=move |ev| fields.kind.set(event_target_value(&ev))>
                        {Kind::ALL
                            .into_iter()
                            .map(|kind| view! {
                                <option value=kind.as_str()
                                    prop:selected=move || fields.kind.get() == kind.as_str()>
                                    {kind.label()}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                {text_fields(lang, errors)}
            </div>
            {text_fields(lead, errors)}
            <BlockList fields errors />
            <fieldset class="details">
                <legend>"Details"</legend>
                {text_fields(details, errors)}
                <div class="field check">
                    <input type="checkbox" id="e-featured" name="featured"
                        prop:checked=fields.featured
                        on:change=move |ev| fields.featured.set(event_target_checked(&ev)) />
                    <label for="e-featured">"Featured on the home page"</label>
                </div>
            </fieldset>
            <fieldset class="publishing">
                <legend>{publishing}</legend>
                {text_fields(when, errors)}
                {text_fields(note, errors)}
                <div class="status-region" role="status">
                    <p class="notice" hidden=move || notice.with(String::is_empty)>{notice}</p>
                </div>
                {move || outcome.get().map(|outcome| view! {
                    <OutcomeAlert outcome load_theirs keep_mine />
                })}
                <EditorActions fields may_publish busy run />
            </fieldset>
        </form>
        {move || match outcome.get() {
            Some(Outcome::Conflict(theirs)) => {
                view! { <TheirVersion theirs=theirs.publication /> }.into_any()
            }
            _ => ().into_any(),
        }}
        <section class="preview" aria-labelledby="preview-title">
            <h2 id="preview-title" class="section-title">"Preview"</h2>
            <article class="preview-publication">
                <h3 class="preview-heading">{fields.title}</h3>
                <p class="lead">{fields.lead}</p>
                {move || view! { <Body blocks=fields.body().0 /> }}
            </article>
        </section>
    }
}

/// What a successful save did, in words.
fn saved_message(saved: &PublicationSummary) -> String {
    let at = saved.published_at;
    match saved.status {
        Status::Draft => "Saved as a draft.".to_owned(),
        Status::Scheduled => format!(
            "Scheduled for {} ({} UTC).",
            local_minutes(at).replace('T', " "),
            utc_minutes(at)
        ),
        Status::Published => "Published.".to_owned(),
        Status::Withdrawn => "Saved; it stays withdrawn.".to_owned(),
    }
}

fn signed_out() -> Outcome {
    StaffSession::clear();
    Outcome::SignedOut
}
