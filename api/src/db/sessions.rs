//! Queries for signed-in browser sessions: only the SHA-256 of each cookie is kept, beside its
//! CSRF token, the browser's own description and when it was last seen, so its user can tell
//! their sessions apart and end the ones they do not recognise.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::conn::Conn;
use super::schema::{sessions, users};

/// A session as its user or an admin sees it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: i64,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_seen_at: Option<NaiveDateTime>,
    pub user_agent: Option<String>,
}

/// A new session's row.
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub csrf_token: &'a str,
    pub user: &'a str,
    pub expires_at: NaiveDateTime,
    pub user_agent: Option<&'a str>,
}

/// Starts a session; sessions that have expired by `now` are cleared at the same time.
pub fn insert(conn: &mut Conn, new: &NewSession<'_>, now: NaiveDateTime) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)?;
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(new.token_hash),
            sessions::csrf_token.eq(new.csrf_token),
            sessions::user_name.eq(new.user),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(new.expires_at),
            sessions::last_seen_at.eq(now),
            sessions::user_agent.eq(new.user_agent),
        ))
        .execute(conn)
        .map(drop)
}

/// What a request's cookie proves.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub id: i64,
    pub user: String,
    /// The user's role now, so a demotion takes effect on the next request.
    pub role: String,
    pub csrf_token: String,
    pub last_seen_at: Option<NaiveDateTime>,
}

/// The session with this hash if it has not expired by `now` and its user is active.
pub fn live(
    conn: &mut Conn,
    token_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<LiveSession>> {
    let found: Option<(i64, String, String, Option<NaiveDateTime>)> = sessions::table
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(now))
        .select((
            sessions::id,
            sessions::user_name,
            sessions::csrf_token,
            sessions::last_seen_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, user, csrf_token, last_seen_at)) = found else {
        return Ok(None);
    };
    // Disabling ends a user's sessions; checking here too means no path can miss it.
    let role: Option<String> = users::table
        .filter(users::name.eq(&user))
        .filter(users::disabled_at.is_null())
        .filter(users::removed_at.is_null())
        .select(users::role)
        .first(conn)
        .optional()?;
    Ok(role.map(|role| LiveSession {
        id,
        user,
        role,
        csrf_token,
        last_seen_at,
    }))
}

/// Notes that session `id` made a request at `now`, unless it did within `since`.
pub fn touch(
    conn: &mut Conn,
    id: i64,
    now: NaiveDateTime,
    since: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        sessions::table.filter(sessions::id.eq(id)).filter(
            sessions::last_seen_at
                .is_null()
                .or(sessions::last_seen_at.le(since)),
        ),
    )
    .set(sessions::last_seen_at.eq(now))
    .execute(conn)
    .map(drop)
}

/// Ends the session with this cookie hash.
pub fn delete_by_hash(conn: &mut Conn, token_hash: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash)))
        .execute(conn)
        .map(drop)
}

/// `user`'s sessions that have not expired by `now`, newest first.
pub fn of_user(conn: &mut Conn, user: &str, now: NaiveDateTime) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::user_name.eq(user))
        .filter(sessions::expires_at.gt(now))
        .order(sessions::id.desc())
        .select(SessionRow::as_select())
        .load(conn)
}

/// Ends `user`'s session `id`; returns whether there was one.
pub fn delete_one(conn: &mut Conn, user: &str, id: i64) -> QueryResult<bool> {
    diesel::delete(
        sessions::table
            .filter(sessions::user_name.eq(user))
            .filter(sessions::id.eq(id)),
    )
    .execute(conn)
    .map(|n| n > 0)
}

/// Ends every session of `user` but `keep`; returns how many unexpired ones ended.
pub fn delete_all(
    conn: &mut Conn,
    user: &str,
    keep: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let live = sessions::table
        .filter(sessions::user_name.eq(user))
        .filter(sessions::id.ne(keep.unwrap_or(-1)))
        .filter(sessions::expires_at.gt(now))
        .count()
        .get_result::<i64>(conn)?;
    diesel::delete(
        sessions::table
            .filter(sessions::user_name.eq(user))
            .filter(sessions::id.ne(keep.unwrap_or(-1))),
    )
    .execute(conn)?;
    Ok(usize::try_from(live).unwrap_or(0))
}
