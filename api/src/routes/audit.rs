//! `GET /audit`: the audit log for admins, newest first, paged like the archive.

use actix_web::{HttpResponse, get, web};
use chancery_shared::page::{Page, Problem, total_pages};
use chancery_shared::staff::{AuditEntry, Role};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::access::Staff;
use crate::db::conn::BadRow;
use crate::db::{self, audit};
use crate::error::ApiError;
use crate::query::ApiQuery;
use crate::responses::{ServerErrors, TokenRequired};
use crate::state::AppState;

/// Paging of the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page number, from 1.
    #[param(minimum = 1, example = 1)]
    pub page: Option<u32>,
    /// Entries per page, 1–100 (default 50).
    #[param(minimum = 1, maximum = 100, example = 50)]
    pub per_page: Option<u32>,
}

/// Who did what and when; admins only.
///
/// Each entry names its actor's kind (`user`, `token` or `cli`) and name, and, where the
/// action records it, what changed (`detail`: a role's or a setting's `from` and `to`, or how
/// many sessions ended). Passwords and secrets are never recorded.
#[utoipa::path(
    operation_id = "list_audit_entries",
    tag = "staff",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of the audit log, newest first", body = Page<AuditEntry>),
        (status = 400, description = "A paging parameter is malformed or out of range", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        TokenRequired,
        ServerErrors,
    )
)]
#[get("/audit")]
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Admin)?;
    let page = query.page.unwrap_or(1);
    let per_page = query.per_page.unwrap_or(50);
    if page == 0 {
        return Err(ApiError::invalid("page", "must be 1 or more"));
    }
    if !(1..=100).contains(&per_page) {
        return Err(ApiError::invalid("per_page", "must be between 1 and 100"));
    }
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (rows, total) = db::run(&state.pool, move |conn| {
        Ok(audit::page(conn, offset, i64::from(per_page))?)
    })
    .await?;
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(AuditEntry {
                at: r.at.and_utc(),
                actor_kind: r
                    .actor_kind
                    .parse()
                    .map_err(|e| BadRow::new("an audit entry", "actor_kind", e))?,
                actor: r.actor,
                action: r.action,
                target: r.target,
                detail: r
                    .detail
                    .map(|text| serde_json::from_str(&text))
                    .transpose()
                    .map_err(|e| BadRow::new("an audit entry", "detail", e))?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(Page {
            items,
            page,
            per_page,
            total,
            total_pages: total_pages(total, per_page),
        }))
}
