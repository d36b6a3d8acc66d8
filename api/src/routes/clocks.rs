//! `GET /clocks`: what each of the site's clocks reads at `at` (default now), DST included.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::clock::ClockReading;
use chancery_shared::page::{Problem, Readings};

use crate::db::{self, site};
use crate::error::ApiError;
use crate::http::{Freshness, cached_json};
use crate::query::{ApiQuery, At, InstantQuery, resolve_at};
use crate::readings::{self, next_minute};
use crate::responses::ServerErrors;
use crate::state::AppState;

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
    state: web::Data<AppState>,
    ApiQuery(query): ApiQuery<InstantQuery>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let at = query.at;
    let readings = read(&state, at).await?;
    let fresh = Freshness::of_reading(at.is_some(), now, next_minute(now));
    Ok(cached_json(&req, &readings, fresh, |_| {}))
}

/// The clocks as `/clocks` reads them, at `at` (default now).
async fn read(state: &AppState, at: Option<At>) -> Result<Readings<ClockReading>, ApiError> {
    let now = state.clock.now();
    let readings = db::run(&state.pool, move |conn| {
        let at = resolve_at(at, site::current(conn)?.zone()?, now);
        Ok(Readings {
            at,
            items: readings::clocks(conn, at)?,
        })
    })
    .await?;
    Ok(readings)
}
