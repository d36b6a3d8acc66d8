//! Writes: adding and replacing publications with their speakers, tags, search index entry and
//! revisions (and the change feed's entries, see [`super::changes`]), and setting up the site's
//! settings, clocks, counters and contacts. Callers wrap these in one transaction.

use chancery_shared::publication::PublicationRecord;
use chancery_shared::slug::Slug;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;

use super::changes;
use super::conn::Conn;
use super::conn::on_unique_violation;
use super::schema::{
    clocks, contacts, counters, publication_speakers, publication_tags, publications, revisions,
    site, tags,
};
use super::status::StoredStatus;
use crate::clock::Clock;
use crate::error::ApiError;

/// The stored columns a record sets, on insert and on update alike.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = publications, treat_none_as_null = true)]
struct PublicationValues<'a> {
    slug: &'a str,
    status: &'a str,
    lang: &'a str,
    translation_group: Option<&'a str>,
    kind: &'a str,
    title: &'a str,
    lead: &'a str,
    body: String,
    speakers: String,
    tags: String,
    place: Option<&'a str>,
    occurred_on: Option<NaiveDate>,
    published_at: chrono::NaiveDateTime,
    featured: bool,
    updated_at: chrono::NaiveDateTime,
}

impl<'a> PublicationValues<'a> {
    fn of(record: &'a PublicationRecord, slug: &'a Slug, now: chrono::NaiveDateTime) -> Self {
        PublicationValues {
            slug: slug.as_str(),
            status: StoredStatus::of(record.status).as_str(),
            lang: &record.lang,
            translation_group: record.translation_group.as_deref(),
            kind: record.kind.as_str(),
            title: record.title.trim(),
            lead: record.lead.trim(),
            body: to_json(&record.body),
            speakers: to_json(&record.speakers),
            tags: to_json(&record.tags),
            place: record.place.as_deref(),
            occurred_on: record.occurred_on,
            published_at: record.published_at.naive_utc(),
            featured: record.featured,
            updated_at: now,
        }
    }
}

/// Why a record could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("slug `{0}` is already taken")]
    SlugTaken(String),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// A unique violation on the slug becomes [`WriteError::SlugTaken`].
fn slug_clash(slug: &Slug) -> impl FnOnce(diesel::result::Error) -> WriteError {
    on_unique_violation(|| WriteError::SlugTaken(slug.to_string()))
}

/// A taken slug is the client's clash (409); anything else, the database's fault.
impl From<WriteError> for ApiError {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::SlugTaken(taken) => {
                ApiError::Conflict(format!("the slug `{taken}` is already taken"))
            }
            WriteError::Database(db) => db.into(),
        }
    }
}

/// Stores one validated record under `slug`, credited to `author`; returns its id.
pub fn insert_publication(
    conn: &mut Conn,
    record: &PublicationRecord,
    slug: &Slug,
    author: Option<&str>,
    clock: &Clock,
) -> Result<i64, WriteError> {
    let now = clock.now().naive_utc();
    diesel::insert_into(publications::table)
        .values((
            PublicationValues::of(record, slug, now),
            publications::created_at.eq(now),
            publications::author.eq(author),
        ))
        .execute(conn)
        .map_err(slug_clash(slug))?;
    let id: i64 = publications::table
        .filter(publications::slug.eq(slug.as_str()))
        .select(publications::id)
        .first(conn)?;
    link_speakers_and_tags(conn, id, record)?;
    super::search::index(conn, id, record)?;
    changes::note(conn, clock, &[slug.as_str()])?;
    Ok(id)
}

/// Replaces publication `id` with `record` (under `slug`, which may be new), noting why.
pub fn update_publication(
    conn: &mut Conn,
    id: i64,
    record: &PublicationRecord,
    slug: &Slug,
    change_note: Option<&str>,
    clock: &Clock,
) -> Result<(), WriteError> {
    let old_slug = slug_of(conn, id)?;
    let now = clock.now().naive_utc();
    diesel::update(publications::table.find(id))
        .set((
            PublicationValues::of(record, slug, now),
            publications::change_note.eq(change_note),
        ))
        .execute(conn)
        .map_err(slug_clash(slug))?;
    diesel::delete(publication_speakers::table.filter(publication_speakers::publication_id.eq(id)))
        .execute(conn)?;
    diesel::delete(publication_tags::table.filter(publication_tags::publication_id.eq(id)))
        .execute(conn)?;
    link_speakers_and_tags(conn, id, record)?;
    super::search::index(conn, id, record)?;
    changes::note(conn, clock, &[old_slug.as_str(), slug.as_str()])?;
    Ok(())
}

