//! The connection every query takes: one type over SQLite (the embedded default) and
//! PostgreSQL, so each query is written once and runs on both; and what its failures mean:
//! [`BadRow`] for a stored value the server cannot interpret, [`on_unique_violation`] for a
//! write that clashes with what is stored. The files of `db/` name these from here, never
//! through `db/mod.rs`, which uses them in turn.

use diesel::result::DatabaseErrorKind;
use diesel::{PgConnection, SqliteConnection};

use crate::error::ApiError;

/// A connection to whichever database the site runs on.
#[derive(diesel::MultiConnection)]
pub enum Conn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// A stored value the server cannot interpret; always the database's fault, never the client's.
#[derive(Debug, thiserror::Error)]
#[error("{row} has an invalid {field}: {reason}")]
pub struct BadRow {
    /// Which row, in words: "publication `…`", "the site", "counter `…`".
    pub row: String,
    pub field: &'static str,
    pub reason: String,
}

impl BadRow {
    /// `row`'s `field` holds what the server cannot read, for `reason`.
    pub fn new(
        row: impl Into<String>,
        field: &'static str,
        reason: impl std::fmt::Display,
    ) -> Self {
        BadRow {
            row: row.into(),
            field,
            reason: reason.to_string(),
        }
    }
}

/// Maps a write's unique-constraint violation (a slug or a name already taken) to `taken()`;
/// any other failure stays the database's.
pub fn on_unique_violation<E: From<diesel::result::Error>>(
    taken: impl FnOnce() -> E,
) -> impl FnOnce(diesel::result::Error) -> E {
    move |error| match error {
        diesel::result::Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => taken(),
        other => other.into(),
    }
}

/// Stored data the server cannot read is its own fault: a 500 naming what is wrong.
impl From<BadRow> for ApiError {
    fn from(error: BadRow) -> Self {
        ApiError::StoredData(error.to_string())
    }
}
