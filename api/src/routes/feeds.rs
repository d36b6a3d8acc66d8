//! `/feed.atom`, `/feed.rss` and `/feed.json`: the latest public publications in full, for
//! feed readers, filtered like the archive by `kind`, `tag` and `speaker`.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, web};
use chancery_shared::page::Problem;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::cache::Rendered;
use crate::db::list::{Filter, index};
use crate::db::publications as q;
use crate::db::{self, Conn, site};
use crate::error::ApiError;
use crate::http::{CONTENT_MAX_AGE, Freshness, cached_bytes};
use crate::params::{Filters, Takes};
use crate::query::ApiParams;
use crate::responses::ServerErrors;
use crate::selection::Selection;
use crate::state::AppState;
use crate::syndication::{Feed, Item, atom, json, rss};

/// How many publications a feed carries.
pub const FEED_ITEMS: usize = 50;

/// A feed is narrowed as the archive is, by kinds, tag and speaker.
pub enum FeedFilters {}

impl Takes for FeedFilters {
    const FILTERS: &'static [&'static str] = &["lang", "kind", "tag", "speaker"];
}

#[derive(Debug, Clone, Copy)]
enum Format {
    Atom,
    Rss,
    Json,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Atom => "application/atom+xml; charset=utf-8",
            Format::Rss => "application/rss+xml; charset=utf-8",
            Format::Json => "application/feed+json",
        }
    }
}

/// The latest 50 public publications as an Atom feed (RFC 4287), full text included.
///
/// Entry ids are the reader's permalinks; `updated` is the publication's last change. Links
/// are absolute: from the server's configured public URL, or else from the request's host
/// (`Forwarded`/`X-Forwarded-*` from a proxy are honoured).
#[utoipa::path(
    get,
    path = "/feed.atom",
    operation_id = "feed_atom",
    tag = "feeds",
    params(Filters<FeedFilters>),
    responses(
        (status = 200, description = "The feed", content_type = "application/atom+xml", body = String),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A filter is malformed or unknown", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Only GET and HEAD", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
pub async fn atom(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiParams(filters): ApiParams<Filters<FeedFilters>>,
) -> Result<HttpResponse, ApiError> {
    serve(req, &state, filters, Format::Atom).await
}

/// The same feed as RSS 2.0: the lead as `description`, the full text as `content:encoded`.
#[utoipa::path(
    get,
    path = "/feed.rss",
    operation_id = "feed_rss",
    tag = "feeds",
    params(Filters<FeedFilters>),
    responses(
        (status = 200, description = "The feed", content_type = "application/rss+xml", body = String),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A filter is malformed or unknown", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Only GET and HEAD", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
pub async fn rss(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiParams(filters): ApiParams<Filters<FeedFilters>>,
) -> Result<HttpResponse, ApiError> {
    serve(req, &state, filters, Format::Rss).await
}

/// The same feed as JSON Feed 1.1, the full text as `content_html`.
#[utoipa::path(
    get,
    path = "/feed.json",
    operation_id = "feed_json",
    tag = "feeds",
    params(Filters<FeedFilters>),
    responses(
        (status = 200, description = "The feed", content_type = "application/feed+json", body = Object),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A filter is malformed or unknown", body = Problem, content_type = "application/problem+json"),
        (status = 405, description = "Only GET and HEAD", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
pub async fn json_feed(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiParams(filters): ApiParams<Filters<FeedFilters>>,
) -> Result<HttpResponse, ApiError> {
    serve(req, &state, filters, Format::Json).await
}

async fn serve(
    req: HttpRequest,
    state: &AppState,
    filters: Filters<FeedFilters>,
    format: Format,
) -> Result<HttpResponse, ApiError> {
    let selection = filters.select()?;
    let base = state.origin.url();
    let now = state.clock.now();
    let site = db::run(&state.pool, |conn| Ok(site::current(conn)?)).await?;
    let zone = site.zone()?;
    let spec = Spec {
        format,
        title_parts: describe(&selection),
        self_url: format!("{base}{}", selection.href(req.path(), &[])),
        page_url: format!("{base}{}", selection.href("/publications", &[])),
        base: base.to_owned(),
        filter: selection.filter(zone, now.naive_utc()),
    };
    // The body follows from its URL (format and filters), the site's name and zone, the
    // publications (the version) and the instant (until `changes_at`).
    let key = format!("{}\n{}\n{}", spec.self_url, site.name, site.home_time_zone);
    let name = site.name.clone();
    let compute = db::run(&state.pool, move |conn| {
        render(conn, &spec, name, zone, now)
    });
    let rendered = state
        .memos
        .responses
        .get_or_compute(key, site.publications_version, now.naive_utc(), compute)
        .await?;
    // A scheduled piece joining the feed changes it with no write.
    let changes_at = rendered.changes_at.map(|t| t.and_utc());
    let freshness = Freshness::until(now, changes_at, rendered.max_age);
    Ok(cached_bytes(
        &req,
        rendered.body.clone(),
        &rendered.etag,
        format.content_type(),
        freshness,
        |_| {},
    ))
}

/// One feed as asked for: everything but the site and the publications.
struct Spec {
    format: Format,
    /// The filters in words.
    title_parts: Vec<String>,
    self_url: String,
    page_url: String,
    base: String,
    filter: Filter,
}

/// Loads the feed's publications and renders it.
fn render(
    conn: &mut Conn,
    spec: &Spec,
    site: String,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Rendered, ApiError> {
    let rows = index::page(conn, &spec.filter, None, 0, FEED_ITEMS)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut full: HashMap<i64, q::FullRow> = q::full_by_ids(conn, &ids)?
        .into_iter()
        .map(|row| (row.summary.id, row))
        .collect();
    let publications = rows
        .iter()
        .filter_map(|r| full.remove(&r.id))
        .map(|row| row.into_publication(zone, now))
        .collect::<Result<Vec<_>, _>>()?;
    let next = q::next_scheduled(conn, now.naive_utc())?;
    let feed = Feed {
        title: if spec.title_parts.is_empty() {
            site.clone()
        } else {
            format!("{site}: {}", spec.title_parts.join("; "))
        },
        site,
        self_url: spec.self_url.clone(),
        page_url: spec.page_url.clone(),
        items: publications
            .iter()
            .map(|p| Item::of(p, &spec.base))
            .collect(),
    };
    let body = match spec.format {
        Format::Atom => atom::render(&feed).ok(),
        Format::Rss => rss::render(&feed).ok(),
        Format::Json => json::render(&feed).ok(),
    };
    let body = body.ok_or_else(|| ApiError::Internal("the feed did not render".to_owned()))?;
    Ok(Rendered::new(body, next, CONTENT_MAX_AGE))
}

/// The filters in words, for the feed's title.
fn describe(selection: &Selection) -> Vec<String> {
    let mut parts = Vec::new();
    if !selection.kinds.is_empty() {
        let kinds: Vec<&str> = selection.kinds.iter().map(|k| k.label()).collect();
        parts.push(kinds.join(", "));
    }
    if let Some(tag) = &selection.tag {
        parts.push(format!("tag “{tag}”"));
    }
    if let Some(speaker) = &selection.speaker {
        parts.push(speaker.as_str().to_owned());
    }
    parts
}
