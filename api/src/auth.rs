//! Staff authentication: who a request comes from. Machine clients send `Authorization:
//! Bearer <token>`; browsers sign in with a password and carry an HttpOnly session cookie,
//! with a CSRF token on every write. Handlers take [`Staff`] when a request must come from
//! staff, [`MaybeStaff`] or a [`Viewer`] when credentials only widen what it sees. Every
//! request reads its credentials afresh: a disabled owner, an expired token or a demotion
//! takes effect on the very next request, and a token never does more than its owner may.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use chrono::{DateTime, Utc};

use crate::access::{Staff, Via, Viewer};
use crate::credentials::token_hash;
use crate::db::staff::stored_role;
use crate::db::{self, Conn, sessions, staff};
use crate::error::ApiError;
use crate::origin::SESSION_COOKIE;
use crate::state::AppState;

/// How stale `last_used_at` and `last_seen_at` may get before a request moves them: to the
/// minute, so a busy client does not turn every read into a write.
const TOUCH_EVERY: chrono::Duration = chrono::Duration::minutes(1);

/// The header that must repeat a session's CSRF token on every write made with its cookie.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = AppState::of(req);
        // A bearer token wins; without one, a browser's session cookie is tried.
        let credential = if req.headers().contains_key(header::AUTHORIZATION) {
            bearer_token(req).map(Credential::Token)
        } else if let Some(cookie) = session_cookie(req) {
            let csrf = req
                .headers()
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
            Ok(Credential::Session {
                secret: cookie.value().to_owned(),
                csrf,
                writes,
            })
        } else {
            Err(ApiError::Unauthorized(
                "send `Authorization: Bearer <token>`, or sign in".to_owned(),
            ))
        };
        Box::pin(async move {
            let (credential, state) = (credential?, state?);
            let now = state.clock.now();
            db::run(&state.pool, move |conn| match credential {
                Credential::Token(token) => by_token(conn, &token_hash(&token), now),
                Credential::Session {
                    secret,
                    csrf,
                    writes,
                } => {
                    let staff = by_session(conn, &token_hash(&secret), now)?;
                    Ok(staff.check_csrf(csrf.as_deref(), writes)?.0)
                }
            })
            .await
        })
    }
}

/// A session's holder and the CSRF token its writes must repeat.
struct SessionHolder(Staff, String);

impl SessionHolder {
    fn check_csrf(self, csrf: Option<&str>, writes: bool) -> Result<Self, ApiError> {
        // A cookie rides along on any request the browser makes, including ones a hostile
        // page starts; only our own pages can read and send the CSRF token.
        if writes && csrf != Some(self.1.as_str()) {
            return Err(ApiError::Forbidden(format!(
                "writes signed in with a cookie need the {CSRF_HEADER} header"
            )));
        }
        Ok(self)
    }
}

/// Who a bearer token's hash belongs to at `now`: refused when unknown, revoked or expired,
/// or when its owner is disabled; its role capped at its owner's.
fn by_token(conn: &mut Conn, hash: &str, now: DateTime<Utc>) -> Result<Staff, ApiError> {
    let row = staff::unrevoked_token(conn, hash)?
        .ok_or_else(|| ApiError::Unauthorized("the token is unknown or revoked".to_owned()))?;
    if let Some(expired) = row.expires_at.filter(|at| *at <= now.naive_utc()) {
        return Err(ApiError::Unauthorized(format!(
            "the token expired at {}",
            expired.and_utc().to_rfc3339()
        )));
    }
    let mut role = stored_role(&row.role, &row.name)?;
    if let Some(owner) = &row.owner {
        let owner_role = staff::active_role(conn, owner)?.ok_or_else(|| {
            ApiError::Unauthorized(format!("the token's owner `{owner}` is disabled"))
        })?;
        role = role.min(stored_role(&owner_role, owner)?);
    }
    let now = now.naive_utc();
    if row.last_used_at.is_none_or(|at| at <= now - TOUCH_EVERY) {
        staff::touch_token(conn, row.id, now, now - TOUCH_EVERY)?;
    }
    Ok(Staff {
        name: row.name,
        role,
        via: Via::Token,
        user: row.owner,
        session_id: None,
    })
}

/// Who a session cookie's hash belongs to at `now`, with the session's CSRF token.
fn by_session(conn: &mut Conn, hash: &str, now: DateTime<Utc>) -> Result<SessionHolder, ApiError> {
    let session = sessions::live(conn, hash, now.naive_utc())?
        .ok_or_else(|| ApiError::Unauthorized("the session has ended; sign in again".to_owned()))?;
    let role = stored_role(&session.role, &session.user)?;
    let now = now.naive_utc();
    if session
        .last_seen_at
        .is_none_or(|at| at <= now - TOUCH_EVERY)
    {
        sessions::touch(conn, session.id, now, now - TOUCH_EVERY)?;
    }
    Ok(SessionHolder(
        Staff {
            name: session.user.clone(),
            role,
            via: Via::Session,
            user: Some(session.user),
            session_id: Some(session.id),
        },
        session.csrf_token,
    ))
}

/// What a request proves itself with.
enum Credential {
    Token(String),
    Session {
        secret: String,
        csrf: Option<String>,
        writes: bool,
    },
}

/// Staff credentials if the request carries any: none means a public request, and credentials
/// that are present but bad are still a 401 (never silently treated as public).
#[derive(Debug, Clone)]
pub struct MaybeStaff(pub Option<Staff>);

impl FromRequest for MaybeStaff {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if req.headers().contains_key(header::AUTHORIZATION) {
            let staff = Staff::from_request(req, payload);
            Box::pin(async move { staff.await.map(|s| MaybeStaff(Some(s))) })
        } else if session_cookie(req).is_some() {
            // A cookie is sent unasked, so an expired one just means a public reader.
            let staff = Staff::from_request(req, payload);
            Box::pin(async move {
                match staff.await {
                    Ok(staff) => Ok(MaybeStaff(Some(staff))),
                    Err(ApiError::Unauthorized(_)) => Ok(MaybeStaff(None)),
                    Err(other) => Err(other),
                }
            })
        } else {
            Box::pin(async { Ok(MaybeStaff(None)) })
        }
    }
}

/// Credentials make a staff viewer; none make the public (bad ones are a 401, as
/// [`MaybeStaff`] decides).
impl FromRequest for Viewer {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let staff = MaybeStaff::from_request(req, payload);
        Box::pin(async move { staff.await.map(|MaybeStaff(staff)| Viewer::from(staff)) })
    }
}

/// The session cookie a request carries, by the name the public URL gives it.
pub fn session_cookie(req: &HttpRequest) -> Option<actix_web::cookie::Cookie<'static>> {
    let name = AppState::of(req).map_or(SESSION_COOKIE, |state| state.origin.session_cookie());
    req.cookie(name)
}

/// The bearer token of a request; the secret never appears in an error.
fn bearer_token(req: &HttpRequest) -> Result<String, ApiError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or_else(|| ApiError::Unauthorized("send `Authorization: Bearer <token>`".to_owned()))?;
    let text = value
        .to_str()
        .map_err(|_| ApiError::Unauthorized("the Authorization header is not text".to_owned()))?;
    match text.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim().to_owned())
        }
        _ => Err(ApiError::Unauthorized(
            "the Authorization header must be `Bearer <token>`".to_owned(),
        )),
    }
}
