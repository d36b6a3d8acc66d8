//! The audit log: who did what to what, and when. Every staff change is written with its
//! [`AuditAction`], whose names (`publication.create`, `user.role`…) are what the log shows.

use chancery_shared::staff::Actor;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::conn::Conn;
use super::schema::audit_log;

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    /// A publication added over the API.
    PublicationCreate,
    /// A publication replaced or patched.
    PublicationUpdate,
    /// A publication withdrawn (410 to readers).
    PublicationWithdraw,
    /// A draft removed.
    PublicationDelete,
    /// A publication added by the command line (import, demo content, seed).
    PublicationImport,
    /// A user signed in.
    SessionStart,
    /// A user signed out.
    SessionEnd,
    /// A sign-in refused (wrong name or password, or a disabled user).
    SessionRefused,
    /// One of a user's sessions ended by them or an admin.
    SessionRevoke,
    /// Every other session of a user ended.
    SessionRevokeAll,
    /// The site's settings replaced.
    SettingsReplace,
    /// An API token made.
    TokenCreate,
    /// An API token revoked.
    TokenRevoke,
    /// A staff user added.
    UserAdd,
    /// A user's role changed.
    UserRole,
    /// A user disabled.
    UserDisable,
    /// A user enabled again.
    UserEnable,
    /// A user removed.
    UserRemove,
    /// A user's password set by an admin.
    UserPasswordReset,
    /// A user's own password changed.
    UserPasswordChange,
}

impl AuditAction {
    /// The name the log shows.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::PublicationCreate => "publication.create",
            AuditAction::PublicationUpdate => "publication.update",
            AuditAction::PublicationWithdraw => "publication.withdraw",
            AuditAction::PublicationDelete => "publication.delete",
            AuditAction::PublicationImport => "publication.import",
            AuditAction::SessionStart => "session.start",
            AuditAction::SessionEnd => "session.end",
            AuditAction::SessionRefused => "session.refused",
            AuditAction::SessionRevoke => "session.revoke",
            AuditAction::SessionRevokeAll => "session.revoke_all",
            AuditAction::SettingsReplace => "settings.replace",
            AuditAction::TokenCreate => "token.create",
            AuditAction::TokenRevoke => "token.revoke",
            AuditAction::UserAdd => "user.add",
            AuditAction::UserRole => "user.role",
            AuditAction::UserDisable => "user.disable",
            AuditAction::UserEnable => "user.enable",
            AuditAction::UserRemove => "user.remove",
            AuditAction::UserPasswordReset => "user.password_reset",
            AuditAction::UserPasswordChange => "user.password_change",
        }
    }
}

/// One audit entry to write.
pub struct AuditRecord<'a> {
    pub at: NaiveDateTime,
    pub actor: &'a Actor,
    pub action: AuditAction,
    pub target: &'a str,
    /// JSON: what changed. Never a password or secret.
    pub detail: Option<serde_json::Value>,
}

impl<'a> AuditRecord<'a> {
    /// An entry without detail.
    pub fn new(
        at: chrono::DateTime<chrono::Utc>,
        actor: &'a Actor,
        action: AuditAction,
        target: &'a str,
    ) -> Self {
        AuditRecord {
            at: at.naive_utc(),
            actor,
            action,
            target,
            detail: None,
        }
    }
}

/// Records who did what to what.
pub fn write(conn: &mut Conn, record: &AuditRecord<'_>) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(record.at),
            audit_log::actor_kind.eq(record.actor.kind.as_str()),
            audit_log::actor.eq(&record.actor.name),
            audit_log::action.eq(record.action.as_str()),
            audit_log::target.eq(record.target),
            audit_log::detail.eq(record.detail.as_ref().map(ToString::to_string)),
        ))
        .execute(conn)
        .map(drop)
}

/// One audit entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub at: NaiveDateTime,
    pub actor_kind: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: Option<String>,
}

/// A page of the audit log, newest first, and how many entries there are in all.
pub fn page(conn: &mut Conn, offset: i64, limit: i64) -> QueryResult<(Vec<AuditRow>, u64)> {
    let total: i64 = audit_log::table.count().get_result(conn)?;
    let rows = audit_log::table
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .select(AuditRow::as_select())
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
}
