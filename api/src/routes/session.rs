//! Signing in and out of the web app: `POST /session` checks a name and password and sets an
//! HttpOnly, SameSite=Strict session cookie (Secure, and `__Host-` named, when the public URL
//! is https), answering with the CSRF token that writes made with the cookie must send;
//! `DELETE /session` ends it. Failed attempts are throttled per account and per network
//! (`throttle`), audited and logged, so passwords cannot be guessed quickly.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, post, web};
use chancery_shared::page::Problem;
use chancery_shared::staff::{Actor, ActorKind, Role};
use chrono::Duration;
use diesel::Connection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::{Staff, Via};
use crate::auth::session_cookie;
use crate::body::{from_value, json_value};
use crate::credentials::{new_token, password_hash, token_hash, verify_password};
use crate::db::audit::{self, AuditAction, AuditRecord};
use crate::db::{self, sessions, staff};
use crate::error::ApiError;
use crate::responses::{ServerErrors, WriteLimit};
use crate::state::AppState;

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
        (status = 429, description = "Too many failed sign-ins for this account or from this network (`sign_in_throttled`): after 5 for an account or 20 for a network, each further attempt waits twice as long as the last, up to 15 minutes; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until an attempt is allowed again"))),
        ServerErrors,
    )
)]
#[post("/session")]
pub async fn sign_in(
    req: HttpRequest,
    state: web::Data<AppState>,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let mut attempt: SignIn = from_value(json_value(&req, &bytes)?)?;
    attempt.name = crate::names::nfc(&attempt.name);
    let now = state.clock.now();
    let client = state.origin.client_ip(req.peer_addr(), req.headers());
    // Refused before the password is hashed, so a guessing run costs the server nothing.
    if let Some(seconds) = state.sign_ins.wait(&attempt.name, client, now) {
        tracing::warn!(name = ?shown(&attempt.name), client = ?client, seconds, "sign-in throttled");
        return Err(ApiError::SignInThrottled(seconds));
    }
    let expires_at = now + Duration::hours(SESSION_HOURS);
    let secret = new_token();
    let csrf = new_token();
    let (secret_hash, csrf_token) = (token_hash(&secret), csrf.clone());
    let shared = web::Data::clone(&state);
    // The browser's own description, so its user can tell their sessions apart.
    let user_agent: Option<String> = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.chars().filter(|c| !c.is_control()).take(200).collect());
    let started = db::run(&state.pool, move |conn| {
        let found = staff::user_credentials(conn, &attempt.name)?;
        let matched = match found {
            Some((hash, role, disabled)) => {
                verify_password(&hash, &attempt.password).then_some((role, disabled))
            }
            None => {
                // Spend the same effort as a real check, so timing does not reveal names.
                let _ = password_hash(&attempt.password);
                None
            }
        };
        let from = client.map_or_else(|| "an unknown address".to_owned(), |ip| ip.to_string());
        let name = shown(&attempt.name);
        let refused = |conn: &mut crate::db::Conn, why: &str| {
            // Debug-quoted: a name with line breaks cannot forge log lines.
            tracing::warn!(name = ?name, client = %from, "sign-in refused: {why}");
            let actor = Actor {
                kind: ActorKind::Anonymous,
                name: name.clone(),
            };
            let target = format!("{name} from {from}");
            let detail = serde_json::json!({"reason": why, "client": from});
            audit::write(
                conn,
                &AuditRecord {
                    at: now.naive_utc(),
                    actor: &actor,
                    action: AuditAction::SessionRefused,
                    target: &target,
                    detail: Some(detail),
                },
            )
        };
        let Some((role, disabled)) = matched else {
            shared.sign_ins.failed(&attempt.name, client, now);
            refused(conn, "wrong name or password")?;
            return Err(wrong_credentials());
        };
        if disabled.is_some() {
            refused(conn, "the account is disabled")?;
            return Err(ApiError::Unauthorized(
                "this account is disabled; ask an admin".to_owned(),
            ));
        }
        shared.sign_ins.succeeded(&attempt.name, client);
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
            audit::write(
                conn,
                &AuditRecord {
                    at: now.naive_utc(),
                    actor: &actor,
                    action: AuditAction::SessionStart,
                    target: &attempt.name,
                    detail: None,
                },
            )?;
            Ok::<_, ApiError>(())
        })?;
        let role = staff::stored_role(&role, &attempt.name)?;
        Ok(SessionStarted {
            name: attempt.name,
            role,
            csrf_token,
            expires_at,
        })
    })
    .await?;
    // The public URL decides, not the request: a proxy's X-Forwarded-Proto proves nothing.
    let cookie = Cookie::build(state.origin.session_cookie(), secret)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.origin.is_https())
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
        WriteLimit,
        ServerErrors,
    )
)]
#[delete("/session")]
pub async fn sign_out(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff_member: Staff,
) -> Result<HttpResponse, ApiError> {
    let Some(cookie) = session_cookie(&req).filter(|_| staff_member.via == Via::Session) else {
        return Err(ApiError::Unauthorized(
            "not signed in with a session".to_owned(),
        ));
    };
    let hash = token_hash(cookie.value());
    let now = state.clock.now();
    db::run(&state.pool, move |conn| {
        conn.transaction(|conn| {
            sessions::delete_by_hash(conn, &hash)?;
            audit::write(
                conn,
                &AuditRecord {
                    at: now.naive_utc(),
                    actor: &staff_member.actor(),
                    action: AuditAction::SessionEnd,
                    target: &staff_member.name,
                    detail: None,
                },
            )?;
            Ok(())
        })
    })
    .await?;
    let mut gone = Cookie::build(state.origin.session_cookie(), "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.origin.is_https())
        .finish();
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}
