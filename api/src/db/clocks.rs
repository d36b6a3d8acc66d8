//! Queries for the site's clocks.

use chrono_tz::Tz;
use diesel::prelude::*;

use super::conn::{BadRow, Conn};
use super::schema::clocks;
use super::site::stored_zone;

/// A stored clock: a caption and an IANA zone.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = clocks)]
pub struct ClockRow {
    pub label: String,
    pub time_zone: String,
}

impl ClockRow {
    /// The zone the clock shows.
    pub fn zone(&self) -> Result<Tz, BadRow> {
        stored_zone(&self.time_zone, "time_zone", || {
            format!("clock `{}`", self.label)
        })
    }
}

/// Clocks in display order.
pub fn all(conn: &mut Conn) -> QueryResult<Vec<ClockRow>> {
    clocks::table
        .order((clocks::position.asc(), clocks::id.asc()))
        .select(ClockRow::as_select())
        .load(conn)
}
