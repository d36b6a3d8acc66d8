//! Queries for reading publications: a filtered, numbered page (newest first, id as the
//! tie-break), one by slug, the featured one and the latest few for the home page.

use chancery_shared::publication::{
    Block, Kind, Neighbour, Publication, PublicationRecord, PublicationSummary, Status, UnknownKind,
};
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;

use super::schema::{publication_speakers, publication_tags, publications, tags};
use super::search::Matches;
use super::{Conn, MultiBackend, budget};

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
    /// Only rows stored with this status (`draft`, `published`, `withdrawn`).
    pub stored_status: Option<&'static str>,
    /// Only rows published after this instant (with `stored_status` published: scheduled).
    pub published_after: Option<NaiveDateTime>,
    /// Only rows this staff member wrote (a contributor's own drafts).
    pub author: Option<String>,
    /// Only rows a full-text search matches.
    pub search: Option<Matches>,
}

impl Filter {
    /// What the filter selects, without the instant it is read at: the key its [`ListIndex`]
    /// is memoised under. The instant is left out because the index records itself when it
    /// stops being true (`valid_until`); with it, every request would miss.
    pub fn memo_key(&self) -> String {
        let timeless = Filter {
            visible_at: self.visible_at.map(|_| NaiveDateTime::MIN),
            published_after: self.published_after.map(|_| NaiveDateTime::MIN),
            ..self.clone()
        };
        format!("{timeless:?}")
    }

    /// Narrows to what a status shows at `now`; `None` is what the public sees.
    pub fn showing(self, status: Option<Status>, now: NaiveDateTime) -> Filter {
        match status {
            None | Some(Status::Published) => Filter {
                visible_at: Some(now),
                ..self
            },
            Some(Status::Scheduled) => Filter {
                stored_status: Some(PUBLISHED),
                published_after: Some(now),
                ..self
            },
            Some(Status::Draft) => Filter {
                stored_status: Some("draft"),
                ..self
            },
            Some(Status::Withdrawn) => Filter {
                stored_status: Some("withdrawn"),
                ..self
            },
        }
    }
}

/// The stored status of everything public (and of everything scheduled).
pub const PUBLISHED: &str = "published";

/// A stored status as the wire type; scheduled is never stored (it is derived from time).
fn stored_status(text: &str) -> Option<Status> {
    match text {
        "draft" => Some(Status::Draft),
        "withdrawn" => Some(Status::Withdrawn),
        PUBLISHED => Some(Status::Published),
        _ => None,
    }
}

/// The columns a list needs (no body).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = publications)]
pub struct SummaryRow {
    pub id: i64,
    pub slug: String,
    pub status: String,
    pub lang: String,
    pub translation_group: Option<String>,
    pub kind: String,
    pub title: String,
    pub lead: String,
    pub speakers: String,
    pub tags: String,
    pub place: Option<String>,
    pub occurred_on: Option<chrono::NaiveDate>,
    pub published_at: NaiveDateTime,
    pub featured: bool,
    pub updated_at: NaiveDateTime,
}

/// A whole publication row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = publications)]
pub struct FullRow {
    #[diesel(embed)]
    pub summary: SummaryRow,
    pub body: String,
    pub change_note: Option<String>,
    pub author: Option<String>,
}

/// A stored value the server cannot interpret; always the database's fault, never the client's.
#[derive(Debug, thiserror::Error)]
#[error("publication `{slug}` has an invalid {field}: {reason}")]
pub struct BadRow {
    pub slug: String,
    pub field: &'static str,
    pub reason: String,
}

