//! The HTTP surface: one module per resource, each parsing its input, calling a service or a
//! query and answering. They are registered once, in [`configure`], so the server and the
//! OpenAPI document are built from the same list (the API under `/api/v1`, and the feeds,
//! sitemap and `robots.txt` at the root), with problem+json answers for what matches none.

pub mod archive;
pub mod audit;
pub mod changes;
pub mod clocks;
pub mod counters;
pub mod facets;
pub mod feeds;
pub mod health;
pub mod home;
pub mod me;
pub mod publications;
pub mod publications_write;
pub mod revisions;
pub mod session;
pub mod settings;
pub mod site;
pub mod sitemap;
pub mod tokens;
pub mod user_sessions;
pub mod users;

use actix_web::dev::{AppService, HttpServiceFactory};
use actix_web::{FromRequest, Handler, Responder, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;

/// Registers every API route under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        utoipa_actix_web::scope("/api/v1")
            .service(publications::list)
            .service(publications::get)
            .service(publications::neighbours)
            .service(publications::translations)
            .service(publications_write::create)
            .service(publications_write::replace)
            .service(publications_write::amend)
            .service(publications_write::remove)
            .service(revisions::list)
            .service(revisions::get)
            .service(revisions::diff)
            .service(changes::list)
            .service(facets::tags)
            .service(facets::kinds)
            .service(facets::speakers)
            .service(archive::get)
            .service(counters::list)
            .service(counters::get)
            .service(clocks::list)
            .service(site::get)
            .service(home::get)
            .service(me::get)
            .service(me::change_password)
            .service(session::sign_in)
            .service(session::sign_out)
            .service(audit::list)
            .service(settings::get)
            .service(settings::replace)
            .service(tokens::list)
            .service(tokens::create)
            .service(tokens::get)
            .service(tokens::revoke)
            .service(users::list)
            .service(users::create)
            .service(users::get)
            .service(users::change)
            .service(users::remove)
            .service(users::reset_password)
            .service(user_sessions::list)
            .service(user_sessions::end_all)
            .service(user_sessions::end)
            .service(health::healthz)
            .default_service(web::to(no_such_route)),
    );
    // Outside the API, for feed readers and crawlers.
    cfg.service(get_only(feeds::__path_atom, "/feed.atom", feeds::atom))
        .service(get_only(feeds::__path_rss, "/feed.rss", feeds::rss))
        .service(get_only(
            feeds::__path_json_feed,
            "/feed.json",
            feeds::json_feed,
        ))
        .service(get_only(
            sitemap::__path_index,
            "/sitemap.xml",
            sitemap::index,
        ))
        .service(get_only(
            sitemap::__path_numbered,
            "/sitemap-{n}.xml",
            sitemap::numbered,
        ))
        .service(get_only(
            sitemap::__path_robots,
            "/robots.txt",
            sitemap::robots,
        ));
}

/// A resource outside `/api/v1` that only reads, documented by `D` (the handler's
/// `#[utoipa::path]`): other methods get the API's problem+json 405 instead of a bare one.
struct GetOnly<D> {
    doc: D,
    resource: actix_web::Resource,
}

fn get_only<D, F, Args>(doc: D, path: &str, handler: F) -> GetOnly<D>
where
    F: Handler<Args>,
    Args: FromRequest + 'static,
    F::Output: Responder + 'static,
{
    GetOnly {
        doc,
        resource: web::resource(path)
            .route(web::get().to(handler))
            .default_service(web::to(read_only)),
    }
}

async fn read_only(req: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::MethodNotAllowed(
        req.path().to_owned(),
        "GET, HEAD",
    ))
}

impl<D> HttpServiceFactory for GetOnly<D> {
    fn register(self, config: &mut AppService) {
        self.resource.register(config);
    }
}

impl<D: utoipa_actix_web::OpenApiFactory> utoipa_actix_web::OpenApiFactory for GetOnly<D> {
    fn paths(&self) -> utoipa::openapi::path::Paths {
        self.doc.paths()
    }

    fn schemas(
        &self,
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        self.doc.schemas(schemas);
    }
}

/// Unmatched requests under the API answer problem+json like every other error: 405 for a
/// known path asked with a method it does not take, 404 otherwise.
async fn no_such_route(req: actix_web::HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    if req.resource_map().has_resource(req.path()) {
        // Kept by hand in step with `configure`: what each writable path takes.
        let path = req.path();
        let allowed = if matches!(
            path,
            "/api/v1/publications" | "/api/v1/tokens" | "/api/v1/users"
        ) {
            "GET, HEAD, POST"
        } else if path.starts_with("/api/v1/tokens/") && path.matches('/').count() == 4 {
            "GET, HEAD, DELETE"
        } else if path.starts_with("/api/v1/users/") && path.matches('/').count() == 4 {
            "GET, HEAD, PATCH, DELETE"
        } else if path.starts_with("/api/v1/users/") && path.ends_with("/sessions") {
            "GET, HEAD, DELETE"
        } else if path.starts_with("/api/v1/users/") && path.contains("/sessions/") {
            "DELETE"
        } else if path.ends_with("/password") {
            // `/me/password` and `/users/{name}/password`.
            "PUT"
        } else if path == "/api/v1/session" {
            "POST, DELETE"
        } else if path == "/api/v1/settings" {
            "GET, HEAD, PUT"
        } else if path.starts_with("/api/v1/publications/") && path.matches('/').count() == 4 {
            "GET, HEAD, PUT, PATCH, DELETE"
        } else {
            "GET, HEAD"
        };
        Err(ApiError::MethodNotAllowed(req.path().to_owned(), allowed))
    } else {
        Err(ApiError::NotFound(format!(
            "no API route at {}",
            req.path()
        )))
    }
}
