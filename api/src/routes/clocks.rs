//! `GET /clocks`: what each of the site's clocks reads at `at` (default now), DST included.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::clock::{ClockReading, read_clock};
use chancery_shared::page::{Problem, Readings};
use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::clock::Clock;
use crate::db::{Conn, DbPool};
use crate::error::{ApiError, ServerErrors};
use crate::http::{Freshness, cached_json};
use crate::query::ApiQuery;
use crate::routes::{InstantQuery, load_site, resolve_at, stored_zone, with_conn};

/// Reads every clock at the instant `at`, in display order.
pub fn read_all(conn: &mut Conn, at: DateTime<Utc>) -> Result<Vec<ClockReading>, ApiError> {
    crate::db::clocks::all(conn)?
        .into_iter()
        .map(|row| {
            let zone = stored_zone(&row.time_zone, &format!("clock `{}` time_zone", row.label))?;
            Ok(read_clock(&row.label, zone, at))
        })
        .collect()
}

/// When a "now" reading goes stale: at the next whole minute.
pub fn next_minute(now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    now.duration_trunc(Duration::minutes(1))
        .ok()
        .map(|t| t + Duration::minutes(1))
}

/// The clocks, as read at `at`.
#[utoipa::path(
    operation_id = "list_clocks",
    tag = "clocks",
    params(InstantQuery),
    responses(
        (status = 200, description = "Clock readings in display order", body = Readings<ClockReading>),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "`at` is malformed, or a parameter is unknown", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/clocks")]
pub async fn list(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    ApiQuery(query): ApiQuery<InstantQuery>,
) -> Result<HttpResponse, ApiError> {
    let now = clock.now();
    let at = query.at;
    let readings = with_conn(&pool, move |conn| {
        let (_, home) = load_site(conn)?;
        let at = resolve_at(at, home, now);
        Ok(Readings {
            at,
            items: read_all(conn, at)?,
        })
    })
    .await?;
    let fresh = Freshness::of_reading(at.is_some(), now, next_minute(now));
    Ok(cached_json(&req, &readings, fresh, |_| {}))
}
