//! What a list selects: the one value every list query, facet count, memo key and cursor
//! fingerprint is made from, so they can never disagree. Its conditions are rendered once, as
//! one SQL expression, which ordered pages and grouped counts alike filter by.

use chancery_shared::publication::{Kind, Status};
use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;
use sha2::{Digest, Sha256};

use super::matches::Matches;
use crate::db::conn::MultiBackend;
use crate::db::schema::{publication_speakers, publication_tags, publications, tags};
use crate::db::status::StoredStatus;

/// Which publications a list shows. Instants are UTC bounds already resolved from home-zone
/// dates by the caller.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kinds: Vec<Kind>,
    pub tag: Option<String>,
    /// Lower-cased speaker name.
    pub speaker_key: Option<String>,
    pub published_from: Option<NaiveDateTime>,
    pub published_before: Option<NaiveDateTime>,
    pub featured: Option<bool>,
    pub exclude_id: Option<i64>,
    /// Only what the public sees at this instant: published, with `published_at` come.
    pub visible_at: Option<NaiveDateTime>,
    /// Only rows stored with this status.
    pub stored_status: Option<StoredStatus>,
    /// Only rows published after this instant (with `stored_status` published: scheduled).
    pub published_after: Option<NaiveDateTime>,
    /// Only rows this staff member wrote (a contributor's own drafts).
    pub author: Option<String>,
    /// Only rows a full-text search matches.
    pub search: Option<Matches>,
}

impl Filter {
    /// Narrows to what a status shows at `now`; `None` is what the public sees.
    pub fn showing(self, status: Option<Status>, now: NaiveDateTime) -> Filter {
        match status {
            None | Some(Status::Published) => Filter {
                visible_at: Some(now),
                ..self
            },
            Some(Status::Scheduled) => Filter {
                stored_status: Some(StoredStatus::Published),
                published_after: Some(now),
                ..self
            },
            Some(Status::Draft) => Filter {
                stored_status: Some(StoredStatus::Draft),
                ..self
            },
            Some(Status::Withdrawn) => Filter {
                stored_status: Some(StoredStatus::Withdrawn),
                ..self
            },
        }
    }

    /// What the filter selects, without the instant it is read at: the key its memoised
    /// index and ranking are kept under. The instant is left out because they record
    /// themselves when they stop being true (`valid_until`); with it, every request would miss.
    pub fn memo_key(&self) -> String {
        let timeless = Filter {
            visible_at: self.visible_at.map(|_| NaiveDateTime::MIN),
            published_after: self.published_after.map(|_| NaiveDateTime::MIN),
            ..self.clone()
        };
        format!("{timeless:?}")
    }

