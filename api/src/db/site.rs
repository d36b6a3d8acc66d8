//! Queries for site settings and contacts.

use diesel::prelude::*;

use super::Conn;
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

/// A stored contact.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contacts)]
pub struct ContactRow {
    pub label: String,
    pub phone: String,
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
