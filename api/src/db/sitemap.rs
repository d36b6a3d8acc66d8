//! Queries for the sitemap: how many publications are public, a slice of them, oldest first, so
//! that new ones join the last sitemap file instead of shifting every other, and the public
//! language versions of those in translation groups.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::conn::Conn;
use super::schema::publications;
use super::status::StoredStatus;

/// How many publications the public sees at `now`.
pub fn count_public(conn: &mut Conn, now: NaiveDateTime) -> QueryResult<i64> {
    publications::table
        .filter(publications::status.eq(StoredStatus::Published))
        .filter(publications::published_at.le(now))
        .count()
        .get_result(conn)
}

/// A public publication as the sitemap lists it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub slug: String,
    pub lang: String,
    pub translation_group: Option<String>,
    /// Its last change: the later of its update and its publication.
    pub lastmod: NaiveDateTime,
}

/// Public publications, oldest first, `limit` after skipping `offset`.
pub fn public_slice(
    conn: &mut Conn,
    now: NaiveDateTime,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    type Row = (String, String, Option<String>, NaiveDateTime, NaiveDateTime);
    let rows: Vec<Row> = publications::table
        .filter(publications::status.eq(StoredStatus::Published))
        .filter(publications::published_at.le(now))
        .order((publications::published_at.asc(), publications::id.asc()))
        .offset(offset)
        .limit(limit)
        .select((
            publications::slug,
            publications::lang,
            publications::translation_group,
            publications::updated_at,
            publications::published_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(slug, lang, translation_group, updated, published)| Entry {
                slug,
                lang,
                translation_group,
                lastmod: updated.max(published),
            },
        )
        .collect())
}

/// (group, language, slug) of every public publication in `groups`, by group and language.
pub fn public_versions(
    conn: &mut Conn,
    now: NaiveDateTime,
    groups: &[String],
) -> QueryResult<Vec<(String, String, String)>> {
    let rows: Vec<(Option<String>, String, String)> = publications::table
        .filter(publications::status.eq(StoredStatus::Published))
        .filter(publications::published_at.le(now))
        .filter(publications::translation_group.eq_any(groups))
        .order((
            publications::translation_group.asc(),
            publications::lang.asc(),
            publications::id.asc(),
        ))
        .select((
            publications::translation_group,
            publications::lang,
            publications::slug,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(group, lang, slug)| Some((group?, lang, slug)))
        .collect())
}