impl SummaryRow {
    /// Converts to the wire type, dating it in the site's home zone; a published row whose
    /// time has not come by `now` is reported as scheduled.
    pub fn into_summary(self, home: Tz, now: DateTime<Utc>) -> Result<PublicationSummary, BadRow> {
        let bad = |field, reason: String| BadRow {
            slug: self.slug.clone(),
            field,
            reason,
        };
        let kind = self
            .kind
            .parse::<Kind>()
            .map_err(|e| bad("kind", e.to_string()))?;
        let speakers: Vec<String> =
            serde_json::from_str(&self.speakers).map_err(|e| bad("speakers", e.to_string()))?;
        let tags: Vec<String> =
            serde_json::from_str(&self.tags).map_err(|e| bad("tags", e.to_string()))?;
        let published_at = self.published_at.and_utc();
        let status = match stored_status(&self.status) {
            Some(Status::Published) if published_at > now => Status::Scheduled,
            Some(status) => status,
            None => return Err(bad("status", format!("unknown status `{}`", self.status))),
        };
        Ok(PublicationSummary {
            published_on: chancery_shared::time::local_date(home, published_at),
            slug: self.slug,
            lang: self.lang,
            translation_group: self.translation_group,
            status,
            kind,
            title: self.title,
            lead: self.lead,
            speakers,
            place: self.place,
            occurred_on: self.occurred_on,
            published_at,
            updated_at: self.updated_at.and_utc(),
            featured: self.featured,
            tags,
            snippet: None,
        })
    }
}

impl FullRow {
    /// Converts to the wire type, body included.
    pub fn into_publication(self, home: Tz, now: DateTime<Utc>) -> Result<Publication, BadRow> {
        let body: Vec<Block> = serde_json::from_str(&self.body).map_err(|e| BadRow {
            slug: self.summary.slug.clone(),
            field: "body",
            reason: e.to_string(),
        })?;
        Ok(Publication {
            summary: self.summary.into_summary(home, now)?,
            body,
            change_note: self.change_note,
        })
    }
}

impl FullRow {
    /// The record this row stores, as import reads it and revisions keep it.
    pub fn to_record(&self) -> Result<PublicationRecord, BadRow> {
        let s = &self.summary;
        let bad = |field, reason: String| BadRow {
            slug: s.slug.clone(),
            field,
            reason,
        };
        let status = stored_status(&s.status)
            .ok_or_else(|| bad("status", format!("unknown status `{}`", s.status)))?;
        Ok(PublicationRecord {
            slug: Some(s.slug.clone()),
            lang: s.lang.clone(),
            translation_group: s.translation_group.clone(),
            status,
            kind: s
                .kind
                .parse()
                .map_err(|e: UnknownKind| bad("kind", e.to_string()))?,
            title: s.title.clone(),
            lead: s.lead.clone(),
            speakers: serde_json::from_str(&s.speakers)
                .map_err(|e| bad("speakers", e.to_string()))?,
            place: s.place.clone(),
            occurred_on: s.occurred_on,
            published_at: s.published_at.and_utc(),
            featured: s.featured,
            tags: serde_json::from_str(&s.tags).map_err(|e| bad("tags", e.to_string()))?,
            body: serde_json::from_str(&self.body).map_err(|e| bad("body", e.to_string()))?,
        })
    }
}

/// A neighbouring publication's link text.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = publications)]
pub struct NeighbourRow {
    pub slug: String,
    pub title: String,
    pub published_at: NaiveDateTime,
}

impl NeighbourRow {
    /// Converts to the wire type, dating it in the site's home zone.
    pub fn into_neighbour(self, home: Tz) -> Neighbour {
        Neighbour {
            published_on: chancery_shared::time::local_date(home, self.published_at.and_utc()),
            slug: self.slug,
            title: self.title,
        }
    }
}

/// The public publications just newer and just older than `row` in the list's order, as
/// they stand at `visible_at`.
pub fn neighbours(
    conn: &mut Conn,
    row: &SummaryRow,
    visible_at: NaiveDateTime,
) -> QueryResult<(Option<NeighbourRow>, Option<NeighbourRow>)> {
    use publications::{id, published_at, status};
    let (at, key) = (row.published_at, row.id);
    // Each side has a plain range bound so the planner seeks on the ordering index.
    let newer = publications::table
        .filter(status.eq(PUBLISHED))
        .filter(published_at.le(visible_at))
        .filter(published_at.ge(at))
        .filter(published_at.gt(at).or(published_at.eq(at).and(id.gt(key))))
        .order((published_at.asc(), id.asc()))
        .select(NeighbourRow::as_select())
        .first(conn)
        .optional()?;
    let older = publications::table
        .filter(status.eq(PUBLISHED))
        .filter(published_at.le(at))
        .filter(published_at.lt(at).or(published_at.eq(at).and(id.lt(key))))
        .order((published_at.desc(), id.desc()))
        .select(NeighbourRow::as_select())
        .first(conn)
        .optional()?;
    Ok((newer, older))
}

