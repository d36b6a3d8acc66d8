//! The staff editor's form: every field of a publication, saved with `POST` (new) or a merge
//! `PATCH` based on the ETag it was opened at, so a save never silently overwrites someone
//! else's. The API's reasons for refusing a save are shown next to the fields they name, and
//! a live preview uses the reader's own body component, so staff see what readers will.

use chancery_shared::page::FieldError;
use chancery_shared::publication::Kind;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::ClientError;
use crate::components::body::Body;
use crate::components::text_field::{TextField, belongs};
use crate::editor_fields::{Fields, has_turns, local_minutes};
use crate::pages::admin_sign_in::SIGN_IN;
use crate::staff_api::{self, Versioned};
use crate::staff_session::StaffSession;

/// Where the form stands after a save was tried.
#[derive(Clone, PartialEq, Eq)]
enum Outcome {
    Saved,
    Refused(String),
    /// 412: someone saved first; their version is kept to show and to load on request.
    Conflict(Box<Versioned>),
    /// 401, or 403 over the CSRF token: the tab's session is gone.
    SignedOut,
}

/// The form for a new publication (`initial` is `None`) or an existing one.
#[component]
pub fn Editor(session: StaffSession, initial: Option<Versioned>) -> impl IntoView {
    let fields = Fields::new();
    let new = initial.is_none();
    let slug = StoredValue::new(initial.as_ref().map(|v| v.publication.summary.slug.clone()));
    let etag = StoredValue::new(initial.as_ref().map(|v| v.etag.clone()).unwrap_or_default());
    if let Some(initial) = &initial {
        fields.fill(initial);
    }
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let busy = RwSignal::new(false);
    let may_publish = session.may_publish();
    let csrf = StoredValue::new(session.csrf.clone());
    let navigate = use_navigate();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let draft = match fields.draft(new) {
            Ok(draft) => draft,
            Err(found) => {
                errors.set(found);
                outcome.set(Some(Outcome::Refused(
                    "Some fields need attention.".to_owned(),
                )));
                return;
            }
        };
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let csrf = csrf.get_value();
            let answer = match slug.get_value() {
                Some(slug) => staff_api::update(&slug, &etag.get_value(), &draft, &csrf).await,
                None => staff_api::create(&draft, &csrf).await,
            };
            let next = match answer {
                Ok(saved) => {
                    errors.set(Vec::new());
                    etag.set_value(saved.etag.clone());
                    fields.fill(&saved);
                    if new {
                        // The editor's own address from now on, so a reload edits this one.
                        let href =
                            format!("/admin/publications/{}", saved.publication.summary.slug);
                        navigate(
                            &href,
                            NavigateOptions {
                                replace: true,
                                ..Default::default()
                            },
                        );
                    }
                    Outcome::Saved
                }
                Err(ClientError::Rejected { status: 412, .. }) => match slug.get_value() {
                    Some(slug) => match staff_api::publication(&slug).await {
                        Ok(theirs) => Outcome::Conflict(Box::new(theirs)),
                        Err(error) => Outcome::Refused(format!(
                            "Someone else saved this publication after you opened it, and \
                                 their version could not be loaded: {error}"
                        )),
                    },
                    None => Outcome::Refused("The save was refused.".to_owned()),
                },
                Err(ClientError::Rejected { status: 401, .. }) => signed_out(),
                Err(ClientError::Rejected {
                    status: 403,
                    ref detail,
                    ..
                }) if detail.contains("CSRF") => signed_out(),
                Err(ClientError::Rejected {
                    status: 409,
                    detail,
                    ..
                }) => Outcome::Refused(format!(
                    "{detail} Another publication already has this address; change the title."
                )),
                Err(ClientError::Rejected {
                    detail,
                    errors: found,
                    ..
                }) => {
                    // The list under the message names each field; the detail would repeat it.
                    let message = if found.is_empty() {
                        detail
                    } else {
                        "The publication could not be saved; some fields need attention:".to_owned()
                    };
                    errors.set(found);
                    Outcome::Refused(message)
                }
                Err(error) => Outcome::Refused(error.to_string()),
            };
            busy.set(false);
            outcome.set(Some(next));
        });
    };

    let load_theirs = move |_| {
        if let Some(Outcome::Conflict(theirs)) = outcome.get_untracked() {
            etag.set_value(theirs.etag.clone());
            fields.fill(&theirs);
            errors.set(Vec::new());
            outcome.set(None);
        }
    };
    let keep_mine = move |_| {
        // The next save is based on their version, so it replaces it deliberately.
        if let Some(Outcome::Conflict(theirs)) = outcome.get_untracked() {
            etag.set_value(theirs.etag.clone());
            outcome.set(Some(Outcome::Refused(
                "Your version is kept. Save again to replace theirs.".to_owned(),
            )));
        }
    };

    let error_for = move |name: &'static str| {
        move || {
            let messages: Vec<String> = errors.with(|errors| {
                errors
                    .iter()
                    .filter(|e| belongs(&e.field, name))
                    .map(|e| e.message.clone())
                    .collect()
            });
            (!messages.is_empty()).then(|| {
                view! { <p class="field-error" id=format!("error-{name}")>{messages.join("; ")}</p> }
            })
        }
    };
    let invalid = move |name: &'static str| {
        move || {
            errors
                .with(|errors| errors.iter().any(|e| belongs(&e.field, name)))
                .then_some("true")
        }
    };

    view! {
        {move || outcome.get().map(|outcome| match outcome {
            Outcome::Saved => view! { <p class="notice" role="status">"Saved."</p> }.into_any(),
            Outcome::Refused(message) => view! {
                <div class="error" role="alert">
                    <p>{message}</p>
                    <ErrorList errors=errors.get() />
                </div>
            }
                .into_any(),
            Outcome::Conflict(_) => view! {
                <div class="error conflict-message" role="alert">
                    <p class="error-what">
                        "Someone else saved this publication after you opened it."
                    </p>
                    <p>"Your text is still in the form; their version is shown below it."</p>
                    <button type="button" class="load-theirs" on:click=load_theirs>
                        "Load their version"
                    </button>
                    " "
                    <button type="button" class="keep-mine" on:click=keep_mine>
                        "Keep mine"
                    </button>
                </div>
            }
                .into_any(),
            Outcome::SignedOut => view! {
                <div class="error" role="alert">
                    <p>
                        "Your session has ended, so nothing was saved. Copy your text, then "
                        <a href=SIGN_IN>"sign in again"</a>
                        "."
                    </p>
                </div>
            }
                .into_any(),
        })}
        <form class="admin-form editor" on:submit=on_submit novalidate>
            <TextField id="e-title" name="title" label="Title" value=fields.title errors />
            <div class="field">
                <label for="e-kind">"Kind"</label>
                <select id="e-kind" name="kind" aria-invalid=invalid("kind")
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
                {error_for("kind")}
            </div>
            <TextField id="e-lead" name="lead" label="Lead" value=fields.lead errors rows=3 />
            {move || has_turns(&fields.body.get()).then(|| view! {
                <div class="field turns-note">
                    <p class="hint">
                        "This body has question and answer turns, shown in the preview. They are
                        kept as they are unless you edit the paragraphs below, which replaces the
                        whole body with those paragraphs."
                    </p>
                </div>
            })}
            <TextField id="e-body" name="body" label="Body" value=fields.paragraphs errors rows=12
                hint="A blank line starts a new paragraph." edited=fields.body_edited />
            <TextField id="e-tags" name="tags" label="Tags" value=fields.tags errors
                placeholder="comma-separated" />
            <TextField id="e-speakers" name="speakers" label="Speakers" value=fields.speakers
                errors placeholder="comma-separated" />
            <TextField id="e-place" name="place" label="Place" value=fields.place errors />
            <TextField id="e-published-at" name="published_at" label="Publication time (UTC)"
                value=fields.published_at errors input_type="datetime-local" />
            <div class="field">
                <label for="e-status">"Status"</label>
                <select id="e-status" name="status" aria-invalid=invalid("status")
                    on:change=move |ev| fields.status.set(event_target_value(&ev))>
                    <option value="draft" prop:selected=move || fields.status.get() == "draft">
                        "Draft"
                    </option>
                    <option value="published" disabled=!may_publish
                        prop:selected=move || fields.status.get() == "published">
                        {if may_publish { "Published (scheduled if the time is ahead)" }
                            else { "Published (editors only)" }}
                    </option>
                    {may_publish.then(|| view! {
                        <option value="withdrawn"
                            prop:selected=move || fields.status.get() == "withdrawn">
                            "Withdrawn"
                        </option>
                    })}
                </select>
                {error_for("status")}
            </div>
            {(!new).then(|| view! {
                <TextField id="e-note" name="change_note" label="Change note"
                    value=fields.change_note errors placeholder="what changed, and why" />
            })}
            <div class="actions">
                <button type="submit" class="save" aria-disabled=move || busy.get().to_string()>
                    {move || if busy.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </form>
        {move || match outcome.get() {
            Some(Outcome::Conflict(theirs)) => {
                let p = theirs.publication;
                view! {
                    <section class="their-version" aria-labelledby="their-version">
                        <h2 id="their-version">"Their version"</h2>
                        <p class="eyebrow">{format!("Saved {} UTC", local_minutes(p.summary.updated_at).replace('T', " "))}</p>
                        <h3>{p.summary.title}</h3>
                        <p class="lead">{p.summary.lead}</p>
                        <Body blocks=p.body />
                    </section>
                }
                    .into_any()
            }
            _ => ().into_any(),
        }}
        <section class="preview" aria-labelledby="preview-title">
            <h2 id="preview-title" class="section-title">"Preview"</h2>
            <article class="preview-publication">
                <h3 class="preview-heading">{move || fields.title.get()}</h3>
                <p class="lead">{move || fields.lead.get()}</p>
                {move || view! { <Body blocks=fields.blocks() /> }}
            </article>
        </section>
    }
}

/// Every error the API or the form found, for the alert above the form.
#[component]
fn ErrorList(errors: Vec<FieldError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <ul>
                {errors
                    .into_iter()
                    .map(|e| view! { <li><strong>{e.field}</strong>": " {e.message}</li> })
                    .collect_view()}
            </ul>
        }
    })
}

fn signed_out() -> Outcome {
    StaffSession::clear();
    Outcome::SignedOut
}
