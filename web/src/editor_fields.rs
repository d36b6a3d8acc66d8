//! The staff editor's form state and the pure conversions behind it: the fields as signals,
//! paragraphs to and from the text area, comma lists, and the UTC minutes the time field shows.
//! Kept apart from the form's view so each reads in one sitting.

use chancery_shared::page::FieldError;
use chancery_shared::publication::{Block, Kind, Status};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use leptos::prelude::*;

use crate::staff_api::{Draft, Versioned};

/// The form's state, one signal per field.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub(crate) title: RwSignal<String>,
    pub(crate) kind: RwSignal<String>,
    pub(crate) lead: RwSignal<String>,
    pub(crate) paragraphs: RwSignal<String>,
    pub(crate) tags: RwSignal<String>,
    pub(crate) speakers: RwSignal<String>,
    pub(crate) place: RwSignal<String>,
    pub(crate) published_at: RwSignal<String>,
    pub(crate) status: RwSignal<String>,
    pub(crate) change_note: RwSignal<String>,
    /// The body as loaded: kept whole so question/answer turns survive a save that does not
    /// touch the paragraphs.
    pub(crate) body: RwSignal<Vec<Block>>,
    /// Whether the paragraphs field was edited since the body was loaded.
    pub(crate) body_edited: RwSignal<bool>,
}

impl Fields {
    pub(crate) fn new() -> Fields {
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
    pub(crate) fn fill(&self, saved: &Versioned) {
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
    pub(crate) fn blocks(&self) -> Vec<Block> {
        if self.body_edited.get() || !has_turns(&self.body.get()) {
            paragraphs(&self.paragraphs.get())
        } else {
            self.body.get()
        }
    }

    /// What to send, or the fields the form itself can tell are wrong.
    pub(crate) fn draft(&self, new: bool) -> Result<Draft, Vec<FieldError>> {
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

pub(crate) fn has_turns(body: &[Block]) -> bool {
    body.iter().any(|b| !matches!(b, Block::Paragraph { .. }))
}

/// The paragraph blocks as the text field shows them: a blank line between each.
pub(crate) fn paragraph_text(body: &[Block]) -> String {
    body.iter()
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The text field's paragraphs: runs of non-blank lines.
pub(crate) fn paragraphs(text: &str) -> Vec<Block> {
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
pub(crate) fn list(text: &str) -> Vec<String> {
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
pub(crate) fn local_minutes(at: DateTime<Utc>) -> String {
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
pub(crate) fn parse_local(text: &str) -> Option<NaiveDateTime> {
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
pub(crate) fn rfc3339(at: NaiveDateTime) -> String {
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