type Boxed<'a> = publications::BoxedQuery<'a, MultiBackend>;

pub(super) fn filtered(filter: &Filter) -> Boxed<'_> {
    let mut query = publications::table.into_boxed();
    if !filter.kinds.is_empty() {
        let kinds: Vec<&str> = filter.kinds.iter().map(|k| k.as_str()).collect();
        query = query.filter(publications::kind.eq_any(kinds));
    }
    if let Some(tag) = &filter.tag {
        query = query.filter(
            publications::id.eq_any(
                publication_tags::table
                    .inner_join(tags::table)
                    .filter(tags::slug.eq(tag))
                    .select(publication_tags::publication_id),
            ),
        );
    }
    if let Some(key) = &filter.speaker_key {
        query = query.filter(
            publications::id.eq_any(
                publication_speakers::table
                    .filter(publication_speakers::name_key.eq(key))
                    .select(publication_speakers::publication_id),
            ),
        );
    }
    if let Some(from) = filter.published_from {
        query = query.filter(publications::published_at.ge(from));
    }
    if let Some(before) = filter.published_before {
        query = query.filter(publications::published_at.lt(before));
    }
    // A bare column (not `featured = ?`) lets SQLite use the partial index on featured rows.
    match filter.featured {
        Some(true) => query = query.filter(publications::featured),
        Some(false) => query = query.filter(diesel::dsl::not(publications::featured)),
        None => {}
    }
    if let Some(id) = filter.exclude_id {
        query = query.filter(publications::id.ne(id));
    }
    if let Some(at) = filter.visible_at {
        query = query
            .filter(publications::status.eq(PUBLISHED))
            .filter(publications::published_at.le(at));
    }
    if let Some(status) = filter.stored_status {
        query = query.filter(publications::status.eq(status));
    }
    if let Some(after) = filter.published_after {
        query = query.filter(publications::published_at.gt(after));
    }
    if let Some(author) = &filter.author {
        query = query.filter(publications::author.eq(author));
    }
    if let Some(matches) = &filter.search {
        query = query.filter(matches.clone());
    }
    query
}

/// Rows between checkpoints in a [`ListIndex`]: a page never skips more than this many.
pub const STRIDE: usize = 128;

/// What numbered paging needs to know about one filter's whole result, found in one scan of
/// the ordering index: the total, and the ordering key of every `STRIDE`-th row, so that any
/// page, however deep, starts with an index seek instead of skipping every row before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListIndex {
    pub total: u64,
    /// When a scheduled publication joins a public list and this index stops being true.
    pub valid_until: Option<NaiveDateTime>,
    /// `checkpoints[j]` is the key of row `(j + 1) * STRIDE - 1`, newest first.
    checkpoints: Vec<(NaiveDateTime, i64)>,
}

impl ListIndex {
    /// How many checkpoints it keeps (what it weighs in memory).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }
}

/// Scans the filter's result once to build its [`ListIndex`].
pub fn list_index(conn: &mut Conn, filter: &Filter) -> QueryResult<ListIndex> {
    let keys = keys(conn, filter)?;
    Ok(ListIndex {
        valid_until: valid_until(conn, filter)?,
        total: u64::try_from(keys.len()).unwrap_or(u64::MAX),
        checkpoints: keys.into_iter().skip(STRIDE - 1).step_by(STRIDE).collect(),
    })
}