    /// A short hash of what the filter selects, independent of the instant it is read at and
    /// of how the request spelled it (kinds in any order): what a cursor carries, so that a
    /// position is never replayed in another listing. Stable across restarts and nodes.
    pub fn fingerprint(&self) -> String {
        let mut kinds: Vec<&str> = self.kinds.iter().map(|k| k.as_str()).collect();
        kinds.sort_unstable();
        let instant = |t: Option<NaiveDateTime>| t.map(|t| t.format("%FT%T%.f").to_string());
        let canonical = serde_json::json!([
            kinds,
            self.tag,
            self.speaker_key,
            instant(self.published_from),
            instant(self.published_before),
            self.featured,
            self.exclude_id,
            self.visible_at.is_some(),
            self.stored_status.map(StoredStatus::as_str),
            self.published_after.is_some(),
            self.author,
            self.search.as_ref().map(|m| [&m.fts5, &m.tsquery]),
        ]);
        let digest = Sha256::digest(canonical.to_string().as_bytes());
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A condition on publications that any query, grouped or not, can filter by.
pub type Predicate = Box<dyn BoxableExpression<publications::table, MultiBackend, SqlType = Bool>>;

/// The filter's conditions as one expression.
pub fn predicate(filter: &Filter) -> Predicate {
    // Every field is named, so a filter field added cannot be silently left out here.
    let Filter {
        kinds,
        tag,
        speaker_key,
        published_from,
        published_before,
        featured,
        exclude_id,
        visible_at,
        stored_status,
        published_after,
        author,
        search,
    } = filter.clone();
    let mut parts: Vec<Predicate> = Vec::new();
    if !kinds.is_empty() {
        let kinds: Vec<&'static str> = kinds.iter().map(|k| k.as_str()).collect();
        parts.push(Box::new(publications::kind.eq_any(kinds)));
    }
    if let Some(tag) = tag {
        parts.push(Box::new(
            publications::id.eq_any(
                publication_tags::table
                    .inner_join(tags::table)
                    .filter(tags::slug.eq(tag))
                    .select(publication_tags::publication_id),
            ),
        ));
    }
    if let Some(key) = speaker_key {
        parts.push(Box::new(
            publications::id.eq_any(
                publication_speakers::table
                    .filter(publication_speakers::name_key.eq(key))
                    .select(publication_speakers::publication_id),
            ),
        ));
    }
    if let Some(from) = published_from {
        parts.push(Box::new(publications::published_at.ge(from)));
    }
    if let Some(before) = published_before {
        parts.push(Box::new(publications::published_at.lt(before)));
    }
    // A bare column (not `featured = ?`) lets SQLite use the partial index on featured rows.
    match featured {
        Some(true) => parts.push(Box::new(publications::featured)),
        Some(false) => parts.push(Box::new(diesel::dsl::not(publications::featured))),
        None => {}
    }
    if let Some(id) = exclude_id {
        parts.push(Box::new(publications::id.ne(id)));
    }
    if let Some(at) = visible_at {
        parts.push(Box::new(publications::status.eq(StoredStatus::Published)));
        parts.push(Box::new(publications::published_at.le(at)));
    }
    if let Some(status) = stored_status {
        parts.push(Box::new(publications::status.eq(status)));
    }
    if let Some(after) = published_after {
        parts.push(Box::new(publications::published_at.gt(after)));
    }
    if let Some(author) = author {
        parts.push(Box::new(publications::author.assume_not_null().eq(author)));
    }
    if let Some(matches) = search {
        parts.push(Box::new(matches));
    }
    parts
        .into_iter()
        .reduce(|all, part| Box::new(all.and(part)))
        .unwrap_or_else(|| Box::new(sql::<Bool>("1 = 1")))
}

type Boxed<'a> = publications::BoxedQuery<'a, MultiBackend>;

/// The publications the filter selects, to be ordered and sliced.
pub(super) fn filtered(filter: &Filter) -> Boxed<'static> {
    publications::table.into_boxed().filter(predicate(filter))
}

/// Newest first (ties broken by the newest id), `limit` rows after skipping `skip`.
pub(super) fn newest_first(query: Boxed<'_>, limit: usize, skip: usize) -> Boxed<'_> {
    query
        .order((publications::published_at.desc(), publications::id.desc()))
        .limit(i64::try_from(limit).unwrap_or(i64::MAX))
        .offset(i64::try_from(skip).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn at(s: &str) -> NaiveDateTime {
        s.parse::<DateTime<Utc>>().expect("instant").naive_utc()
    }

    #[test]
    fn memo_keys_ignore_the_instant_but_not_the_selection() {
        let public = |now| Filter::default().showing(None, now);
        let earlier = public(at("2020-07-15T18:08:00Z"));
        let later = public(at("2020-07-15T18:09:00Z"));
        assert_eq!(earlier.memo_key(), later.memo_key());
        let scheduled =
            Filter::default().showing(Some(Status::Scheduled), at("2020-07-15T18:08:00Z"));
        assert_ne!(earlier.memo_key(), scheduled.memo_key());
        let speeches = Filter {
            kinds: vec![Kind::Speech],
            ..Filter::default()
        }
        .showing(None, at("2020-07-15T18:08:00Z"));
        assert_ne!(earlier.memo_key(), speeches.memo_key());
    }

    #[test]
    fn fingerprints_ignore_the_instant_and_kind_order_but_not_the_selection() {
        let kinds = |kinds: Vec<Kind>, now| {
            Filter {
                kinds,
                ..Filter::default()
            }
            .showing(None, at(now))
        };
        let a = kinds(vec![Kind::Speech, Kind::Article], "2020-07-15T18:08:00Z");
        let b = kinds(vec![Kind::Article, Kind::Speech], "2020-07-16T00:00:00Z");
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint().len(), 16);
        let speeches = kinds(vec![Kind::Speech], "2020-07-15T18:08:00Z");
        assert_ne!(a.fingerprint(), speeches.fingerprint());
        let drafts = Filter::default().showing(Some(Status::Draft), at("2020-07-15T18:08:00Z"));
        let public = Filter::default().showing(None, at("2020-07-15T18:08:00Z"));
        assert_ne!(drafts.fingerprint(), public.fingerprint());
        let tagged = Filter {
            tag: Some("iran".to_owned()),
            ..public.clone()
        };
        assert_ne!(tagged.fingerprint(), public.fingerprint());
        let from = Filter {
            published_from: Some(at("2020-06-01T00:00:00Z")),
            ..public.clone()
        };
        assert_ne!(from.fingerprint(), public.fingerprint());
    }
}
