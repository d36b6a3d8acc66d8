//! Signing in and out of the web app: `POST /session` checks a name and password and sets an
//! HttpOnly, SameSite=Strict session cookie (Secure, and `__Host-` named, when the public URL
//! is https), answering with the CSRF token that writes made with the cookie must send;
//! `DELETE /session` ends it. Failed attempts are throttled per account and per network
//! (`throttle`), audited and logged, so passwords cannot be guessed quickly.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, post, web};
use chancery_shared::page::Problem;
use chancery_shared::staff::Role;
use chrono::Duration;
use diesel::Connection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{Staff, new_token, password_hash, session_cookie, token_hash, verify_password};
use crate::body::{from_value, json_value};
use crate::clock::Clock;
use crate::db::{DbPool, staff};
use crate::error::{ApiError, ServerErrors};
use crate::origin::Origin;
use crate::routes::with_conn;
use crate::throttle::SignInThrottle;

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
#[utoipa::path(
    operation_id = "sign_in",
    tag = "staff",
    request_body(content = SignIn, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionStarted),
        (status = 400, description = "Not JSON of the right shape", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong name or password", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed sign-ins for this account or from this network (`sign_in_throttled`): after 5 for an account or 20 for a network, each further attempt waits twice as long as the last, up to 15 minutes; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until an attempt is allowed again"))),
        ServerErrors,
    )
)]
#[post("/session")]
pub async fn sign_in(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    origin: web::Data<Origin>,
    throttle: web::Data<SignInThrottle>,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let attempt: SignIn = from_value(json_value(&req, &bytes)?)?;
    let now = clock.now();
    let client = origin.client_ip(req.peer_addr(), req.headers());
    // Refused before the password is hashed, so a guessing run costs the server nothing.
    if let Some(seconds) = throttle.wait(&attempt.name, client, now) {
        tracing::warn!(name = ?shown(&attempt.name), client = ?client, seconds, "sign-in throttled");
        return Err(ApiError::SignInThrottled(seconds));
    }
    let expires_at = now + Duration::hours(SESSION_HOURS);
    let secret = new_token();
    let csrf = new_token();
    let (secret_hash, csrf_token) = (token_hash(&secret), csrf.clone());
    let throttle = web::Data::clone(&throttle);
    let started = with_conn(&pool, move |conn| {
        let found = staff::user_credentials(conn, &attempt.name)?;
        let matched = match found {
            Some((hash, role)) => verify_password(&hash, &attempt.password).then_some(role),
            None => {
                // Spend the same effort as a real check, so timing does not reveal names.
                let _ = password_hash(&attempt.password);
                None
            }
        };
        let Some(role) = matched else {
            throttle.failed(&attempt.name, client, now);
            let from = client.map_or_else(|| "an unknown address".to_owned(), |ip| ip.to_string());
            let name = shown(&attempt.name);
            // Debug-quoted: a name with line breaks cannot forge log lines.
            tracing::warn!(name = ?name, client = %from, "sign-in refused: wrong name or password");
            staff::audit(
                conn,
                "anonymous",
                "session.refused",
                &format!("{name} from {from}"),
            )?;
            return Err(wrong_credentials());
        };
        throttle.succeeded(&attempt.name, client);
        conn.transaction(|conn| {
            staff::insert_session(
                conn,
                &secret_hash,
                &csrf_token,
                &attempt.name,
                now.naive_utc(),
                expires_at.naive_utc(),
            )?;
            staff::audit(conn, &attempt.name, "session.start", &attempt.name)?;
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
    // The public URL decides, not the request: a proxy's X-Forwarded-Proto proves nothing.
    let cookie = Cookie::build(origin.session_cookie(), secret)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(origin.is_https())
        .max_age(CookieDuration::hours(SESSION_HOURS))
        .finish();
    Ok(HttpResponse::Ok()
        .cookie(cookie)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(started))
}

/// A name as tried, cut short for the log and the audit (a guess can be megabytes long).
fn shown(name: &str) -> String {
    name.chars().take(200).collect()
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
    origin: web::Data<Origin>,
    staff_member: Staff,
) -> Result<HttpResponse, ApiError> {
    let Some(cookie) = session_cookie(&req).filter(|_| staff_member.via == "session") else {
        return Err(ApiError::Unauthorized(
            "not signed in with a session".to_owned(),
        ));
    };
    let hash = token_hash(cookie.value());
    let name = staff_member.name;
    with_conn(&pool, move |conn| {
        conn.transaction(|conn| {
            staff::delete_session(conn, &hash)?;
            staff::audit(conn, &name, "session.end", &name)?;
            Ok(())
        })
    })
    .await?;
    let mut gone = Cookie::build(origin.session_cookie(), "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(origin.is_https())
        .finish();
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}