/// The ordering key of every row the filter selects, newest first.
pub fn keys(conn: &mut Conn, filter: &Filter) -> QueryResult<Vec<(NaiveDateTime, i64)>> {
    budget::arm(conn)?;
    filtered(filter)
        .select((publications::published_at, publications::id))
        .order((publications::published_at.desc(), publications::id.desc()))
        .load(conn)
}

/// When what the filter selects next changes without a write: public and scheduled lists
/// change when a scheduled piece's time comes.
pub fn valid_until(conn: &mut Conn, filter: &Filter) -> QueryResult<Option<NaiveDateTime>> {
    match filter.visible_at.or(filter.published_after) {
        None => Ok(None),
        Some(at) => publications::table
            .filter(publications::status.eq(PUBLISHED))
            .filter(publications::published_at.gt(at))
            .select(diesel::dsl::min(publications::published_at))
            .first::<Option<NaiveDateTime>>(conn),
    }
}

/// The summaries of `ids`, in that order (ids that no longer exist are left out).
pub fn by_ids(conn: &mut Conn, ids: &[i64]) -> QueryResult<Vec<SummaryRow>> {
    let rows: Vec<SummaryRow> = publications::table
        .filter(publications::id.eq_any(ids))
        .select(SummaryRow::as_select())
        .load(conn)?;
    let mut by_id: std::collections::HashMap<i64, SummaryRow> =
        rows.into_iter().map(|r| (r.id, r)).collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// `limit` summaries after skipping `offset`, newest first. With the filter's `index`, the
/// skip starts from the nearest checkpoint, so it is never longer than [`STRIDE`] rows.
pub fn list(
    conn: &mut Conn,
    filter: &Filter,
    index: Option<&ListIndex>,
    offset: usize,
    limit: usize,
) -> QueryResult<Vec<SummaryRow>> {
    let checkpoint = (offset / STRIDE)
        .checked_sub(1)
        .and_then(|j| index.and_then(|i| i.checkpoints.get(j)));
    let Some(&key) = checkpoint else {
        budget::arm(conn)?;
        return page_query(filtered(filter), limit, offset)
            .select(SummaryRow::as_select())
            .load(conn);
    };
    super::keyset::after(conn, filter, key, offset % STRIDE, limit)
}

/// Newest first, `limit` rows after skipping `skip`.
pub(super) fn page_query(query: Boxed<'_>, limit: usize, skip: usize) -> Boxed<'_> {
    query
        .order((publications::published_at.desc(), publications::id.desc()))
        .limit(i64::try_from(limit).unwrap_or(i64::MAX))
        .offset(i64::try_from(skip).unwrap_or(i64::MAX))
}

/// A whole publication by slug.
pub fn by_slug(conn: &mut Conn, slug: &str) -> QueryResult<Option<FullRow>> {
    publications::table
        .filter(publications::slug.eq(slug))
        .select(FullRow::as_select())
        .first(conn)
        .optional()
}

/// Whole publications by id, in no particular order.
pub fn full_by_ids(conn: &mut Conn, ids: &[i64]) -> QueryResult<Vec<FullRow>> {
    publications::table
        .filter(publications::id.eq_any(ids))
        .select(FullRow::as_select())
        .load(conn)
}

/// When the next scheduled publication goes public after `after`, if any is scheduled.
pub fn next_scheduled(conn: &mut Conn, after: NaiveDateTime) -> QueryResult<Option<NaiveDateTime>> {
    let public = Filter {
        visible_at: Some(after),
        ..Filter::default()
    };
    valid_until(conn, &public)
}

/// The newest featured publication published by `not_after`, in full.
pub fn featured(conn: &mut Conn, not_after: NaiveDateTime) -> QueryResult<Option<FullRow>> {
    publications::table
        .filter(publications::status.eq(PUBLISHED))
        .filter(publications::featured)
        .filter(publications::published_at.le(not_after))
        .order((publications::published_at.desc(), publications::id.desc()))
        .select(FullRow::as_select())
        .first(conn)
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
