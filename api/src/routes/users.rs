//! Staff users managed by admins over HTTP, as `chancery user …` does on the command line:
//! `GET /users` lists them, `POST /users` adds one (its password stored only as an argon2id
//! hash), `GET /users/{name}` reads one with its ETag, `PATCH` changes its role or disables or
//! enables it, `DELETE` removes it, and `PUT /users/{name}/password` resets its password.
//! Changes need `If-Match`, like every edit; none may leave the site without an active admin.
//! Passwords never appear in answers, errors, logs or the audit log.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use chancery_shared::page::Problem;
use chancery_shared::staff::{NewUser, PasswordReset, Role, UserChange, UserInfo};

use crate::access::Staff;
use crate::admin::{StaffError, users};
use crate::body::{from_value, json_value, without_password};
use crate::db;
use crate::error::ApiError;
use crate::etag::IfMatch;
use crate::http::{if_match, path_segment, versioned_json};
use crate::query::{ApiQuery, NoParams};
use crate::responses::{AdminRead, AdminWrite, ServerErrors};
use crate::state::AppState;

/// Every staff user who has not been removed, newest first; admins only.
#[utoipa::path(
    operation_id = "list_users",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every user, newest first", body = Vec<UserInfo>),
        (status = 400, description = "An unknown query parameter", body = Problem, content_type = "application/problem+json"),
        AdminRead,
        ServerErrors,
    )
)]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let users = db::run(&state.pool, |conn| Ok(users::list(conn)?)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(users))
}

/// Adds a staff user who signs in with the password given; admins only.
///
/// The name is stored in Unicode NFC; control and formatting characters and reserved names
/// (`cli`, `admin`, `root`, `system`, `anonymous`…) are refused, and a name a removed user had
/// stays taken. The password must be 12–1024 characters; only its argon2id hash is kept.
#[utoipa::path(
    operation_id = "create_user",
    tag = "staff",
    security(("bearer" = [])),
    request_body(content = NewUser, content_type = "application/json"),
    responses(
        (status = 201, description = "Added", body = UserInfo,
            headers(("Location" = String, description = "The new user's URL"),
                    ("ETag" = String, description = "Its current version"))),
        (status = 400, description = "Not JSON, an unknown role or field, or a field of the wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A user (or a removed user) already has this name", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The name or password breaks the rules; each is listed", body = Problem, content_type = "application/problem+json"),
        AdminWrite,
        ServerErrors,
    )
)]
#[post("/users")]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let new: NewUser = from_value(json_value(&req, &bytes)?).map_err(without_password)?;
    let (actor, now) = (staff.actor(), state.clock.now());
    let user = db::run(&state.pool, move |conn| {
        Ok(users::add(conn, &actor, &new, now)?)
    })
    .await?;
    let mut response = respond(HttpResponse::Created(), &user);
    response.headers_mut().insert(
        header::LOCATION,
        header::HeaderValue::from_str(&format!("/api/v1/users/{}", path_segment(&user.name)))
            .map_err(|e| ApiError::Internal(e.to_string()))?,
    );
    Ok(response)
}

/// A user answered with its ETag, never cached.
fn respond(builder: actix_web::HttpResponseBuilder, user: &UserInfo) -> HttpResponse {
    versioned_json(builder, user, "private, no-store")
}

/// Accepts the user only as the `If-Match` tags last saw them.
fn unchanged_since(tags: IfMatch) -> impl FnOnce(&UserInfo) -> Result<(), StaffError> {
    move |current| {
        tags.check(current, &format!("`{}`", current.name))
            .map_err(|stale| StaffError::Stale(stale.to_string()))
    }
}

/// One staff user, with the ETag that changes to it take; admins only.
#[utoipa::path(
    operation_id = "get_user",
    tag = "staff",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The user's name")),
    responses(
        (status = 200, description = "The user; the ETag is what PATCH and DELETE take in If-Match", body = UserInfo,
            headers(("ETag" = String, description = "Its current version"))),
        (status = 400, description = "An unknown query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No user has this name", body = Problem, content_type = "application/problem+json"),
        AdminRead,
        ServerErrors,
    )
)]
#[get("/users/{name}")]
pub async fn get(
    state: web::Data<AppState>,
    staff: Staff,
    name: web::Path<String>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let name = name.into_inner();
    let user = db::run(&state.pool, move |conn| Ok(users::get(conn, &name)?)).await?;
    Ok(respond(HttpResponse::Ok(), &user))
}

