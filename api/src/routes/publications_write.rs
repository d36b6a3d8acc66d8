//! `POST /publications`: staff add a publication. Contributors may only add drafts; editors
//! and admins may publish or schedule (a future `published_at`). The write and its audit entry
//! commit together or not at all.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chancery_shared::page::Problem;
use chancery_shared::publication::{Publication, PublicationRecord, Status};
use chancery_shared::staff::Role;
use diesel::Connection;

use crate::auth::Staff;
use crate::body::{from_value, json_value};
use crate::clock::Clock;
use crate::db::publications as q;
use crate::db::write::{WriteError, insert_publication};
use crate::db::{DbPool, staff};
use crate::error::{ApiError, ServerErrors};
use crate::http::etag_of;
use crate::routes::{load_site, with_conn};

/// Adds a publication; `status` defaults to `draft`.
///
/// Every invalid field is reported at once (422). A slug is made from the title when none is
/// given; a slug already in use is a 409 and nothing is written.
#[utoipa::path(
    operation_id = "create_publication",
    tag = "publications",
    security(("bearer" = [])),
    request_body(content = PublicationRecord, content_type = "application/json"),
    responses(
        (status = 201, description = "Created; `Location` names it", body = Publication,
            headers(("Location" = String, description = "The new publication's URL"),
                    ("ETag" = String, description = "Its current version"))),
        (status = 400, description = "Not JSON, or a field of the wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No token, or one that is unknown or revoked", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A contributor tried to publish", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields break the rules; each is listed", body = Problem, content_type = "application/problem+json"),
        ServerErrors,
    )
)]
#[post("/publications")]
pub async fn create(
    req: HttpRequest,
    pool: web::Data<DbPool>,
    clock: web::Data<Clock>,
    staff: Staff,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let mut value = json_value(&req, &bytes)?;
    if let Some(fields) = value.as_object_mut() {
        fields
            .entry("status")
            .or_insert_with(|| Status::Draft.as_str().into());
    }
    let record: PublicationRecord = from_value(value)?;
    let needed = if record.status == Status::Draft {
        Role::Contributor
    } else {
        Role::Editor
    };
    staff.require(needed)?;
    let slug = record.validate().map_err(ApiError::Validation)?;
    let now = clock.now();
    let actor = staff.name;
    let publication: Publication = with_conn(&pool, move |conn| {
        conn.transaction(|conn| {
            insert_publication(conn, &record, &slug).map_err(|e| match e {
                WriteError::SlugTaken(taken) => {
                    ApiError::Conflict(format!("the slug `{taken}` is already taken"))
                }
                WriteError::Database(db) => db.into(),
            })?;
            staff::audit(conn, &actor, "publication.create", slug.as_str())?;
            let (_, zone) = load_site(conn)?;
            let row = q::by_slug(conn, slug.as_str())?
                .ok_or_else(|| ApiError::StoredData(format!("`{slug}` vanished on insert")))?;
            row.into_publication(zone, now)
                .map_err(|e| ApiError::StoredData(e.to_string()))
        })
    })
    .await?;
    let json = serde_json::to_vec(&publication)
        .map_err(|e| ApiError::StoredData(format!("the new publication did not serialise: {e}")))?;
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/publications/{}", publication.summary.slug),
        ))
        .insert_header((header::ETAG, etag_of(&json)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("application/json")
        .body(json))
}
