//! Queries for the day counters.

use chrono::NaiveDate;
use chrono_tz::Tz;
use diesel::prelude::*;

use super::conn::{BadRow, Conn};
use super::schema::counters;
use super::site::stored_zone;

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

impl CounterRow {
    /// The zone whose calendar the counter counts days in.
    pub fn zone(&self) -> Result<Tz, BadRow> {
        stored_zone(&self.time_zone, "time_zone", || {
            format!("counter `{}`", self.slug)
        })
    }
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
