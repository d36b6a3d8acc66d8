//! API tokens managed by admins over HTTP, as `chancery token …` does on the command line:
//! `GET /tokens` lists them (never their secrets), `POST /tokens` makes one and shows its
//! secret that once, `GET /tokens/{name}` reads one, and `DELETE /tokens/{name}` revokes it at
//! once. A token has an owner and may expire; it never does more than its owner may. Every
//! change commits with its audit entry, recorded under the admin's name.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chancery_shared::page::Problem;
use chancery_shared::staff::{CreatedToken, NewToken, Role, TokenInfo};

use crate::access::Staff;
use crate::admin::tokens;
use crate::body::{from_value, json_value};
use crate::db;
use crate::error::ApiError;
use crate::http::path_segment;
use crate::query::{ApiQuery, NoParams};
use crate::responses::{AdminRead, AdminWrite, ServerErrors};
use crate::state::AppState;

/// Every token, revoked and expired ones included, newest first; admins only.
#[utoipa::path(
    operation_id = "list_tokens",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every token, newest first; never a secret", body = Vec<TokenInfo>),
        (status = 400, description = "An unknown query parameter", body = Problem, content_type = "application/problem+json"),
        AdminRead,
        ServerErrors,
    )
)]
#[get("/tokens")]
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let now = state.clock.now();
    let tokens = db::run(&state.pool, move |conn| Ok(tokens::list(conn, now)?)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(tokens))
}

/// Makes a token for a machine client; admins only.
///
/// The answer is the only time the secret is shown: only its SHA-256 hash is kept. The token
/// acts for its `owner` (by default the admin asking), an active user: its role may not exceed
/// the owner's (by default it is the owner's), and it never does more than the owner may do
/// now, so demoting the owner demotes it and disabling the owner stops it. It works until
/// revoked, or until `expires_in` (`90d`, `12h`…) or `expires_at` passes. The name follows the
/// rules for users' names (NFC, no control or formatting characters, not reserved).
#[utoipa::path(
    operation_id = "create_token",
    tag = "staff",
    security(("bearer" = [])),
    request_body(content = NewToken, content_type = "application/json"),
    responses(
        (status = 201, description = "Created; the body holds the secret, shown only now", body = CreatedToken,
            headers(("Location" = String, description = "The new token's URL"))),
        (status = 400, description = "Not JSON, an unknown role, or a field of the wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A token already has this name", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The name, owner, role or expiry breaks the rules; each is listed", body = Problem, content_type = "application/problem+json"),
        AdminWrite,
        ServerErrors,
    )
)]
#[post("/tokens")]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let new: NewToken = from_value(json_value(&req, &bytes)?)?;
    let (actor, owner, now) = (staff.actor(), staff.user, state.clock.now());
    let created = db::run(&state.pool, move |conn| {
        Ok(tokens::create(conn, &actor, owner.as_deref(), &new, now)?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/tokens/{}", path_segment(&created.info.name)),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(created))
}

/// One token, live or revoked; admins only.
#[utoipa::path(
    operation_id = "get_token",
    tag = "staff",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The token's name")),
    responses(
        (status = 200, description = "The token; never its secret", body = TokenInfo),
        (status = 400, description = "An unknown query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No token has this name", body = Problem, content_type = "application/problem+json"),
        AdminRead,
        ServerErrors,
    )
)]
#[get("/tokens/{name}")]
pub async fn get(
    state: web::Data<AppState>,
    staff: Staff,
    name: web::Path<String>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let (name, now) = (name.into_inner(), state.clock.now());
    let token = db::run(&state.pool, move |conn| Ok(tokens::get(conn, &name, now)?)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(token))
}

/// Revokes a token at once: its next request is refused with 401; admins only.
///
/// Revoking a token that is already revoked is a 204 too and changes nothing (it keeps its
/// first `revoked_at`, and no second audit entry is written); a name no token has is a 404.
#[utoipa::path(
    operation_id = "revoke_token",
    tag = "staff",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The token's name")),
    responses(
        (status = 204, description = "Revoked (or already revoked)"),
        (status = 404, description = "No token has this name", body = Problem, content_type = "application/problem+json"),
        AdminWrite,
        ServerErrors,
    )
)]
#[delete("/tokens/{name}")]
pub async fn revoke(
    state: web::Data<AppState>,
    staff: Staff,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let (name, actor, now) = (name.into_inner(), staff.actor(), state.clock.now());
    db::run(&state.pool, move |conn| {
        Ok(tokens::revoke(conn, &actor, &name, now)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
