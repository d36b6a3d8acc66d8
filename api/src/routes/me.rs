//! `GET /me`: whom the request's credentials belong to, so staff tools can check a token
//! before they write with it.

use actix_web::{HttpResponse, get};
use chancery_shared::page::Problem;
use chancery_shared::staff::Me;

use crate::auth::Staff;
use crate::error::{ApiError, ServerErrors};
use crate::query::ApiQuery;
use crate::routes::publications::NoParams;

/// Who the bearer token belongs to, and its role.
#[utoipa::path(
    operation_id = "get_me",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The token's name and role", body = Me),
        (status = 401, description = "No token, or one that is unknown or revoked", body = Problem, content_type = "application/problem+json"),
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
            via: staff.via.to_owned(),
        }))
}
