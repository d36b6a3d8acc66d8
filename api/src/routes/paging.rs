//! Numbered paging shared by lists: checking `page` and `per_page`, refusing a page past the
//! last, and the RFC 8288 `Link` header that repeats the paging with every other parameter kept.

use chancery_shared::page::{FieldError, total_pages};

use crate::error::ApiError;
use crate::routes::publications::{DEFAULT_PER_PAGE, MAX_PER_PAGE};

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
pub fn paging(page: Option<u32>, per_page: Option<u32>) -> Result<(u32, u32), ApiError> {
    let mut errors = Vec::new();
    let page = page.unwrap_or(1);
    if page == 0 {
        errors.push(FieldError::new("page", "must be 1 or more"));
    }
    let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        errors.push(FieldError::new("per_page", "must be between 1 and 100"));
    }
    if errors.is_empty() {
        Ok((page, per_page))
    } else {
        Err(ApiError::InvalidQuery(errors))
    }
}

/// RFC 8288 links relative to the request, keeping every other parameter as given.
pub fn link_header(path: &str, query: &str, page: u32, last: u32) -> String {
    if last == 0 {
        return String::new();
    }
    let url = |n: u32| {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (k, v) in form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k != "page") {
            out.append_pair(&k, &v);
        }
        out.append_pair("page", &n.to_string());
        format!("<{path}?{}>", out.finish())
    };
    let mut links = vec![format!("{}; rel=\"first\"", url(1))];
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", url(page - 1)));
    }
    if page < last {
        links.push(format!("{}; rel=\"next\"", url(page + 1)));
    }
    links.push(format!("{}; rel=\"last\"", url(last)));
    links.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_filters_and_stop_at_the_ends() {
        let links = link_header(
            "/api/v1/publications",
            "kind=speech&page=2&per_page=5",
            2,
            3,
        );
        assert_eq!(
            links,
            "</api/v1/publications?kind=speech&per_page=5&page=1>; rel=\"first\", \
             </api/v1/publications?kind=speech&per_page=5&page=1>; rel=\"prev\", \
             </api/v1/publications?kind=speech&per_page=5&page=3>; rel=\"next\", \
             </api/v1/publications?kind=speech&per_page=5&page=3>; rel=\"last\""
        );
        assert!(!link_header("/p", "", 1, 1).contains("next"));
        assert_eq!(link_header("/p", "", 1, 0), "");
    }
}
