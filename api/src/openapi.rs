//! The OpenAPI 3.1 document, assembled from the same route registration the server uses, so it
//! cannot miss or misdescribe a route. `openapi.yaml` at the top of the repo is its output.

use actix_web::App;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::routes;

/// Document-wide information; paths and schemas come from the handlers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Chancery API",
        description = "Publications, counters, clocks and site information of a diplomatic mission's website.\n\n\
            Conventions: JSON with snake_case fields; lists are paged with `page` and `per_page` and carry `Link` and \
            `X-Total-Count` headers; errors are RFC 9457 `application/problem+json` with a stable `code` and the \
            offending `field`s; unknown query parameters are rejected; every GET has a strong `ETag` and answers \
            `If-None-Match` with 304; computed values (clocks, counters, the date line) take `at` so any past page \
            can be reproduced. An empty parameter (`tag=`) counts as absent, except `q` and `cursor`, where it is a 400.",
        license(name = "MIT", identifier = "MIT"),
    ),
    tags(
        (name = "publications", description = "Statements, speeches, interviews and articles, newest first"),
        (name = "changes", description = "The change feed: every public change in order, for mirrors"),
        (name = "feeds", description = "Atom, RSS and JSON feeds, the sitemap and robots.txt, outside /api/v1"),
        (name = "facets", description = "How many publications each tag, kind, speaker and month has"),
        (name = "counters", description = "\"N days have passed since…\" counters"),
        (name = "clocks", description = "Clocks for the site's time zones"),
        (name = "site", description = "The mission's name, date line and contacts"),
        (name = "home", description = "Everything the home page shows, in one request"),
        (name = "staff", description = "Signing in, who credentials belong to, settings, tokens, users and the audit log"),
        (name = "health", description = "Liveness"),
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme that staff endpoints name: an API token from
/// `chancery token create`, sent as `Authorization: Bearer <token>`.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token from `chancery token create`"))
                    .build(),
            ),
        );
    }
}

/// The full document.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    api
}

/// The document as YAML, exactly as checked in to `openapi.yaml`.
pub fn yaml() -> anyhow::Result<String> {
    Ok(document().to_yaml()?)
}
