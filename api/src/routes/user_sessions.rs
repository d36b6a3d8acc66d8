//! A user's signed-in sessions over HTTP: `GET /users/{name}/sessions` lists them (never a
//! secret), `DELETE /users/{name}/sessions/{id}` ends one and `DELETE /users/{name}/sessions`
//! ends all but the one the request came with. Admins manage anyone's; every user manages
//! their own (a token manages its owner's). Endings are audited and take effect at once.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, web};
use chancery_shared::page::Problem;
use chancery_shared::staff::{Role, SessionInfo};

use crate::access::{Staff, TooWeak};
use crate::admin::sessions;
use crate::db;
use crate::error::ApiError;
use crate::query::{ApiQuery, NoParams};
use crate::responses::{ServerErrors, SignedIn, WriteLimit};
use crate::state::AppState;

/// 403 unless the request acts for `user` or comes from an admin.
fn own_or_admin(staff: &Staff, user: &str) -> Result<(), TooWeak> {
    if staff.acts_for(user) {
        Ok(())
    } else {
        staff.require(Role::Admin)
    }
}

/// A user's unexpired sessions, newest first; the user themselves or an admin.
#[utoipa::path(
    operation_id = "list_user_sessions",
    tag = "staff",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The user's name")),
    responses(
        (status = 200, description = "Their sessions; `current` marks the one the request came with", body = Vec<SessionInfo>),
        (status = 400, description = "An unknown query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither this user nor an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No user has this name", body = Problem, content_type = "application/problem+json"),
        SignedIn,
        ServerErrors,
    )
)]
#[get("/users/{name}/sessions")]
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    name: web::Path<String>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let name = crate::names::nfc(&name);
    own_or_admin(&staff, &name)?;
    let (current, now) = (staff.session_id, state.clock.now());
    let found = db::run(&state.pool, move |conn| {
        Ok(sessions::list(conn, &name, current, now)?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(found))
}

/// Ends every session of a user but the one the request came with; the user or an admin.
///
/// "Sign out everywhere else" for a user; for an admin ending someone else's, all of them.
#[utoipa::path(
    operation_id = "end_user_sessions",
    tag = "staff",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The user's name")),
    responses(
        (status = 204, description = "Ended; their next request with any of them is a 401"),
        (status = 403, description = "Neither this user nor an admin, or a cookie write without its X-CSRF-Token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No user has this name", body = Problem, content_type = "application/problem+json"),
        SignedIn,
        WriteLimit,
        ServerErrors,
    )
)]
#[delete("/users/{name}/sessions")]
pub async fn end_all(
    state: web::Data<AppState>,
    staff: Staff,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let name = crate::names::nfc(&name);
    own_or_admin(&staff, &name)?;
    let keep = staff.session_id.filter(|_| staff.acts_for(&name));
    let (actor, now) = (staff.actor(), state.clock.now());
    db::run(&state.pool, move |conn| {
        Ok(sessions::end_all(conn, &actor, &name, keep, now)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends one of a user's sessions at once; the user or an admin.
#[utoipa::path(
    operation_id = "end_user_session",
    tag = "staff",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The user's name"),
           ("id" = i64, Path, description = "The session's id, from the list")),
    responses(
        (status = 204, description = "Ended; its next request is a 401"),
        (status = 400, description = "The id is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither this user nor an admin, or a cookie write without its X-CSRF-Token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No user has this name, or they have no such session", body = Problem, content_type = "application/problem+json"),
        SignedIn,
        WriteLimit,
        ServerErrors,
    )
)]
#[delete("/users/{name}/sessions/{id}")]
pub async fn end(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (name, id) = path.into_inner();
    let name = crate::names::nfc(&name);
    own_or_admin(&staff, &name)?;
    let (actor, now) = (staff.actor(), state.clock.now());
    db::run(&state.pool, move |conn| {
        Ok(sessions::end(conn, &actor, &name, id, now)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
