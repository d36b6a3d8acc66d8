//! `GET /site`: the mission's name, home time zone, today's date line and contacts.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::page::Problem;
use chancery_shared::site::{Contact, Site, tel_uri};
use chancery_shared::time::{date_line, local_date, start_of_day};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::clock::Clock;
use crate::db::{Conn, DbPool};
use crate::error::{ApiError, ServerErrors};
use crate::http::{Freshness, cached_json};
use crate::query::ApiQuery;
use crate::routes::{InstantQuery, load_site, resolve_at, with_conn};

/// The site as it reads at the instant `at`, with its home zone and that instant.
pub fn read(
    conn: &mut Conn,
    at: Option<crate::query::At>,
    now: DateTime<Utc>,
) -> Result<(Site, Tz, DateTime<Utc>), ApiError> {
    let (row, zone) = load_site(conn)?;
    let at = resolve_at(at, zone, now);
    // The date line rolls over at the home zone's midnight, wherever the reader is.
    let today = local_date(zone, at);
    let next_change_at = start_of_day(zone, today.succ_opt().unwrap_or(today));
    let contacts = crate::db::site::contacts(conn)?
        .into_iter()
        .map(|c| Contact {
            tel: tel_uri(&c.phone),
            label: c.label,
            phone: c.phone,
        })
        .collect();
    let site = Site {
        name: row.name,
        home_time_zone: row.home_time_zone,
        today,
        date_line: date_line(today),
        next_change_at,
        contacts,
    };
    Ok((site, zone, at))
}

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
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    ApiQuery(query): ApiQuery<InstantQuery>,
) -> Result<HttpResponse, ApiError> {
    let now = clock.now();
    let at = query.at;
    let (site, _, _) = with_conn(&pool, move |conn| read(conn, at, now)).await?;
    let fresh = Freshness::of_reading(at.is_some(), now, Some(site.next_change_at));
    Ok(cached_json(&req, &site, fresh, |_| {}))
}
