//! Counting what the list would show, for the facets (`/tags`, `/kinds`, `/speakers`) and the
//! archive's months: the list's filters a count is narrowed by, checked as the list checks
//! them; the list query (`href`) whose `X-Total-Count` each count equals; and the counts
//! themselves, memoised until the next write or the next scheduled publication.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse};
use chancery_shared::publication::Kind;
use chancery_shared::slug::Slug;
use chancery_shared::time::start_of_day;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use diesel::QueryResult;
use serde::Serialize;

use crate::cache::Memo;
use crate::db::facets::Tally;
use crate::db::list::Filter;
use crate::db::{self, Conn, DbPool, publications};
use crate::error::ApiError;
use crate::http::{CONTENT_MAX_AGE, Freshness, cached_json};
use crate::query::{Date, KindList, tag_param};

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
    pool: &DbPool,
    memo: &Memo<Tally<T>>,
    (what, filter): (&str, &Filter),
    version: i64,
    now: DateTime<Utc>,
    count: impl FnOnce(&mut Conn, &Filter) -> QueryResult<Vec<T>> + Send + 'static,
) -> Result<Arc<Tally<T>>, ApiError> {
    let now = now.naive_utc();
    let key = format!("{what} {}", filter.memo_key());
    let filter = filter.clone();
    let compute = db::run(pool, move |conn| {
        Ok(Tally {
            items: count(conn, &filter)?,
            valid_until: publications::next_scheduled(conn, now)?,
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
