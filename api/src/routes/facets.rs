//! `GET /tags`, `/kinds` and `/speakers`: how many public publications have each value, as a
//! faceted search shows them. Each takes the list's other filters to narrow its counts but
//! never its own (`/tags` takes no `tag`), so every alternative stays in view; each count
//! comes with the list query (`href`) whose `X-Total-Count` it equals.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, get, web};
use chancery_shared::facet::{Counts, FacetValue};
use chancery_shared::page::Problem;
use chancery_shared::publication::Kind;
use chancery_shared::slug::Slug;
use chrono::{DateTime, Utc};
use diesel::QueryResult;
use serde_json::{Value, json};

use crate::counting::{Counted, respond, tally};
use crate::db::conn::BadRow;
use crate::db::facets::{self as q, Tally, ValueCount};
use crate::db::list::Filter;
use crate::db::{self, Conn, site};
use crate::error::ApiError;
use crate::params::{Filters, Takes};
use crate::query::ApiParams;
use crate::responses::ServerErrors;
use crate::selection::{LIST, Selection, Speaker};
use crate::state::AppState;

/// A value that is its own label, counted in what `narrowed` selects, which is its `href`.
fn plain(value: &str, count: u64, narrowed: &Selection) -> FacetValue {
    FacetValue {
        value: value.to_owned(),
        label: value.to_owned(),
        count,
        href: narrowed.href(LIST, &[]),
    }
}

type CountValues = fn(&mut Conn, &Filter) -> QueryResult<Vec<ValueCount>>;

/// Counts of one facet's values in `selection`, now.
async fn values(
    state: &AppState,
    what: &'static str,
    selection: &Selection,
    count: CountValues,
) -> Result<(Arc<Tally<ValueCount>>, DateTime<Utc>), ApiError> {
    let now = state.clock.now();
    let site = db::run(&state.pool, |conn| Ok(site::current(conn)?)).await?;
    let memo = &state.memos.values;
    let tally = tally(&state.pool, memo, (what, selection), &site, now, count).await?;
    Ok((tally, now))
}

/// `/tags` is narrowed by every filter of the list but its own (and the list's status,
/// featured and search, as every facet).
pub enum TagFilters {}

impl Takes for TagFilters {
    const FILTERS: &'static [&'static str] = &["lang", "kind", "speaker", "from", "to"];

    fn examples() -> Vec<(&'static str, Value)> {
        vec![("kind", json!(["speech"]))]
    }
}

/// Tags with how many public publications carry each, most first.
#[utoipa::path(
    operation_id = "list_tags",
    tag = "facets",
    params(Filters<TagFilters>),
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
    ApiParams(filters): ApiParams<Filters<TagFilters>>,
) -> Result<HttpResponse, ApiError> {
    let (counts, now, valid_until) = count_tags(&state, filters).await?;
    Ok(respond(&req, &counts, now, valid_until))
}

/// `/kinds` is narrowed by every filter of the list but its own.
pub enum KindFilters {}

impl Takes for KindFilters {
    const FILTERS: &'static [&'static str] = &["lang", "tag", "speaker", "from", "to"];

    fn examples() -> Vec<(&'static str, Value)> {
        vec![("tag", json!("victory-day"))]
    }
}

/// Kinds with how many public publications are of each, most first.
///
/// Kinds with none are left out, as every facet leaves out values with none (a reader that
/// lists every kind finds them all in the `Kind` schema).
#[utoipa::path(
    operation_id = "list_kinds",
    tag = "facets",
    params(Filters<KindFilters>),
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
    ApiParams(filters): ApiParams<Filters<KindFilters>>,
) -> Result<HttpResponse, ApiError> {
    let (counts, now, valid_until) = count_kinds(&state, filters).await?;
    Ok(respond(&req, &counts, now, valid_until))
}

/// `/speakers` is narrowed by every filter of the list but its own.
pub enum SpeakerFilters {}

impl Takes for SpeakerFilters {
    const FILTERS: &'static [&'static str] = &["lang", "kind", "tag", "from", "to"];

    fn examples() -> Vec<(&'static str, Value)> {
        vec![("tag", json!("coronavirus"))]
    }
}

/// Speakers with how many public publications credit each, most first.
///
/// Names that differ only in letter case are one speaker (as in the list's `speaker` filter),
/// shown as most publications spell it.
#[utoipa::path(
    operation_id = "list_speakers",
    tag = "facets",
    params(Filters<SpeakerFilters>),
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
    ApiParams(filters): ApiParams<Filters<SpeakerFilters>>,
) -> Result<HttpResponse, ApiError> {
    let (counts, now, valid_until) = count_speakers(&state, filters).await?;
    Ok(respond(&req, &counts, now, valid_until))
}

/// What `/tags` counts for `filters`, now, and until when that holds.
pub async fn count_tags(
    state: &AppState,
    filters: Filters<TagFilters>,
) -> Result<Counted<FacetValue>, ApiError> {
    let selection = filters.select()?;
    let (tally, now) = values(state, "tags", &selection, q::tags).await?;
    let items = tally
        .items
        .iter()
        .map(|(tag, count)| {
            let tag = Slug::parse(tag).map_err(|e| BadRow::new("a tag", "slug", e))?;
            let narrowed = Selection {
                tag: Some(tag.clone()),
                ..selection.clone()
            };
            Ok(plain(tag.as_str(), *count, &narrowed))
        })
        .collect::<Result<_, ApiError>>()?;
    Ok((Counts { items }, now, tally.valid_until))
}

/// What `/kinds` counts for `filters`, now, and until when that holds.
pub async fn count_kinds(
    state: &AppState,
    filters: Filters<KindFilters>,
) -> Result<Counted<FacetValue>, ApiError> {
    let selection = filters.select()?;
    let (tally, now) = values(state, "kinds", &selection, q::kinds).await?;
    let items = tally
        .items
        .iter()
        .map(|(name, count)| {
            let kind = name
                .parse::<Kind>()
                .map_err(|e| BadRow::new("a publication", "kind", e))?;
            let narrowed = Selection {
                kinds: [kind].into(),
                ..selection.clone()
            };
            Ok(FacetValue {
                label: kind.label().to_owned(),
                ..plain(kind.as_str(), *count, &narrowed)
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok((Counts { items }, now, tally.valid_until))
}

/// What `/speakers` counts for `filters`, now, and until when that holds.
pub async fn count_speakers(
    state: &AppState,
    filters: Filters<SpeakerFilters>,
) -> Result<Counted<FacetValue>, ApiError> {
    let selection = filters.select()?;
    let (tally, now) = values(state, "speakers", &selection, q::speakers).await?;
    let items = tally
        .items
        .iter()
        .map(|(name, count)| {
            let narrowed = Selection {
                speaker: Speaker::new(name),
                ..selection.clone()
            };
            plain(name, *count, &narrowed)
        })
        .collect();
    Ok((Counts { items }, now, tally.valid_until))
}
