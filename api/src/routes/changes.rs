//! `GET /changes`: the change feed for third-party mirrors, read forward with signed cursors
//! from the compacted log in [`crate::db::changes`].

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::changes::{Change, ChangeKind, ChangesPage};
use chancery_shared::page::Problem;
use chancery_shared::publication::Status;
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use crate::cache::Rendered;
use crate::cursor::{self, CursorError, CursorKey};
use crate::db::changes::{self as log, Entry, SETTLE, stored_instant};
use crate::db::conn::BadRow;
use crate::db::publications::FullRow;
use crate::db::{self, Conn, site};
use crate::error::ApiError;
use crate::http::{CONTENT_MAX_AGE, Freshness, cached_bytes};
use crate::query::ApiQuery;
use crate::responses::ServerErrors;
use crate::state::AppState;

/// Default and largest page sizes.
pub const DEFAULT_LIMIT: u32 = 100;
pub const MAX_LIMIT: u32 = 500;

/// How long the last page (where new entries will appear) stays fresh at most.
const TAIL_MAX_AGE: i64 = 10;

/// Query parameters of the change feed.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// `next_cursor` from an earlier page; absent to read from the beginning.
    pub since: Option<String>,
    /// Entries per page, 1–500 (default 100).
    #[param(minimum = 1, maximum = 500, example = 100)]
    pub limit: Option<u32>,
}

/// Marks a cursor as the change feed's, so no other listing's cursor is misread as one.
#[derive(Debug, Serialize, Deserialize)]
enum Listing {
    #[serde(rename = "changes")]
    Changes,
}

/// What a `since` cursor holds: the position (instant in microseconds, sequence number) of
/// the last entry read, or nothing before the first.
#[derive(Debug, Serialize, Deserialize)]
struct Since(Listing, Option<(i64, i64)>);

/// The change feed: every change to what the public sees, in the order it took effect.
///
/// For mirrors. Start without `since` and apply each entry in order: `published` and
/// `updated` carry the publication exactly as `GET /publications/{slug}` shows it (store it
/// under `slug`); `withdrawn` and `removed` are tombstones (drop `slug`). Then pass
/// `next_cursor` as `since`. While `has_more` is true there is more to read now; when it is
/// false, keep `next_cursor` and poll with it later.
///
/// **Order and guarantees.** Entries are ordered by the instant they took effect, then by a
/// sequence number. A mirror that applies every entry from the beginning, or from any cursor
/// this endpoint gave it, holds exactly the public publications once it reaches the end
/// (`has_more` false), as they stood a second before. The log
/// is compacted per slug (only the latest word on each slug is kept), so a reader may skip
/// intermediate versions and may meet an item first as `updated`: treat `published` and
/// `updated` alike. A scheduled publication appears at its `published_at`, never before; a
/// draft that was never public never appears; a rename is a `removed` for the old slug and a
/// `published` for the new one. Entries are served once they are one second old, so the feed
/// trails the site by about a second and a write never lands before a position a client has
/// already read (assuming the servers sharing the database keep clocks within that second).
/// A cursor stays valid however much is written after it; a malformed or altered one is a 400
/// naming `since`.
#[utoipa::path(
    operation_id = "list_changes",
    tag = "changes",
    params(ChangesQuery),
    responses(
        (status = 200, description = "The entries after `since`", body = ChangesPage,
            headers(("ETag" = String, description = "Strong validator for If-None-Match"))),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "`since` is not a cursor this server issued, `limit` is out of range, or a parameter is unknown",
            body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/changes")]
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiQuery(query): ApiQuery<ChangesQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            &format!("must be between 1 and {MAX_LIMIT}"),
        ));
    }
    // An empty `since=` never gets here: `query::parse` drops it as absent.
    let since = match query.since.as_deref() {
        None => None,
        Some(text) => after_position(&state.cursor_key, text).map_err(|e| e.for_param("since"))?,
    };
    let now = state.clock.now();
    let cursor_key = state.cursor_key.clone();
    let rendered = if since.is_some() {
        let page = db::run(&state.pool, move |conn| {
            let zone = site::current(conn)?.zone()?;
            read_page(conn, &cursor_key, since, limit, zone, now)
        });
        Arc::new(page.await?)
    } else {
        // From the start, everyone reads the same page: memoised. The log changes only with
        // a write to the publications (which bumps the version) or a move of the home zone
        // (in the key), and grows with no write only at `changes_at`.
        let site = db::run(&state.pool, |conn| Ok(site::current(conn)?)).await?;
        let zone = site.zone()?;
        let key = format!("changes?limit={limit}\n{}", site.home_time_zone);
        let compute = db::run(&state.pool, move |conn| {
            read_page(conn, &cursor_key, None, limit, zone, now)
        });
        let version = site.publications_version;
        state
            .memos
            .responses
            .get_or_compute(key, version, now.naive_utc(), compute)
            .await?
    };
    let changes_at = rendered.changes_at.map(|t| t.and_utc());
    let freshness = Freshness::until(now, changes_at, rendered.max_age);
    Ok(cached_bytes(
        &req,
        rendered.body.clone(),
        &rendered.etag,
        "application/json",
        freshness,
        |_| {},
    ))
}

