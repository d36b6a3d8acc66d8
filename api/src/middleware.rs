//! What wraps every request, outermost first as `startup.rs` registers them: browser
//! defences on every response, each request's log span (naming the client as the trusted
//! origin sees it), compression, HEAD answered as GET, the write limit, and caching marks on
//! what handlers leave unmarked. Those that need the server's state find it on the request.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

use crate::defences;
use crate::error::ApiError;
use crate::state::AppState;

/// Adds the defences to every response, errors and static files included.
pub async fn browser_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let https = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.origin.is_https());
    let swagger_ui = req.path().starts_with("/swagger-ui/");
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    for (name, value) in defences::defaults(https, swagger_ui) {
        if !headers.contains_key(&name) {
            headers.insert(name, value);
        }
    }
    Ok(response)
}

/// The root span of each request's log lines, as tracing-actix-web's default, except that
/// the client's address is [`crate::origin::Origin::client_ip`], not whatever `Forwarded`
/// headers claim, and the host the client asked for is left out.
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let client_ip = request
            .app_data::<web::Data<AppState>>()
            .and_then(|state| {
                state
                    .origin
                    .client_ip(request.peer_addr(), request.headers())
            })
            .map(|ip| ip.to_string())
            .unwrap_or_default();
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "default".to_owned());
        let user_agent = request
            .headers()
            .get(header::USER_AGENT)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.target = %request.uri().path_and_query().map_or("", |p| p.as_str()),
            http.client_ip = %client_ip,
            http.user_agent = %user_agent,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// Answers HEAD exactly like GET; the HTTP/1 codec, having seen HEAD, sends no body.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

/// Answers 429 to writes over the limit; everything else passes straight through.
pub async fn limit_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // Signing in has its own throttle (`throttle`), so guessing cannot spend the address's
    // write budget and lock its honest users out of writing.
    let signing_in = req.method() == Method::POST && req.path() == "/api/v1/session";
    let is_write =
        !signing_in && !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let state = req.app_data::<web::Data<AppState>>().cloned();
    // The socket's address, or what a trusted proxy says of it; never a header any client
    // can write.
    let client = state
        .as_ref()
        .and_then(|state| state.origin.client_ip(req.peer_addr(), req.headers()));
    if let (true, Some(state), Some(client)) = (is_write, state, client)
        && let Some(seconds) = state.write_limiter.check(client)
    {
        let response = ApiError::TooManyRequests(seconds).error_response();
        return Ok(req.into_response(response));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// Lifetime of the reader's content-hashed assets: a new build gets a new folder name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Caching for what handlers leave unmarked (the reader and Swagger UI): files under
/// `/assets/` never change, everything else is revalidated on each use.
pub async fn static_cache_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let asset = req.path().starts_with("/assets/");
    let mut res = next.call(req).await?;
    let value = if asset && res.status().is_success() {
        IMMUTABLE
    } else {
        "no-cache"
    };
    let headers = res.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    Ok(res)
}
