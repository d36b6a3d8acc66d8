//! The staff commands behind `chancery user …` and `chancery token …`: each checks its input,
//! writes in one transaction with an audit entry, and says clearly what went wrong.

use chancery_shared::staff::Role;
use diesel::Connection;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use crate::auth::{new_token, password_hash, token_hash};
use crate::db::Conn;
use crate::db::staff;

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 12;

/// Who the audit log names for what the command line does.
const CLI_ACTOR: &str = "cli";

fn check_name(name: &str) -> anyhow::Result<()> {
    let ok = !name.trim().is_empty()
        && name.chars().count() <= 100
        && !name.chars().any(char::is_control);
    anyhow::ensure!(ok, "the name must be 1–100 printable characters");
    Ok(())
}

fn taken(what: &str, name: &str) -> impl FnOnce(DieselError) -> anyhow::Error {
    let message = format!("a {what} named `{name}` already exists");
    move |e| match e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            anyhow::anyhow!(message)
        }
        other => other.into(),
    }
}

/// Adds a staff user with an argon2id hash of `password`.
pub fn add_user(conn: &mut Conn, name: &str, role: Role, password: &str) -> anyhow::Result<()> {
    check_name(name)?;
    anyhow::ensure!(
        password.chars().count() >= MIN_PASSWORD,
        "the password must be at least {MIN_PASSWORD} characters"
    );
    let hash = password_hash(password)?;
    conn.transaction(|conn| {
        staff::insert_user(conn, name, role.as_str(), &hash).map_err(taken("user", name))?;
        staff::audit(conn, CLI_ACTOR, "user.add", &format!("{name} ({role})"))?;
        Ok(())
    })
}

/// Creates a token and returns its secret, which is not stored and cannot be shown again.
pub fn create_token(conn: &mut Conn, name: &str, role: Role) -> anyhow::Result<String> {
    check_name(name)?;
    let token = new_token();
    let hash = token_hash(&token);
    conn.transaction(|conn| {
        staff::insert_token(conn, name, role.as_str(), &hash).map_err(taken("token", name))?;
        staff::audit(conn, CLI_ACTOR, "token.create", &format!("{name} ({role})"))?;
        anyhow::Ok(())
    })?;
    Ok(token)
}

/// Revokes the named token at once.
pub fn revoke_token(conn: &mut Conn, name: &str) -> anyhow::Result<()> {
    conn.transaction(|conn| {
        anyhow::ensure!(
            staff::revoke_token(conn, name)?,
            "no live token is named `{name}`"
        );
        staff::audit(conn, CLI_ACTOR, "token.revoke", name)?;
        Ok(())
    })
}
