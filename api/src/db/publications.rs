//! Publications as stored: the rows lists and pages read, their conversion to the wire types
//! (a stored value the server cannot read is a [`BadRow`]), and the reads of single
//! publications: by slug, by ids, the featured one, the neighbours and translations of one,
//! and which rows are in a language. Lists are `list/`.

use chancery_shared::publication::{
    Block, Kind, Neighbour, Publication, PublicationRecord, PublicationSummary, Status, UnknownKind,
};
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use diesel::prelude::*;
use diesel::sql_types::Bool;

use super::conn::{BadRow, Conn, MultiBackend};
use super::schema::publications;
use super::status::StoredStatus;

/// The columns a list needs (no body).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = publications)]
pub struct SummaryRow {
    pub id: i64,
    pub slug: String,
    #[diesel(deserialize_as = String)]
    pub status: StoredStatus,
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

impl SummaryRow {
    /// Its status as the API shows it at `now`; only `Published` is public.
    pub fn status_at(&self, now: NaiveDateTime) -> Status {
        self.status.at(self.published_at, now)
    }

    /// Converts to the wire type, dating it in the site's home zone; a published row whose
    /// time has not come by `now` is reported as scheduled.
    pub fn into_summary(self, home: Tz, now: DateTime<Utc>) -> Result<PublicationSummary, BadRow> {
        let bad =
            |field, reason| BadRow::new(format!("publication `{}`", self.slug), field, reason);
        let kind = self
            .kind
            .parse::<Kind>()
            .map_err(|e| bad("kind", e.to_string()))?;
        let speakers: Vec<String> =
            serde_json::from_str(&self.speakers).map_err(|e| bad("speakers", e.to_string()))?;
        let tags: Vec<String> =
            serde_json::from_str(&self.tags).map_err(|e| bad("tags", e.to_string()))?;
        let status = self.status_at(now.naive_utc());
        let published_at = self.published_at.and_utc();
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
        let body: Vec<Block> = serde_json::from_str(&self.body)
            .map_err(|e| BadRow::new(format!("publication `{}`", self.summary.slug), "body", e))?;
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
        let bad =
            |field, reason: String| BadRow::new(format!("publication `{}`", s.slug), field, reason);
        Ok(PublicationRecord {
            slug: Some(s.slug.clone()),
            lang: s.lang.clone(),
            translation_group: s.translation_group.clone(),
            status: s.status.into(),
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
        .filter(status.eq(StoredStatus::Published))
        .filter(published_at.le(visible_at))
        .filter(published_at.ge(at))
        .filter(published_at.gt(at).or(published_at.eq(at).and(id.gt(key))))
        .order((published_at.asc(), id.asc()))
        .select(NeighbourRow::as_select())
        .first(conn)
        .optional()?;
    let older = publications::table
        .filter(status.eq(StoredStatus::Published))
        .filter(published_at.le(at))
        .filter(published_at.lt(at).or(published_at.eq(at).and(id.lt(key))))
        .order((published_at.desc(), id.desc()))
        .select(NeighbourRow::as_select())
        .first(conn)
        .optional()?;
    Ok((newer, older))
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
    publications::table
        .filter(publications::status.eq(StoredStatus::Published))
        .filter(publications::published_at.gt(after))
        .select(diesel::dsl::min(publications::published_at))
        .first(conn)
}

/// The newest featured publication published by `not_after`, in full; with `lang`, the newest
/// in that language.
pub fn featured(
    conn: &mut Conn,
    not_after: NaiveDateTime,
    lang: Option<&str>,
) -> QueryResult<Option<FullRow>> {
    let mut query = publications::table
        .into_boxed()
        .filter(publications::status.eq(StoredStatus::Published))
        .filter(publications::featured)
        .filter(publications::published_at.le(not_after));
    if let Some(lang) = lang {
        query = query.filter(in_language(lang));
    }
    query
        .order((publications::published_at.desc(), publications::id.desc()))
        .select(FullRow::as_select())
        .first(conn)
        .optional()
}

/// A condition on publications (the lists' filters are made of them).
pub type Condition = Box<dyn BoxableExpression<publications::table, MultiBackend, SqlType = Bool>>;

/// Rows in the language `range`, a language tag, or in a more specific tag under it (RFC 4647
/// basic filtering): `en` takes `en` and `en-GB`, `en-GB` only `en-GB`. A range holds only
/// letters, digits and hyphens, so it has no `LIKE` wildcards. Its primary subtag is lower
/// case, as every stored one is; later subtags compare as written, except that SQLite's `LIKE`
/// ignores case when it takes the more specific tags.
pub fn in_language(range: &str) -> Condition {
    Box::new(
        publications::lang
            .eq(range.to_owned())
            .or(publications::lang.like(format!("{range}-%"))),
    )
}

/// Every row sharing the translation group `group`, but `id`.
pub fn translations(conn: &mut Conn, group: &str, id: i64) -> QueryResult<Vec<FullRow>> {
    publications::table
        .filter(publications::translation_group.eq(group))
        .filter(publications::id.ne(id))
        .order((publications::lang.asc(), publications::id.asc()))
        .select(FullRow::as_select())
        .load(conn)
}
