//! Staff users managed by admins over HTTP, as `chancery user add` does on the command line:
//! `GET /users` lists them, `POST /users` adds one (its password stored only as an argon2id
//! hash), and `GET /users/{name}` reads one. Passwords never appear in answers, errors, logs
//! or the audit log.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chancery_shared::page::{FieldError, Problem};
use chancery_shared::staff::{NewUser, Role, UserInfo};

use crate::admin;
use crate::auth::Staff;
use crate::body::{from_value, json_value};
use crate::db::DbPool;
use crate::error::{ApiError, ServerErrors};
use crate::query::ApiQuery;
use crate::routes::publications::NoParams;
use crate::routes::{path_segment, with_conn};

/// Every staff user, newest first; admins only.
#[utoipa::path(
    operation_id = "list_users",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every user, newest first", body = Vec<UserInfo>),
        (status = 400, description = "An unknown query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No credentials, or ones that are unknown, revoked or ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/users")]
pub async fn list(
    pool: web::Data<DbPool>,
    staff: Staff,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let users = with_conn(&pool, |conn| Ok(admin::users(conn)?)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(users))
}

/// Adds a staff user who signs in with the password given; admins only.
///
/// The password must be at least 12 characters; only its argon2id hash is kept.
#[utoipa::path(
    operation_id = "create_user",
    tag = "staff",
    security(("bearer" = [])),
    request_body(content = NewUser, content_type = "application/json"),
    responses(
        (status = 201, description = "Added", body = UserInfo,
            headers(("Location" = String, description = "The new user's URL"))),
        (status = 400, description = "Not JSON, an unknown role, or a field of the wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No credentials, or ones that are unknown, revoked or ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin, or a cookie write without its X-CSRF-Token", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A user already has this name", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The name or password breaks the rules; each is listed", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many writes from this address; see Retry-After", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until a write is allowed again"))),
        ServerErrors,
    )
)]
#[post("/users")]
pub async fn create(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    staff: Staff,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let new: NewUser = from_value(json_value(&req, &bytes)?).map_err(without_password)?;
    let actor = staff.name;
    let user = with_conn(&pool, move |conn| {
        Ok(admin::add_user_as(conn, &actor, &new)?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/users/{}", path_segment(&user.name)),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(user))
}

/// serde quotes some values it cannot take (`invalid type: integer `123``); a password must
/// not come back that way.
fn without_password(error: ApiError) -> ApiError {
    match error {
        ApiError::InvalidBody(errors) => ApiError::InvalidBody(
            errors
                .into_iter()
                .map(|e| {
                    if e.field == "password" && e.message != "is required" {
                        FieldError::new("password", "must be text")
                    } else {
                        e
                    }
                })
                .collect(),
        ),
        other => other,
    }
}

/// One staff user; admins only.
#[utoipa::path(
    operation_id = "get_user",
    tag = "staff",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The user's name")),
    responses(
        (status = 200, description = "The user", body = UserInfo),
        (status = 400, description = "An unknown query parameter", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No credentials, or ones that are unknown, revoked or ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No user has this name", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/users/{name}")]
pub async fn get(
    pool: web::Data<DbPool>,
    staff: Staff,
    name: web::Path<String>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let name = name.into_inner();
    let user = with_conn(&pool, move |conn| Ok(admin::user(conn, &name)?)).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(user))
}
