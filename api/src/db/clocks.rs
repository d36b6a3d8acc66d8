//! Queries for the site's clocks.

use diesel::prelude::*;

use super::Conn;
use super::schema::clocks;

/// A stored clock: a caption and an IANA zone.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = clocks)]
pub struct ClockRow {
    pub label: String,
    pub time_zone: String,
}

/// Clocks in display order.
pub fn all(conn: &mut Conn) -> QueryResult<Vec<ClockRow>> {
    clocks::table
        .order((clocks::position.asc(), clocks::id.asc()))
        .select(ClockRow::as_select())
        .load(conn)
}
