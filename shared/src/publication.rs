//! Publications on the wire: the kinds, the body blocks (paragraphs and question/answer turns),
//! the list summary, the full publication, and the record that import and export exchange.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::page::FieldError;
use crate::slug::Slug;
use crate::snippet::Snippet;

/// What sort of text a publication is.
// New kinds are added here and nowhere else; storage keeps the `as_str` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Statement,
    Interview,
    Article,
    Speech,
    Comment,
    Appeal,
    NewsConference,
    PressRelease,
    News,
}

impl Kind {
    /// Every kind, in the order the API documents them.
    pub const ALL: [Kind; 9] = [
        Kind::Statement,
        Kind::Interview,
        Kind::Article,
        Kind::Speech,
        Kind::Comment,
        Kind::Appeal,
        Kind::NewsConference,
        Kind::PressRelease,
        Kind::News,
    ];

    /// The wire and storage name, e.g. `news_conference`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Statement => "statement",
            Kind::Interview => "interview",
            Kind::Article => "article",
            Kind::Speech => "speech",
            Kind::Comment => "comment",
            Kind::Appeal => "appeal",
            Kind::NewsConference => "news_conference",
            Kind::PressRelease => "press_release",
            Kind::News => "news",
        }
    }

    /// A reader-facing name, e.g. `News conference`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Statement => "Statement",
            Kind::Interview => "Interview",
            Kind::Article => "Article",
            Kind::Speech => "Speech",
            Kind::Comment => "Comment",
            Kind::Appeal => "Appeal",
            Kind::NewsConference => "News conference",
            Kind::PressRelease => "Press release",
            Kind::News => "News",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kind name that is not one of [`Kind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown kind `{0}`; expected one of statement, interview, article, speech, comment, appeal, news_conference, press_release, news"
)]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

/// Where a publication is in its life. Only `published` ones are public; `scheduled` is a
/// published one whose `published_at` has not come yet, and it becomes public at that instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Scheduled,
    Published,
    Withdrawn,
}

impl Status {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Withdrawn => "withdrawn",
        }
    }
}

/// One block of a publication's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// Running text.
    Paragraph {
        /// One paragraph of plain text.
        #[cfg_attr(feature = "openapi", schema(min_length = 1))]
        text: String,
    },
    /// An interviewer's question; `speaker` is who asked (the page prints `Question`).
    Question {
        /// Who asked, as the page names them.
        #[cfg_attr(feature = "openapi", schema(value_type = Name))]
        speaker: String,
        /// The question's paragraphs of plain text.
        #[cfg_attr(feature = "openapi", schema(min_items = 1))]
        paragraphs: Vec<String>,
    },
    /// An answer, which may run over several paragraphs.
    Answer {
        /// Who answered.
        #[cfg_attr(feature = "openapi", schema(value_type = Name))]
        speaker: String,
        /// The answer's paragraphs of plain text.
        #[cfg_attr(feature = "openapi", schema(min_items = 1))]
        paragraphs: Vec<String>,
    },
}

/// A publication as it appears in lists: everything but the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "slug": "foreign-ministry-statement-on-the-fifth-anniversary-of-concluding-the-jcpoa",
    "lang": "en", "translation_group": null, "status": "published", "kind": "statement",
    "title": "Foreign Ministry statement on the fifth anniversary of concluding the Joint Comprehensive Plan of Action (JCPOA)",
    "lead": "Five years ago, on July 14, 2015, the foreign ministers…",
    "speakers": [], "place": null, "occurred_on": "2020-07-14",
    "published_at": "2020-07-14T09:00:00Z", "published_on": "2020-07-14",
    "updated_at": "2020-07-14T09:00:00Z", "featured": false, "tags": ["iran", "jcpoa"]
})))]
pub struct PublicationSummary {
    /// URL-safe identifier, unique across the site.
    pub slug: String,
    /// BCP 47 language tag.
    pub lang: String,
    /// Links the language versions of one text; null when it has none.
    pub translation_group: Option<String>,
    /// Public reads only ever show `published`.
    pub status: Status,
    /// What sort of text it is.
    pub kind: Kind,
    /// The headline as the page prints it.
    pub title: String,
    /// The opening paragraph shown in lists.
    pub lead: String,
    /// People whose words these are, in the order they are credited.
    pub speakers: Vec<String>,
    /// Where it was said or signed, when known.
    pub place: Option<String>,
    /// When the event happened, in the site's home time zone (may precede publication).
    pub occurred_on: Option<NaiveDate>,
    /// When it was published.
    pub published_at: DateTime<Utc>,
    /// `published_at` as a date in the site's home time zone (what lists print).
    pub published_on: NaiveDate,
    /// Last change to the record.
    pub updated_at: DateTime<Utc>,
    /// Whether it is the home page's featured piece.
    pub featured: bool,
    /// Tag slugs.
    pub tags: Vec<String>,
    /// In search results only: where the words were found, highlighted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(nullable = false))]
    pub snippet: Option<Snippet>,
}

/// A whole publication: the summary plus its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Publication {
    /// Every list field, inline.
    #[serde(flatten)]
    pub summary: PublicationSummary,
    /// Paragraphs and question/answer turns, in order.
    pub body: Vec<Block>,
    /// Why it was last corrected, shown with `updated_at`; null when never corrected.
    pub change_note: Option<String>,
}

/// One saved state of a publication, as listed to staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revision {
    /// 1 for the first save, counting up.
    pub number: i32,
    pub saved_at: DateTime<Utc>,
    /// The staff name that saved it.
    pub actor: String,
    /// Why, if the author said.
    pub change_note: Option<String>,
}

/// One field that differs between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// The field, e.g. `title` or `body[2]` for one body block.
    pub field: String,
    /// Its value in the earlier revision (null when absent).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub before: serde_json::Value,
    /// Its value in the later revision (null when absent).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub after: serde_json::Value,
}

/// What changed between two revisions of a publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionDiff {
    pub from: i32,
    pub to: i32,
    /// Each differing field in record order; body blocks are compared one by one.
    pub changes: Vec<FieldChange>,
}

/// The fields that differ between two records (as JSON objects), body blocks one by one.
pub fn diff_records(before: &serde_json::Value, after: &serde_json::Value) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let old = before.as_object().unwrap_or(&empty);
    let new = after.as_object().unwrap_or(&empty);
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let null = serde_json::Value::Null;
    let mut changes = Vec::new();
    for key in keys {
        let (a, b) = (old.get(key).unwrap_or(&null), new.get(key).unwrap_or(&null));
        if a == b {
            continue;
        }
        match (key.as_str(), a.as_array(), b.as_array()) {
            ("body", Some(xs), Some(ys)) => {
                for i in 0..xs.len().max(ys.len()) {
                    let (x, y) = (xs.get(i).unwrap_or(&null), ys.get(i).unwrap_or(&null));
                    if x != y {
                        changes.push(FieldChange {
                            field: format!("body[{i}]"),
                            before: x.clone(),
                            after: y.clone(),
                        });
                    }
                }
            }
            _ => changes.push(FieldChange {
                field: key.clone(),
                before: a.clone(),
                after: b.clone(),
            }),
        }
    }
    changes
}

/// The publications either side of one in the archive's order, for reading on. Kept out of
/// [`Publication`] so that a piece's validator changes only when the piece itself does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Neighbours {
    /// The next newer publication; null for the newest.
    pub newer: Option<Neighbour>,
    /// The next older publication; null for the oldest.
    pub older: Option<Neighbour>,
}

/// Enough of a neighbouring publication to link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Neighbour {
    pub slug: String,
    pub title: String,
    /// Its publication date in the site's home time zone.
    pub published_on: NaiveDate,
}

/// A publication as written: the body of `POST /publications`, and the record `chancery
/// import` reads and `chancery export` writes. It leaves out what the server derives; extra
/// fields (such as an export's `published_on`) are ignored. Its JSON may be at most 512 KiB
/// (every save keeps a copy as a revision); a larger one is refused naming `body`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "statement", "title": "Foreign Ministry statement on the JCPOA",
    "lead": "Five years ago, on July 14, 2015…", "published_at": "2020-07-14T09:00:00Z",
    "status": "draft", "tags": ["iran", "jcpoa"],
    "body": [{"type": "paragraph", "text": "Five years ago, on July 14, 2015…"}]
})))]
// The `schema(...)` caps below are literals (utoipa takes no constants there); a test in
// api/tests/api/caps.rs checks them against the constants `validate` uses.
pub struct PublicationRecord {
    /// Made from the title when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Slug>))]
    pub slug: Option<String>,
    /// BCP 47 language tag, up to 35 characters; `en` when absent.
    #[serde(default = "default_lang")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 35, pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
    )]
    pub lang: String,
    /// Links the language versions of one text; up to 200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub translation_group: Option<String>,
    /// `draft`, `published` (scheduled when `published_at` is ahead) or `withdrawn`; `POST
    /// /publications` defaults to `draft`. Import keeps it (`published` when absent) only with
    /// `--publish`, and otherwise imports drafts.
    #[serde(default = "default_status")]
    pub status: Status,
    /// What sort of text it is.
    pub kind: Kind,
    /// The headline, 1–500 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub title: String,
    /// The opening paragraph shown in lists, up to 5,000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub lead: String,
    /// People whose words these are, in the order they are credited; at most 20.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Name>, max_items = 20))]
    pub speakers: Vec<String>,
    /// Where it was said or signed; up to 200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub place: Option<String>,
    /// When the event happened, in the site's home time zone.
    #[serde(default)]
    pub occurred_on: Option<NaiveDate>,
    /// When it is (or was, or will be) published.
    pub published_at: DateTime<Utc>,
    /// Whether it is the home page's featured piece.
    #[serde(default)]
    pub featured: bool,
    /// Tag slugs; at most 20.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Slug>, max_items = 20))]
    pub tags: Vec<String>,
    /// Paragraphs and question/answer turns, in order; at most 2,000.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 2000))]
    pub body: Vec<Block>,
}

