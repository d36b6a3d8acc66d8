//! `/sitemap.xml` (every public publication's page with its public language versions, plus the
//! home page and the archive; an index of `/sitemap-N.xml` files once there are more URLs than
//! one file may hold) and `/robots.txt`, which names it.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use chancery_shared::page::Problem;
use chrono::{DateTime, Utc};

use crate::db;
use crate::db::sitemap as q;
use crate::error::ApiError;
use crate::http::{CONTENT_MAX_AGE, Freshness, cached_body};
use crate::query::{ApiQuery, NoParams};
use crate::responses::ServerErrors;
use crate::state::AppState;
use crate::syndication::sitemap::Url;
use crate::syndication::{Syndication, permalink, sitemap};

/// Pages listed before the publications: the home page and the archive.
const FIXED: [&str; 2] = ["/", "/publications"];

const XML: &str = "application/xml; charset=utf-8";

/// The sitemap: the home page, the archive and every public publication with its last change.
///
/// Past the page size (50,000 URLs) this is a sitemap index pointing to `/sitemap-1.xml`,
/// `/sitemap-2.xml`, …, publications oldest first.
#[utoipa::path(
    get,
    path = "/sitemap.xml",
    operation_id = "sitemap",
    tag = "feeds",
    responses(
        (status = 200, description = "A urlset, or a sitemapindex past the page size", content_type = "application/xml", body = String),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A parameter was given (there are none)", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Only GET and HEAD", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
pub async fn index(
    req: HttpRequest,
    state: web::Data<AppState>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let base = state.origin.url().to_owned();
    let size = page_size(&state.syndication);
    let now = state.clock.now();
    let total = db::run(&state.pool, move |conn| {
        Ok(q::count_public(conn, now.naive_utc())?)
    })
    .await?;
    let urls = total.unsigned_abs() as usize + FIXED.len();
    if urls <= size {
        return page(req, &state, now, base, 1).await;
    }
    let files: Vec<String> = (1..=urls.div_ceil(size))
        .map(|n| format!("{base}/sitemap-{n}.xml"))
        .collect();
    let body = sitemap::index(&files).map_err(rendering)?;
    Ok(respond(&req, body))
}

/// One file of a sitemap that needed an index.
#[utoipa::path(
    get,
    path = "/sitemap-{n}.xml",
    operation_id = "sitemap_page",
    tag = "feeds",
    params(("n" = u32, Path, description = "The file's number, from 1", example = 1)),
    responses(
        (status = 200, description = "A urlset", content_type = "application/xml", body = String),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A parameter was given (there are none)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Only GET and HEAD", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
pub async fn numbered(
    req: HttpRequest,
    state: web::Data<AppState>,
    n: web::Path<String>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let missing = || ApiError::NotFound(format!("no sitemap file {}", req.path()));
    let n: usize = n.parse().ok().filter(|&n| n >= 1).ok_or_else(missing)?;
    let base = state.origin.url().to_owned();
    page(req.clone(), &state, state.clock.now(), base, n).await
}

/// The `n`th file of the URL list [home, archive, publications oldest first].
async fn page(
    req: HttpRequest,
    state: &AppState,
    now: DateTime<Utc>,
    base: String,
    n: usize,
) -> Result<HttpResponse, ApiError> {
    let size = page_size(&state.syndication);
    let start = (n - 1).saturating_mul(size);
    let fixed: Vec<Url> = FIXED
        .iter()
        .skip(start)
        .take(size)
        .map(|path| Url {
            loc: format!("{base}{path}"),
            ..Url::default()
        })
        .collect();
    let offset = start.saturating_sub(FIXED.len());
    let limit = size - fixed.len();
    let (total, rows, versions) = db::run(&state.pool, move |conn| {
        let now = now.naive_utc();
        let total = q::count_public(conn, now)?;
        let rows = q::public_slice(
            conn,
            now,
            i64::try_from(offset).unwrap_or(i64::MAX),
            i64::try_from(limit).unwrap_or(i64::MAX),
        )?;
        let mut groups: Vec<String> = rows
            .iter()
            .filter_map(|r| r.translation_group.clone())
            .collect();
        groups.sort();
        groups.dedup();
        let versions = q::public_versions(conn, now, &groups)?;
        Ok((total, rows, versions))
    })
    .await?;
    let urls = total.unsigned_abs() as usize + FIXED.len();
    if n > urls.div_ceil(size).max(1) {
        return Err(ApiError::NotFound(format!(
            "no sitemap file {}",
            req.path()
        )));
    }
    let mut entries = fixed;
    // Every public version of each text, by group, in language order.
    let mut by_group: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (group, lang, slug) in versions {
        let url = permalink(&base, &slug);
        by_group.entry(group).or_default().push((lang, url));
    }
    entries.extend(rows.into_iter().map(|row| {
        // A text in one language has none.
        let alternates = row
            .translation_group
            .as_ref()
            .and_then(|group| by_group.get(group))
            .filter(|versions| versions.len() > 1)
            .cloned()
            .unwrap_or_default();
        Url {
            loc: permalink(&base, &row.slug),
            lastmod: Some(row.lastmod.and_utc()),
            alternates,
        }
    }));
    let body = sitemap::urlset(&entries).map_err(rendering)?;
    Ok(respond(&req, body))
}

/// `robots.txt`: crawl the site, not the staff area or the API, and here is the sitemap.
#[utoipa::path(
    get,
    path = "/robots.txt",
    operation_id = "robots_txt",
    tag = "feeds",
    responses(
        (status = 200, description = "Crawling rules naming the sitemap", content_type = "text/plain", body = String),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A parameter was given (there are none)", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Only GET and HEAD", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn robots(
    req: HttpRequest,
    state: web::Data<AppState>,
    _params: ApiQuery<NoParams>,
) -> HttpResponse {
    let base = state.origin.url();
    let body = format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /api/\n\nSitemap: {base}/sitemap.xml\n"
    );
    cached_body(
        &req,
        body.into_bytes(),
        "text/plain; charset=utf-8",
        Freshness(CONTENT_MAX_AGE),
        |_| {},
    )
}

fn page_size(syndication: &Syndication) -> usize {
    // The first file must hold the fixed pages and at least one publication.
    syndication.sitemap_page_size.max(FIXED.len() + 1)
}

fn respond(req: &HttpRequest, body: Vec<u8>) -> HttpResponse {
    cached_body(req, body, XML, Freshness(CONTENT_MAX_AGE), |_| {})
}

fn rendering(e: std::io::Error) -> ApiError {
    ApiError::Internal(format!("the sitemap did not render: {e}"))
}
