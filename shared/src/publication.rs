//! Publications on the wire: the kinds, the body blocks (paragraphs and question/answer turns),
//! the list summary, the full publication, and the record that import and export exchange.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
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
    /// Links the language versions of one text (`GET /publications/{slug}/translations`
    /// lists them); null when it has none.
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

/// The other language versions of a publication: those sharing its `translation_group`
/// that the reader may read, by language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "lang": "en",
    "items": [{"slug": "zayavlenie-mid-k-pyatiletiyu-svpd", "lang": "ru",
        "title": "Заявление МИД России в связи с пятилетием СВПД", "published_on": "2020-07-14"}]
})))]
pub struct Translations {
    /// The language of the publication asked about.
    pub lang: String,
    /// Its translations, ordered by language tag; empty when it has none.
    pub items: Vec<Translation>,
}

/// Enough of a translation to link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Translation {
    pub slug: String,
    /// BCP 47 language tag.
    pub lang: String,
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
// api/tests/api/caps.rs checks them against the constants in `record_rules`.
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
            .max_length(Some(200)) // record_rules::MAX_NAME; caps.rs holds them equal
            .examples(["Sergey Lavrov"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Name {}

#[cfg(test)]
mod tests {
    use super::*;

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
}
