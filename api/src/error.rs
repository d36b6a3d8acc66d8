//! The one error type handlers return, and its RFC 9457 problem+json rendering. Client
//! mistakes are 4xx naming the field; server faults are logged with their cause and answered
//! 500 without it.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use chancery_shared::page::{FieldError, Problem};

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: query parameters that do not parse, are unknown, or are out of range.
    #[error("invalid query parameters")]
    InvalidQuery(Vec<FieldError>),
    /// 400: a request body that is not JSON of the documented shape.
    #[error("invalid request body")]
    InvalidBody(Vec<FieldError>),
    /// 413: a request body over the size limit.
    #[error("the body is larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// 415: a request body that is not `application/json`.
    #[error("the body must be application/json")]
    UnsupportedMediaType,
    /// 422: a well-formed body whose values break the rules; every bad field is listed.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 412: `If-Match` names a version that is no longer current; nothing was written.
    #[error("{0}")]
    PreconditionFailed(String),
    /// 428: a change without `If-Match`.
    #[error("{0}")]
    PreconditionRequired(String),
    /// 429: too many writes from one address; holds the seconds until the next is allowed.
    #[error("too many writes; try again in {0} s")]
    TooManyRequests(u64),
    /// 429: too many failed sign-ins for this account or network; holds the seconds to wait.
    #[error("too many failed sign-ins; try again in {0} s")]
    SignInThrottled(u64),
    /// 409: the write clashes with what is stored (a slug already taken).
    #[error("{0}")]
    Conflict(String),
    /// 401: no credentials, or ones that are unknown or revoked.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: the credentials are good but their role is too weak.
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such resource.
    #[error("{0}")]
    NotFound(String),
    /// 410: the resource existed and was withdrawn.
    #[error("{0}")]
    Gone(String),
    /// 405: the resource exists but not for this method; holds the path and what it allows.
    #[error("{0} accepts only {1}")]
    MethodNotAllowed(String, &'static str),
    /// 500: stored data the server cannot interpret (e.g. an unknown time zone).
    #[error("stored data is invalid: {0}")]
    StoredData(String),
    /// 500: the server failed outside the database (hashing a password); the cause is logged.
    #[error("internal error: {0}")]
    Internal(String),
    /// 500: the database failed.
    #[error("database error: {0}")]
    Database(#[from] diesel::result::Error),
    /// 503: no database connection could be had in time.
    #[error("database unavailable: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    /// 500: the blocking task running the query was lost.
    #[error("background task failed: {0}")]
    Blocking(#[from] actix_web::error::BlockingError),
    /// 503: a search was turned away, finding no free slot in time or running past its time
    /// budget; says why, and holds the seconds to wait before trying again (`Retry-After`).
    #[error("{0}")]
    SearchUnavailable(String, u64),
    /// The failure of a computation that several requests waited for, answered (status, code,
    /// headers) as the request that ran it answers it.
    #[error("{0}")]
    Shared(std::sync::Arc<ApiError>),
}

impl ApiError {
    /// A 400 for a single parameter.
    pub fn invalid(field: &str, message: &str) -> Self {
        ApiError::InvalidQuery(vec![FieldError::new(field, message)])
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::InvalidQuery(_) => "invalid_parameter",
            ApiError::InvalidBody(_) => "invalid_body",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::Validation(_) => "validation_failed",
            ApiError::Conflict(_) => "conflict",
            ApiError::TooManyRequests(_) => "rate_limited",
            ApiError::SignInThrottled(_) => "sign_in_throttled",
            ApiError::PreconditionFailed(_) => "precondition_failed",
            ApiError::PreconditionRequired(_) => "precondition_required",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not_found",
            ApiError::Gone(_) => "gone",
            ApiError::MethodNotAllowed(..) => "method_not_allowed",
            ApiError::StoredData(_) => "invalid_stored_data",
            ApiError::Internal(_) | ApiError::Database(_) | ApiError::Blocking(_) => {
                "internal_error"
            }
            ApiError::Pool(_) => "database_unavailable",
            ApiError::SearchUnavailable(..) => "search_unavailable",
            ApiError::Shared(inner) => inner.code(),
        }
    }

    fn title(&self) -> &'static str {
        match self {
            ApiError::InvalidQuery(_) => "Invalid query parameter",
            ApiError::InvalidBody(_) => "Invalid request body",
            ApiError::UnsupportedMediaType => "Unsupported media type",
            ApiError::PayloadTooLarge(_) => "Payload too large",
            ApiError::Validation(_) => "Validation failed",
            ApiError::Conflict(_) => "Conflict",
            ApiError::TooManyRequests(_) | ApiError::SignInThrottled(_) => "Too many requests",
            ApiError::PreconditionFailed(_) => "Precondition failed",
            ApiError::PreconditionRequired(_) => "Precondition required",
            ApiError::Unauthorized(_) => "Unauthorized",
            ApiError::Forbidden(_) => "Forbidden",
            ApiError::NotFound(_) => "Not found",
            ApiError::Gone(_) => "Withdrawn",
            ApiError::MethodNotAllowed(..) => "Method not allowed",
            ApiError::StoredData(_) => "Stored data is invalid",
            ApiError::Internal(_) | ApiError::Database(_) | ApiError::Blocking(_) => {
                "Internal server error"
            }
            ApiError::Pool(_) => "Service unavailable",
            ApiError::SearchUnavailable(..) => "Search unavailable",
            ApiError::Shared(inner) => inner.title(),
        }
    }

    /// The problem document, with server-side causes left out.
    pub fn problem(&self) -> Problem {
        let (detail, errors) = match self {
            ApiError::InvalidQuery(errors)
            | ApiError::InvalidBody(errors)
            | ApiError::Validation(errors) => {
                let detail = errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                (detail, errors.clone())
            }
            ApiError::UnsupportedMediaType
            | ApiError::PayloadTooLarge(_)
            | ApiError::TooManyRequests(_)
            | ApiError::SignInThrottled(_) => (self.to_string(), Vec::new()),
            ApiError::NotFound(what)
            | ApiError::Conflict(what)
            | ApiError::PreconditionFailed(what)
            | ApiError::PreconditionRequired(what)
            | ApiError::Gone(what)
            | ApiError::Unauthorized(what)
            | ApiError::Forbidden(what) => (what.clone(), Vec::new()),
            ApiError::MethodNotAllowed(..) => (self.to_string(), Vec::new()),
            ApiError::StoredData(what) => (what.clone(), Vec::new()),
            ApiError::Internal(_) | ApiError::Database(_) | ApiError::Blocking(_) => (
                "The server failed to answer; the fault is logged.".to_owned(),
                Vec::new(),
            ),
            ApiError::Pool(_) => (
                "The database is not answering; try again shortly.".to_owned(),
                Vec::new(),
            ),
            ApiError::SearchUnavailable(why, _) => (why.clone(), Vec::new()),
            ApiError::Shared(inner) => return inner.problem(),
        };
        Problem {
            type_uri: format!("urn:chancery:problem:{}", self.code().replace('_', "-")),
            title: self.title().to_owned(),
            status: self.status_code().as_u16(),
            detail,
            code: self.code().to_owned(),
            errors,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::InvalidQuery(_) | ApiError::InvalidBody(_) => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooManyRequests(_) | ApiError::SignInThrottled(_) => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::PreconditionRequired(_) => StatusCode::PRECONDITION_REQUIRED,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::MethodNotAllowed(..) => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Pool(_) | ApiError::SearchUnavailable(..) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Shared(inner) => inner.status_code(),
            ApiError::StoredData(_)
            | ApiError::Internal(_)
            | ApiError::Database(_)
            | ApiError::Blocking(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Shared(inner) = self {
            return inner.error_response();
        }
        match self {
            // Load shedding working as meant: worth seeing, not an alarm.
            ApiError::SearchUnavailable(..) => tracing::warn!(error = %self, "search turned away"),
            _ if self.status_code().is_server_error() => {
                tracing::error!(error = %self, "request failed");
            }
            _ => {}
        }
        let mut response = problem_response(&self.problem());
        match self {
            ApiError::MethodNotAllowed(_, allowed) => {
                response
                    .headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static(allowed));
            }
            ApiError::Unauthorized(_) => {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"chancery\""),
                );
            }
            ApiError::TooManyRequests(seconds)
            | ApiError::SignInThrottled(seconds)
            | ApiError::SearchUnavailable(_, seconds) => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(*seconds));
            }
            _ => {}
        }
        response
    }
}

/// Renders any problem as `application/problem+json`, uncached.
pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    response.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    ));
    response.insert_header((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    response.json(problem)
}