/// Reads and renders the page after `since`.
fn read_page(
    conn: &mut Conn,
    key: &CursorKey,
    since: Option<(NaiveDateTime, i64)>,
    limit: u32,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Rendered, ApiError> {
    let horizon = stored_instant(now - SETTLE);
    let mut entries = log::page(conn, since, horizon, i64::from(limit) + 1)?;
    let has_more = entries.len() > limit as usize;
    entries.truncate(limit as usize);
    let ids: Vec<i64> = entries.iter().filter_map(|e| e.publication_id).collect();
    let rows: HashMap<i64, FullRow> = crate::db::publications::full_by_ids(conn, &ids)?
        .into_iter()
        .map(|row| (row.summary.id, row))
        .collect();
    let changes = entries
        .iter()
        .map(|e| render(e, &rows, zone, now))
        .collect::<Result<Vec<_>, _>>()?;
    let last = entries.last().map(|e| (e.effective_at, e.seq)).or(since);
    // A full page only changes when an entry on it is superseded (a write); the last one
    // grows, with no write when a scheduled entry's instant is SETTLE old.
    let (changes_at, max_age) = if has_more {
        (None, CONTENT_MAX_AGE)
    } else {
        (
            log::next_due(conn, horizon)?.map(|t| t + SETTLE),
            TAIL_MAX_AGE,
        )
    };
    let position = last.map(|(at, seq)| (at.and_utc().timestamp_micros(), seq));
    let page = ChangesPage {
        changes,
        next_cursor: cursor::encode(key, &Since(Listing::Changes, position)),
        has_more,
    };
    let body = serde_json::to_vec(&page)
        .map_err(|e| ApiError::Internal(format!("the page did not serialise: {e}")))?;
    Ok(Rendered::new(body, changes_at, max_age))
}

/// The position a `since` cursor names.
fn after_position(
    key: &CursorKey,
    text: &str,
) -> Result<Option<(NaiveDateTime, i64)>, CursorError> {
    let Since(Listing::Changes, position) = cursor::decode(key, text)?;
    position
        .map(|(micros, seq)| {
            DateTime::from_timestamp_micros(micros)
                .map(|at| (at.naive_utc(), seq))
                .ok_or(CursorError::Malformed)
        })
        .transpose()
}

/// One entry as sent. An upsert whose publication is no longer public at its slug (a write
/// racing this read; its own entry comes later) is sent as the tombstone it is about to be.
fn render(
    entry: &Entry,
    rows: &HashMap<i64, FullRow>,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Change, ApiError> {
    let kind = entry
        .kind()
        .ok_or_else(|| BadRow::new(format!("change {}", entry.seq), "change", &entry.change))?;
    let public = entry
        .publication_id
        .and_then(|id| rows.get(&id))
        .filter(|row| {
            let s = &row.summary;
            s.slug == entry.slug && s.status_at(now.naive_utc()) == Status::Published
        });
    let (change, publication) = match public {
        Some(row) if kind.is_upsert() => (kind, Some(row.clone().into_publication(zone, now)?)),
        _ if kind.is_upsert() => (ChangeKind::Removed, None),
        _ => (kind, None),
    };
    Ok(Change {
        slug: entry.slug.clone(),
        change,
        at: entry.effective_at.and_utc(),
        publication,
    })
}
