//! The public pages as HTML: each reader URL (`/`, `/publications`, `/publications/{slug}`,
//! `/search`, and any other address as "Page not found") is rendered here by the reader's own
//! components, from the data the JSON endpoints answer with ([`source::Server`]), into a whole
//! document the browser then brings to life. A page answers with the status its JSON
//! counterpart would (404, 410, 400), a strong ETag with 304 (caches revalidate each use: a
//! page shows what staff may change at any moment), and a `<head>` for link previews and
//! search engines (`head.rs`). A rendered page is remembered until the publications, the
//! settings or the minute change, so a popular page is rendered once, not per request. Its
//! inline scripts (the data it hands the browser) are
//! allowed by hash, so the Content-Security-Policy still refuses every other inline script.

mod head;
pub mod source;

use std::path::Path;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::cache::{Page, Rendered};
use crate::db::{self, settings, site};
use crate::defences::CONTENT_SECURITY_POLICY;
use crate::error::ApiError;
use crate::http::{Freshness, cached_body, cached_bytes};
use crate::readings::next_minute;
use crate::state::AppState;

/// Where `just web` records the reader's asset folder, in the web directory.
const ASSETS_FILE: &str = "reader-assets";

/// The reader's asset folder (`/assets/<hash>`) as `just web` left it, if it has been built.
pub fn reader_assets(web_dir: &Path) -> Option<String> {
    let folder = std::fs::read_to_string(web_dir.join(ASSETS_FILE)).ok()?;
    let folder = folder.trim();
    (folder.starts_with("/assets/") && !folder.contains(['"', '<', '>', '&']))
        .then(|| folder.to_owned())
}

/// The reader page at the request's path and query, rendered once per version of what it
/// shows and remembered (see [`remembered`]).
pub async fn page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let target = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.path().to_owned(), |pq| pq.as_str().to_owned());
    let page = match remembered(&req, &state, &target).await {
        Ok(page) => page,
        Err(error) => {
            // The memo's own reads failed, or the page did (the database is away): render it
            // again without the memo, so the page says so in its own words.
            tracing::warn!(error = %error, "rendering a page without its memo");
            Arc::new(render(&req, &state, &target, None).await)
        }
    };
    let status = StatusCode::from_u16(page.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let extra = |r: &mut actix_web::HttpResponseBuilder| {
        r.insert_header((header::CONTENT_LANGUAGE, "en"));
        if let Ok(policy) = HeaderValue::from_str(&page.policy) {
            r.insert_header((header::CONTENT_SECURITY_POLICY, policy));
        }
    };
    let document = &page.document;
    if status.is_success() {
        // A page shows what staff may change at any moment (settings, any publication in its
        // lists), so caches keep it but ask each time: the ETag makes that a 304.
        let revalidate = |r: &mut actix_web::HttpResponseBuilder| {
            extra(r);
            r.insert_header((header::CACHE_CONTROL, REVALIDATE));
        };
        return cached_bytes(
            &req,
            document.body.clone(),
            &document.etag,
            HTML,
            Freshness(0),
            revalidate,
        );
    }
    let mut response = HttpResponse::build(status);
    extra(&mut response);
    let cache = if status.is_server_error() {
        "no-store"
    } else {
        REVALIDATE
    };
    response
        .insert_header((header::CACHE_CONTROL, cache))
        .content_type(HTML)
        .body(document.body.clone())
}

/// The page for `target`, from the memo when what it shows has not changed: the publications
/// (their version), the settings (read whole, as the page shows them) and the minute (clocks
/// move, and scheduled pieces go public, with time alone). A page is always the public's, so
/// who asks never matters.
async fn remembered(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    target: &str,
) -> Result<Arc<Page>, ApiError> {
    // The version is read before what the page is rendered from, as every memo reads it.
    let (version, settings) = db::run(&state.pool, |conn| {
        let site = site::current(conn)?;
        Ok((site.publications_version, settings::with_site(conn, site)?))
    })
    .await?;
    let settings = serde_json::to_vec(&settings)
        .map_err(|e| ApiError::Internal(format!("the settings did not serialise: {e}")))?;
    let key = format!("{target}\n{}", crate::etag::etag_of(&settings));
    let now = state.clock.now();
    let until = next_minute(now).map(|t| t.naive_utc());
    let compute = async {
        let page = render(req, state, target, until).await;
        // A failure (the database away) is never remembered: the next request tries again.
        if page.status >= 500 {
            return Err(ApiError::Internal(format!(
                "{target} answered {}",
                page.status
            )));
        }
        Ok(page)
    };
    let memo = &state.memos.pages;
    memo.get_or_compute(key, version, now.naive_utc(), compute)
        .await
}

/// Renders the page for `target` now, to hold until `until`.
async fn render(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    target: &str,
    until: Option<chrono::NaiveDateTime>,
) -> Page {
    let page = chancery_web::render::page(target, source::Server::source(state.clone())).await;
    let document = head::document(state, req.path(), target, &page);
    Page {
        document: Rendered::new(document.into_bytes(), until, 0),
        status: page.status,
        policy: policy(&page.scripts),
    }
}

const HTML: &str = "text/html; charset=utf-8";

/// Kept by browsers and caches, and checked with the server (a 304) before each use.
const REVALIDATE: &str = "public, no-cache";

/// The site's icon, which every page names (so browsers never ask for `/favicon.ico`).
pub async fn favicon(req: HttpRequest) -> HttpResponse {
    const ICON: &str = include_str!("../../../web/favicon.svg");
    let day = Freshness(86_400);
    cached_body(&req, ICON.as_bytes().to_vec(), "image/svg+xml", day, |_| {})
}

/// The site's policy, with each of this page's inline scripts allowed by its hash.
fn policy(scripts: &[String]) -> String {
    let hashes: String = scripts
        .iter()
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            let hash = base64::engine::general_purpose::STANDARD.encode(digest);
            format!(" 'sha256-{hash}'")
        })
        .collect();
    CONTENT_SECURITY_POLICY.replacen(
        "script-src 'self' 'wasm-unsafe-eval'",
        &format!("script-src 'self' 'wasm-unsafe-eval'{hashes}"),
        1,
    )
}
