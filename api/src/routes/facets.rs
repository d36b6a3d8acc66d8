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
use chancery_shared::time::start_of_day;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::QueryResult;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use crate::cache::Memo;
use crate::clock::Clock;
use crate::db::facets::{self as q, Tally, ValueCount};
use crate::db::publications::Filter;
use crate::db::{Conn, DbPool};
use crate::error::{ApiError, ServerErrors};
use crate::http::{CONTENT_MAX_AGE, Freshness, cached_json};
use crate::query::{ApiQuery, Date};
use crate::routes::publications::KindList;
use crate::routes::{load_site, tag_param, with_conn};

/// Memoised counts of kinds, tags and speakers.
pub type ValueMemo = Memo<Tally<ValueCount>>;

/// The list filters that narrow a facet, checked as the list checks them.
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    pub kinds: Vec<Kind>,
    pub tag: Option<Slug>,
    pub speaker: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The list's parameters, in the order `href`s give them.
const PARAMETERS: [&str; 5] = ["kind", "tag", "speaker", "from", "to"];

impl Narrowing {
    /// Checks the parameters: a malformed tag or a `from` after `to` is a 400 naming it.
    pub fn new(
        kind: KindList,
        tag: Option<String>,
        speaker: Option<String>,
        from: Option<Date>,
        to: Option<Date>,
    ) -> Result<Self, ApiError> {
        let tag = tag_param(tag.as_deref())?;
        let (from, to) = (from.map(|d| d.0), to.map(|d| d.0));
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(ApiError::invalid("from", "must not be after `to`"));
        }
        Ok(Narrowing {
            kinds: kind.0,
            tag,
            speaker,
            from,
            to,
        })
    }

    /// What the list shows the public at `now` for these filters, dates read in `zone`.
    pub fn filter(&self, zone: Tz, now: DateTime<Utc>) -> Filter {
        Filter {
            kinds: self.kinds.clone(),
            tag: self.tag.as_ref().map(ToString::to_string),
            speaker_key: self.speaker.as_deref().map(crate::db::write::speaker_key),
            published_from: self.from.map(|d| start_of_day(zone, d).naive_utc()),
            published_before: self
                .to
                .and_then(|d| d.succ_opt())
                .map(|d| start_of_day(zone, d).naive_utc()),
            ..Filter::default()
        }
        .showing(None, now.naive_utc())
    }

    /// The list of the publications these filters and `more` select.
    pub fn href(&self, more: &[(&'static str, String)]) -> String {
        let names = self.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>();
        let mut pairs: Vec<(&str, String)> = [
            ("kind", (!names.is_empty()).then(|| names.join(","))),
            ("tag", self.tag.as_ref().map(ToString::to_string)),
            ("speaker", self.speaker.clone()),
            ("from", self.from.map(|d| d.to_string())),
            ("to", self.to.map(|d| d.to_string())),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name, value?)))
        .chain(more.iter().cloned())
        .collect();
        pairs.sort_by_key(|(name, _)| PARAMETERS.iter().position(|p| p == name));
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in &pairs {
            query.append_pair(name, value);
        }
        format!("/api/v1/publications?{}", query.finish())
    }
}

/// Counts for `filter` at `now` from `memo` while current, else computed by `count` with a
/// connection of its own; the memo key is `what` with the filter.
pub async fn tally<T: Send + Sync + 'static>(
    pool: &web::Data<DbPool>,
    memo: &Memo<Tally<T>>,
    (what, filter): (&str, &Filter),
    version: i64,
    now: DateTime<Utc>,
    count: impl FnOnce(&mut Conn, &Filter) -> QueryResult<Vec<T>> + Send + 'static,
) -> Result<Arc<Tally<T>>, ApiError> {
    let now = now.naive_utc();
    let key = format!("{what} {}", filter.memo_key());
    let filter = filter.clone();
    let compute = with_conn(pool, move |conn| {
        Ok(Tally {
            items: count(conn, &filter)?,
            valid_until: q::next_scheduled(conn, now)?,
        })
    });
    memo.get_or_compute(key, version, now, compute).await
}

/// Answers counts with an ETag, fresh until they can next change.
pub fn respond<T: Serialize>(
    req: &HttpRequest,
    counts: &T,
    now: DateTime<Utc>,
    valid_until: Option<chrono::NaiveDateTime>,
) -> HttpResponse {
    let fresh = Freshness::until(now, valid_until.map(|t| t.and_utc()), CONTENT_MAX_AGE);
    cached_json(req, counts, fresh, |_| {})
}

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
    pool: &web::Data<DbPool>,
    clock: &Clock,
    memo: web::Data<ValueMemo>,
    what: &'static str,
    narrowing: &Narrowing,
    count: CountValues,
) -> Result<(Arc<Tally<ValueCount>>, DateTime<Utc>), ApiError> {
    let now = clock.now();
    let (site, zone) = with_conn(pool, load_site).await?;
    let filter = narrowing.filter(zone, now);
    let version = site.publications_version;
    let tally = tally(pool, &memo, (what, &filter), version, now, count).await?;
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
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    memo: web::Data<ValueMemo>,
    ApiQuery(query): ApiQuery<TagsQuery>,
) -> Result<HttpResponse, ApiError> {
    let narrowing = Narrowing::new(query.kind, None, query.speaker, query.from, query.to)?;
    let (tally, now) = values(&pool, &clock, memo, "tags", &narrowing, q::tags).await?;
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
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    memo: web::Data<ValueMemo>,
    ApiQuery(query): ApiQuery<KindsQuery>,
) -> Result<HttpResponse, ApiError> {
    let narrowing = Narrowing::new(
        KindList::default(),
        query.tag,
        query.speaker,
        query.from,
        query.to,
    )?;
    let (tally, now) = values(&pool, &clock, memo, "kinds", &narrowing, q::kinds).await?;
    let items = tally
        .items
        .iter()
        .map(|(name, count)| {
            let kind = name
                .parse::<Kind>()
                .map_err(|e| ApiError::StoredData(e.to_string()))?;
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
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    memo: web::Data<ValueMemo>,
    ApiQuery(query): ApiQuery<SpeakersQuery>,
) -> Result<HttpResponse, ApiError> {
    let narrowing = Narrowing::new(query.kind, query.tag, None, query.from, query.to)?;
    let (tally, now) = values(&pool, &clock, memo, "speakers", &narrowing, q::speakers).await?;
    let items = tally
        .items
        .iter()
        .map(|(speaker, count)| plain(&narrowing, "speaker", speaker, *count))
        .collect();
    Ok(respond(&req, &Counts { items }, now, tally.valid_until))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_keep_the_narrowing_and_add_the_value_in_the_lists_order() {
        let narrowing = Narrowing {
            kinds: vec![Kind::Speech, Kind::Article],
            speaker: Some("Sergey Lavrov".to_owned()),
            from: NaiveDate::from_ymd_opt(2020, 6, 1),
            ..Narrowing::default()
        };
        assert_eq!(
            narrowing.href(&[("tag", "victory-day".to_owned())]),
            "/api/v1/publications?kind=speech%2Carticle&tag=victory-day&speaker=Sergey+Lavrov&from=2020-06-01"
        );
        assert_eq!(
            Narrowing::default().href(&[("kind", "news".to_owned())]),
            "/api/v1/publications?kind=news"
        );
    }
}