fn default_status() -> Status {
    Status::Published
}

fn default_lang() -> String {
    "en".to_owned()
}

/// Longest title accepted, in characters.
pub const MAX_TITLE: usize = 500;
/// Longest lead accepted, in characters.
pub const MAX_LEAD: usize = 5_000;
/// Most tags one publication may carry.
pub const MAX_TAGS: usize = 20;
/// Most speakers one publication may credit.
pub const MAX_SPEAKERS: usize = 20;
/// Longest name or other short text (a speaker, the place, a translation group), in characters.
pub const MAX_NAME: usize = 200;
/// Longest language tag; RFC 5646 asks every implementation to take at least this many.
pub const MAX_LANG: usize = 35;
/// Most blocks in one body.
pub const MAX_BLOCKS: usize = 2_000;
/// Largest record, as JSON, in bytes. Every save keeps a whole copy as a revision, so this
/// bounds what one write can cost in storage.
pub const MAX_RECORD_BYTES: usize = 512 * 1024;

/// A speaker's name, as the OpenAPI document describes list items that are names.
#[cfg(feature = "openapi")]
pub struct Name;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Name {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .description(Some("A person's name, 1–200 characters and not blank."))
            .min_length(Some(1))
            .max_length(Some(MAX_NAME))
            .examples(["Sergey Lavrov"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Name {}

/// Collects a record's broken rules, each naming its field.
struct Rules(Vec<FieldError>);

impl Rules {
    fn check(&mut self, ok: bool, field: &str, message: &str) {
        if !ok {
            self.0.push(FieldError::new(field, message));
        }
    }

    /// At most `max` characters; true when within it.
    fn short(&mut self, text: &str, max: usize, field: &str) -> bool {
        let ok = text.chars().count() <= max;
        self.check(ok, field, &format!("must be at most {max} characters"));
        ok
    }

    /// At most `max` entries; true when within it. Entries of a list over its cap are not
    /// checked one by one, so 150,000 tags cost one error, not 150,000.
    fn few(&mut self, len: usize, max: usize, field: &str, what: &str) -> bool {
        let ok = len <= max;
        self.check(
            ok,
            field,
            &format!("may hold at most {max} {what} (it has {len})"),
        );
        ok
    }
}

impl PublicationRecord {
    /// Checks every field at once; the slug is resolved (made from the title if absent).
    pub fn validate(&self) -> Result<Slug, Vec<FieldError>> {
        let mut rules = Rules(Vec::new());
        // Whether every field but the body is within its cap: then only the body can make
        // the record too large, and the size is reported on it.
        let mut capped = self
            .slug
            .as_deref()
            .is_none_or(|slug| slug.len() <= crate::slug::MAX_SLUG);
        rules.check(!self.title.trim().is_empty(), "title", "must not be empty");
        capped &= rules.short(&self.title, MAX_TITLE, "title");
        capped &= rules.short(&self.lead, MAX_LEAD, "lead");
        rules.check(
            self.status != Status::Scheduled,
            "status",
            "use `published` with a future `published_at` to schedule",
        );
        let lang_ok = is_language_tag(&self.lang) && self.lang.len() <= MAX_LANG;
        capped &= lang_ok;
        rules.check(
            lang_ok,
            "lang",
            "must be a BCP 47 language tag such as `en` or `ru`, at most 35 characters",
        );
        if let Some(group) = &self.translation_group {
            capped &= rules.short(group, MAX_NAME, "translation_group");
        }
        if rules.few(self.speakers.len(), MAX_SPEAKERS, "speakers", "names") {
            for (i, speaker) in self.speakers.iter().enumerate() {
                let field = format!("speakers[{i}]");
                rules.check(!speaker.trim().is_empty(), &field, "must not be empty");
                capped &= rules.short(speaker, MAX_NAME, &field);
            }
        } else {
            capped = false;
        }
        if let Some(place) = &self.place {
            capped &= rules.short(place, MAX_NAME, "place");
        }
        if rules.few(self.tags.len(), MAX_TAGS, "tags", "tags") {
            for (i, tag) in self.tags.iter().enumerate() {
                let ok = Slug::parse(tag).is_ok();
                capped &= ok;
                rules.check(
                    ok,
                    &format!("tags[{i}]"),
                    "must be a slug (a-z, 0-9 and single hyphens), at most 120 characters",
                );
            }
        } else {
            capped = false;
        }
        if rules.few(self.body.len(), MAX_BLOCKS, "body", "blocks") {
            for (i, block) in self.body.iter().enumerate() {
                check_block(&mut rules, i, block);
            }
        }
        if capped {
            let size = json_size(self);
            rules.check(
                size <= MAX_RECORD_BYTES,
                "body",
                &format!(
                    "makes the record {} KiB as JSON; at most {} KiB is kept per save",
                    size.div_ceil(1024),
                    MAX_RECORD_BYTES / 1024
                ),
            );
        }
        let mut errors = rules.0;
        // (A given slug is held to 120 characters by `Slug::parse` below.)
        let slug = match &self.slug {
            Some(given) => Slug::parse(given).map_err(|e| e.to_string()),
            None => Slug::from_title(&self.title)
                .ok_or_else(|| "cannot be made from the title; give one".to_owned()),
        };
        match slug {
            Ok(slug) if errors.is_empty() => Ok(slug),
            Ok(_) => Err(errors),
            Err(message) => {
                errors.push(FieldError::new("slug", &message));
                Err(errors)
            }
        }
    }
}

/// The rules for body block `i`: text in every paragraph, and a named speaker for a turn.
fn check_block(rules: &mut Rules, i: usize, block: &Block) {
    let (empty_text, speaker) = match block {
        Block::Paragraph { text } => (text.trim().is_empty(), None),
        Block::Question {
            speaker,
            paragraphs,
        }
        | Block::Answer {
            speaker,
            paragraphs,
        } => (
            paragraphs.is_empty() || paragraphs.iter().any(|p| p.trim().is_empty()),
            Some(speaker),
        ),
    };
    rules.check(!empty_text, &format!("body[{i}]"), "text must not be empty");
    if let Some(speaker) = speaker {
        let field = format!("body[{i}].speaker");
        rules.check(!speaker.trim().is_empty(), &field, "must not be empty");
        rules.short(speaker, MAX_NAME, &field);
    }
}

/// The length of `value` as JSON, in bytes, without building the text.
fn json_size(value: &impl Serialize) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // A record always serialises (strings, numbers, lists, no maps with odd keys); were it
    // ever to fail, the count so far errs small and the database write reports the fault.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

/// A loose BCP 47 check: a 2–3 letter language, then alphanumeric subtags of 1–8 characters.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    lang_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> PublicationRecord {
        serde_json::from_value(serde_json::json!({
            "kind": "statement",
            "title": "Foreign Ministry statement on the JCPOA",
            "published_at": "2020-07-14T09:00:00Z",
            "published_on": "2020-07-14",
        }))
        .expect("minimal record")
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in Kind::ALL {
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
            assert_eq!(serde_json::to_value(kind).expect("kind"), kind.as_str());
        }
        assert!("memo".parse::<Kind>().is_err());
    }

    #[test]
    fn blocks_use_a_type_tag() {
        let answer = Block::Answer {
            speaker: "Sergey Lavrov".into(),
            paragraphs: vec!["One.".into(), "Two.".into()],
        };
        let json = serde_json::to_value(&answer).expect("block");
        assert_eq!(json["type"], "answer");
        assert_eq!(json["paragraphs"][1], "Two.");
    }

    #[test]
    fn a_minimal_record_gets_a_slug_from_its_title() {
        let slug = record().validate().expect("valid");
        assert_eq!(slug.as_str(), "foreign-ministry-statement-on-the-jcpoa");
        assert_eq!(record().lang, "en");
    }

    #[test]
    fn validation_names_every_bad_field() {
        let mut bad = record();
        bad.title = " ".into();
        bad.lang = "English".into();
        bad.tags = vec!["Not A Slug".into()];
        bad.body = vec![Block::Answer {
            speaker: "".into(),
            paragraphs: vec![],
        }];
        let errors = bad.validate().expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "title",
                "lang",
                "tags[0]",
                "body[0]",
                "body[0].speaker",
                "slug"
            ]
        );
    }

    #[test]
    fn records_schedule_by_date_not_by_status() {
        let mut scheduled = record();
        scheduled.status = Status::Scheduled;
        let errors = scheduled.validate().expect_err("invalid");
        assert_eq!(errors[0].field, "status");
        assert_eq!(record().status, Status::Published, "the default");
    }

    #[test]
    fn diffs_name_changed_fields_and_body_blocks() {
        let before = serde_json::json!({"title": "A", "lead": "L", "body": [
            {"type": "paragraph", "text": "one"}, {"type": "paragraph", "text": "two"}]});
        let after = serde_json::json!({"title": "B", "lead": "L", "place": "Moscow", "body": [
            {"type": "paragraph", "text": "one"}, {"type": "paragraph", "text": "2"},
            {"type": "paragraph", "text": "three"}]});
        let fields: Vec<String> = diff_records(&before, &after)
            .into_iter()
            .map(|c| c.field)
            .collect();
        assert_eq!(fields, ["body[1]", "body[2]", "place", "title"]);
        assert!(diff_records(&before, &before).is_empty());
    }

    #[test]
    fn lists_and_names_are_capped_and_over_long_lists_cost_one_error() {
        let mut full = record();
        full.tags = (0..MAX_TAGS).map(|i| format!("tag-{i}")).collect();
        full.speakers = vec!["S".repeat(MAX_NAME); MAX_SPEAKERS];
        full.place = Some("P".repeat(MAX_NAME));
        full.translation_group = Some("g".repeat(MAX_NAME));
        full.body = vec![
            Block::Answer {
                speaker: "A".repeat(MAX_NAME),
                paragraphs: vec!["Yes.".into()],
            };
            MAX_BLOCKS
        ];
        assert!(full.validate().is_ok(), "exactly at every cap is allowed");

        let mut over = full.clone();
        over.tags = vec!["Not A Slug".into(); 150_000];
        over.speakers.push("One too many".into());
        over.place = Some("P".repeat(MAX_NAME + 1));
        over.translation_group = Some("g".repeat(MAX_NAME + 1));
        over.body.push(Block::Paragraph { text: "x".into() });
        let errors = over.validate().expect_err("over the caps");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["translation_group", "speakers", "place", "tags", "body"]
        );
        assert!(
            errors[3].message.contains("150000"),
            "{}",
            errors[3].message
        );

        let mut long_names = full;
        long_names.speakers[3].push('S');
        if let Some(Block::Answer { speaker, .. }) = long_names.body.get_mut(7) {
            speaker.push('A');
        }
        let errors = long_names.validate().expect_err("names too long");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["speakers[3]", "body[7].speaker"]);
    }

    #[test]
    fn a_record_over_512_kib_is_refused_on_its_body() {
        let paragraph = |n: usize| Block::Paragraph {
            text: "x".repeat(n),
        };
        let mut record = record();
        record.body = vec![paragraph(1_000); 500];
        assert!(json_size(&record) < MAX_RECORD_BYTES);
        assert!(record.validate().is_ok());
        record.body.push(paragraph(10_000));
        assert!(json_size(&record) > MAX_RECORD_BYTES);
        let errors = record.validate().expect_err("too large");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "body");
        assert!(
            errors[0].message.contains("512 KiB"),
            "{}",
            errors[0].message
        );
        assert_eq!(
            json_size(&record),
            serde_json::to_vec(&record).expect("JSON").len()
        );
    }

    #[test]
    fn names_count_characters_not_bytes() {
        let mut record = record();
        record.speakers = vec!["Л".repeat(MAX_NAME)];
        record.title = "Ж".repeat(MAX_TITLE);
        record.slug = Some("a-title".into());
        assert!(record.validate().is_ok());
    }

    #[test]
    fn the_documented_language_pattern_is_the_rule() {
        let pattern = regex::Regex::new("^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$").expect("pattern");
        for case in [
            "en",
            "ru",
            "en-GB",
            "zh-Hant-TW",
            "EN",
            "",
            "en--GB",
            "e",
            "engl",
            "en-",
        ] {
            assert_eq!(pattern.is_match(case), is_language_tag(case), "{case}");
        }
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("ru"));
        assert!(is_language_tag("en-GB"));
        assert!(!is_language_tag("EN"));
        assert!(!is_language_tag(""));
        assert!(!is_language_tag("en--GB"));
    }
}
