//! Signing in and out of the web app: `POST /session` checks a name and password and sets an
//! HttpOnly, SameSite=Strict session cookie (Secure over TLS), answering with the CSRF token
//! that writes made with the cookie must send; `DELETE /session` ends it. Attempts count
//! against the write rate limit, so passwords cannot be guessed quickly.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, post, web};
use chancery_shared::page::Problem;
use chancery_shared::staff::{Actor, ActorKind, Role};
use chrono::Duration;
use diesel::Connection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{SESSION_COOKIE, Staff, new_token, password_hash, token_hash, verify_password};
use crate::body::{from_value, json_value};
use crate::clock::Clock;
use crate::db::staff::AuditRecord;
use crate::db::{DbPool, sessions, staff};
use crate::error::{ApiError, ServerErrors};
use crate::routes::with_conn;

/// How long a session lasts.
const SESSION_HOURS: i64 = 12;

/// A sign-in attempt.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    #[schema(example = "maria")]
    pub name: String,
    #[schema(example = "a long enough passphrase")]
    pub password: String,
}

/// A new session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionStarted {
    pub name: String,
    pub role: Role,
    /// Send this as `X-CSRF-Token` with every write made with the session cookie.
    pub csrf_token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// Signs in with a name and password.
///
/// The name is compared in Unicode NFC, as names are stored. A disabled user cannot sign in.
#[utoipa::path(
    operation_id = "sign_in",
    tag = "staff",
    request_body(content = SignIn, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionStarted),
        (status = 400, description = "Not JSON of the right shape", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong name or password, or the user is disabled", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until an attempt is allowed again"))),
        ServerErrors,
    )
)]
#[post("/session")]
pub async fn sign_in(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let mut attempt: SignIn = from_value(json_value(&req, &bytes)?)?;
    attempt.name = crate::names::nfc(&attempt.name);
    let now = clock.now();
    let expires_at = now + Duration::hours(SESSION_HOURS);
    let secret = new_token();
    let csrf = new_token();
    let (secret_hash, csrf_token) = (token_hash(&secret), csrf.clone());
    // The browser's own description, so its user can tell their sessions apart.
    let user_agent: Option<String> = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().filter(|c| !c.is_control()).take(200).collect());
    let started = with_conn(&pool, move |conn| {
        let found = staff::user_credentials(conn, &attempt.name)?;
        let role = match found {
            Some((hash, role, disabled)) if verify_password(&hash, &attempt.password) => {
                if disabled.is_some() {
                    return Err(ApiError::Unauthorized(
                        "this account is disabled; ask an admin".to_owned(),
                    ));
                }
                role
            }
            Some(_) => return Err(wrong_credentials()),
            None => {
                // Spend the same effort as a real check, so timing does not reveal names.
                let _ = password_hash(&attempt.password);
                return Err(wrong_credentials());
            }
        };
        conn.transaction(|conn| {
            let session = sessions::NewSession {
                token_hash: &secret_hash,
                csrf_token: &csrf_token,
                user: &attempt.name,
                expires_at: expires_at.naive_utc(),
                user_agent: user_agent.as_deref(),
            };
            sessions::insert(conn, &session, now.naive_utc())?;
            let actor = Actor {
                kind: ActorKind::User,
                name: attempt.name.clone(),
            };
            staff::audit(
                conn,
                &AuditRecord {
                    at: now.naive_utc(),
                    actor: &actor,
                    action: "session.start",
                    target: &attempt.name,
                    detail: None,
                },
            )?;
            Ok::<_, ApiError>(())
        })?;
        let role = role
            .parse::<Role>()
            .map_err(|e| ApiError::StoredData(format!("user `{}`: {e}", attempt.name)))?;
        Ok(SessionStarted {
            name: attempt.name,
            role,
            csrf_token,
            expires_at,
        })
    })
    .await?;
    let secure = req.connection_info().scheme() == "https";
    let cookie = Cookie::build(SESSION_COOKIE, secret)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(CookieDuration::hours(SESSION_HOURS))
        .finish();
    Ok(HttpResponse::Ok()
        .cookie(cookie)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(started))
}

fn wrong_credentials() -> ApiError {
    ApiError::Unauthorized("wrong name or password".to_owned())
}

/// Signs out: the session ends and its cookie is cleared.
#[utoipa::path(
    operation_id = "sign_out",
    tag = "staff",
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The X-CSRF-Token header is missing or wrong", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many writes from this address; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until a write is allowed again"))),
        ServerErrors,
    )
)]
#[delete("/session")]
pub async fn sign_out(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    staff_member: Staff,
) -> Result<HttpResponse, ApiError> {
    let Some(cookie) = req
        .cookie(SESSION_COOKIE)
        .filter(|_| staff_member.via == "session")
    else {
        return Err(ApiError::Unauthorized(
            "not signed in with a session".to_owned(),
        ));
    };
    let hash = token_hash(cookie.value());
    let now = clock.now();
    with_conn(&pool, move |conn| {
        conn.transaction(|conn| {
            sessions::delete_by_hash(conn, &hash)?;
            staff::audit(
                conn,
                &AuditRecord {
                    at: now.naive_utc(),
                    actor: &staff_member.actor(),
                    action: "session.end",
                    target: &staff_member.name,
                    detail: None,
                },
            )?;
            Ok(())
        })
    })
    .await?;
    let mut gone = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}
