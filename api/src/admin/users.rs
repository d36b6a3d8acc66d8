//! Staff users through their lives: added, given another role, disabled (which ends their
//! sessions and stops their tokens at once) and enabled again, their password reset by an
//! admin or changed by themselves, and removed. Removal leaves a tombstone, so a name always
//! means one person in the audit log and a newcomer never inherits someone's drafts. No change
//! may leave the site without an active admin.

use chancery_shared::staff::{Actor, NewUser, PasswordChange, Role, UserChange, UserInfo};
use chrono::{DateTime, Utc};
use diesel::Connection;
use serde_json::json;

use super::{StaffError, hash_password, invalid, password_errors, record, taken};
use crate::credentials::verify_password;
use crate::db::audit::AuditAction;
use crate::db::{Conn, sessions, staff};
use crate::names;

fn user_info(row: staff::UserRow) -> Result<UserInfo, StaffError> {
    Ok(UserInfo {
        role: staff::stored_role(&row.role, &row.name)?,
        name: row.name,
        created_at: row.created_at.and_utc(),
        disabled_at: row.disabled_at.map(|at| at.and_utc()),
        password_changed_at: row.password_changed_at.map(|at| at.and_utc()),
    })
}

/// Every user who has not been removed, newest first.
pub fn list(conn: &mut Conn) -> Result<Vec<UserInfo>, StaffError> {
    staff::users(conn)?.into_iter().map(user_info).collect()
}

/// The named user (looked up in NFC, as names are stored).
pub fn get(conn: &mut Conn, name: &str) -> Result<UserInfo, StaffError> {
    let name = names::nfc(name);
    let row = staff::user(conn, &name)?
        .ok_or_else(|| StaffError::NotFound(format!("no user is named `{name}`")))?;
    user_info(row)
}

/// Adds a user with an argon2id hash of the password.
pub fn add(
    conn: &mut Conn,
    actor: &Actor,
    new: &NewUser,
    now: DateTime<Utc>,
) -> Result<UserInfo, StaffError> {
    let name = names::parse("name", &new.name);
    let mut errors = password_errors("password", &new.password);
    if let Err(e) = &name {
        errors.insert(0, e.clone());
    }
    let name = match name {
        Ok(name) if errors.is_empty() => name,
        _ => return Err(StaffError::Invalid(errors)),
    };
    let hash = hash_password(&new.password)?;
    conn.transaction(|conn| {
        staff::insert_user(conn, &name, new.role.as_str(), &hash, now.naive_utc())
            .map_err(taken("user", &name))?;
        record(
            conn,
            now,
            actor,
            AuditAction::UserAdd,
            &format!("{name} ({})", new.role),
            None,
        )?;
        get(conn, &name)
    })
}

/// Refuses a change that left no active admin; call after making it, in its transaction.
fn keep_an_admin(conn: &mut Conn, name: &str, what: &str) -> Result<(), StaffError> {
    if staff::active_admins(conn)? == 0 {
        return Err(StaffError::Conflict(format!(
            "`{name}` is the last active admin and cannot be {what}; make someone else an admin first"
        )));
    }
    Ok(())
}

/// Changes a user's role and whether they are disabled, after `guard` accepts the user as
/// they are (the HTTP layer checks `If-Match` there). Disabling ends their sessions and stops
/// their tokens at once; each change is audited (a role change with its from and to).
pub fn change(
    conn: &mut Conn,
    actor: &Actor,
    name: &str,
    change: &UserChange,
    now: DateTime<Utc>,
    guard: impl FnOnce(&UserInfo) -> Result<(), StaffError>,
) -> Result<UserInfo, StaffError> {
    conn.transaction(|conn| {
        staff::lock_admins(conn)?;
        let current = get(conn, name)?;
        guard(&current)?;
        let name = current.name.as_str();
        if let Some(role) = change.role.filter(|role| *role != current.role) {
            staff::set_role(conn, name, role.as_str())?;
            if current.role == Role::Admin {
                keep_an_admin(conn, name, "demoted")?;
            }
            let detail = json!({"role": {"from": current.role, "to": role}});
            record(conn, now, actor, AuditAction::UserRole, name, Some(detail))?;
        }
        match (change.disabled, current.disabled_at) {
            (Some(true), None) => {
                staff::set_disabled(conn, name, Some(now.naive_utc()))?;
                keep_an_admin(conn, name, "disabled")?;
                let ended = sessions::delete_all(conn, name, None, now.naive_utc())?;
                let stopped = staff::working_owned_tokens(conn, name, now.naive_utc())?;
                let detail = json!({"sessions_ended": ended, "tokens_stopped": stopped});
                record(
                    conn,
                    now,
                    actor,
                    AuditAction::UserDisable,
                    name,
                    Some(detail),
                )?;
            }
            (Some(false), Some(_)) => {
                staff::set_disabled(conn, name, None)?;
                record(conn, now, actor, AuditAction::UserEnable, name, None)?;
            }
            _ => {}
        }
        get(conn, name)
    })
}

