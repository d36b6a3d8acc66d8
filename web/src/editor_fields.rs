//! The staff editor's form state and the pure conversions behind it: the fields as signals, the
//! body as a list of block rows (paragraphs and question/answer turns) and back, comma lists,
//! and where the API's field errors belong. Kept apart from the form's view so each reads in
//! one sitting.

use chancery_shared::page::FieldError;
use chancery_shared::publication::{Block, Kind, Status};
use leptos::prelude::*;

use crate::editor_time::{local_minutes, parse_date, rfc3339, utc_of_local};
use crate::staff_api::{Draft, Versioned};

/// What a body block is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum BlockType {
    Paragraph,
    Question,
    Answer,
}

impl BlockType {
    pub(crate) const ALL: [BlockType; 3] =
        [BlockType::Paragraph, BlockType::Question, BlockType::Answer];

    /// The wire name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            BlockType::Paragraph => "paragraph",
            BlockType::Question => "question",
            BlockType::Answer => "answer",
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            BlockType::Paragraph => "Paragraph",
            BlockType::Question => "Question",
            BlockType::Answer => "Answer",
        }
    }
}

/// One block of the body as the form edits it. `id` stays with the block when it moves, so the
/// list keeps its nodes and control ids, and focus can follow it.
#[derive(Clone, Copy)]
pub(crate) struct BlockRow {
    pub(crate) id: u32,
    pub(crate) kind: BlockType,
    pub(crate) speaker: RwSignal<String>,
    /// A blank line starts a new paragraph.
    pub(crate) text: RwSignal<String>,
    /// The API's complaints about this block, named `text` and `speaker`.
    pub(crate) errors: RwSignal<Vec<FieldError>>,
}

/// The form's state, one signal per field.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub(crate) title: RwSignal<String>,
    pub(crate) slug: RwSignal<String>,
    pub(crate) kind: RwSignal<String>,
    pub(crate) lang: RwSignal<String>,
    pub(crate) translation_group: RwSignal<String>,
    pub(crate) lead: RwSignal<String>,
    pub(crate) tags: RwSignal<String>,
    pub(crate) speakers: RwSignal<String>,
    pub(crate) place: RwSignal<String>,
    /// `yyyy-mm-dd`, or empty.
    pub(crate) occurred_on: RwSignal<String>,
    /// `yyyy-mm-ddThh:mm` in the browser's zone.
    pub(crate) published_at: RwSignal<String>,
    pub(crate) featured: RwSignal<bool>,
    pub(crate) change_note: RwSignal<String>,
    pub(crate) blocks: RwSignal<Vec<BlockRow>>,
    /// As last loaded or saved; `None` until a new publication is first saved.
    pub(crate) status: RwSignal<Option<Status>>,
    next_id: StoredValue<u32>,
    /// Rows made on a click or after a save belong to the form, not to whatever ran them.
    owner: StoredValue<Option<Owner>>,
}

impl Fields {
    pub(crate) fn new() -> Fields {
        let text = || RwSignal::new(String::new());
        Fields {
            title: text(),
            slug: text(),
            kind: RwSignal::new(Kind::Statement.as_str().to_owned()),
            lang: RwSignal::new("en".to_owned()),
            translation_group: text(),
            lead: text(),
            tags: text(),
            speakers: text(),
            place: text(),
            occurred_on: text(),
            published_at: RwSignal::new(local_minutes(crate::now::now())),
            featured: RwSignal::new(false),
            change_note: text(),
            blocks: RwSignal::new(Vec::new()),
            status: RwSignal::new(None),
            next_id: StoredValue::new(0),
            owner: StoredValue::new(Owner::current()),
        }
    }

    /// Replaces everything in the form with `saved`.
    pub(crate) fn fill(&self, saved: &Versioned) {
        let p = &saved.publication;
        let s = &p.summary;
        self.title.set(s.title.clone());
        self.slug.set(s.slug.clone());
        self.kind.set(s.kind.as_str().to_owned());
        self.lang.set(s.lang.clone());
        self.translation_group
            .set(s.translation_group.clone().unwrap_or_default());
        self.lead.set(s.lead.clone());
        self.tags.set(s.tags.join(", "));
        self.speakers.set(s.speakers.join(", "));
        self.place.set(s.place.clone().unwrap_or_default());
        self.occurred_on
            .set(s.occurred_on.map(|on| on.to_string()).unwrap_or_default());
        self.published_at.set(local_minutes(s.published_at));
        self.featured.set(s.featured);
        self.change_note.set(String::new());
        self.status.set(Some(s.status));
        let rows = p.body.iter().map(|block| self.row_of(block)).collect();
        self.blocks.set(rows);
    }

