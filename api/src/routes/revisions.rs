//! `GET /publications/{slug}/revisions`: every saved state of a publication, for staff.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use chancery_shared::page::Problem;
use chancery_shared::publication::Revision;
use chancery_shared::slug::Slug;

use crate::auth::Staff;
use crate::db::publications as q;
use crate::db::{DbPool, staff};
use crate::error::{ApiError, ServerErrors};
use crate::query::ApiQuery;
use crate::routes::publications::NoParams;
use crate::routes::with_conn;

/// The saved states of a publication, newest first.
#[utoipa::path(
    operation_id = "list_publication_revisions",
    tag = "publications",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The publication's slug")),
    responses(
        (status = 200, description = "Revisions, newest first", body = Vec<Revision>),
        (status = 401, description = "No token, or one that is unknown or revoked", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No publication has this slug", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[get("/publications/{slug}/revisions")]
pub async fn list(
    pool: web::Data<DbPool>,
    _staff: Staff,
    slug: web::Path<String>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let slug = Slug::parse(&slug).map_err(|e| ApiError::invalid("slug", &e.to_string()))?;
    let revisions: Vec<Revision> = with_conn(&pool, move |conn| {
        let row = q::by_slug(conn, slug.as_str())?
            .ok_or_else(|| ApiError::NotFound(format!("no publication has the slug `{slug}`")))?;
        Ok(staff::revisions(conn, row.summary.id)?
            .into_iter()
            .map(|r| Revision {
                number: r.number,
                saved_at: r.saved_at.and_utc(),
                actor: r.actor,
                change_note: r.change_note,
            })
            .collect())
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(revisions))
}
