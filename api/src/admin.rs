//! Managing staff users and API tokens, shared by the command line (`chancery user …`,
//! `chancery token …`, recorded as `cli`) and by admins over HTTP (recorded under their own
//! name): each write checks every field, commits with its audit entry in one transaction, and
//! fails with a [`StaffError`] naming the bad field or the clash. No password or token secret
//! ever enters an error, a log line or the audit log.

use chancery_shared::page::FieldError;
use chancery_shared::staff::{CreatedToken, NewToken, NewUser, Role, TokenInfo, UserInfo};
use diesel::Connection;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::auth::{new_token, password_hash, token_hash};
use crate::db::Conn;
use crate::db::staff;
use crate::error::ApiError;

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 12;

/// Who the audit log names for what the command line does.
pub const CLI_ACTOR: &str = "cli";

/// Why a staff command failed.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    /// Fields break the rules; each is listed (HTTP 422).
    #[error("{}", describe(.0))]
    Invalid(Vec<FieldError>),
    /// The name is taken (HTTP 409).
    #[error("{0}")]
    Taken(String),
    /// No user or token has the name (HTTP 404).
    #[error("{0}")]
    NotFound(String),
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

impl From<StaffError> for ApiError {
    fn from(error: StaffError) -> Self {
        match error {
            StaffError::Invalid(errors) => ApiError::Validation(errors),
            StaffError::Taken(what) => ApiError::Conflict(what),
            StaffError::NotFound(what) => ApiError::NotFound(what),
            StaffError::StoredData(what) => ApiError::StoredData(what),
            StaffError::Hashing(what) => ApiError::Internal(what),
            StaffError::Database(db) => ApiError::Database(db),
        }
    }
}

/// What is wrong with a user's or token's name, if anything.
fn name_errors(name: &str) -> Vec<FieldError> {
    let ok = !name.trim().is_empty()
        && name.chars().count() <= 100
        && !name.chars().any(char::is_control);
    if ok {
        Vec::new()
    } else {
        vec![FieldError::new(
            "name",
            "must be 1–100 printable characters",
        )]
    }
}

fn taken(what: &'static str, name: &str) -> impl FnOnce(DieselError) -> StaffError {
    let message = format!("a {what} named `{name}` already exists");
    move |e| match e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            StaffError::Taken(message)
        }
        other => other.into(),
    }
}

fn role_of(stored: &str, owner: &str) -> Result<Role, StaffError> {
    stored
        .parse()
        .map_err(|e| StaffError::StoredData(format!("`{owner}`: {e}")))
}

fn token_info(row: staff::TokenRow) -> Result<TokenInfo, StaffError> {
    Ok(TokenInfo {
        role: role_of(&row.role, &row.name)?,
        name: row.name,
        created_at: row.created_at.and_utc(),
        revoked_at: row.revoked_at.map(|at| at.and_utc()),
    })
}

fn user_info(row: staff::UserRow) -> Result<UserInfo, StaffError> {
    Ok(UserInfo {
        role: role_of(&row.role, &row.name)?,
        name: row.name,
        created_at: row.created_at.and_utc(),
    })
}

/// Adds a staff user with an argon2id hash of the password, recorded as done by `actor`.
pub fn add_user_as(conn: &mut Conn, actor: &str, new: &NewUser) -> Result<UserInfo, StaffError> {
    let mut errors = name_errors(&new.name);
    if new.password.chars().count() < MIN_PASSWORD {
        errors.push(FieldError::new(
            "password",
            &format!("must be at least {MIN_PASSWORD} characters"),
        ));
    }
    if !errors.is_empty() {
        return Err(StaffError::Invalid(errors));
    }
    let hash = password_hash(&new.password).map_err(|e| StaffError::Hashing(e.to_string()))?;
    conn.transaction(|conn| {
        staff::insert_user(conn, &new.name, new.role.as_str(), &hash)
            .map_err(taken("user", &new.name))?;
        staff::audit(
            conn,
            actor,
            "user.add",
            &format!("{} ({})", new.name, new.role),
        )?;
        user(conn, &new.name)
    })
}

