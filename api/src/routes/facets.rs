//! `GET /tags`, `/kinds` and `/speakers`: how many public publications have each value, as a
//! faceted search shows them. Each takes the list's other filters to narrow its counts but
//! never its own (`/tags` takes no `tag`), so every alternative stays in view; each count
//! comes with the list query (`href`) whose `X-Total-Count` it equals.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::facet::{Counts, FacetValue};
use chancery_shared::page::Problem;
use chancery_shared::publication::Kind;
use chrono::{DateTime, Utc};
use diesel::QueryResult;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::counting::{Narrowing, respond, tally};
use crate::db::conn::BadRow;
use crate::db::facets::{self as q, Tally, ValueCount};
use crate::db::list::Filter;
use crate::db::{self, Conn, site};
use crate::error::ApiError;
use crate::query::{ApiQuery, Date, KindList};
use crate::responses::ServerErrors;
use crate::state::AppState;

/// A value that is its own label, with the list of what has it.
fn plain(narrowing: &Narrowing, parameter: &'static str, value: &str, count: u64) -> FacetValue {
    FacetValue {
        value: value.to_owned(),
        label: value.to_owned(),
        count,
        href: narrowing.href(&[(parameter, value.to_owned())]),
    }
}

type CountValues = fn(&mut Conn, &Filter) -> QueryResult<Vec<ValueCount>>;

/// Counts of one facet's values under `narrowing`, now.
async fn values(
    state: &AppState,
    what: &'static str,
    narrowing: &Narrowing,
    count: CountValues,
) -> Result<(Arc<Tally<ValueCount>>, DateTime<Utc>), ApiError> {
    let now = state.clock.now();
    let site = db::run(&state.pool, |conn| Ok(site::current(conn)?)).await?;
    let filter = narrowing.filter(site.zone()?, now);
    let version = site.publications_version;
    let memo = &state.memos.values;
    let tally = tally(&state.pool, memo, (what, &filter), version, now, count).await?;
    Ok((tally, now))
}

/// Filters that narrow `/tags`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TagsQuery {
    /// Only these kinds: repeat the parameter or separate with commas.
    #[serde(default)]
    #[param(value_type = Option<Vec<Kind>>, explode = true, example = json!(["speech"]))]
    pub kind: KindList,
    /// Only publications crediting this speaker (exact name, any letter case).
    #[param(example = "Sergey Lavrov")]
    pub speaker: Option<String>,
    /// Published on or after this date (`YYYY-MM-DD`) in the site's home time zone.
    #[param(value_type = Option<String>, format = Date, example = "2020-06-01")]
    pub from: Option<Date>,
    /// Published on or before this date (`YYYY-MM-DD`) in the site's home time zone.
    #[param(value_type = Option<String>, format = Date, example = "2020-06-30")]
    pub to: Option<Date>,
}

/// Tags with how many public publications carry each, most first.
#[utoipa::path(
    operation_id = "list_tags",
    tag = "facets",
    params(TagsQuery),
    responses(
        (status = 200, description = "Tags in use, most first (ties by slug)", body = Counts<FacetValue>,
            headers(("ETag" = String, description = "Strong validator for If-None-Match"))),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A parameter is malformed or unknown (`tag` included: a facet is not narrowed by itself)",
            body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/tags")]
pub async fn tags(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiQuery(query): ApiQuery<TagsQuery>,
) -> Result<HttpResponse, ApiError> {
    let narrowing = Narrowing::new(query.kind, None, query.speaker, query.from, query.to)?;
    let (tally, now) = values(&state, "tags", &narrowing, q::tags).await?;
    let items = tally
        .items
        .iter()
        .map(|(tag, count)| plain(&narrowing, "tag", tag, *count))
        .collect();
    Ok(respond(&req, &Counts { items }, now, tally.valid_until))
}

/// Filters that narrow `/kinds`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct KindsQuery {
    /// Only publications with this tag (a slug).
    #[param(example = "victory-day")]
    pub tag: Option<String>,
    /// Only publications crediting this speaker (exact name, any letter case).
    #[param(example = "Sergey Lavrov")]
    pub speaker: Option<String>,
    /// Published on or after this date (`YYYY-MM-DD`) in the site's home time zone.
    #[param(value_type = Option<String>, format = Date, example = "2020-06-01")]
    pub from: Option<Date>,
    /// Published on or before this date (`YYYY-MM-DD`) in the site's home time zone.
    #[param(value_type = Option<String>, format = Date, example = "2020-06-30")]
    pub to: Option<Date>,
}

