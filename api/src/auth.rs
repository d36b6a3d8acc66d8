//! Staff authentication. Machine clients send `Authorization: Bearer <token>`; browsers sign in
//! with a password and carry an HttpOnly session cookie, with a CSRF token on every write.
//! Token and session secrets are random and stored only as SHA-256 hashes, so a leaked
//! database reveals none; passwords are stored as argon2id hashes. [`Staff`] is the extractor handlers take when a
//! request must come from staff; [`Staff::require`] turns a too-weak role into 403. Every
//! request reads its credentials afresh: a disabled owner, an expired token or a demotion
//! takes effect on the very next request, and a token never does more than its owner may.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHasher, SaltString};
use chancery_shared::staff::{Actor, ActorKind, Role};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::db::{Conn, DbPool, sessions, staff};
use crate::error::ApiError;
use crate::origin::Origin;
use crate::routes::with_conn;

/// How stale `last_used_at` and `last_seen_at` may get before a request moves them: to the
/// minute, so a busy client does not turn every read into a write.
const TOUCH_EVERY: chrono::Duration = chrono::Duration::minutes(1);

/// What every token starts with, so secret scanners and people can recognise one.
pub const TOKEN_PREFIX: &str = "chy_";

/// The header that must repeat a session's CSRF token on every write made with its cookie.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// A new token secret: the prefix and 256 random bits in hex.
pub fn new_token() -> String {
    let mut bytes = [0_u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{TOKEN_PREFIX}{hex}")
}

/// How a token is stored and looked up. Tokens are high-entropy, so a fast hash suffices.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An argon2id hash of `password` in PHC string form.
pub fn password_hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("hashing the password failed: {e}"))
}

/// Whether `password` matches the stored argon2 `hash`; a malformed hash never matches.
pub fn verify_password(hash: &str, password: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A request made by staff, with who they are.
#[derive(Debug, Clone)]
pub struct Staff {
    /// The token's name, or the signed-in user's.
    pub name: String,
    /// What the request may do: for a token, the lower of its role and its owner's.
    pub role: Role,
    /// `token` or `session`.
    pub via: &'static str,
    /// The user the credentials act for: the signed-in user or the token's owner (`None` for
    /// a token made before tokens had owners).
    pub user: Option<String>,
    /// The session the request came with, if it came with one.
    pub session_id: Option<i64>,
}

impl Staff {
    /// Who the audit log names for what this request does.
    pub fn actor(&self) -> Actor {
        let kind = if self.via == "session" {
            ActorKind::User
        } else {
            ActorKind::Token
        };
        Actor {
            kind,
            name: self.name.clone(),
        }
    }

    /// Whether the request acts for `user` (their own session, or a token they own).
    pub fn acts_for(&self, user: &str) -> bool {
        self.user.as_deref() == Some(user)
    }

    /// 403 unless this staff member's role allows what `needed` may do.
    pub fn require(&self, needed: Role) -> Result<(), ApiError> {
        if self.role.allows(needed) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!(
                "this needs the {needed} role; `{}` is a {}",
                self.name, self.role
            )))
        }
    }
}

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let pool = req.app_data::<web::Data<DbPool>>().cloned();
        let now = req
            .app_data::<web::Data<Clock>>()
            .map_or_else(chrono::Utc::now, |clock| clock.now());
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
            let credential = credential?;
            let pool = pool.ok_or_else(|| ApiError::StoredData("no database pool".to_owned()))?;
            with_conn(&pool, move |conn| match credential {
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

fn stored_role(stored: &str, owner: &str) -> Result<Role, ApiError> {
    stored
        .parse::<Role>()
        .map_err(|e| ApiError::StoredData(format!("`{owner}`: {e}")))
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
        via: "token",
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
            via: "session",
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

/// The session cookie a request carries, by the name the public URL gives it.
pub fn session_cookie(req: &HttpRequest) -> Option<actix_web::cookie::Cookie<'static>> {
    let name = req
        .app_data::<web::Data<Origin>>()
        .map_or(crate::origin::SESSION_COOKIE, |origin| {
            origin.session_cookie()
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert!(a.starts_with(TOKEN_PREFIX) && a.len() == TOKEN_PREFIX.len() + 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), token_hash(&b));
        assert!(!token_hash(&a).contains(&a[TOKEN_PREFIX.len()..]));
    }

    #[test]
    fn require_refuses_weaker_roles_with_403() {
        let contributor = Staff {
            name: "intern".to_owned(),
            role: Role::Contributor,
            via: "token",
            user: Some("intern".to_owned()),
            session_id: None,
        };
        assert!(contributor.require(Role::Contributor).is_ok());
        assert!(matches!(
            contributor.require(Role::Editor),
            Err(ApiError::Forbidden(_))
        ));
    }

    #[test]
    fn passwords_hash_as_argon2id_with_a_salt() {
        let first = password_hash("correct horse battery").expect("hash");
        let second = password_hash("correct horse battery").expect("hash");
        assert!(first.starts_with("$argon2id$"));
        assert_ne!(first, second, "each hash has its own salt");
    }
}