/// Changes a user's role, or disables or enables them; admins only.
///
/// A JSON merge patch of `role` and `disabled`. Disabling ends the user's sessions and stops
/// the tokens they own at once (their next request is a 401); enabling lets them sign in again
/// and their unexpired, unrevoked tokens work again. A token never does more than its owner's
/// role, so demoting a user demotes their tokens. The last active admin cannot be demoted or
/// disabled (409). Each change is audited, a role change with its `from` and `to`.
#[utoipa::path(
    operation_id = "change_user",
    tag = "staff",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The user's name"),
           ("If-Match" = String, Header, description = "The ETag the change is based on")),
    request_body(content = UserChange, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Changed", body = UserInfo,
            headers(("ETag" = String, description = "The new version"))),
        (status = 400, description = "Not JSON, an unknown role or field, or a field of the wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No user has this name", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The change would leave no active admin; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Someone changed the user first: If-Match is stale; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
        AdminWrite,
        ServerErrors,
    )
)]
#[patch("/users/{name}")]
pub async fn change(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    name: web::Path<String>,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let tags = if_match(&req)?;
    let change: UserChange = from_value(json_value(&req, &bytes)?)?;
    let (actor, now, name) = (staff.actor(), state.clock.now(), name.into_inner());
    let user = db::run(&state.pool, move |conn| {
        Ok(users::change(
            conn,
            &actor,
            &name,
            &change,
            now,
            unchanged_since(tags),
        )?)
    })
    .await?;
    Ok(respond(HttpResponse::Ok(), &user))
}

/// Removes a user; admins only.
///
/// They can never sign in again, their sessions end and their tokens are revoked at once. The
/// name stays taken, so the audit log never names two people alike and a newcomer never
/// inherits someone's drafts. The last active admin cannot be removed (409).
#[utoipa::path(
    operation_id = "remove_user",
    tag = "staff",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The user's name"),
           ("If-Match" = String, Header, description = "The ETag the removal is based on")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No user has this name", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This is the last active admin; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Someone changed the user first: If-Match is stale; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
        AdminWrite,
        ServerErrors,
    )
)]
#[delete("/users/{name}")]
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let tags = if_match(&req)?;
    let (actor, now, name) = (staff.actor(), state.clock.now(), name.into_inner());
    db::run(&state.pool, move |conn| {
        Ok(users::remove(
            conn,
            &actor,
            &name,
            now,
            unchanged_since(tags),
        )?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sets someone's password; admins only.
///
/// For a user who forgot theirs, or whose account was compromised: every session of theirs
/// ends at once (an admin resetting their own keeps the session they ask from). Their tokens
/// are untouched; revoke them, or disable the user, to stop those. The password must be
/// 12–1024 characters. A reset needs no `If-Match`: it does not build on what was read.
#[utoipa::path(
    operation_id = "reset_user_password",
    tag = "staff",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The user's name")),
    request_body(content = PasswordReset, content_type = "application/json"),
    responses(
        (status = 204, description = "Set; the user's sessions have ended"),
        (status = 400, description = "Not JSON, an unknown field, or a field of the wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No user has this name", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password breaks the rules", body = Problem, content_type = "application/problem+json"),
        AdminWrite,
        ServerErrors,
    )
)]
#[put("/users/{name}/password")]
pub async fn reset_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    name: web::Path<String>,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let reset: PasswordReset = from_value(json_value(&req, &bytes)?).map_err(without_password)?;
    let name = crate::names::nfc(&name);
    let keep = staff.session_id.filter(|_| staff.acts_for(&name));
    let (actor, now) = (staff.actor(), state.clock.now());
    db::run(&state.pool, move |conn| {
        Ok(users::reset_password(
            conn,
            &actor,
            &name,
            &reset.password,
            keep,
            now,
        )?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
