//! Revisions, for staff: `GET /publications/{slug}/revisions` lists every saved state,
//! `/revisions/{number}` gives one's record, and `/diff?from=&to=` what changed between two.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use chancery_shared::page::Problem;
use chancery_shared::publication::{PublicationRecord, Revision, RevisionDiff, diff_records};
use chancery_shared::slug::Slug;
use chrono::{DateTime, Utc};

use crate::access::Staff;
use crate::access::{self, Viewer};
use crate::db::conn::BadRow;
use crate::db::publications as q;
use crate::db::{self, Conn, staff};
use crate::error::ApiError;
use crate::query::{ApiQuery, NoParams, path_slug};
use crate::responses::{HistoryRefused, ServerErrors, TokenRequired};
use crate::state::AppState;

/// The saved states of a publication, newest first.
#[utoipa::path(
    operation_id = "list_publication_revisions",
    tag = "publications",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The publication's slug")),
    responses(
        (status = 200, description = "Revisions, newest first", body = Vec<Revision>),
        HistoryRefused,
        (status = 404, description = "No publication has this slug", body = Problem, content_type = "application/problem+json"),
        TokenRequired,
        ServerErrors,
    )
)]
#[get("/publications/{slug}/revisions")]
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    slug: web::Path<String>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let slug = path_slug(&slug)?;
    let (viewer, now) = (Viewer::from(Some(staff)), state.clock.now());
    let revisions: Vec<Revision> = db::run(&state.pool, move |conn| {
        let row = history_of(conn, &viewer, &slug, now)?;
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

/// One saved state, with the record as it was saved.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RevisionRecord {
    pub number: i32,
    /// The publication as saved, in the shape `import` reads.
    pub record: PublicationRecord,
}

/// The stored record of revision `number`, or 404 naming what is missing.
/// The publication whose history `viewer` asks for, if they may read it.
fn history_of(
    conn: &mut Conn,
    viewer: &Viewer,
    slug: &Slug,
    now: DateTime<Utc>,
) -> Result<q::FullRow, ApiError> {
    let row = q::by_slug(conn, slug.as_str())?.ok_or_else(|| access::not_found(slug))?;
    viewer.read_history(&row, now)?;
    Ok(row)
}

fn record_of(
    conn: &mut Conn,
    row: &q::FullRow,
    number: i32,
) -> Result<serde_json::Value, ApiError> {
    let slug = &row.summary.slug;
    let text = staff::revision_record(conn, row.summary.id, number)?
        .ok_or_else(|| ApiError::NotFound(format!("`{slug}` has no revision {number}")))?;
    serde_json::from_str(&text)
        .map_err(|e| BadRow::new(format!("revision {number} of `{slug}`"), "record", e).into())
}

/// One revision's record, to read or to restore from.
#[utoipa::path(
    operation_id = "get_publication_revision",
    tag = "publications",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The publication's slug"),
           ("number" = i32, Path, description = "The revision number, from 1")),
    responses(
        (status = 200, description = "The revision's record", body = RevisionRecord),
        HistoryRefused,
        (status = 404, description = "No such publication or revision", body = Problem, content_type = "application/problem+json"),
        TokenRequired,
        ServerErrors,
    )
)]
#[get("/publications/{slug}/revisions/{number}")]
pub async fn get(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<(String, i32)>,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let (slug, number) = path.into_inner();
    let slug = path_slug(&slug)?;
    let (viewer, now) = (Viewer::from(Some(staff)), state.clock.now());
    let value = db::run(&state.pool, move |conn| {
        let row = history_of(conn, &viewer, &slug, now)?;
        record_of(conn, &row, number)
    })
    .await?;
    let record: PublicationRecord = serde_json::from_value(value)
        .map_err(|e| BadRow::new(format!("revision {number}"), "record", e))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(RevisionRecord { number, record }))
}

/// Which two revisions to compare.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DiffQuery {
    /// The earlier revision.
    #[param(minimum = 1, example = 1)]
    pub from: i32,
    /// The later revision.
    #[param(minimum = 1, example = 2)]
    pub to: i32,
}

/// The fields that differ between two revisions (body blocks one by one).
#[utoipa::path(
    operation_id = "diff_publication_revisions",
    tag = "publications",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The publication's slug"), DiffQuery),
    responses(
        (status = 200, description = "What changed from one revision to the other", body = RevisionDiff),
        (status = 400, description = "`from` or `to` is missing or malformed", body = Problem, content_type = "application/problem+json"),
        HistoryRefused,
        (status = 404, description = "No such publication or revision", body = Problem, content_type = "application/problem+json"),
        TokenRequired,
        ServerErrors,
    )
)]
#[get("/publications/{slug}/diff")]
pub async fn diff(
    state: web::Data<AppState>,
    staff: Staff,
    slug: web::Path<String>,
    ApiQuery(query): ApiQuery<DiffQuery>,
) -> Result<HttpResponse, ApiError> {
    let slug = path_slug(&slug)?;
    let (from, to) = (query.from, query.to);
    let (viewer, now) = (Viewer::from(Some(staff)), state.clock.now());
    let (before, after) = db::run(&state.pool, move |conn| {
        let row = history_of(conn, &viewer, &slug, now)?;
        Ok((record_of(conn, &row, from)?, record_of(conn, &row, to)?))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(RevisionDiff {
            from,
            to,
            changes: diff_records(&before, &after),
        }))
}
