//! The public pages as HTML: each reader URL (`/`, `/publications`, `/publications/{slug}`,
//! `/search`, and any other address as "Page not found") is rendered here by the reader's own
//! components, from the data the JSON endpoints answer with ([`source::Server`]), into a whole
//! document the browser then brings to life. A page answers with the status its JSON
//! counterpart would (404, 410, 400), a strong ETag with 304 (caches revalidate each use: a
//! page shows what staff may change at any moment), and a `<head>` for link previews and
//! search engines (`head.rs`). Its inline scripts (the data it hands the browser) are
//! allowed by hash, so the Content-Security-Policy still refuses every other inline script.

mod head;
pub mod source;

use std::path::Path;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::defences::CONTENT_SECURITY_POLICY;
use crate::http::{Freshness, cached_body};
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

/// Renders the reader page at the request's path and query.
pub async fn page(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let target = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.path().to_owned(), |pq| pq.as_str().to_owned());
    let page = chancery_web::render::page(&target, source::Server::source(state.clone())).await;
    let document = head::document(&state, req.path(), &target, &page);
    let policy = policy(&page.scripts);
    let status = actix_web::http::StatusCode::from_u16(page.status)
        .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
    let extra = |r: &mut actix_web::HttpResponseBuilder| {
        r.insert_header((header::CONTENT_LANGUAGE, "en"));
        if let Ok(policy) = HeaderValue::from_str(&policy) {
            r.insert_header((header::CONTENT_SECURITY_POLICY, policy));
        }
    };
    if status.is_success() {
        // A page shows what staff may change at any moment (settings, any publication in its
        // lists), so caches keep it but ask each time: the ETag makes that a 304.
        let revalidate = |r: &mut actix_web::HttpResponseBuilder| {
            extra(r);
            r.insert_header((header::CACHE_CONTROL, REVALIDATE));
        };
        return cached_body(&req, document.into_bytes(), HTML, Freshness(0), revalidate);
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
        .body(document)
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
