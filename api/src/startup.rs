//! Building the server: open and migrate the database, fill a new one with the demo content,
//! bind the listener, and mount the API, the OpenAPI document, Swagger UI and the reader; then
//! run it, stopping gracefully on SIGINT or SIGTERM.

use std::net::TcpListener;
use std::path::PathBuf;

use actix_cors::Cors;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::StatusCode;
use actix_web::{App, HttpResponse, HttpServer, middleware, web};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{self, Database, DbPool};
use crate::error::{ApiError, problem_response};
use crate::limits::WriteLimiter;
use crate::middleware::RequestSpan;
use crate::openapi::ApiDoc;
use crate::origin::Origin;
use crate::search_gate::SearchGate;
use crate::state::AppState;
use crate::{demo, html, middleware as mw, routes};

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
    shutdown_timeout: u64,
}

impl Application {
    /// The port actually bound (useful when asked for port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The database pool the server uses.
    pub fn pool(&self) -> &DbPool {
        &self.state.pool
    }

    /// The server's search slots (to watch, or to hold one in tests).
    pub fn search_gate(&self) -> web::Data<SearchGate> {
        web::Data::from(std::sync::Arc::clone(&self.state.search_gate))
    }

    /// Serves until stopped through its handle, or until its runtime ends (as in tests). It
    /// listens to no signals: see [`Application::run_until_signalled`].
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    /// Serves until SIGINT or SIGTERM, then stops accepting connections and finishes the
    /// requests in flight, waiting at most the shutdown timeout.
    pub async fn run_until_signalled(self) -> std::io::Result<()> {
        let signals = crate::shutdown::Signals::register()?;
        let handle = self.server.handle();
        actix_web::rt::spawn(signals.stop_gracefully(handle, self.shutdown_timeout));
        self.server.await
    }
}

/// Opens the database, applies migrations and makes the cursor key if none is stored; a new
/// database gets the demo content if asked, written at `clock`'s "now".
pub fn prepare_database(
    database: &Database,
    demo_content: bool,
    pool_size: u32,
    clock: &Clock,
) -> anyhow::Result<DbPool> {
    if let Database::Sqlite(path) = database
        && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)?;
    }
    let pool = db::pool(database, pool_size)?;
    let mut conn = pool.get()?;
    db::migrate(&mut conn)?;
    db::secrets::ensure_cursor_key(&mut conn, clock.now())?;
    demo::bootstrap(&mut conn, demo_content, clock)?;
    Ok(pool)
}

/// Prepares storage and binds the listener; the server starts when awaited.
pub fn build(settings: Settings) -> anyhow::Result<Application> {
    let workers = settings
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, std::num::NonZero::get));
    // Handlers run queries on actix's blocking pool; enough connections for it to stay busy.
    let pool_size = u32::try_from(workers * 4).unwrap_or(16).clamp(4, 32);
    let pool = prepare_database(
        &settings.database,
        settings.demo_content,
        pool_size,
        &settings.clock,
    )?;
    tracing::info!(database = settings.database.kind(), "database ready");

    let listener = TcpListener::bind(&settings.bind)?;
    let bound = listener.local_addr()?;
    let port = bound.port();
    let public_url = match &settings.public_url {
        Some(url) => url.clone(),
        None => {
            let url = format!("http://{bound}");
            tracing::warn!(
                "no public URL is set: feeds, the sitemap and other absolute links use {url}; \
                 set --public-url (CHANCERY_PUBLIC_URL) to the address readers use"
            );
            url
        }
    };
    let state = web::Data::new(AppState {
        cursor_key: db::secrets::cursor_key(&mut *pool.get()?)?,
        search_gate: std::sync::Arc::new(SearchGate::new(
            pool.clone(),
            pool_size as usize,
            &settings.search,
        )),
        pool,
        clock: settings.clock.clone(),
        origin: Origin::new(public_url, settings.trusted_proxies.clone()),
        write_limiter: WriteLimiter::per_minute(settings.writes_per_minute),
        sign_ins: Default::default(),
        memos: Default::default(),
        syndication: settings.syndication.clone(),
        reader_assets: html::reader_assets(&settings.web_dir),
    });
    let web_dir = settings.web_dir.clone();
    let app_state = state.clone();
    let shutdown_timeout = settings.shutdown_timeout.as_secs();
    let server = HttpServer::new(move || {
        let (app, api) = App::new()
            .wrap(middleware::from_fn(mw::static_cache_headers))
            .wrap(
                middleware::ErrorHandlers::new()
                    .handler(StatusCode::PAYLOAD_TOO_LARGE, too_large_as_problem),
            )
            .wrap(middleware::from_fn(mw::limit_writes))
            .wrap(middleware::from_fn(mw::head_as_get))
            .wrap(middleware::Compress::default())
            .wrap(cors())
            .wrap(tracing_actix_web::TracingLogger::<RequestSpan>::new())
            .wrap(middleware::from_fn(mw::browser_headers))
            .app_data(app_state.clone())
            .app_data(web::PayloadConfig::new(crate::body::MAX_BODY))
            .app_data(web::PathConfig::default().error_handler(|err, _| {
                ApiError::invalid("path", &format!("is not a valid address: {err}")).into()
            }))
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .configure(routes::configure)
            .split_for_parts();
        let app =
            app.service(SwaggerUi::new("/swagger-ui/{_:.*}").url("/api-docs/openapi.json", api));
        // The reader's pages, rendered here; any other address not matched below is a page
        // too ("Page not found"), unless `fallback` knows better.
        let app = ["/", "/publications", "/publications/{slug}", "/search"]
            .into_iter()
            .fold(app, |app, path| app.route(path, web::get().to(html::page)))
            .route("/favicon.svg", web::get().to(html::favicon));
        let pages = web_dir.clone();
        let unmatched = fn_service(move |req| fallback(req, pages.clone()));
        let assets = web_dir.join("assets");
        let app = if assets.is_dir() {
            app.service(actix_files::Files::new("/assets", &assets))
        } else {
            app
        };
        app.default_service(unmatched)
    })
    .workers(workers)
    // SIGINT would be a forced stop under actix's own handling; `run_until_signalled` makes
    // both signals graceful.
    .disable_signals()
    .shutdown_timeout(shutdown_timeout)
    // Blocking threads beyond the pooled connections would only queue for one (actix's default
    // is hundreds per worker, each with its own stack).
    .worker_max_blocking_threads((pool_size as usize / workers).max(1))
    .listen(listener)?
    .run();
    Ok(Application {
        port,
        server,
        state,
        shutdown_timeout,
    })
}

