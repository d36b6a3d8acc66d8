//! Cacheable JSON responses: a strong ETag over the exact bytes sent, `304 Not Modified` for a
//! matching `If-None-Match`, a `Cache-Control` lifetime chosen by the handler; the `If-Match`
//! header a change must carry; and the versioned answers staff clients base changes on.

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::ApiError;
use crate::etag::{IfMatch, etag_of};

/// How many seconds a response stays fresh (at least 1).
#[derive(Debug, Clone, Copy)]
pub struct Freshness(pub i64);

impl Freshness {
    /// Fresh until `next_change` (when a clock or counter moves), but never longer than `cap`.
    pub fn until(now: DateTime<Utc>, next_change: Option<DateTime<Utc>>, cap: i64) -> Self {
        let until_change = next_change.map_or(cap, |t| (t - now).num_seconds());
        Freshness(until_change.clamp(1, cap))
    }

    /// For computed values: a pinned `at` never changes (beyond staff edits), "now" does at
    /// `next_change`.
    pub fn of_reading(
        at_given: bool,
        now: DateTime<Utc>,
        next_change: Option<DateTime<Utc>>,
    ) -> Self {
        if at_given {
            Freshness(CONTENT_MAX_AGE)
        } else {
            Freshness::until(now, next_change, CONTENT_MAX_AGE)
        }
    }

    pub fn header(self) -> String {
        format!("public, max-age={}", self.0.max(1))
    }
}

/// Default lifetime of list and item responses: short, since staff may edit at any moment.
pub const CONTENT_MAX_AGE: i64 = 60;

/// Serialises `value` and answers it with an ETag, or 304 if the client already has it.
/// `extra` adds headers such as `Link` and `X-Total-Count`.
pub fn cached_json<T: Serialize>(
    req: &HttpRequest,
    value: &T,
    freshness: Freshness,
    extra: impl FnOnce(&mut HttpResponseBuilder),
) -> HttpResponse {
    match serde_json::to_vec(value) {
        Ok(body) => cached_body(req, body, "application/json", freshness, extra),
        Err(e) => {
            tracing::error!(error = %e, "response did not serialise");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// Answers `body` as `content_type` with an ETag, or 304 if the client already has it.
pub fn cached_body(
    req: &HttpRequest,
    body: Vec<u8>,
    content_type: &'static str,
    freshness: Freshness,
    extra: impl FnOnce(&mut HttpResponseBuilder),
) -> HttpResponse {
    let etag = etag_of(&body);
    cached_bytes(
        req,
        Bytes::from(body),
        &etag,
        content_type,
        freshness,
        extra,
    )
}

/// [`cached_body`] for a body whose ETag is already known (a memoised one).
pub fn cached_bytes(
    req: &HttpRequest,
    body: Bytes,
    etag: &str,
    content_type: &'static str,
    freshness: Freshness,
    extra: impl FnOnce(&mut HttpResponseBuilder),
) -> HttpResponse {
    let not_modified = if_none_match(req, etag);
    let mut response = if not_modified {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response.insert_header((header::ETAG, etag.to_owned()));
    response.insert_header((header::CACHE_CONTROL, freshness.header()));
    response.insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
    extra(&mut response);
    if not_modified {
        response.finish()
    } else {
        response.content_type(content_type).body(body)
    }
}

/// `text` as one URL path segment (for `Location`): everything but unreserved characters is
/// percent-encoded, so names with spaces, slashes or any script stay one segment.
pub fn path_segment(text: &str) -> String {
    const RESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, RESERVED).to_string()
}

/// Whether `If-None-Match` lists `etag` (or `*`), comparing weakly as RFC 9110 requires.
fn if_none_match(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim())
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

/// The versions a change says it is based on (`If-Match`); a change without one is refused
/// with 428.
pub fn if_match(req: &HttpRequest) -> Result<IfMatch, ApiError> {
    let tags: Vec<String> = req
        .headers()
        .get_all(header::IF_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    IfMatch::new(tags).ok_or_else(|| {
        ApiError::PreconditionRequired(
            "send If-Match with the ETag of the version you changed".to_owned(),
        )
    })
}

/// `value` as JSON with its ETag, for a staff client to base its next change on; never
/// cached, as it may show what the public must not see.
pub fn versioned_json<T: Serialize>(
    mut response: HttpResponseBuilder,
    value: &T,
    cache_control: &'static str,
) -> HttpResponse {
    let json = serde_json::to_vec(value).unwrap_or_default();
    response
        .insert_header((header::ETAG, etag_of(&json)))
        .insert_header((header::CACHE_CONTROL, cache_control))
        .content_type("application/json")
        .body(json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn matching_if_none_match_answers_304() {
        let etag = etag_of(b"[]");
        let req = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, format!("\"other\", W/{etag}")))
            .to_http_request();
        let response = cached_json(&req, &Vec::<u8>::new(), Freshness(5), |_| {});
        assert_eq!(response.status(), 304);
        let fresh = TestRequest::default().to_http_request();
        let response = cached_json(&fresh, &Vec::<u8>::new(), Freshness(5), |_| {});
        assert_eq!(response.status(), 200);
    }

    #[test]
    fn freshness_stops_at_the_next_change() {
        let now = Utc::now();
        let soon = now + chrono::Duration::seconds(7);
        assert_eq!(
            Freshness::until(now, Some(soon), 60).header(),
            "public, max-age=7"
        );
        assert_eq!(
            Freshness::until(now, None, 60).header(),
            "public, max-age=60"
        );
    }
}
