//! The connection every query takes: one type over SQLite (the embedded default) and
//! PostgreSQL, so each query is written once and runs on both; and [`BadRow`], what reading a
//! stored value the server cannot interpret fails with. The files of `db/` name these from
//! here, never through `db/mod.rs`, which uses them in turn.

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

/// Stored data the server cannot read is its own fault: a 500 naming what is wrong.
impl From<BadRow> for ApiError {
    fn from(error: BadRow) -> Self {
        ApiError::StoredData(error.to_string())
    }
}
