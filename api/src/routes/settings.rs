//! `GET /settings` and `PUT /settings`: the site's name, home time zone, contacts, clocks and
//! counters as one document that staff read and replace whole. Editors may change contacts,
//! clocks and counters; changing the name or home time zone needs an admin. A replacement needs
//! the `ETag` it was based on (`If-Match`), like every other change.

use actix_web::{HttpRequest, HttpResponse, get, put, web};
use chancery_shared::page::Problem;
use chancery_shared::settings::Settings;
use chancery_shared::staff::Role;
use diesel::Connection;

use crate::access::Staff;
use crate::body::{from_value, json_value};
use crate::db::audit::{self, AuditAction, AuditRecord};
use crate::db::{self, settings};
use crate::error::ApiError;
use crate::http::{if_match, versioned_json};
use crate::query::{ApiQuery, NoParams};
use crate::responses::{ServerErrors, TokenRequired, WriteLimit};
use crate::state::AppState;

/// The settings with their ETag.
fn respond(settings: &Settings) -> HttpResponse {
    versioned_json(HttpResponse::Ok(), settings, "private, no-store")
}

/// The site's editable settings.
#[utoipa::path(
    operation_id = "get_settings",
    tag = "staff",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings; the ETag is what PUT takes in If-Match", body = Settings),
        TokenRequired,
        ServerErrors,
    )
)]
#[get("/settings")]
pub async fn get(
    state: web::Data<AppState>,
    _staff: Staff,
    _params: ApiQuery<NoParams>,
) -> Result<HttpResponse, ApiError> {
    let current = db::run(&state.pool, |conn| Ok(settings::read(conn)?)).await?;
    Ok(respond(&current))
}

/// What a replacement changed, for the audit log: each changed top-level field with its value
/// before and after (`{"name": {"from": …, "to": …}}`).
fn changes(before: &Settings, after: &Settings) -> Result<serde_json::Value, ApiError> {
    let json = |s: &Settings| {
        serde_json::to_value(s)
            .map_err(|e| ApiError::Internal(format!("the settings did not serialise: {e}")))
    };
    let (serde_json::Value::Object(before), serde_json::Value::Object(after)) =
        (json(before)?, json(after)?)
    else {
        return Err(ApiError::Internal(
            "the settings are not an object".to_owned(),
        ));
    };
    let changed = after
        .into_iter()
        .filter(|(field, value)| before.get(field) != Some(value))
        .map(|(field, to)| {
            let from = before.get(&field).cloned().unwrap_or_default();
            (field, serde_json::json!({"from": from, "to": to}))
        })
        .collect();
    Ok(serde_json::Value::Object(changed))
}

/// Replaces the settings; every invalid field is reported at once.
///
/// The audit entry records each changed field's value before and after.
#[utoipa::path(
    operation_id = "replace_settings",
    tag = "staff",
    security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "The ETag the change is based on")),
    request_body(content = Settings, content_type = "application/json"),
    responses(
        (status = 200, description = "Saved", body = Settings),
        (status = 400, description = "Not JSON, or a field of the wrong type", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an editor, or an editor changing the name or home time zone", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Someone saved first: If-Match is stale; nothing was written", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is larger than 2 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields break the rules; each is listed", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "If-Match is missing", body = Problem, content_type = "application/problem+json"),
        TokenRequired,
        WriteLimit,
        ServerErrors,
    )
)]
#[put("/settings")]
pub async fn replace(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    bytes: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    staff.require(Role::Editor)?;
    let tags = if_match(&req)?;
    let new: Settings = from_value(json_value(&req, &bytes)?)?;
    let errors = new.validate();
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let clock = state.clock.clone();
    let actor = staff.actor();
    let saved = db::run(&state.pool, move |conn| {
        conn.transaction(|conn| {
            let current = settings::read(conn)?;
            tags.check(&current, "the settings")?;
            if new.name != current.name || new.home_time_zone != current.home_time_zone {
                staff.require(Role::Admin)?;
            }
            settings::replace(conn, &new, clock.now())?;
            if new.home_time_zone != current.home_time_zone {
                // Every publication's `published_on` is dated in it: mirrors must re-read.
                crate::db::changes::reissue_public(conn, &clock)?;
            }
            let saved = settings::read(conn)?;
            let mut entry = AuditRecord::new(
                clock.now(),
                &actor,
                AuditAction::SettingsReplace,
                "settings",
            );
            entry.detail = Some(changes(&current, &saved)?);
            audit::write(conn, &entry)?;
            Ok(saved)
        })
    })
    .await?;
    Ok(respond(&saved))
}
