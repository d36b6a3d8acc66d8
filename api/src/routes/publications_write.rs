//! Staff writes to publications: `POST /publications` adds one; `PUT` and `PATCH` (JSON merge
//! patch) on `/publications/{slug}` change one; `DELETE` removes a draft or withdraws the rest.
//! Contributors work on their own drafts; editors and admins may publish and schedule (a future
//! `published_at`). Changes need `If-Match` with the current `ETag` (428 without, 412 when
//! stale), so no one overwrites a colleague's edit. Each write, its revision and its audit
//! entry commit together or not at all.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, patch, post, put, web};
use chancery_shared::page::{FieldError, Problem};
use chancery_shared::publication::{Publication, PublicationRecord, Status};
use chancery_shared::staff::Role;
use diesel::Connection;

use crate::access::Staff;
use crate::body::{from_value, json_value};
use crate::db::publications as q;
use crate::db::staff::AuditRecord;
use crate::db::status::StoredStatus;
use crate::db::write::{delete_publication, insert_publication, save_revision, update_publication};
use crate::db::{self, site, staff};
use crate::error::ApiError;
use crate::http::{check_if_match, etag_of, if_match};
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
    let needed = if record.status == Status::Draft {
        Role::Contributor
    } else {
        Role::Editor
    };
    staff.require(needed)?;
    let slug = record.validate().map_err(ApiError::Validation)?;
    let now = state.clock.now();
    let clock = state.clock.clone();
    let who = staff.actor();
    let actor = staff.name;
    let publication: Publication = db::run(&state.pool, move |conn| {
        conn.transaction(|conn| {
            let id = insert_publication(conn, &record, &slug, Some(&actor), &clock)?;
            staff::audit(
                conn,
                &AuditRecord::new(now, &who, "publication.create", slug.as_str()),
            )?;
            save_revision(conn, id, &actor, None, &record, now)?;
            let zone = site::current(conn)?.zone()?;
            let row = q::by_slug(conn, slug.as_str())?
                .ok_or_else(|| ApiError::StoredData(format!("`{slug}` vanished on insert")))?;
            Ok(row.into_publication(zone, now)?)
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
    let change_note = take_change_note(&mut body)?;
    let now = state.clock.now();
    let clock = state.clock.clone();
    let publication: Publication = db::run(&state.pool, move |conn| {
        conn.transaction(|conn| {
            let zone = site::current(conn)?.zone()?;
            let row = q::by_slug(conn, slug.as_str())?.ok_or_else(|| {
                ApiError::NotFound(format!("no publication has the slug `{slug}`"))
            })?;
            let current = row.clone().into_publication(zone, now)?;
            check_if_match(&if_match, &current, &format!("`{slug}`"))?;
            let own_draft = row.summary.status == StoredStatus::Draft
                && row.author.as_deref() == Some(staff.name.as_str());
            if !own_draft {
                staff.require(Role::Editor)?;
            }
            let base = row.to_record()?;
            let value = if merge {
                let mut merged =
                    serde_json::to_value(&base).map_err(|e| ApiError::StoredData(e.to_string()))?;
                crate::body::merge_patch(&mut merged, &body);
                merged
            } else {
                let mut replacement = body.clone();
                if let Some(fields) = replacement.as_object_mut() {
                    fields.entry("slug").or_insert_with(|| slug.as_str().into());
                    fields
                        .entry("status")
                        .or_insert_with(|| base.status.as_str().into());
                }
                replacement
            };
            let record: PublicationRecord = from_value(value)?;
            if record.status != Status::Draft {
                staff.require(Role::Editor)?;
            }
            let new_slug = record.validate().map_err(ApiError::Validation)?;
            update_publication(
                conn,
                row.summary.id,
                &record,
                &new_slug,
                change_note.as_deref(),
                &clock,
            )?;
            save_revision(
                conn,
                row.summary.id,
                &staff.name,
                change_note.as_deref(),
                &record,
                now,
            )?;
            staff::audit(
                conn,
                &AuditRecord::new(now, &staff.actor(), "publication.update", new_slug.as_str()),
            )?;
            q::by_slug(conn, new_slug.as_str())?
                .ok_or_else(|| ApiError::StoredData(format!("`{new_slug}` vanished on update")))?
                .into_publication(zone, now)
                .map_err(ApiError::from)
        })
    })
    .await?;
    let json = serde_json::to_vec(&publication)
        .map_err(|e| ApiError::StoredData(format!("the publication did not serialise: {e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag_of(&json)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("application/json")
        .body(json))
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
    let now = state.clock.now();
    let clock = state.clock.clone();
    let withdrawn: Option<Publication> = db::run(&state.pool, move |conn| {
        conn.transaction(|conn| {
            let zone = site::current(conn)?.zone()?;
            let row = q::by_slug(conn, slug.as_str())?.ok_or_else(|| {
                ApiError::NotFound(format!("no publication has the slug `{slug}`"))
            })?;
            let current = row.clone().into_publication(zone, now)?;
            check_if_match(&if_match, &current, &format!("`{slug}`"))?;
            if row.summary.status == StoredStatus::Draft {
                if row.author.as_deref() != Some(staff.name.as_str()) {
                    staff.require(Role::Editor)?;
                }
                delete_publication(conn, row.summary.id, &clock)?;
                staff::audit(
                    conn,
                    &AuditRecord::new(now, &staff.actor(), "publication.delete", slug.as_str()),
                )?;
                return Ok(None);
            }
            staff.require(Role::Editor)?;
            let mut record = row.to_record()?;
            record.status = Status::Withdrawn;
            update_publication(
                conn,
                row.summary.id,
                &record,
                &slug,
                row.change_note.as_deref(),
                &clock,
            )?;
            save_revision(
                conn,
                row.summary.id,
                &staff.name,
                Some("Withdrawn"),
                &record,
                now,
            )?;
            staff::audit(
                conn,
                &AuditRecord::new(now, &staff.actor(), "publication.withdraw", slug.as_str()),
            )?;
            let row = q::by_slug(conn, slug.as_str())?
                .ok_or_else(|| ApiError::StoredData(format!("`{slug}` vanished on withdrawal")))?;
            Ok(Some(row.into_publication(zone, now)?))
        })
    })
    .await?;
    Ok(match withdrawn {
        None => HttpResponse::NoContent().finish(),
        Some(publication) => HttpResponse::Ok()
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
