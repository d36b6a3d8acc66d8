//! The envelopes every response shares: a numbered page of items, and RFC 9457 problem details
//! for errors, with one entry per invalid field.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One page of a list, numbered from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items on this page, newest first.
    pub items: Vec<T>,
    /// This page's number, from 1.
    #[cfg_attr(feature = "openapi", schema(example = 1, minimum = 1))]
    pub page: u32,
    /// Items per page.
    #[cfg_attr(feature = "openapi", schema(example = 20, minimum = 1, maximum = 100))]
    pub per_page: u32,
    /// Items across all pages.
    #[cfg_attr(feature = "openapi", schema(example = 11))]
    pub total: u64,
    /// Number of pages; 0 when there are no items.
    #[cfg_attr(feature = "openapi", schema(example = 1))]
    pub total_pages: u32,
}

/// One page of a list that pages by number or by opaque cursor (the publications list).
/// Every field is always present; those that do not apply are `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListPage<T> {
    /// The items on this page, in the list's order.
    pub items: Vec<T>,
    /// This page's number, from 1; `null` for a page reached with a `cursor`.
    #[cfg_attr(feature = "openapi", schema(required, example = 1, minimum = 1))]
    pub page: Option<u32>,
    /// Items per page.
    #[cfg_attr(feature = "openapi", schema(example = 20, minimum = 1, maximum = 100))]
    pub per_page: u32,
    /// Items across all pages; `null` when asked for with `include_total=false`.
    #[cfg_attr(feature = "openapi", schema(required, example = 11))]
    pub total: Option<u64>,
    /// Number of pages (0 when there are no items); `null` with `include_total=false`.
    #[cfg_attr(feature = "openapi", schema(required, example = 1))]
    pub total_pages: Option<u32>,
    /// Whether items follow this page.
    pub has_more: bool,
    /// Send as `cursor` for the items after this page; `null` at the end of the list and for
    /// search results in relevance order (which page by number only).
    #[cfg_attr(
        feature = "openapi",
        schema(
            required,
            example = "WyJwdWJsaWNhdGlvbnMiLDE1OTQyODUwODAsMCwzLCI3MWY5YzE1ZGU0ZmUyZmFjIl3jW5ffbL0J7MoBfmTHTOEa"
        )
    )]
    pub next_cursor: Option<String>,
}

impl<T> ListPage<T> {
    /// This page's number, the total and the number of pages, as a numbered pager shows them
    /// (page 1 and zeros where the page was not asked for by number with totals).
    pub fn numbering(&self) -> (u32, u64, u32) {
        (
            self.page.unwrap_or(1),
            self.total.unwrap_or_default(),
            self.total_pages.unwrap_or_default(),
        )
    }
}

/// Values computed for one instant, such as clock readings or counters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readings<T> {
    /// The instant the values are for.
    pub at: DateTime<Utc>,
    /// The values, in display order.
    pub items: Vec<T>,
}

/// Number of pages needed for `total` items at `per_page` a page.
pub fn total_pages(total: u64, per_page: u32) -> u32 {
    let pages = total.div_ceil(u64::from(per_page.max(1)));
    u32::try_from(pages).unwrap_or(u32::MAX)
}

/// An RFC 9457 problem: what went wrong, in words and as a stable `code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "type": "urn:chancery:problem:invalid-parameter",
    "title": "Invalid query parameter", "status": 400,
    "detail": "per_page must be between 1 and 100", "code": "invalid_parameter",
    "errors": [{"field": "per_page", "message": "must be between 1 and 100"}]
})))]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short summary of the problem type.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// What went wrong this time.
    pub detail: String,
    /// Stable machine-readable code, e.g. `invalid_parameter`, `not_found`.
    pub code: String,
    /// Each invalid field; empty for problems that are not about input.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One invalid field and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The parameter or JSON path, e.g. `per_page` or `body[2].speaker`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: &str) -> Self {
        FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_pages_rounds_up_and_is_zero_when_empty() {
        assert_eq!(total_pages(0, 20), 0);
        assert_eq!(total_pages(1, 20), 1);
        assert_eq!(total_pages(20, 20), 1);
        assert_eq!(total_pages(21, 20), 2);
        assert_eq!(total_pages(100_000, 25), 4_000);
    }

    #[test]
    fn numbering_reads_a_numbered_page_and_defaults_a_cursor_page() {
        let page = |page, total, total_pages| ListPage::<()> {
            items: Vec::new(),
            page,
            per_page: 25,
            total,
            total_pages,
            has_more: false,
            next_cursor: None,
        };
        assert_eq!(page(Some(3), Some(70), Some(3)).numbering(), (3, 70, 3));
        assert_eq!(page(None, None, None).numbering(), (1, 0, 0));
    }
}
