//! `GET /counters` and `GET /counters/{slug}`: whole days since each event, counted in the
//! counter's own time zone at `at` (default now), worded as the page shows them.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::counter::Counter;
use chancery_shared::page::{Problem, Readings};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::db::{self, counters, site};
use crate::error::ApiError;
use crate::http::{Freshness, cached_json};
use crate::query::{ApiQuery, At, path_slug, resolve_at};
use crate::readings;
use crate::responses::ServerErrors;
use crate::state::AppState;

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
    state: web::Data<AppState>,
    ApiQuery(query): ApiQuery<AtQuery>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let at = query.at;
    let readings = db::run(&state.pool, move |conn| {
        Ok(Readings {
            at: resolve_at(at, site::current(conn)?.zone()?, now),
            items: readings::counters(conn, at, now)?,
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
    state: web::Data<AppState>,
    slug: web::Path<String>,
    ApiQuery(query): ApiQuery<AtQuery>,
) -> Result<HttpResponse, ApiError> {
    let slug = path_slug(&slug)?;
    let now = state.clock.now();
    let at = query.at;
    let counter = db::run(&state.pool, move |conn| {
        let row = counters::by_slug(conn, slug.as_str())?
            .ok_or_else(|| ApiError::NotFound(format!("no counter has the slug `{slug}`")))?;
        Ok(readings::counter(row, at, now)?)
    })
    .await?;
    let fresh = freshness(at, now, std::slice::from_ref(&counter));
    Ok(cached_json(&req, &counter, fresh, |_| {}))
}