/// Creates a token, recorded as done by `actor`; the answer holds its secret, which is not
/// stored and cannot be shown again.
pub fn create_token_as(
    conn: &mut Conn,
    actor: &str,
    new: &NewToken,
) -> Result<CreatedToken, StaffError> {
    let errors = name_errors(&new.name);
    if !errors.is_empty() {
        return Err(StaffError::Invalid(errors));
    }
    let secret = new_token();
    let hash = token_hash(&secret);
    conn.transaction(|conn| {
        staff::insert_token(conn, &new.name, new.role.as_str(), &hash)
            .map_err(taken("token", &new.name))?;
        staff::audit(
            conn,
            actor,
            "token.create",
            &format!("{} ({})", new.name, new.role),
        )?;
        Ok(CreatedToken {
            info: token(conn, &new.name)?,
            token: secret,
        })
    })
}

/// Revokes the named token at once, recorded as done by `actor`. Returns whether it was live;
/// revoking a revoked token changes nothing and records nothing.
pub fn revoke_token_as(conn: &mut Conn, actor: &str, name: &str) -> Result<bool, StaffError> {
    conn.transaction(|conn| {
        if staff::revoke_token(conn, name)? {
            staff::audit(conn, actor, "token.revoke", name)?;
            Ok(true)
        } else if staff::token(conn, name)?.is_some() {
            Ok(false)
        } else {
            Err(StaffError::NotFound(format!("no token is named `{name}`")))
        }
    })
}

/// Every token, revoked ones included, newest first.
pub fn tokens(conn: &mut Conn) -> Result<Vec<TokenInfo>, StaffError> {
    staff::tokens(conn)?.into_iter().map(token_info).collect()
}

/// The named token, live or revoked.
pub fn token(conn: &mut Conn, name: &str) -> Result<TokenInfo, StaffError> {
    let row = staff::token(conn, name)?
        .ok_or_else(|| StaffError::NotFound(format!("no token is named `{name}`")))?;
    token_info(row)
}

/// Every user, newest first.
pub fn users(conn: &mut Conn) -> Result<Vec<UserInfo>, StaffError> {
    staff::users(conn)?.into_iter().map(user_info).collect()
}

/// The named user.
pub fn user(conn: &mut Conn, name: &str) -> Result<UserInfo, StaffError> {
    let row = staff::user(conn, name)?
        .ok_or_else(|| StaffError::NotFound(format!("no user is named `{name}`")))?;
    user_info(row)
}

/// `chancery user add`: [`add_user_as`] for the command line.
pub fn add_user(conn: &mut Conn, name: &str, role: Role, password: &str) -> anyhow::Result<()> {
    let new = NewUser {
        name: name.to_owned(),
        role,
        password: password.to_owned(),
    };
    add_user_as(conn, CLI_ACTOR, &new)?;
    Ok(())
}

/// `chancery token create`: [`create_token_as`] for the command line; returns the secret.
pub fn create_token(conn: &mut Conn, name: &str, role: Role) -> anyhow::Result<String> {
    let new = NewToken {
        name: name.to_owned(),
        role,
    };
    Ok(create_token_as(conn, CLI_ACTOR, &new)?.token)
}

/// `chancery token revoke`: [`revoke_token_as`] for the command line.
pub fn revoke_token(conn: &mut Conn, name: &str) -> anyhow::Result<bool> {
    Ok(revoke_token_as(conn, CLI_ACTOR, name)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_be_short_printable_and_not_blank() {
        assert!(name_errors("press-office feed").is_empty());
        assert!(name_errors(&"é".repeat(100)).is_empty());
        for bad in ["", "   ", "tab\there", &"x".repeat(101)] {
            let errors = name_errors(bad);
            assert_eq!(errors.len(), 1, "{bad:?}");
            assert_eq!(errors[0].field, "name");
        }
    }

    #[test]
    fn invalid_fields_read_as_one_sentence_on_the_command_line() {
        let error = StaffError::Invalid(vec![
            FieldError::new("name", "must be 1–100 printable characters"),
            FieldError::new("password", "must be at least 12 characters"),
        ]);
        assert_eq!(
            error.to_string(),
            "name must be 1–100 printable characters; password must be at least 12 characters"
        );
    }
}
