//! The error responses many endpoints share, as the OpenAPI document lists them: each set
//! is written once here and named in the endpoints' `responses(…)`, so the same refusal never
//! reads differently from one endpoint to the next. Only their shapes are used.

use chancery_shared::page::Problem;

/// The server-side failures every endpoint that reads the database may answer, for OpenAPI.
#[derive(utoipa::IntoResponses)]
pub enum ServerErrors {
    /// The server failed; the cause is logged, not sent.
    #[response(status = 500, content_type = "application/problem+json")]
    Internal(Problem),
    /// The database did not answer in time; try again shortly.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
}

/// A request that must come from staff, refused for its credentials.
#[derive(utoipa::IntoResponses)]
pub enum SignedIn {
    #[response(
        status = 401,
        description = "No credentials, or ones that are unknown, revoked, expired or ended, or whose user is disabled",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
}

/// The same, in the words of the endpoints that came before sessions.
#[derive(utoipa::IntoResponses)]
pub enum TokenRequired {
    #[response(
        status = 401,
        description = "No token, or one that is unknown or revoked",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
}

/// A read for admins only.
#[derive(utoipa::IntoResponses)]
pub enum AdminRead {
    #[response(
        status = 401,
        description = "No credentials, or ones that are unknown, revoked, expired or ended, or whose user is disabled",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "Not an admin",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
}

/// A write for admins only.
#[derive(utoipa::IntoResponses)]
pub enum AdminWrite {
    #[response(
        status = 401,
        description = "No credentials, or ones that are unknown, revoked, expired or ended, or whose user is disabled",
        content_type = "application/problem+json"
    )]
    Unauthorized(Problem),
    #[response(
        status = 403,
        description = "Not an admin, or a cookie write without its X-CSRF-Token",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
    #[response(
        status = 429,
        description = "Too many writes from this address; see Retry-After",
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds until a write is allowed again"))
    )]
    TooMany(Problem),
}

/// Any write, over the rate limit.
#[derive(utoipa::IntoResponses)]
pub enum WriteLimit {
    #[response(
        status = 429,
        description = "Too many writes from this address; see Retry-After",
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds until a write is allowed again"))
    )]
    TooMany(Problem),
}

/// What a change to one publication can be refused with, for OpenAPI.
#[derive(utoipa::IntoResponses)]
pub enum EditErrors {
    /// Not JSON, or a field of the wrong type.
    #[response(status = 400, content_type = "application/problem+json")]
    BadBody(Problem),
    /// No token or session, or one that is unknown, revoked or ended.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// A contributor touched what is not their draft, or a cookie write lacked its CSRF token.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No publication has this slug.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
    /// The new slug is taken.
    #[response(status = 409, content_type = "application/problem+json")]
    Conflict(Problem),
    /// Someone saved first: If-Match is stale; nothing was written.
    #[response(status = 412, content_type = "application/problem+json")]
    Stale(Problem),
    /// The body is larger than 2 MiB.
    #[response(status = 413, content_type = "application/problem+json")]
    TooLarge(Problem),
    /// The body is not JSON.
    #[response(status = 415, content_type = "application/problem+json")]
    NotJson(Problem),
    /// Fields break the rules, caps included (20 tags, 20 speakers, 2,000 blocks, a record of
    /// 512 KiB as JSON, named `body`); each is listed.
    #[response(status = 422, content_type = "application/problem+json")]
    Invalid(Problem),
    /// If-Match is missing.
    #[response(status = 428, content_type = "application/problem+json")]
    NoPrecondition(Problem),
    /// Too many writes from this address; see Retry-After.
    #[response(status = 429, content_type = "application/problem+json")]
    TooMany(Problem),
}

/// A contributor asking for the history of a piece that is not their own draft.
#[derive(utoipa::IntoResponses)]
pub enum HistoryRefused {
    #[response(
        status = 403,
        description = "A contributor asked for the history of a piece that is not their own draft",
        content_type = "application/problem+json"
    )]
    Forbidden(Problem),
}
