//! The staff editor's form: every field of a publication, saved with `POST` (new) or a merge
//! `PATCH` based on the ETag it was opened at, so a save never silently overwrites someone
//! else's. The API's reasons for refusing a save are shown next to the fields they name, and
//! a live preview uses the reader's own body component, so staff see what readers will.

use chancery_shared::page::FieldError;
use chancery_shared::publication::{Block, Kind, Status};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::ClientError;
use crate::components::body::Body;
use crate::components::text_field::{TextField, belongs};
use crate::pages::admin_sign_in::SIGN_IN;
use crate::staff_api::{self, Draft, Versioned};
use crate::staff_session::StaffSession;

/// The form's state, one signal per field.
#[derive(Clone, Copy)]
struct Fields {
    title: RwSignal<String>,
    kind: RwSignal<String>,
    lead: RwSignal<String>,
    paragraphs: RwSignal<String>,
    tags: RwSignal<String>,
    speakers: RwSignal<String>,
    place: RwSignal<String>,
    published_at: RwSignal<String>,
    status: RwSignal<String>,
    change_note: RwSignal<String>,
    /// The body as loaded: kept whole so question/answer turns survive a save that does not
    /// touch the paragraphs.
    body: RwSignal<Vec<Block>>,
    /// Whether the paragraphs field was edited since the body was loaded.
    body_edited: RwSignal<bool>,
}

impl Fields {
    fn new() -> Fields {
        Fields {
            title: RwSignal::new(String::new()),
            kind: RwSignal::new(Kind::Statement.as_str().to_owned()),
            lead: RwSignal::new(String::new()),
            paragraphs: RwSignal::new(String::new()),
            tags: RwSignal::new(String::new()),
            speakers: RwSignal::new(String::new()),
            place: RwSignal::new(String::new()),
            published_at: RwSignal::new(local_minutes(crate::now::now())),
            status: RwSignal::new(Status::Draft.as_str().to_owned()),
            change_note: RwSignal::new(String::new()),
            body: RwSignal::new(Vec::new()),
            body_edited: RwSignal::new(false),
        }
    }

    /// Replaces everything in the form with `saved`.
    fn fill(&self, saved: &Versioned) {
        let p = &saved.publication;
        let s = &p.summary;
        self.title.set(s.title.clone());
        self.kind.set(s.kind.as_str().to_owned());
        self.lead.set(s.lead.clone());
        self.paragraphs.set(paragraph_text(&p.body));
        self.tags.set(s.tags.join(", "));
        self.speakers.set(s.speakers.join(", "));
        self.place.set(s.place.clone().unwrap_or_default());
        self.published_at.set(local_minutes(s.published_at));
        // Scheduled is "published with a future date", which is how the form says it.
        let status = match s.status {
            Status::Scheduled => Status::Published,
            other => other,
        };
        self.status.set(status.as_str().to_owned());
        self.change_note.set(String::new());
        self.body.set(p.body.clone());
        self.body_edited.set(false);
    }

    /// The body a save would send, and what the preview shows.
    fn blocks(&self) -> Vec<Block> {
        if self.body_edited.get() || !has_turns(&self.body.get()) {
            paragraphs(&self.paragraphs.get())
        } else {
            self.body.get()
        }
    }

    /// What to send, or the fields the form itself can tell are wrong.
    fn draft(&self, new: bool) -> Result<Draft, Vec<FieldError>> {
        let mut errors = Vec::new();
        let published_at = self.published_at.get_untracked();
        let published_at = match parse_local(&published_at) {
            Some(at) => rfc3339(at),
            None => {
                errors.push(FieldError::new("published_at", "must be a date and time"));
                String::new()
            }
        };
        let kind = self.kind.get_untracked().parse::<Kind>();
        if kind.is_err() {
            errors.push(FieldError::new("kind", "choose a kind"));
        }
        let status = match self.status.get_untracked().as_str() {
            "published" => Status::Published,
            "withdrawn" => Status::Withdrawn,
            _ => Status::Draft,
        };
        let (Ok(kind), true) = (kind, errors.is_empty()) else {
            return Err(errors);
        };
        let edited = self.body_edited.get_untracked();
        let body = (new || edited || !has_turns(&self.body.get_untracked()))
            .then(|| paragraphs(&self.paragraphs.get_untracked()));
        let place = self.place.get_untracked().trim().to_owned();
        let note = self.change_note.get_untracked().trim().to_owned();
        Ok(Draft {
            kind,
            title: self.title.get_untracked(),
            lead: self.lead.get_untracked(),
            speakers: list(&self.speakers.get_untracked()),
            place: (!place.is_empty()).then_some(place),
            published_at,
            tags: list(&self.tags.get_untracked()),
            status,
            body,
            change_note: (!new && !note.is_empty()).then_some(note),
        })
    }
}

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

fn has_turns(body: &[Block]) -> bool {
    body.iter().any(|b| !matches!(b, Block::Paragraph { .. }))
}

/// The paragraph blocks as the text field shows them: a blank line between each.
fn paragraph_text(body: &[Block]) -> String {
    body.iter()
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The text field's paragraphs: runs of non-blank lines.
fn paragraphs(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(Block::Paragraph {
                    text: current.join("\n"),
                });
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    blocks
}

/// A comma-separated field as a list, blanks dropped.
fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

// Dates are written and read by hand: chrono's general `format`/`parse_from_str` machinery
// would add tens of KiB to the bundle for three fixed formats.

/// `yyyy-mm-ddThh:mm`, what a `datetime-local` input takes; the editor treats it as UTC (the
/// site's clocks are in UTC).
fn local_minutes(at: DateTime<Utc>) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// A `datetime-local` value (`yyyy-mm-ddThh:mm`, seconds optional).
fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let (date, time) = text.trim().split_once('T')?;
    let mut date = date.splitn(3, '-').map(str::parse::<u32>);
    let (year, month, day) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let mut time = time.splitn(3, ':');
    let hour = time.next()?.parse().ok()?;
    let minute = time.next()?.parse().ok()?;
    // Seconds may carry a fraction (`05.250`); whole seconds are enough here.
    let second = match time.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
        .and_hms_opt(hour, minute, second)
}

/// RFC 3339 in UTC, as the API takes `published_at`.
fn rfc3339(at: NaiveDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}
