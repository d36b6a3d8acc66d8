//! `GET /archive`: how many public publications each year and month has, the months read in
//! the site's home time zone with exactly the bounds the list's `from`/`to` use, so that a
//! month's count is the `X-Total-Count` of its `href`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::facet::{ArchiveMonth, ArchiveYear, Counts};
use chancery_shared::page::Problem;
use chancery_shared::publication::Kind;
use chancery_shared::time::calendar_span;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::counting::{Narrowing, respond, tally};
use crate::db::archive as q;
use crate::db::{self, site};
use crate::error::ApiError;
use crate::query::{ApiQuery, KindList};
use crate::responses::ServerErrors;
use crate::state::AppState;

/// Filters that narrow `/archive`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ArchiveQuery {
    /// Only these kinds: repeat the parameter or separate with commas.
    #[serde(default)]
    #[param(value_type = Option<Vec<Kind>>, explode = true, example = json!(["article"]))]
    pub kind: KindList,
    /// Only publications with this tag (a slug).
    #[param(example = "victory-day")]
    pub tag: Option<String>,
    /// Only publications crediting this speaker (exact name, any letter case).
    #[param(example = "Vladimir Putin")]
    pub speaker: Option<String>,
}

/// Public publications per year and month in the site's home time zone, newest first.
///
/// A piece published at 22:30 UTC on 31 January is in February on a site whose home is
/// Moscow. Years and months with none are left out. Dates (`from`, `to`) are not taken: they
/// are what the archive counts.
#[utoipa::path(
    operation_id = "get_archive",
    tag = "facets",
    params(ArchiveQuery),
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
    ApiQuery(query): ApiQuery<ArchiveQuery>,
) -> Result<HttpResponse, ApiError> {
    let narrowing = Narrowing::new(query.kind, query.tag, query.speaker, None, None)?;
    let now = state.clock.now();
    let site = db::run(&state.pool, |conn| Ok(site::current(conn)?)).await?;
    let zone = site.zone()?;
    let filter = narrowing.filter(zone, now);
    // The months depend on the zone, which staff can move without touching a publication.
    let what = format!("archive {}", zone.name());
    let count = move |conn: &mut _, filter: &_| q::months(conn, filter, zone, now.naive_utc());
    let version = site.publications_version;
    let counted = tally(
        &state.pool,
        &state.memos.months,
        (&what, &filter),
        version,
        now,
        count,
    )
    .await?;
    let mut years: Vec<ArchiveYear> = Vec::new();
    for &(year, month, count) in &counted.items {
        let href = |m| {
            let (from, to) = calendar_span(year, m).ok_or_else(|| {
                ApiError::StoredData(format!("{year}-{m:?} is not a calendar month"))
            })?;
            Ok::<_, ApiError>(narrowing.href(&[("from", from.to_string()), ("to", to.to_string())]))
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
    Ok(respond(
        &req,
        &Counts { items: years },
        now,
        counted.valid_until,
    ))
}
