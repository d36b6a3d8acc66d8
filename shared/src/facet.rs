//! Facets on the wire: how many public publications have each tag, kind and speaker, and how
//! many were published in each year and month of the site's home time zone. Each count comes
//! with the list query (`href`) that shows exactly those publications, so its `X-Total-Count`
//! equals the count.

use serde::{Deserialize, Serialize};

use crate::publication::Kind;

/// The values of one facet with their counts. Only values with at least one public
/// publication are listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts<T> {
    /// Most publications first (ties by name); the archive's years newest first.
    pub items: Vec<T>,
}

/// One tag and how many publications carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "tag": "victory-day", "count": 3, "href": "/api/v1/publications?tag=victory-day"
})))]
pub struct TagCount {
    /// The tag's slug.
    pub tag: String,
    /// Public publications with this tag (and the narrowing filters).
    pub count: u64,
    /// The list of those publications.
    pub href: String,
}

/// One kind and how many publications are of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "kind": "news_conference", "label": "News conference", "count": 3,
    "href": "/api/v1/publications?kind=news_conference"
})))]
pub struct KindCount {
    pub kind: Kind,
    /// The kind's name for readers.
    pub label: String,
    /// Public publications of this kind (and the narrowing filters).
    pub count: u64,
    /// The list of those publications.
    pub href: String,
}

/// One speaker and how many publications credit them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "speaker": "Sergey Lavrov", "count": 6,
    "href": "/api/v1/publications?speaker=Sergey+Lavrov"
})))]
pub struct SpeakerCount {
    /// The name as most publications spell it; names that differ only in letter case are
    /// one speaker, as in the list's `speaker` filter.
    pub speaker: String,
    /// Public publications crediting this speaker (and the narrowing filters).
    pub count: u64,
    /// The list of those publications.
    pub href: String,
}

/// One year of the archive, in the site's home time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "year": 2020, "count": 10,
    "href": "/api/v1/publications?from=2020-01-01&to=2020-12-31",
    "months": [{"month": 7, "count": 2, "href": "/api/v1/publications?from=2020-07-01&to=2020-07-31"}]
})))]
pub struct ArchiveYear {
    pub year: i32,
    /// Public publications that year (the sum of `months`).
    pub count: u64,
    /// The list of those publications.
    pub href: String,
    /// Months with publications, newest first.
    pub months: Vec<ArchiveMonth>,
}

/// One month of the archive, in the site's home time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArchiveMonth {
    /// 1 (January) to 12.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 12, example = 7))]
    pub month: u32,
    /// Public publications that month.
    pub count: u64,
    /// The list of those publications.
    pub href: String,
}
