//! A list's conditions as the database reads them: the [`Filter`] a selection makes at an
//! instant (`crate::selection::Selection::filter`), rendered once, as one SQL expression,
//! which ordered pages and grouped counts alike filter by.

use chancery_shared::publication::Kind;
use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::matches::Matches;
use crate::db::conn::MultiBackend;
use crate::db::publications::{Condition, in_language};
use crate::db::schema::{publication_speakers, publication_tags, publications, tags};
use crate::db::status::StoredStatus;

/// Which rows a query reads. Instants are UTC bounds, already resolved from home-zone dates.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A language tag: rows in it or in a more specific tag under it.
    pub lang: Option<String>,
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

/// A condition on publications that any query, grouped or not, can filter by.
pub type Predicate = Condition;

/// The filter's conditions as one expression.
pub fn predicate(filter: &Filter) -> Predicate {
    // Every field is named, so a filter field added cannot be silently left out here.
    let Filter {
        lang,
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
    if let Some(lang) = lang {
        parts.push(in_language(&lang));
    }
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
