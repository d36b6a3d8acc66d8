//! Queries for staff: users, API tokens (kept only as hashes) and the audit log.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use super::Conn;
use super::schema::{api_tokens, audit_log, revisions, sessions, users};

/// A token as listed to admins (never with its secret).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct TokenRow {
    pub name: String,
    pub role: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Adds a user; fails with a unique violation when the name is taken.
pub fn insert_user(
    conn: &mut Conn,
    name: &str,
    role: &str,
    password_hash: &str,
) -> QueryResult<()> {
    diesel::insert_into(users::table)
        .values((
            users::name.eq(name),
            users::role.eq(role),
            users::password_hash.eq(password_hash),
            users::created_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)
        .map(drop)
}

/// Adds a token by the hash of its secret; fails with a unique violation when the name is taken.
pub fn insert_token(conn: &mut Conn, name: &str, role: &str, token_hash: &str) -> QueryResult<()> {
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::name.eq(name),
            api_tokens::role.eq(role),
            api_tokens::token_hash.eq(token_hash),
            api_tokens::created_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)
        .map(drop)
}

/// The name and role of the live (unrevoked) token with this hash.
pub fn live_token(conn: &mut Conn, token_hash: &str) -> QueryResult<Option<(String, String)>> {
    api_tokens::table
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .select((api_tokens::name, api_tokens::role))
        .first(conn)
        .optional()
}

/// Revokes the named token; returns whether a live one was found.
pub fn revoke_token(conn: &mut Conn, name: &str) -> QueryResult<bool> {
    let changed = diesel::update(
        api_tokens::table
            .filter(api_tokens::name.eq(name))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Utc::now().naive_utc()))
    .execute(conn)?;
    Ok(changed > 0)
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
}

/// Every user, newest first.
pub fn users(conn: &mut Conn) -> QueryResult<Vec<UserRow>> {
    users::table
        .order(users::id.desc())
        .select(UserRow::as_select())
        .load(conn)
}

/// The named user.
pub fn user(conn: &mut Conn, name: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::name.eq(name))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Records who did what to what.
pub fn audit(conn: &mut Conn, actor: &str, action: &str, target: &str) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(Utc::now().naive_utc()),
            audit_log::actor.eq(actor),
            audit_log::action.eq(action),
            audit_log::target.eq(target),
        ))
        .execute(conn)
        .map(drop)
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

/// One audit entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub at: NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub target: String,
}

/// A page of the audit log, newest first, and how many entries there are in all.
pub fn audit_page(conn: &mut Conn, offset: i64, limit: i64) -> QueryResult<(Vec<AuditRow>, u64)> {
    let total: i64 = audit_log::table.count().get_result(conn)?;
    let rows = audit_log::table
        .order((audit_log::at.desc(), audit_log::id.desc()))
        .select(AuditRow::as_select())
        .limit(limit)
        .offset(offset)
        .load(conn)?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
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

/// A user's password hash and role, by name.
pub fn user_credentials(conn: &mut Conn, name: &str) -> QueryResult<Option<(String, String)>> {
    users::table
        .filter(users::name.eq(name))
        .select((users::password_hash, users::role))
        .first(conn)
        .optional()
}

/// Starts a session for `user` until `expires_at`.
pub fn insert_session(
    conn: &mut Conn,
    token_hash: &str,
    csrf_token: &str,
    user: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::csrf_token.eq(csrf_token),
            sessions::user_name.eq(user),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(drop)
}

/// The user, current role and CSRF token of a session that has not expired by `now`.
pub fn live_session(
    conn: &mut Conn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<(String, String, String)>> {
    let Some((user, csrf)) = sessions::table
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(now))
        .select((sessions::user_name, sessions::csrf_token))
        .first::<(String, String)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    // The role is read afresh, so a demotion takes effect on the next request.
    let role: Option<String> = users::table
        .filter(users::name.eq(&user))
        .select(users::role)
        .first(conn)
        .optional()?;
    Ok(role.map(|role| (user, role, csrf)))
}

/// Ends a session.
pub fn delete_session(conn: &mut Conn, token_hash: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash)))
        .execute(conn)
        .map(drop)
}
