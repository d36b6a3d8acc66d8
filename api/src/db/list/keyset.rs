//! Keyset paging over a list: the query that starts a page just after a known row (an index
//! seek on `(published_at, id)`, so a deep page costs what the first does, and rows published
//! meanwhile above that row never shift what follows it).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::filter::{Filter, filtered, newest_first};
use crate::db::budget;
use crate::db::conn::Conn;
use crate::db::publications::SummaryRow;
use crate::db::schema::publications;

/// A row's place in the list's order: newest `published_at` first, then highest id.
pub type Key = (NaiveDateTime, i64);

/// `limit` summaries that come after `key` in the list's order, skipping `skip` of them first.
pub fn after(
    conn: &mut Conn,
    filter: &Filter,
    (at, id): Key,
    skip: usize,
    limit: usize,
) -> QueryResult<Vec<SummaryRow>> {
    // The seek needs exactly one upper bound on `published_at` for the planner to start from:
    // with two bound parameters (now, and the key) it cannot tell which is tighter and may
    // scan down from the looser. So the key tightens the visibility bound itself.
    budget::arm(conn)?;
    let bounded = Filter {
        visible_at: filter.visible_at.map(|now| now.min(at)),
        ..filter.clone()
    };
    let mut query = filtered(&bounded);
    if bounded.visible_at.is_none() {
        query = query.filter(publications::published_at.le(at));
    }
    let query = query.filter(
        publications::published_at
            .lt(at)
            .or(publications::published_at
                .eq(at)
                .and(publications::id.lt(id))),
    );
    newest_first(query, limit, skip)
        .select(SummaryRow::as_select())
        .load(conn)
}

/// The key of a listed row.
pub fn key_of(row: &SummaryRow) -> Key {
    (row.published_at, row.id)
}
