//! Managing staff accounts, API tokens and sessions, shared by the command line (`chancery user
//! …`, `chancery token …`, recorded as `cli`) and by admins and users over HTTP (recorded as the
//! user or token that asked): each write checks every field, commits with its audit entry in
//! one transaction, and fails with a [`StaffError`] naming the bad field or the clash. No
//! password or token secret ever enters an error, a log line or the audit log.

pub mod sessions;
pub mod tokens;
pub mod users;

use chancery_shared::page::FieldError;
use chancery_shared::staff::Actor;
use chrono::{DateTime, Utc};
use diesel::result::Error as DieselError;

use crate::db::Conn;
use crate::db::audit::{self, AuditAction, AuditRecord};
use crate::db::conn::{BadRow, on_unique_violation};
use crate::error::ApiError;

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 12;

/// Longest password accepted: argon2 takes any length, but hashing megabytes on demand would
/// let anyone keep the server busy.
pub const MAX_PASSWORD: usize = 1024;

/// Why a staff command failed.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    /// Fields break the rules; each is listed (HTTP 422).
    #[error("{}", describe(.0))]
    Invalid(Vec<FieldError>),
    /// The name is taken, or the change would leave no active admin (HTTP 409).
    #[error("{0}")]
    Conflict(String),
    /// No user, token or session has the name (HTTP 404).
    #[error("{0}")]
    NotFound(String),
    /// The caller's copy is out of date (HTTP 412).
    #[error("{0}")]
    Stale(String),
    /// A stored row the server cannot interpret (an unknown role).
    #[error("stored data is invalid: {0}")]
    StoredData(String),
    /// Hashing a password failed; the message never holds the password.
    #[error("{0}")]
    Hashing(String),
    #[error("database error: {0}")]
    Database(#[from] DieselError),
}

fn describe(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{} {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A stored value the server cannot read (an unknown role).
impl From<BadRow> for StaffError {
    fn from(error: BadRow) -> Self {
        StaffError::StoredData(error.to_string())
    }
}

impl From<StaffError> for ApiError {
    fn from(error: StaffError) -> Self {
        match error {
            StaffError::Invalid(errors) => ApiError::Validation(errors),
            StaffError::Conflict(what) => ApiError::Conflict(what),
            StaffError::NotFound(what) => ApiError::NotFound(what),
            StaffError::Stale(what) => ApiError::PreconditionFailed(what),
            StaffError::StoredData(what) => ApiError::StoredData(what),
            StaffError::Hashing(what) => ApiError::Internal(what),
            StaffError::Database(db) => ApiError::Database(db),
        }
    }
}

/// One field's refusal.
fn invalid(field: &str, message: &str) -> StaffError {
    StaffError::Invalid(vec![FieldError::new(field, message)])
}

/// What is wrong with a new password, if anything.
fn password_errors(field: &str, password: &str) -> Vec<FieldError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD {
        vec![FieldError::new(
            field,
            &format!("must be at least {MIN_PASSWORD} characters"),
        )]
    } else if length > MAX_PASSWORD {
        vec![FieldError::new(
            field,
            &format!("must be at most {MAX_PASSWORD} characters"),
        )]
    } else {
        Vec::new()
    }
}

fn hash_password(password: &str) -> Result<String, StaffError> {
    crate::credentials::password_hash(password).map_err(|e| StaffError::Hashing(e.to_string()))
}

/// A name already taken is a conflict (409).
fn taken(what: &'static str, name: &str) -> impl FnOnce(DieselError) -> StaffError {
    let message = format!("a {what} named `{name}` already exists");
    on_unique_violation(|| StaffError::Conflict(message))
}

/// Writes one audit entry at `now`.
fn record(
    conn: &mut Conn,
    now: DateTime<Utc>,
    actor: &Actor,
    action: AuditAction,
    target: &str,
    detail: Option<serde_json::Value>,
) -> Result<(), StaffError> {
    audit::write(
        conn,
        &AuditRecord {
            at: now.naive_utc(),
            actor,
            action,
            target,
            detail,
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_must_be_long_enough_but_not_endless() {
        assert!(password_errors("password", "twelve chars").is_empty());
        assert_eq!(password_errors("password", "eleven char").len(), 1);
        let endless = "x".repeat(MAX_PASSWORD + 1);
        assert_eq!(
            password_errors("new_password", &endless)[0].field,
            "new_password"
        );
    }

    #[test]
    fn invalid_fields_read_as_one_sentence_on_the_command_line() {
        let error = StaffError::Invalid(vec![
            FieldError::new("name", "must not be blank"),
            FieldError::new("password", "must be at least 12 characters"),
        ]);
        assert_eq!(
            error.to_string(),
            "name must not be blank; password must be at least 12 characters"
        );
    }
}