    /// A new row for `block`, owned by the form.
    pub(crate) fn row_of(&self, block: &Block) -> BlockRow {
        let (kind, speaker, text) = match block {
            Block::Paragraph { text } => (BlockType::Paragraph, "", text.clone()),
            Block::Question {
                speaker,
                paragraphs,
            } => (
                BlockType::Question,
                speaker.as_str(),
                paragraphs.join("\n\n"),
            ),
            Block::Answer {
                speaker,
                paragraphs,
            } => (BlockType::Answer, speaker.as_str(), paragraphs.join("\n\n")),
        };
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        let make = || BlockRow {
            id,
            kind,
            speaker: RwSignal::new(speaker.to_owned()),
            text: RwSignal::new(text),
            errors: RwSignal::new(Vec::new()),
        };
        match self.owner.get_value() {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    /// The instant the time field names, if it names one.
    pub(crate) fn when(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        utc_of_local(&self.published_at.get())
    }

    /// The body a save would send and the preview shows, with the row each block came from
    /// (a paragraph row with blank lines in it becomes several paragraphs).
    pub(crate) fn body(&self) -> (Vec<Block>, Vec<u32>) {
        let mut blocks = Vec::new();
        let mut origin = Vec::new();
        for row in self.blocks.get() {
            let mut texts = paragraphs(&row.text.get());
            let speaker = row.speaker.get().trim().to_owned();
            match row.kind {
                BlockType::Paragraph => {
                    // An empty block is sent as it is, so the API names it.
                    if texts.is_empty() {
                        texts.push(String::new());
                    }
                    for text in texts {
                        blocks.push(Block::Paragraph { text });
                        origin.push(row.id);
                    }
                }
                BlockType::Question => {
                    blocks.push(Block::Question {
                        speaker,
                        paragraphs: texts,
                    });
                    origin.push(row.id);
                }
                BlockType::Answer => {
                    blocks.push(Block::Answer {
                        speaker,
                        paragraphs: texts,
                    });
                    origin.push(row.id);
                }
            }
        }
        (blocks, origin)
    }

    /// What to send to move the publication to `status`, with the row of each body block; or
    /// the fields the form itself can tell are wrong.
    pub(crate) fn draft(&self, status: Status) -> Result<(Draft, Vec<u32>), Vec<FieldError>> {
        untrack(|| self.draft_untracked(status))
    }

    fn draft_untracked(&self, status: Status) -> Result<(Draft, Vec<u32>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let published_at = self.when().map(rfc3339).unwrap_or_else(|| {
            errors.push(FieldError::new("published_at", "must be a date and time"));
            String::new()
        });
        let occurred_on = optional(&self.occurred_on.get());
        if occurred_on
            .as_deref()
            .is_some_and(|on| parse_date(on).is_none())
        {
            errors.push(FieldError::new("occurred_on", "must be a date"));
        }
        let kind = self.kind.get().parse::<Kind>();
        if kind.is_err() {
            errors.push(FieldError::new("kind", "choose a kind"));
        }
        let (Ok(kind), true) = (kind, errors.is_empty()) else {
            return Err(errors);
        };
        let new = self.status.get().is_none();
        let note = optional(&self.change_note.get()).filter(|_| !new);
        let (body, origin) = self.body();
        let draft = Draft {
            slug: optional(&self.slug.get()),
            lang: self.lang.get().trim().to_owned(),
            translation_group: optional(&self.translation_group.get()),
            kind,
            title: self.title.get(),
            lead: self.lead.get(),
            speakers: list(&self.speakers.get()),
            place: optional(&self.place.get()),
            occurred_on,
            published_at,
            featured: self.featured.get(),
            tags: list(&self.tags.get()),
            status,
            body,
            change_note: note,
        };
        Ok((draft, origin))
    }

    /// Gives each row the API's errors about its blocks (`body[2]`, `body[2].speaker`), and
    /// says every error in words for the summary above the form.
    pub(crate) fn explain(&self, errors: &[FieldError], origin: &[u32]) -> Vec<String> {
        let rows = self.blocks.get_untracked();
        for row in &rows {
            row.errors.set(Vec::new());
        }
        let position = |index: usize| {
            let id = origin.get(index)?;
            rows.iter().position(|row| row.id == *id)
        };
        errors
            .iter()
            .map(|error| {
                let label = match block_field(&error.field) {
                    Some((index, rest)) => {
                        let name = if rest == ".speaker" {
                            "speaker"
                        } else {
                            "text"
                        };
                        let Some(at) = position(index) else {
                            return format!("Body: {}", error.message);
                        };
                        rows[at]
                            .errors
                            .update(|list| list.push(FieldError::new(name, &error.message)));
                        format!("Block {}, {name}", at + 1)
                    }
                    None => label(&error.field),
                };
                format!("{label}: {}", error.message)
            })
            .collect()
    }
}

/// `body[2].speaker` as `(2, ".speaker")`.
fn block_field(field: &str) -> Option<(usize, &str)> {
    let (index, rest) = field.strip_prefix("body[")?.split_once(']')?;
    Some((index.parse().ok()?, rest))
}

/// The form's name for a field the API names, with the entry of a comma list (`Speakers,
/// item 4` for `speakers[3]`).
fn label(field: &str) -> String {
    let name = field.split(['[', '.']).next().unwrap_or(field);
    let text = match name {
        "title" => "Title",
        "slug" => "Address",
        "kind" => "Kind",
        "lang" => "Language",
        "translation_group" => "Translation group",
        "lead" => "Lead",
        "tags" => "Tags",
        "speakers" => "Speakers",
        "place" => "Place",
        "occurred_on" => "Date of the event",
        "published_at" => "Publication time",
        "featured" => "Featured",
        "status" => "Status",
        "change_note" => "Change note",
        "body" => "Body",
        _ => field,
    };
    match crate::components::text_field::entry(&field[name.len()..]) {
        Some(n) => format!("{text}, item {n}"),
        None => text.to_owned(),
    }
}

/// A text field's value, or `None` when it is blank.
fn optional(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Text split into paragraphs at blank lines, each a run of non-blank lines.
pub(crate) fn paragraphs(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                found.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    found
}

/// A comma-separated field as a list, blanks dropped.
pub(crate) fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
