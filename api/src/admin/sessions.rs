//! A user's signed-in sessions: listed to the user and to admins (never with a secret), and
//! ended one at a time or all at once, each ending audited. Ending "all" spares the session
//! the request came with, so "sign out everywhere else" never signs out the person asking.

use chancery_shared::staff::{Actor, SessionInfo};
use chrono::{DateTime, Utc};
use diesel::Connection;
use serde_json::json;

use super::{StaffError, record, users};
use crate::db::audit::AuditAction;
use crate::db::{Conn, sessions};

/// `user`'s unexpired sessions, newest first; `current` marks the one the request came with.
pub fn list(
    conn: &mut Conn,
    user: &str,
    current: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Vec<SessionInfo>, StaffError> {
    let user = users::get(conn, user)?;
    let rows = sessions::of_user(conn, &user.name, now.naive_utc())?;
    Ok(rows
        .into_iter()
        .map(|row| SessionInfo {
            id: row.id,
            created_at: row.created_at.and_utc(),
            expires_at: row.expires_at.and_utc(),
            last_seen_at: row.last_seen_at.map(|at| at.and_utc()),
            user_agent: row.user_agent,
            current: Some(row.id) == current,
        })
        .collect())
}

/// Ends `user`'s session `id` at once.
pub fn end(
    conn: &mut Conn,
    actor: &Actor,
    user: &str,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), StaffError> {
    let user = users::get(conn, user)?;
    conn.transaction(|conn| {
        if !sessions::delete_one(conn, &user.name, id)? {
            return Err(StaffError::NotFound(format!(
                "`{}` has no session {id}",
                user.name
            )));
        }
        let detail = json!({"session": id});
        record(
            conn,
            now,
            actor,
            AuditAction::SessionRevoke,
            &user.name,
            Some(detail),
        )
    })
}

/// Ends every session of `user` but `keep`; returns how many ended.
pub fn end_all(
    conn: &mut Conn,
    actor: &Actor,
    user: &str,
    keep: Option<i64>,
    now: DateTime<Utc>,
) -> Result<usize, StaffError> {
    let user = users::get(conn, user)?;
    conn.transaction(|conn| {
        let ended = sessions::delete_all(conn, &user.name, keep, now.naive_utc())?;
        let detail = json!({"sessions_ended": ended});
        record(
            conn,
            now,
            actor,
            AuditAction::SessionRevokeAll,
            &user.name,
            Some(detail),
        )?;
        Ok(ended)
    })
}