/// Kinds with how many public publications are of each, most first.
///
/// Kinds with none are left out, as every facet leaves out values with none (a reader that
/// lists every kind finds them all in the `Kind` schema).
#[utoipa::path(
    operation_id = "list_kinds",
    tag = "facets",
    params(KindsQuery),
    responses(
        (status = 200, description = "Kinds in use, most first (ties by name)", body = Counts<FacetValue>,
            headers(("ETag" = String, description = "Strong validator for If-None-Match"))),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A parameter is malformed or unknown (`kind` included: a facet is not narrowed by itself)",
            body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/kinds")]
pub async fn kinds(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiQuery(query): ApiQuery<KindsQuery>,
) -> Result<HttpResponse, ApiError> {
    let narrowing = Narrowing::new(
        KindList::default(),
        query.tag,
        query.speaker,
        query.from,
        query.to,
    )?;
    let (tally, now) = values(&state, "kinds", &narrowing, q::kinds).await?;
    let items = tally
        .items
        .iter()
        .map(|(name, count)| {
            let kind = name
                .parse::<Kind>()
                .map_err(|e| BadRow::new("a publication", "kind", e))?;
            Ok(FacetValue {
                label: kind.label().to_owned(),
                ..plain(&narrowing, "kind", name, *count)
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(respond(&req, &Counts { items }, now, tally.valid_until))
}

/// Filters that narrow `/speakers`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SpeakersQuery {
    /// Only these kinds: repeat the parameter or separate with commas.
    #[serde(default)]
    #[param(value_type = Option<Vec<Kind>>, explode = true, example = json!(["interview"]))]
    pub kind: KindList,
    /// Only publications with this tag (a slug).
    #[param(example = "coronavirus")]
    pub tag: Option<String>,
    /// Published on or after this date (`YYYY-MM-DD`) in the site's home time zone.
    #[param(value_type = Option<String>, format = Date, example = "2020-06-01")]
    pub from: Option<Date>,
    /// Published on or before this date (`YYYY-MM-DD`) in the site's home time zone.
    #[param(value_type = Option<String>, format = Date, example = "2020-06-30")]
    pub to: Option<Date>,
}

/// Speakers with how many public publications credit each, most first.
///
/// Names that differ only in letter case are one speaker (as in the list's `speaker` filter),
/// shown as most publications spell it.
#[utoipa::path(
    operation_id = "list_speakers",
    tag = "facets",
    params(SpeakersQuery),
    responses(
        (status = 200, description = "Speakers credited, most first (ties by name)", body = Counts<FacetValue>,
            headers(("ETag" = String, description = "Strong validator for If-None-Match"))),
        (status = 304, description = "Not modified since the ETag given in If-None-Match"),
        (status = 400, description = "A parameter is malformed or unknown (`speaker` included: a facet is not narrowed by itself)",
            body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/speakers")]
pub async fn speakers(
    req: HttpRequest,
    state: web::Data<AppState>,
    ApiQuery(query): ApiQuery<SpeakersQuery>,
) -> Result<HttpResponse, ApiError> {
    let narrowing = Narrowing::new(query.kind, query.tag, None, query.from, query.to)?;
    let (tally, now) = values(&state, "speakers", &narrowing, q::speakers).await?;
    let items = tally
        .items
        .iter()
        .map(|(speaker, count)| plain(&narrowing, "speaker", speaker, *count))
        .collect();
    Ok(respond(&req, &Counts { items }, now, tally.valid_until))
}
