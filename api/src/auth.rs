//! Staff authentication. Machine clients send `Authorization: Bearer <token>`; browsers sign in
//! with a password and carry an HttpOnly session cookie, with a CSRF token on every write.
//! Token and session secrets are random and stored only as SHA-256 hashes, so a leaked
//! database reveals none; passwords are stored as argon2id hashes. [`Staff`] is the extractor handlers take when a
//! request must come from staff; [`Staff::require`] turns a too-weak role into 403.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHasher, SaltString};
use chancery_shared::staff::Role;
use sha2::{Digest, Sha256};

use crate::clock::Clock;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::origin::Origin;
use crate::routes::with_conn;

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
    pub name: String,
    pub role: Role,
    /// `token` or `session`.
    pub via: &'static str,
}

impl Staff {
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
            let (name, role, via) = match credential {
                Credential::Token(token) => {
                    let hash = token_hash(&token);
                    let found = with_conn(&pool, move |conn| {
                        Ok(crate::db::staff::live_token(conn, &hash)?)
                    })
                    .await?;
                    let (name, role) = found.ok_or_else(|| {
                        ApiError::Unauthorized("the token is unknown or revoked".to_owned())
                    })?;
                    (name, role, "token")
                }
                Credential::Session {
                    secret,
                    csrf,
                    writes,
                } => {
                    let hash = token_hash(&secret);
                    let found = with_conn(&pool, move |conn| {
                        Ok(crate::db::staff::live_session(
                            conn,
                            &hash,
                            now.naive_utc(),
                        )?)
                    })
                    .await?;
                    let (name, role, expected) = found.ok_or_else(|| {
                        ApiError::Unauthorized("the session has ended; sign in again".to_owned())
                    })?;
                    // A cookie rides along on any request the browser makes, including ones a
                    // hostile page starts; only our own pages can read and send the CSRF token.
                    if writes && csrf.as_deref() != Some(expected.as_str()) {
                        return Err(ApiError::Forbidden(format!(
                            "writes signed in with a cookie need the {CSRF_HEADER} header"
                        )));
                    }
                    (name, role, "session")
                }
            };
            let role = role
                .parse::<Role>()
                .map_err(|e| ApiError::StoredData(format!("`{name}`: {e}")))?;
            Ok(Staff { name, role, via })
        })
    }
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
