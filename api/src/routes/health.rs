//! Liveness: answers without touching the database, so it is also the benchmark's ceiling.

use actix_web::{HttpResponse, get};
use serde::Serialize;
use utoipa::ToSchema;

/// The process is up and serving.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: &'static str,
    /// The server's version.
    #[schema(example = "0.1.0")]
    pub version: &'static str,
}

/// Liveness check.
///
/// Answers 200 while the process serves requests; it does not query the database.
#[utoipa::path(
    operation_id = "healthz",
    tag = "health",
    responses((status = 200, description = "Serving", body = Health))
)]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(Health {
            status: "ok",
            version: env!("CARGO_PKG_VERSION"),
        })
}
