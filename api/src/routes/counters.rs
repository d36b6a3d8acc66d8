//! `GET /counters` and `GET /counters/{slug}`: whole days since each event, counted in the
//! counter's own time zone at `at` (default now), worded as the page shows them.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::counter::{Counter, counter_text};
use chancery_shared::page::{Problem, Readings};
use chancery_shared::time::{days_since, days_since_on};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::clock::Clock;
use crate::db::counters::{self as q, CounterRow};
use crate::db::{Conn, DbPool};
use crate::error::{ApiError, ServerErrors};
use crate::http::{Freshness, cached_json};
use crate::query::{ApiQuery, At};
use crate::routes::{load_site, resolve_at, stored_zone, with_conn};

/// The instant to read at.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AtQuery {
    /// An RFC 3339 instant, or a date (`YYYY-MM-DD`) meaning that date in each counter's
    /// zone (and its start in the home zone for `at` in the response). Default: now.
    #[param(value_type = Option<String>, example = "2020-07-15T18:08:00Z")]
    pub at: Option<At>,
}

/// Reads one stored counter at `at`.
pub fn read(row: CounterRow, at: Option<At>, now: DateTime<Utc>) -> Result<Counter, ApiError> {
    let zone = stored_zone(&row.time_zone, &format!("counter `{}` time_zone", row.slug))?;
    let count = match at {
        Some(At::Date(date)) => days_since_on(row.event_date, zone, date),
        Some(At::Instant(t)) => days_since(row.event_date, zone, t),
        None => days_since(row.event_date, zone, now),
    };
    Ok(Counter {
        text: counter_text(count.days, &row.label, &row.caption),
        slug: row.slug,
        label: row.label,
        caption: row.caption,
        event_date: row.event_date,
        time_zone: row.time_zone,
        as_of: count.as_of,
        days: count.days,
        next_change_at: count.next_change_at,
    })
}

/// Reads every counter at `at`, in display order.
pub fn read_all(
    conn: &mut Conn,
    at: Option<At>,
    now: DateTime<Utc>,
) -> Result<Vec<Counter>, ApiError> {
    q::all(conn)?
        .into_iter()
        .map(|row| read(row, at, now))
        .collect()
}

/// A counter response goes stale at the earliest rollover among its counters.
fn freshness(at: Option<At>, now: DateTime<Utc>, counters: &[Counter]) -> Freshness {
    let next = counters.iter().map(|c| c.next_change_at).min();
    Freshness::of_reading(at.is_some(), now, next)
}

/// Every counter, as read at `at`.
#[utoipa::path(
    operation_id = "list_counters",
    tag = "counters",
    params(AtQuery),
    responses(
        (status = 200, description = "The counters in display order", body = Readings<Counter>),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "`at` is malformed, or a parameter is unknown", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/counters")]
pub async fn list(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    ApiQuery(query): ApiQuery<AtQuery>,
) -> Result<HttpResponse, ApiError> {
    let now = clock.now();
    let at = query.at;
    let readings = with_conn(&pool, move |conn| {
        let (_, home) = load_site(conn)?;
        Ok(Readings {
            at: resolve_at(at, home, now),
            items: read_all(conn, at, now)?,
        })
    })
    .await?;
    Ok(cached_json(
        &req,
        &readings,
        freshness(at, now, &readings.items),
        |_| {},
    ))
}

/// One counter, as read at `at`.
#[utoipa::path(
    operation_id = "get_counter",
    tag = "counters",
    params(("slug" = String, Path, description = "The counter's slug", example = "salisbury"), AtQuery),
    responses(
        (status = 200, description = "The counter", body = Counter),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A malformed slug or `at`, or an unknown parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No counter has this slug", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/counters/{slug}")]
pub async fn get(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    slug: web::Path<String>,
    ApiQuery(query): ApiQuery<AtQuery>,
) -> Result<HttpResponse, ApiError> {
    let slug = crate::routes::path_slug(&slug)?;
    let now = clock.now();
    let at = query.at;
    let counter = with_conn(&pool, move |conn| {
        let row = q::by_slug(conn, slug.as_str())?
            .ok_or_else(|| ApiError::NotFound(format!("no counter has the slug `{slug}`")))?;
        read(row, at, now)
    })
    .await?;
    let fresh = freshness(at, now, std::slice::from_ref(&counter));
    Ok(cached_json(&req, &counter, fresh, |_| {}))
}
