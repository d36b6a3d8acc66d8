//! Queries for the sitemap: how many publications are public, and a slice of them, oldest
//! first, so that new ones join the last sitemap file instead of shifting every other.

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

/// (slug, last change) of public publications, oldest first, `limit` after skipping `offset`.
pub fn public_slice(
    conn: &mut Conn,
    now: NaiveDateTime,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    let rows: Vec<(String, NaiveDateTime, NaiveDateTime)> = publications::table
        .filter(publications::status.eq(StoredStatus::Published))
        .filter(publications::published_at.le(now))
        .order((publications::published_at.asc(), publications::id.asc()))
        .offset(offset)
        .limit(limit)
        .select((
            publications::slug,
            publications::updated_at,
            publications::published_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(slug, updated, published)| (slug, updated.max(published)))
        .collect())
}
