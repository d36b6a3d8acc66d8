//! Queries for site settings and contacts, and the reading of a stored time zone (the
//! site's home zone, a clock's or a counter's).

use chrono_tz::Tz;
use diesel::prelude::*;

use super::conn::{BadRow, Conn};
use super::schema::{contacts, site};

/// The stored site settings.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = site)]
pub struct SiteRow {
    pub name: String,
    pub home_time_zone: String,
    /// Changes whenever any publication does (kept by database triggers).
    pub publications_version: i64,
}

impl Default for SiteRow {
    /// What an empty installation calls itself until staff name it.
    fn default() -> Self {
        SiteRow {
            name: "Chancery".to_owned(),
            home_time_zone: "UTC".to_owned(),
            publications_version: 0,
        }
    }
}

impl SiteRow {
    /// The home time zone, in which the site's dates are read.
    pub fn zone(&self) -> Result<Tz, BadRow> {
        stored_zone(&self.home_time_zone, "home_time_zone", || {
            "the site".to_owned()
        })
    }
}

/// A stored zone name as a zone; a bad one is the database's fault, not the client's. `row`
/// says whose `field` it is.
pub fn stored_zone(
    name: &str,
    field: &'static str,
    row: impl FnOnce() -> String,
) -> Result<Tz, BadRow> {
    chancery_shared::time::parse_zone(name).map_err(|e| BadRow::new(row(), field, e))
}

/// A stored contact.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contacts)]
pub struct ContactRow {
    pub label: String,
    pub phone: String,
}

/// The site settings, with the defaults before the database was first set up.
pub fn current(conn: &mut Conn) -> QueryResult<SiteRow> {
    Ok(get(conn)?.unwrap_or_default())
}

/// The site settings, or `None` before the database was first set up.
pub fn get(conn: &mut Conn) -> QueryResult<Option<SiteRow>> {
    site::table
        .select(SiteRow::as_select())
        .first(conn)
        .optional()
}

/// Contacts in display order.
pub fn contacts(conn: &mut Conn) -> QueryResult<Vec<ContactRow>> {
    contacts::table
        .order((contacts::position.asc(), contacts::id.asc()))
        .select(ContactRow::as_select())
        .load(conn)
}
