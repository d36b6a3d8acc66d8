//! Queries for staff: users (removed ones stay as tombstones, so a name is never reused), API
//! tokens (kept only as hashes) and publications' revisions. Every instant is the caller's
//! "now". The audit log is `audit.rs`.

use chancery_shared::staff::Role;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::conn::{BadRow, Conn};
use super::schema::{api_tokens, revisions, users};

/// A stored role as a role; an unknown one is the database's fault. `owner` names the user
/// or token it belongs to.
pub fn stored_role(stored: &str, owner: &str) -> Result<Role, BadRow> {
    stored
        .parse()
        .map_err(|e| BadRow::new(format!("`{owner}`"), "role", e))
}

/// A token as listed to admins (never with its secret).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub owner: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Adds a user; fails with a unique violation when the name is taken (by a removed user too).
pub fn insert_user(
    conn: &mut Conn,
    name: &str,
    role: &str,
    password_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values((
            users::name.eq(name),
            users::role.eq(role),
            users::password_hash.eq(password_hash),
            users::created_at.eq(now),
            users::password_changed_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// A new token's row.
pub struct NewTokenRow<'a> {
    pub name: &'a str,
    pub role: &'a str,
    pub token_hash: &'a str,
    pub owner: &'a str,
    pub expires_at: Option<NaiveDateTime>,
}

/// Adds a token by the hash of its secret; fails with a unique violation when the name is taken.
pub fn insert_token(conn: &mut Conn, new: &NewTokenRow<'_>, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::name.eq(new.name),
            api_tokens::role.eq(new.role),
            api_tokens::token_hash.eq(new.token_hash),
            api_tokens::owner.eq(new.owner),
            api_tokens::expires_at.eq(new.expires_at),
            api_tokens::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// The unrevoked token with this hash, expired or not.
pub fn unrevoked_token(conn: &mut Conn, token_hash: &str) -> QueryResult<Option<TokenRow>> {
    api_tokens::table
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .select(TokenRow::as_select())
        .first(conn)
        .optional()
}

/// Notes that token `id` proved a request at `now`, unless it already did within `since`
/// (to the minute, so a busy client does not turn every read into a write).
pub fn touch_token(
    conn: &mut Conn,
    id: i64,
    now: NaiveDateTime,
    since: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        api_tokens::table.filter(api_tokens::id.eq(id)).filter(
            api_tokens::last_used_at
                .is_null()
                .or(api_tokens::last_used_at.le(since)),
        ),
    )
    .set(api_tokens::last_used_at.eq(now))
    .execute(conn)
    .map(drop)
}

/// Revokes the named token; returns whether a live one was found.
pub fn revoke_token(conn: &mut Conn, name: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let changed = diesel::update(
        api_tokens::table
            .filter(api_tokens::name.eq(name))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .execute(conn)?;
    Ok(changed > 0)
}

/// Revokes every unrevoked token `owner` holds; returns how many.
pub fn revoke_owned_tokens(conn: &mut Conn, owner: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::owner.eq(owner))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .execute(conn)
}

/// How many of `owner`'s tokens work by themselves at `now` (unrevoked and unexpired).
pub fn working_owned_tokens(conn: &mut Conn, owner: &str, now: NaiveDateTime) -> QueryResult<i64> {
    api_tokens::table
        .filter(api_tokens::owner.eq(owner))
        .filter(api_tokens::revoked_at.is_null())
        .filter(
            api_tokens::expires_at
                .is_null()
                .or(api_tokens::expires_at.gt(now)),
        )
        .count()
        .get_result(conn)
}

/// Every token, revoked ones included, newest first.
pub fn tokens(conn: &mut Conn) -> QueryResult<Vec<TokenRow>> {
    api_tokens::table
        .order(api_tokens::id.desc())
        .select(TokenRow::as_select())
        .load(conn)
}

/// The named token, live or revoked.
pub fn token(conn: &mut Conn, name: &str) -> QueryResult<Option<TokenRow>> {
    api_tokens::table
        .filter(api_tokens::name.eq(name))
        .select(TokenRow::as_select())
        .first(conn)
        .optional()
}

/// A user as listed to admins (never with the password hash).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub name: String,
    pub role: String,
    pub created_at: NaiveDateTime,
    pub disabled_at: Option<NaiveDateTime>,
    pub password_changed_at: Option<NaiveDateTime>,
}

/// Every user who has not been removed, newest first.
pub fn users(conn: &mut Conn) -> QueryResult<Vec<UserRow>> {
    users::table
        .filter(users::removed_at.is_null())
        .order(users::id.desc())
        .select(UserRow::as_select())
        .load(conn)
}

/// The named user, unless removed.
pub fn user(conn: &mut Conn, name: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::name.eq(name))
        .filter(users::removed_at.is_null())
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Sets a user's role; returns whether the user exists (and is not removed).
pub fn set_role(conn: &mut Conn, name: &str, role: &str) -> QueryResult<bool> {
    diesel::update(
        users::table
            .filter(users::name.eq(name))
            .filter(users::removed_at.is_null()),
    )
    .set(users::role.eq(role))
    .execute(conn)
    .map(|n| n > 0)
}

/// Disables a user at `at`, or enables them with `None`.
pub fn set_disabled(conn: &mut Conn, name: &str, at: Option<NaiveDateTime>) -> QueryResult<()> {
    diesel::update(users::table.filter(users::name.eq(name)))
        .set(users::disabled_at.eq(at))
        .execute(conn)
        .map(drop)
}

/// Removes a user, leaving a tombstone: disabled, no password, the name still taken.
pub fn set_removed(conn: &mut Conn, name: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        users::table
            .filter(users::name.eq(name))
            .filter(users::disabled_at.is_null()),
    )
    .set(users::disabled_at.eq(now))
    .execute(conn)?;
    diesel::update(users::table.filter(users::name.eq(name)))
        .set((
            users::removed_at.eq(now),
            // An empty string is no PHC hash, so it never verifies.
            users::password_hash.eq(""),
        ))
        .execute(conn)
        .map(drop)
}

