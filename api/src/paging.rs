//! Paging shared by lists: checking `page` and `per_page`, refusing a page past the last, and
//! the RFC 8288 `Link` header that leads to other pages (by number or by cursor) of the same
//! selection, read the same way.

use chancery_shared::page::{FieldError, total_pages};

use crate::error::ApiError;
use crate::selection::Selection;

/// Items on a page when the request does not say.
pub const DEFAULT_PER_PAGE: u32 = 20;

/// The most items a page may hold.
pub const MAX_PER_PAGE: u32 = 100;

/// A page past the last is an error (page 1 of nothing is an empty page).
pub fn check_page(page: u32, per_page: u32, total: u64) -> Result<(), ApiError> {
    let last = total_pages(total, per_page).max(1);
    if page > last {
        return Err(ApiError::InvalidQuery(vec![FieldError::new(
            "page",
            &format!("is past the last page ({last})"),
        )]));
    }
    Ok(())
}

/// The page number and size asked for (defaults filled in), each checked.
pub fn numbered(page: Option<u32>, per_page: Option<u32>) -> Result<(u32, u32), ApiError> {
    let mut errors = Vec::new();
    let page = page.unwrap_or(1);
    if page == 0 {
        errors.push(FieldError::new("page", "must be 1 or more"));
    }
    let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        errors.push(FieldError::new(
            "per_page",
            &format!("must be between 1 and {MAX_PER_PAGE}"),
        ));
    }
    if errors.is_empty() {
        Ok((page, per_page))
    } else {
        Err(ApiError::InvalidQuery(errors))
    }
}

/// Where a page sits in its list, for the `Link` header.
#[derive(Debug, Clone, Copy)]
pub struct Nav<'a> {
    /// The page number asked for; `None` when the request gave a cursor.
    pub page: Option<u32>,
    /// The last page, when totals were counted.
    pub last: Option<u32>,
    /// Whether items follow this page.
    pub has_more: bool,
    /// The next page's cursor: `next` uses it when the request paged by cursor.
    pub next_cursor: Option<&'a str>,
}

/// How a list is read beyond its selection, for its links to keep: the page size, the order
/// and whether totals are counted. Defaults are left out, as a selection leaves out what does
/// not narrow it, so that each list has one link.
pub fn kept(
    per_page: u32,
    searched_by_date: bool,
    include_total: bool,
) -> Vec<(&'static str, String)> {
    [
        (
            "per_page",
            (per_page != DEFAULT_PER_PAGE).then(|| per_page.to_string()),
        ),
        ("sort", searched_by_date.then(|| "newest".to_owned())),
        (
            "include_total",
            (!include_total).then(|| "false".to_owned()),
        ),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some((name, value?)))
    .collect()
}

/// RFC 8288 links to other pages of `selection` at `path`, read as [`kept`] says: `first`,
/// `prev` and `last` with page numbers (`last` only when totals were counted), `next` as a
/// page number or, for a request that paged by cursor, as the next cursor. None for a list
/// known to be empty.
pub fn link_header(
    path: &str,
    selection: &Selection,
    kept: &[(&'static str, String)],
    nav: Nav<'_>,
) -> String {
    if nav.last == Some(0) {
        return String::new();
    }
    let url = |param: Option<(&'static str, String)>| {
        let params: Vec<_> = kept.iter().cloned().chain(param).collect();
        format!("<{}>", selection.href(path, &params))
    };
    let numbered = |n: u32| url(Some(("page", n.to_string())));
    let mut links = Vec::new();
    match nav.page {
        Some(page) => {
            links.push(format!("{}; rel=\"first\"", numbered(1)));
            if page > 1 {
                links.push(format!("{}; rel=\"prev\"", numbered(page - 1)));
            }
            if nav.has_more {
                links.push(format!("{}; rel=\"next\"", numbered(page + 1)));
            }
            if let Some(last) = nav.last {
                links.push(format!("{}; rel=\"last\"", numbered(last)));
            }
        }
        None => {
            links.push(format!("{}; rel=\"first\"", url(None)));
            if let (true, Some(cursor)) = (nav.has_more, nav.next_cursor) {
                links.push(format!(
                    "{}; rel=\"next\"",
                    url(Some(("cursor", cursor.to_owned())))
                ));
            }
        }
    }
    links.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chancery_shared::publication::Kind;

    fn speeches() -> Selection {
        Selection {
            kinds: [Kind::Speech].into(),
            ..Selection::default()
        }
    }

    #[test]
    fn links_keep_the_selection_and_stop_at_the_ends() {
        let nav = |page, last, has_more| Nav {
            page,
            last,
            has_more,
            next_cursor: Some("CUR"),
        };
        let links = link_header(
            "/api/v1/publications",
            &speeches(),
            &kept(5, false, true),
            nav(Some(2), Some(3), true),
        );
        assert_eq!(
            links,
            "</api/v1/publications?kind=speech&per_page=5&page=1>; rel=\"first\", \
             </api/v1/publications?kind=speech&per_page=5&page=1>; rel=\"prev\", \
             </api/v1/publications?kind=speech&per_page=5&page=3>; rel=\"next\", \
             </api/v1/publications?kind=speech&per_page=5&page=3>; rel=\"last\""
        );
        let all = Selection::default();
        let defaults = kept(DEFAULT_PER_PAGE, false, true);
        assert!(!link_header("/p", &all, &defaults, nav(Some(1), Some(1), false)).contains("next"));
        assert_eq!(
            link_header("/p", &all, &defaults, nav(Some(1), Some(0), false)),
            ""
        );
        // Without totals there is no `last`, but `next` still follows `has_more`.
        let untotalled = link_header(
            "/p",
            &all,
            &kept(20, false, false),
            nav(Some(1), None, true),
        );
        assert_eq!(
            untotalled,
            "</p?include_total=false&page=1>; rel=\"first\", \
             </p?include_total=false&page=2>; rel=\"next\""
        );
    }

    #[test]
    fn cursor_requests_link_next_by_cursor() {
        let nav = Nav {
            page: None,
            last: Some(9),
            has_more: true,
            next_cursor: Some("a-b_c"),
        };
        let all = Selection::default();
        assert_eq!(
            link_header("/p", &all, &kept(5, false, true), nav),
            "</p?per_page=5>; rel=\"first\", </p?per_page=5&cursor=a-b_c>; rel=\"next\""
        );
        let end = Nav {
            has_more: false,
            next_cursor: None,
            ..nav
        };
        assert_eq!(
            link_header("/p", &all, &kept(20, false, true), end),
            "</p>; rel=\"first\""
        );
    }

    #[test]
    fn links_leave_out_the_paging_defaults() {
        assert!(kept(DEFAULT_PER_PAGE, false, true).is_empty());
        assert_eq!(
            kept(7, true, false),
            [
                ("per_page", "7".to_owned()),
                ("sort", "newest".to_owned()),
                ("include_total", "false".to_owned())
            ]
        );
    }
}
