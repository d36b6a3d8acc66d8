//! `GET /archive`: how many public publications each year and month has, the months read in
//! the site's home time zone with exactly the bounds the list's `from`/`to` use, so that a
//! month's count is the `X-Total-Count` of its `href`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::facet::{ArchiveMonth, ArchiveYear, Counts};
use chancery_shared::page::Problem;
use chancery_shared::time::calendar_span;
use serde_json::{Value, json};

use crate::counting::{Counted, respond, tally};
use crate::db::archive as q;
use crate::db::{self, site};
use crate::error::ApiError;
use crate::params::{Filters, Takes};
use crate::query::ApiParams;
use crate::responses::ServerErrors;
use crate::selection::{DateRange, LIST, Selection};
use crate::state::AppState;

/// `/archive` is narrowed by the list's kinds, tag and speaker: the dates are what it counts.
pub enum ArchiveFilters {}

impl Takes for ArchiveFilters {
    const FILTERS: &'static [&'static str] = &["lang", "kind", "tag", "speaker"];

    fn examples() -> Vec<(&'static str, Value)> {
        vec![
            ("kind", json!(["article"])),
            ("tag", json!("victory-day")),
            ("speaker", json!("Vladimir Putin")),
        ]
    }
}

/// Public publications per year and month in the site's home time zone, newest first.
///
/// A piece published at 22:30 UTC on 31 January is in February on a site whose home is
/// Moscow. Years and months with none are left out. Dates (`from`, `to`) are not taken: they
/// are what the archive counts.
#[utoipa::path(
    operation_id = "get_archive",
    tag = "facets",
    params(Filters<ArchiveFilters>),
    responses(
        (status = 200, description = "Years newest first, each with its months newest first", body = Counts<ArchiveYear>,
            headers(("ETag" = String, description = "Strong validator for If-None-Match"))),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A parameter is malformed or unknown",
            body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/archive")]
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiParams(filters): ApiParams<Filters<ArchiveFilters>>,
) -> Result<HttpResponse, ApiError> {
    let (counts, now, valid_until) = count_months(&state, filters).await?;
    Ok(respond(&req, &counts, now, valid_until))
}

/// What `/archive` counts for `filters`, now, and until when that holds.
pub async fn count_months(
    state: &AppState,
    filters: Filters<ArchiveFilters>,
) -> Result<Counted<ArchiveYear>, ApiError> {
    let selection = filters.select()?;
    let now = state.clock.now();
    let site = db::run(&state.pool, |conn| Ok(site::current(conn)?)).await?;
    let zone = site.zone()?;
    let count = move |conn: &mut _, filter: &_| q::months(conn, filter, zone, now.naive_utc());
    let memo = &state.memos.months;
    let counted = tally(
        &state.pool,
        memo,
        ("archive", &selection),
        &site,
        now,
        count,
    )
    .await?;
    let mut years: Vec<ArchiveYear> = Vec::new();
    for &(year, month, count) in &counted.items {
        let href = |m| {
            let dates = calendar_span(year, m)
                .and_then(|(first, last)| DateRange::new(Some(first), Some(last)))
                .ok_or_else(|| {
                    ApiError::StoredData(format!("{year}-{m:?} is not a calendar month"))
                })?;
            let narrowed = Selection {
                dates,
                ..selection.clone()
            };
            Ok::<_, ApiError>(narrowed.href(LIST, &[]))
        };
        let month = ArchiveMonth {
            month,
            count,
            href: href(Some(month))?,
        };
        match years.last_mut() {
            Some(last) if last.year == year => {
                last.count += count;
                last.months.push(month);
            }
            _ => years.push(ArchiveYear {
                year,
                count,
                href: href(None)?,
                months: vec![month],
            }),
        }
    }
    Ok((Counts { items: years }, now, counted.valid_until))
}
