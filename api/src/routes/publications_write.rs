//! Staff writes to publications: `POST /publications` adds one; `PUT` and `PATCH` (JSON merge
//! patch) on `/publications/{slug}` change one; `DELETE` removes a draft or withdraws the rest.
//! Each handler reads the request, hands it to the publishing service (`publishing.rs`, which
//! holds the rules: who may, the `If-Match` version, the revision, the audit entry) and answers
//! with the publication as it now stands.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, patch, post, put, web};
use chancery_shared::page::{FieldError, Problem};
use chancery_shared::publication::{Publication, PublicationRecord, Status};

use crate::access::Staff;
use crate::body::{from_value, json_value};
use crate::db;
use crate::error::ApiError;
use crate::http::{if_match, versioned_json};
use crate::publishing::{self, Change, Removed};
use crate::query::path_slug;
use crate::responses::{EditErrors, ServerErrors, TokenRequired, WriteLimit};
use crate::state::AppState;

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
        (status = 403, description = "A contributor tried to publish", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not application/json", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields break the rules, caps included (20 tags, 20 speakers, 2,000 blocks, a record of 512 KiB as JSON, named `body`); each is listed", body = Problem, content_type = "application/problem+json"),
        TokenRequired,
        WriteLimit,
        ServerErrors,
    )
)]
#[post("/publications")]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
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
    let clock = state.clock.clone();
    let publication = db::run(&state.pool, move |conn| {
        Ok(publishing::create(conn, &staff, record, &clock)?)
    })
    .await?;
    let location = format!("/api/v1/publications/{}", publication.summary.slug);
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, location));
    Ok(versioned_json(response, &publication, "no-store"))
}

/// Replaces a publication with the record in the body; an absent `slug` or `status` keeps the
/// current one. A `change_note` field says why (shown with published corrections).
#[utoipa::path(
    operation_id = "replace_publication",
    tag = "publications",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The publication's slug"),
           ("If-Match" = String, Header, description = "The ETag the change is based on")),
    request_body(content = PublicationRecord, content_type = "application/json"),
    responses(
        (status = 200, description = "Saved", body = Publication,
            headers(("ETag" = String, description = "The new version"))),
        EditErrors,
        ServerErrors,
    )
)]
#[put("/publications/{slug}")]
pub async fn replace(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    slug: web::Path<String>,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    update(req, state, staff, slug, bytes, false).await
}

/// Changes the fields given (RFC 7396 JSON merge patch: `null` resets a field). A
/// `change_note` field says why.
#[utoipa::path(
    operation_id = "patch_publication",
    tag = "publications",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The publication's slug"),
           ("If-Match" = String, Header, description = "The ETag the change is based on")),
    request_body(content = Object, content_type = "application/merge-patch+json",
        description = "Fields of PublicationRecord to change, plus an optional `change_note`"),
    responses(
        (status = 200, description = "Saved", body = Publication,
            headers(("ETag" = String, description = "The new version"))),
        EditErrors,
        ServerErrors,
    )
)]
#[patch("/publications/{slug}")]
pub async fn amend(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    slug: web::Path<String>,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    update(req, state, staff, slug, bytes, true).await
}

async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    slug: web::Path<String>,
    bytes: web::Bytes,
    merge: bool,
) -> Result<HttpResponse, ApiError> {
    let slug = path_slug(&slug)?;
    let if_match = if_match(&req)?;
    let mut body = json_value(&req, &bytes)?;
    let note = take_change_note(&mut body)?;
    let change = if merge {
        Change::Merge(body)
    } else {
        Change::Replace(body)
    };
    let clock = state.clock.clone();
    let publication: Publication = db::run(&state.pool, move |conn| {
        let note = note.as_deref();
        Ok(publishing::update(
            conn, &staff, &slug, &if_match, change, note, &clock,
        )?)
    })
    .await?;
    Ok(versioned_json(HttpResponse::Ok(), &publication, "no-store"))
}

/// Removes a draft, or withdraws anything else (it then answers 410 to the public).
///
/// Contributors may remove only their own drafts; withdrawing needs an editor. Like every
/// change it needs `If-Match`.
#[utoipa::path(
    operation_id = "delete_publication",
    tag = "publications",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The publication's slug"),
           ("If-Match" = String, Header, description = "The ETag the change is based on")),
    responses(
        (status = 204, description = "The draft is gone"),
        (status = 200, description = "Withdrawn; the body is its new state", body = Publication),
        (status = 403, description = "A contributor tried to remove what is not their draft", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No publication has this slug", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Someone saved first: If-Match is stale; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
        TokenRequired,
        WriteLimit,
        ServerErrors,
    )
)]
#[delete("/publications/{slug}")]
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = path_slug(&slug)?;
    let if_match = if_match(&req)?;
    let clock = state.clock.clone();
    let removed = db::run(&state.pool, move |conn| {
        Ok(publishing::remove(conn, &staff, &slug, &if_match, &clock)?)
    })
    .await?;
    Ok(match removed {
        Removed::Deleted => HttpResponse::NoContent().finish(),
        Removed::Withdrawn(publication) => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .json(publication),
    })
}

/// Removes the `change_note` field from a body; it describes the write, not the record.
fn take_change_note(body: &mut serde_json::Value) -> Result<Option<String>, ApiError> {
    match body
        .as_object_mut()
        .and_then(|fields| fields.remove("change_note"))
    {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(note)) if note.chars().count() <= 1_000 => {
            Ok(Some(note.trim().to_owned()).filter(|n| !n.is_empty()))
        }
        Some(_) => Err(ApiError::InvalidBody(vec![FieldError::new(
            "change_note",
            "must be text of at most 1000 characters",
        )])),
    }
}
