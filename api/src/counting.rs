//! Counting what the list would show, for the facets (`/tags`, `/kinds`, `/speakers`) and the
//! archive's months: the counts in a selection, memoised under its key until the next write or
//! the next scheduled publication, and answered with an ETag, fresh until they can change.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use diesel::QueryResult;
use serde::Serialize;

use chancery_shared::facet::Counts;

use crate::cache::Memo;
use crate::db::facets::Tally;
use crate::db::list::Filter;
use crate::db::site::SiteRow;
use crate::db::{self, Conn, DbPool, publications};
use crate::error::ApiError;
use crate::http::{CONTENT_MAX_AGE, Freshness, cached_json};
use crate::selection::Selection;

/// Counts of `what` in `selection` as `site` reads it at `now`, from `memo` while current, else
/// computed by `count` with a connection of its own.
pub async fn tally<T: Send + Sync + 'static>(
    pool: &DbPool,
    memo: &Memo<Tally<T>>,
    (what, selection): (&str, &Selection),
    site: &SiteRow,
    now: DateTime<Utc>,
    count: impl FnOnce(&mut Conn, &Filter) -> QueryResult<Vec<T>> + Send + 'static,
) -> Result<Arc<Tally<T>>, ApiError> {
    let (zone, version, now) = (site.zone()?, site.publications_version, now.naive_utc());
    let key = format!("{what} {}", selection.memo_key(zone));
    let filter = selection.filter(zone, now);
    let compute = db::run(pool, move |conn| {
        Ok(Tally {
            items: count(conn, &filter)?,
            valid_until: publications::next_scheduled(conn, now)?,
        })
    });
    memo.get_or_compute(key, version, now, compute).await
}

/// A facet's counts, the instant they were counted at, and when they stop holding.
pub type Counted<T> = (Counts<T>, DateTime<Utc>, Option<chrono::NaiveDateTime>);

/// Answers counts with an ETag, fresh until they can next change.
pub fn respond<T: Serialize>(
    req: &HttpRequest,
    counts: &T,
    now: DateTime<Utc>,
    valid_until: Option<chrono::NaiveDateTime>,
) -> HttpResponse {
    let fresh = Freshness::until(now, valid_until.map(|t| t.and_utc()), CONTENT_MAX_AGE);
    cached_json(req, counts, fresh, |_| {})
}
