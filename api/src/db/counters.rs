//! Queries for the day counters.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::Conn;
use super::schema::counters;

/// A stored counter definition; its value depends on the instant it is read at.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = counters)]
pub struct CounterRow {
    pub slug: String,
    pub label: String,
    pub caption: String,
    pub event_date: NaiveDate,
    pub time_zone: String,
}

/// Counters in display order.
pub fn all(conn: &mut Conn) -> QueryResult<Vec<CounterRow>> {
    counters::table
        .order((counters::position.asc(), counters::id.asc()))
        .select(CounterRow::as_select())
        .load(conn)
}

/// One counter by slug.
pub fn by_slug(conn: &mut Conn, slug: &str) -> QueryResult<Option<CounterRow>> {
    counters::table
        .filter(counters::slug.eq(slug))
        .select(CounterRow::as_select())
        .first(conn)
        .optional()
}
