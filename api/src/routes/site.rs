//! `GET /site`: the mission's name, home time zone, today's date line and contacts.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::page::Problem;
use chancery_shared::site::Site;

use crate::db;
use crate::error::ApiError;
use crate::http::{Freshness, cached_json};
use crate::query::{ApiQuery, At, InstantQuery};
use crate::readings;
use crate::responses::ServerErrors;
use crate::state::AppState;

/// Site information, with the date line as of `at`.
#[utoipa::path(
    operation_id = "get_site",
    tag = "site",
    params(InstantQuery),
    responses(
        (status = 200, description = "The site", body = Site),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "`at` is malformed, or a parameter is unknown", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/site")]
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiQuery(query): ApiQuery<InstantQuery>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let at = query.at;
    let site = read(&state, at).await?;
    let fresh = Freshness::of_reading(at.is_some(), now, Some(site.next_change_at));
    Ok(cached_json(&req, &site, fresh, |_| {}))
}

/// The site as `/site` shows it, at `at` (default now).
pub async fn read(state: &AppState, at: Option<At>) -> Result<Site, ApiError> {
    let now = state.clock.now();
    let (site, _, _) = db::run(&state.pool, move |conn| readings::site(conn, at, now)).await?;
    Ok(site)
}