/// Removes publication `id` with its speakers, tags and revisions (its change feed entries
/// stay: a tombstone outlives what it marks).
pub fn delete_publication(conn: &mut Conn, id: i64, clock: &Clock) -> QueryResult<()> {
    let slug = slug_of(conn, id)?;
    // Explicit, rather than trusting ON DELETE CASCADE, which SQLite honours only when
    // foreign keys are switched on for the connection.
    diesel::delete(publication_speakers::table.filter(publication_speakers::publication_id.eq(id)))
        .execute(conn)?;
    diesel::delete(publication_tags::table.filter(publication_tags::publication_id.eq(id)))
        .execute(conn)?;
    diesel::delete(revisions::table.filter(revisions::publication_id.eq(id))).execute(conn)?;
    super::search::unindex(conn, id)?;
    diesel::delete(publications::table.find(id)).execute(conn)?;
    changes::note(conn, clock, &[slug.as_str()])
}

fn slug_of(conn: &mut Conn, id: i64) -> QueryResult<String> {
    publications::table
        .find(id)
        .select(publications::slug)
        .first(conn)
}

/// Records the speakers and tags of publication `id` for filtering.
fn link_speakers_and_tags(conn: &mut Conn, id: i64, record: &PublicationRecord) -> QueryResult<()> {
    for (position, name) in record.speakers.iter().enumerate() {
        diesel::insert_into(publication_speakers::table)
            .values((
                publication_speakers::publication_id.eq(id),
                publication_speakers::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                publication_speakers::name.eq(name.trim()),
                publication_speakers::name_key.eq(speaker_key(name)),
            ))
            .execute(conn)?;
    }
    let mut tag_slugs: Vec<&str> = record.tags.iter().map(String::as_str).collect();
    tag_slugs.sort_unstable();
    tag_slugs.dedup();
    for tag in tag_slugs {
        let tag_id = tag_id(conn, tag)?;
        diesel::insert_into(publication_tags::table)
            .values((
                publication_tags::publication_id.eq(id),
                publication_tags::tag_id.eq(tag_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Saves `record` as the next revision of publication `id`, saved at `now`; returns its number.
pub fn save_revision(
    conn: &mut Conn,
    id: i64,
    actor: &str,
    change_note: Option<&str>,
    record: &PublicationRecord,
    now: DateTime<Utc>,
) -> QueryResult<i32> {
    let last: Option<i32> = revisions::table
        .filter(revisions::publication_id.eq(id))
        .select(diesel::dsl::max(revisions::number))
        .first(conn)?;
    let number = last.unwrap_or(0) + 1;
    diesel::insert_into(revisions::table)
        .values((
            revisions::publication_id.eq(id),
            revisions::number.eq(number),
            revisions::saved_at.eq(now.naive_utc()),
            revisions::actor.eq(actor),
            revisions::change_note.eq(change_note),
            revisions::record.eq(to_json(record)),
        ))
        .execute(conn)?;
    Ok(number)
}

/// How speaker names are matched: case-insensitively, ignoring surrounding space.
pub fn speaker_key(name: &str) -> String {
    name.trim().to_lowercase()
}

fn tag_id(conn: &mut Conn, slug: &str) -> QueryResult<i64> {
    let existing = tags::table
        .filter(tags::slug.eq(slug))
        .select(tags::id)
        .first(conn)
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    diesel::insert_into(tags::table)
        .values(tags::slug.eq(slug))
        .execute(conn)?;
    tags::table
        .filter(tags::slug.eq(slug))
        .select(tags::id)
        .first(conn)
}

/// Creates the site settings row at `now`.
pub fn insert_site(
    conn: &mut Conn,
    name: &str,
    home_time_zone: &str,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(site::table)
        .values((
            site::id.eq(1_i64),
            site::name.eq(name),
            site::home_time_zone.eq(home_time_zone),
            site::updated_at.eq(now.naive_utc()),
        ))
        .execute(conn)
        .map(drop)
}

/// Appends a contact.
pub fn insert_contact(conn: &mut Conn, label: &str, phone: &str, position: i32) -> QueryResult<()> {
    diesel::insert_into(contacts::table)
        .values((
            contacts::label.eq(label),
            contacts::phone.eq(phone),
            contacts::position.eq(position),
        ))
        .execute(conn)
        .map(drop)
}

/// Appends a clock.
pub fn insert_clock(
    conn: &mut Conn,
    label: &str,
    time_zone: &str,
    position: i32,
) -> QueryResult<()> {
    diesel::insert_into(clocks::table)
        .values((
            clocks::label.eq(label),
            clocks::time_zone.eq(time_zone),
            clocks::position.eq(position),
        ))
        .execute(conn)
        .map(drop)
}

/// A counter definition to store.
pub struct NewCounter<'a> {
    pub slug: &'a str,
    pub label: &'a str,
    pub caption: &'a str,
    pub event_date: NaiveDate,
    pub time_zone: &'a str,
    pub position: i32,
}

/// Appends a counter.
pub fn insert_counter(conn: &mut Conn, c: &NewCounter<'_>) -> QueryResult<()> {
    diesel::insert_into(counters::table)
        .values((
            counters::slug.eq(c.slug),
            counters::label.eq(c.label),
            counters::caption.eq(c.caption),
            counters::event_date.eq(c.event_date),
            counters::time_zone.eq(c.time_zone),
            counters::position.eq(c.position),
        ))
        .execute(conn)
        .map(drop)
}

/// Serialises the JSON columns (string and block lists, which always serialise).
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}
