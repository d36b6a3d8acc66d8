//! `GET /home`: everything the home page shows, read at one instant in one request.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::page::{FieldError, Problem};
use chancery_shared::site::Home;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::access::Viewer;
use crate::db;
use crate::db::list::{Filter, index};
use crate::db::publications as q;
use crate::error::ApiError;
use crate::http::{Freshness, cached_json};
use crate::query::{ApiQuery, At, lang_param};
use crate::readings;
use crate::responses::ServerErrors;
use crate::selection::{Lang, Selection};
use crate::state::AppState;

/// Most latest publications `/home` lists.
pub const MAX_LATEST: u32 = 50;

/// Query parameters of the home page.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HomeQuery {
    /// An RFC 3339 instant, or a date meaning its start in the home zone. Default: now.
    #[param(value_type = Option<String>, example = "2020-07-15T18:08:00Z")]
    pub at: Option<At>,
    /// How many latest publications to list, 1–50 (default 10).
    #[param(minimum = 1, maximum = 50, example = 10)]
    pub limit: Option<u32>,
    /// Only publications in this language (featured and latest alike), as the list's `lang`.
    #[param(
        max_length = 35,
        pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        example = "en"
    )]
    pub lang: Option<String>,
}

/// The home page: site and date line, clocks, counters, the featured publication in full and
/// the latest publications (the featured one left out).
///
/// `at` reproduces the page as it stood at any instant. Clocks, counters and the date line
/// follow a future `at` too, but publications are read as of now (`publications_at` says
/// so) unless the request comes from an editor or admin, who may preview.
#[utoipa::path(
    operation_id = "get_home",
    tag = "home",
    // Public; editors' credentials let a future `at` preview scheduled pieces.
    security((), ("bearer" = [])),
    params(HomeQuery),
    responses(
        (status = 200, description = "Everything the home page shows", body = Home),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A malformed `at`, `limit` or `lang`, or an unknown parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Credentials were sent but are unknown, revoked or expired", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/home")]
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<HomeQuery>,
) -> Result<HttpResponse, ApiError> {
    let now = state.clock.now();
    let requested = query.at;
    let preview = viewer.previews();
    let home = read(&state, viewer, query).await?;
    // A page pinned in the past stays as it was; one whose publications are read now changes
    // with the next write or the next scheduled piece, like any list.
    let pinned = requested.is_some() && home.publications_at == home.at;
    let fresh = Freshness::of_reading(pinned, now, readings::next_minute(now));
    Ok(cached_json(&req, &home, fresh, |r| {
        // An editor's preview of the future must not land in a shared cache.
        if preview && home.publications_at > now {
            r.insert_header(("Cache-Control", "private, no-store"));
        }
    }))
}

/// What `/home` answers `viewer` for `query`: the page server-rendered at `/` reads it too.
pub async fn read(state: &AppState, viewer: Viewer, query: HomeQuery) -> Result<Home, ApiError> {
    let limit = query.limit.unwrap_or(10);
    if !(1..=MAX_LATEST).contains(&limit) {
        return Err(ApiError::InvalidQuery(vec![FieldError::new(
            "limit",
            "must be between 1 and 50",
        )]));
    }
    let lang = lang_param(query.lang.as_deref())?;
    let now = state.clock.now();
    let requested = query.at;
    let home = db::run(&state.pool, move |conn| {
        let (site, zone, at) = readings::site(conn, requested, now)?;
        // Only what had been published by `at`, so past pages reproduce exactly; a future
        // `at` never shows the public what is still under embargo.
        let publications_at = viewer.publications_at(at, now);
        let visible = publications_at.naive_utc();
        let featured = q::featured(conn, visible, lang.as_ref().map(Lang::as_str))?;
        // The latest are the public list as it stood then, less the featured piece.
        let selection = Selection {
            lang,
            ..Selection::default()
        };
        let filter = Filter {
            exclude_id: featured.as_ref().map(|f| f.summary.id),
            ..selection.filter(zone, visible)
        };
        let latest = index::page(conn, &filter, None, 0, limit as usize)?
            .into_iter()
            .map(|r| r.into_summary(zone, publications_at))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Home {
            at,
            publications_at,
            clocks: readings::clocks(conn, at)?,
            counters: readings::counters(conn, requested, now)?,
            featured: featured
                .map(|row| row.into_publication(zone, publications_at))
                .transpose()?,
            latest,
            site,
        })
    })
    .await?;
    Ok(home)
}
