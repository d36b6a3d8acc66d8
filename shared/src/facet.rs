//! Facets on the wire: how many public publications have each tag, kind and speaker (one
//! shape for all three, so a client can show any facet the same way), and how many were
//! published in each year and month of the site's home time zone. Each count comes with the
//! list query (`href`) that shows exactly those publications: its `X-Total-Count` is the count.

use serde::{Deserialize, Serialize};

/// The values of one facet with their counts. Only values with at least one public
/// publication are listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts<T> {
    /// Most publications first (ties by name); the archive's years newest first.
    pub items: Vec<T>,
}

/// One value of a facet (a tag, kind or speaker) and how many publications have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "value": "news_conference", "label": "News conference", "count": 3,
    "href": "/api/v1/publications?kind=news_conference"
})))]
pub struct FacetValue {
    /// What the list's parameter of the same name takes: a tag's slug, a kind's name
    /// (`news_conference`) or a speaker's name. Speaker names that differ only in letter case
    /// are one speaker, as in the list's filter, spelled as most publications spell it.
    pub value: String,
    /// The value for readers: a kind's name (`News conference`); otherwise the value itself.
    pub label: String,
    /// Public publications with this value (and the narrowing filters).
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