/// Removes a user after `guard` accepts them as they are: they can never sign in again, their
/// sessions end and their tokens are revoked. The name stays taken.
pub fn remove(
    conn: &mut Conn,
    actor: &Actor,
    name: &str,
    now: DateTime<Utc>,
    guard: impl FnOnce(&UserInfo) -> Result<(), StaffError>,
) -> Result<(), StaffError> {
    conn.transaction(|conn| {
        staff::lock_admins(conn)?;
        let current = get(conn, name)?;
        guard(&current)?;
        let name = current.name.as_str();
        staff::set_removed(conn, name, now.naive_utc())?;
        keep_an_admin(conn, name, "removed")?;
        let ended = sessions::delete_all(conn, name, None, now.naive_utc())?;
        let revoked = staff::revoke_owned_tokens(conn, name, now.naive_utc())?;
        let detail = json!({"sessions_ended": ended, "tokens_revoked": revoked});
        record(
            conn,
            now,
            actor,
            AuditAction::UserRemove,
            name,
            Some(detail),
        )?;
        Ok(())
    })
}

/// An admin sets someone's password: every session of theirs ends (but `keep`, the one the
/// request came with, when an admin resets their own). Returns how many ended.
pub fn reset_password(
    conn: &mut Conn,
    actor: &Actor,
    name: &str,
    password: &str,
    keep: Option<i64>,
    now: DateTime<Utc>,
) -> Result<usize, StaffError> {
    let errors = password_errors("password", password);
    if !errors.is_empty() {
        return Err(StaffError::Invalid(errors));
    }
    let user = get(conn, name)?;
    let hash = hash_password(password)?;
    conn.transaction(|conn| {
        staff::set_password(conn, &user.name, &hash, now.naive_utc())?;
        let ended = sessions::delete_all(conn, &user.name, keep, now.naive_utc())?;
        let detail = json!({"sessions_ended": ended});
        record(
            conn,
            now,
            actor,
            AuditAction::UserPasswordReset,
            &user.name,
            Some(detail),
        )?;
        Ok(ended)
    })
}

/// A user changes their own password, proving they know the current one: their other
/// sessions end, the one the request came with (`keep`) stays. Returns how many ended.
pub fn change_own_password(
    conn: &mut Conn,
    actor: &Actor,
    user: &str,
    change: &PasswordChange,
    keep: Option<i64>,
    now: DateTime<Utc>,
) -> Result<usize, StaffError> {
    let (hash, _, _) = staff::user_credentials(conn, user)?
        .ok_or_else(|| StaffError::NotFound(format!("no user is named `{user}`")))?;
    if !verify_password(&hash, &change.current_password) {
        return Err(invalid("current_password", "is not your current password"));
    }
    let mut errors = password_errors("new_password", &change.new_password);
    if errors.is_empty() && change.new_password == change.current_password {
        errors.push(chancery_shared::page::FieldError::new(
            "new_password",
            "must differ from the current password",
        ));
    }
    if !errors.is_empty() {
        return Err(StaffError::Invalid(errors));
    }
    let hash = hash_password(&change.new_password)?;
    conn.transaction(|conn| {
        staff::set_password(conn, user, &hash, now.naive_utc())?;
        let ended = sessions::delete_all(conn, user, keep, now.naive_utc())?;
        let detail = json!({"sessions_ended": ended});
        record(
            conn,
            now,
            actor,
            AuditAction::UserPasswordChange,
            user,
            Some(detail),
        )?;
        Ok(ended)
    })
}
