//! The change feed's wire types: one entry per public change, in the order mirrors apply them,
//! and the page of entries `GET /api/v1/changes` answers with.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::publication::Publication;

/// What happened to the publication at a slug, as the public saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// It became public (first published, republished, or its scheduled time came).
    Published,
    /// A public piece was changed.
    Updated,
    /// It was withdrawn; the slug answers 410.
    Withdrawn,
    /// It stopped being public otherwise: deleted, sent back to draft, rescheduled to a later
    /// time, or moved to another slug.
    Removed,
}

impl ChangeKind {
    /// The wire (and stored) name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Published => "published",
            ChangeKind::Updated => "updated",
            ChangeKind::Withdrawn => "withdrawn",
            ChangeKind::Removed => "removed",
        }
    }

    /// Whether the entry carries the publication (otherwise it is a tombstone).
    pub fn is_upsert(self) -> bool {
        matches!(self, ChangeKind::Published | ChangeKind::Updated)
    }
}

impl std::str::FromStr for ChangeKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "published" => Ok(ChangeKind::Published),
            "updated" => Ok(ChangeKind::Updated),
            "withdrawn" => Ok(ChangeKind::Withdrawn),
            "removed" => Ok(ChangeKind::Removed),
            other => Err(format!("unknown change `{other}`")),
        }
    }
}

/// One entry of the change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "slug": "foreign-ministry-statement-fifth-anniversary-jcpoa",
    "change": "withdrawn", "at": "2020-07-15T18:08:00Z"
})))]
pub struct Change {
    /// The slug the change is about: a mirror keys its copy by it.
    pub slug: String,
    pub change: ChangeKind,
    /// When the change took effect for the public.
    pub at: DateTime<Utc>,
    /// The publication as `GET /publications/{slug}` shows it, for `published` and `updated`;
    /// absent from tombstones (`withdrawn`, `removed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<Publication>,
}

/// A page of the change feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangesPage {
    /// Entries in the order they took effect.
    pub changes: Vec<Change>,
    /// Pass as `since` for the entries after these; when `has_more` is false, keep it and poll
    /// with it later.
    pub next_cursor: String,
    /// Whether more entries are ready now.
    pub has_more: bool,
}