/// Stores a new password hash for a user.
pub fn set_password(
    conn: &mut Conn,
    name: &str,
    password_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(users::table.filter(users::name.eq(name)))
        .set((
            users::password_hash.eq(password_hash),
            users::password_changed_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// How many admins are active (neither disabled nor removed).
pub fn active_admins(conn: &mut Conn) -> QueryResult<i64> {
    users::table
        .filter(users::role.eq("admin"))
        .filter(users::disabled_at.is_null())
        .filter(users::removed_at.is_null())
        .count()
        .get_result(conn)
}

/// Holds the active admins' rows until the transaction ends, so two admins demoting each
/// other at once cannot both pass the last-admin check. SQLite has one writer at a time, and
/// the change that precedes the count takes its lock.
pub fn lock_admins(conn: &mut Conn) -> QueryResult<()> {
    if let Conn::Pg(pg) = conn {
        diesel::sql_query(
            "SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL \
             AND removed_at IS NULL FOR UPDATE",
        )
        .execute(pg)?;
    }
    Ok(())
}

/// A user's sign-in facts: password hash, role and whether they are disabled; `None` when no
/// user (or only a removed one) has the name.
pub fn user_credentials(
    conn: &mut Conn,
    name: &str,
) -> QueryResult<Option<(String, String, Option<NaiveDateTime>)>> {
    users::table
        .filter(users::name.eq(name))
        .filter(users::removed_at.is_null())
        .select((users::password_hash, users::role, users::disabled_at))
        .first(conn)
        .optional()
}

/// The role of an active user (neither disabled nor removed); `None` otherwise.
pub fn active_role(conn: &mut Conn, name: &str) -> QueryResult<Option<String>> {
    users::table
        .filter(users::name.eq(name))
        .filter(users::disabled_at.is_null())
        .filter(users::removed_at.is_null())
        .select(users::role)
        .first(conn)
        .optional()
}

/// One saved state of a publication, without its record.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = revisions)]
pub struct RevisionRow {
    pub number: i32,
    pub saved_at: NaiveDateTime,
    pub actor: String,
    pub change_note: Option<String>,
}

/// The revisions of publication `id`, newest first.
pub fn revisions(conn: &mut Conn, id: i64) -> QueryResult<Vec<RevisionRow>> {
    revisions::table
        .filter(revisions::publication_id.eq(id))
        .order(revisions::number.desc())
        .select(RevisionRow::as_select())
        .load(conn)
}

/// The record saved as revision `number` of publication `id`, as JSON text.
pub fn revision_record(conn: &mut Conn, id: i64, number: i32) -> QueryResult<Option<String>> {
    revisions::table
        .filter(revisions::publication_id.eq(id))
        .filter(revisions::number.eq(number))
        .select(revisions::record)
        .first(conn)
        .optional()
}
