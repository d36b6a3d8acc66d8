//! `GET /me`: whom the request's credentials belong to, so staff tools can check a token
//! before they write with it; and `PUT /me/password`, a user's change of their own password.

use actix_web::{HttpRequest, HttpResponse, get, put, web};
use chancery_shared::page::Problem;
use chancery_shared::staff::{Me, PasswordChange};

use crate::access::Staff;
use crate::admin::users;
use crate::body::{from_value, json_value, without_password};
use crate::db;
use crate::error::ApiError;
use crate::query::{ApiQuery, NoParams};
use crate::responses::{ServerErrors, SignedIn, WriteLimit};
use crate::state::AppState;

/// Who the credentials belong to, their role now and the user they act for.
#[utoipa::path(
    operation_id = "get_me",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The token's or user's name, role and user", body = Me),
        SignedIn,
        ServerErrors,
    )
)]
#[get("/me")]
pub async fn get(staff: Staff, _params: ApiQuery<NoParams>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(Me {
            name: staff.name,
            role: staff.role,
            via: staff.via.as_str().to_owned(),
            user: staff.user,
        }))
}

/// Changes your own password, given the current one.
///
/// Your other sessions end at once; the one you ask from stays signed in. The new password
/// must be 12–1024 characters and differ from the current one. Attempts count against the
/// write rate limit, so the current password cannot be guessed quickly.
#[utoipa::path(
    operation_id = "change_my_password",
    tag = "staff",
    security(("bearer" = [])),
    request_body(content = PasswordChange, content_type = "application/json"),
    responses(
        (status = 204, description = "Changed; your other sessions have ended"),
        (status = 400, description = "Not JSON, an unknown field, or a field of the wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A token with no owner, or a cookie write without its X-CSRF-Token", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`current_password` is wrong, or `new_password` breaks the rules", body = Problem, content_type = "application/problem+json"),
        SignedIn,
        WriteLimit,
        ServerErrors,
    )
)]
#[put("/me/password")]
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let change: PasswordChange = from_value(json_value(&req, &bytes)?).map_err(without_password)?;
    let Some(user) = staff.user.clone() else {
        return Err(ApiError::Forbidden(
            "this token has no owner, so it has no password to change".to_owned(),
        ));
    };
    let (actor, keep, now) = (staff.actor(), staff.session_id, state.clock.now());
    db::run(&state.pool, move |conn| {
        Ok(users::change_own_password(
            conn, &actor, &user, &change, keep, now,
        )?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