/// actix refuses an oversized body before any handler runs; answer it like every other error.
fn too_large_as_problem<B>(
    res: ServiceResponse<B>,
) -> actix_web::Result<middleware::ErrorHandlerResponse<B>> {
    let (req, _) = res.into_parts();
    let problem = ApiError::PayloadTooLarge(crate::body::MAX_BODY).problem();
    let res = ServiceResponse::new(req, problem_response(&problem)).map_into_right_body();
    Ok(middleware::ErrorHandlerResponse::Response(res))
}

/// Reads are open to any origin; the paging and caching headers are exposed to scripts.
fn cors() -> Cors {
    Cors::default()
        .allow_any_origin()
        .send_wildcard()
        .allowed_methods(["GET", "HEAD", "OPTIONS"])
        .allow_any_header()
        .expose_headers(["Link", "X-Total-Count", "ETag"])
        .max_age(86_400)
}

/// Answers paths nothing else matched: a problem+json 404 under `/api/` and for feed-,
/// sitemap- and robots-like paths (machines read those), a bare 404 under `/assets/`, the
/// staff bundle's `admin.html` under `/admin`, otherwise the reader's "Page not found".
async fn fallback(
    req: ServiceRequest,
    web_dir: PathBuf,
) -> Result<ServiceResponse, actix_web::Error> {
    let (req, _) = req.into_parts();
    let path = req.path();
    let machine_path = path.starts_with("/feed.")
        || (path.starts_with("/sitemap") && path.ends_with(".xml"))
        || path == "/robots.txt";
    let response = if path.starts_with("/api/") {
        let missing = ApiError::NotFound(format!("no API route at {path}"));
        problem_response(&missing.problem())
    } else if machine_path {
        let missing = ApiError::NotFound(format!("nothing is served at {path}"));
        problem_response(&missing.problem())
    } else if path.starts_with("/assets/") {
        // A missing asset is an old or broken build, never a client route.
        HttpResponse::NotFound().finish()
    } else if path == "/admin" || path.starts_with("/admin/") {
        match actix_files::NamedFile::open_async(web_dir.join("admin.html")).await {
            Ok(file) => file.into_response(&req),
            Err(_) => HttpResponse::NotFound()
                .content_type("text/html; charset=utf-8")
                .body(PLACEHOLDER),
        }
    } else {
        match AppState::of(&req) {
            Ok(state) => html::page(req.clone(), state).await,
            Err(error) => problem_response(&error.problem()),
        }
    };
    Ok(ServiceResponse::new(req, response))
}

/// Shown under `/admin` until the staff area has been built.
const PLACEHOLDER: &str = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Chancery</title>\
<p>Chancery is running. The staff area has not been built (run <code>just web</code>).</p>\
<p><a href=\"/swagger-ui/\">API documentation</a> · <a href=\"/api/v1/home\">/api/v1/home</a></p></html>";
