//! The reader's typed client for Chancery's JSON API. Every call returns the `shared` wire type
//! or a [`ClientError`] that keeps what the server said (its problem document's `detail` and
//! field `errors`), so pages can tell "not found" from "invalid filter" from "server down".

use std::time::Duration;

use chancery_shared::clock::ClockReading;
use chancery_shared::facet::Counts;
use chancery_shared::page::{FieldError, ListPage, Problem, Readings};
use chancery_shared::publication::{Neighbours, Publication, PublicationSummary};
use chancery_shared::site::{Home, Site};
use gloo_net::http::{Request, Response};
use leptos::prelude::set_timeout_with_handle;
use serde::de::DeserializeOwned;

/// Where the API lives, relative to the page's origin.
pub(crate) const API_BASE: &str = "/api/v1";

/// How long a call may take before the reader gives up and offers a retry.
const TIMEOUT: Duration = Duration::from_secs(15);

/// Why a call to the API failed. Cloneable (it holds text, not the underlying error values) so
/// that it can live in a resource.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The request never got a response: offline, refused, blocked.
    #[error("The server could not be reached ({0}). Check your connection.")]
    Network(String),
    /// No answer within [`TIMEOUT`].
    #[error("The server took too long to answer.")]
    Timeout,
    /// 404: nothing has this address.
    #[error("Not found: {detail}")]
    NotFound { detail: String },
    /// Another 4xx: the request was refused, usually because a parameter is invalid.
    #[error("The request was refused: {detail}")]
    Rejected {
        status: u16,
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 5xx: the server failed (or was overloaded); trying again may help.
    #[error("The server had a problem (error {status}): {detail}")]
    Server { status: u16, detail: String },
    /// The server answered 2xx but the body was not the JSON expected.
    #[error("The server's answer could not be read: {0}")]
    Decode(String),
}

impl ClientError {
    /// Whether trying the same request again could give a different answer.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ClientError::Network(_)
                | ClientError::Timeout
                | ClientError::Server { .. }
                | ClientError::Decode(_)
        )
    }

    /// The invalid fields, for rejections that name them.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ClientError::Rejected { errors, .. } => errors,
            _ => &[],
        }
    }
}

/// The archive's filters as the API takes them. Values are passed as typed by the reader (the
/// API validates them and names the bad ones); empty values are never sent because the API
/// would reject them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Words to search for (then results come best first, with snippets).
    pub q: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
    pub kind: Option<String>,
    pub tag: Option<String>,
    pub speaker: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl ListQuery {
    fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("q", &self.q),
            ("page", &self.page),
            ("per_page", &self.per_page),
            ("kind", &self.kind),
            ("tag", &self.tag),
            ("speaker", &self.speaker),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter_map(|(name, value)| {
            let value = value.as_deref()?.trim();
            (!value.is_empty()).then_some((name, value))
        })
        .collect()
    }
}

/// Site-wide information (`GET /site`).
pub async fn site() -> Result<Site, ClientError> {
    get_json("/site", &[]).await
}

/// Everything the home page shows (`GET /home`), now or as it stood at `at`.
pub async fn home(at: Option<&str>) -> Result<Home, ClientError> {
    let query: Vec<_> = at.map(|at| ("at", at)).into_iter().collect();
    get_json("/home", &query).await
}

/// The clocks read now (`GET /clocks`), for when a reading's UTC offset has run out.
pub async fn clocks() -> Result<Readings<ClockReading>, ClientError> {
    get_json("/clocks", &[]).await
}

/// One page of the archive (`GET /publications`).
pub async fn publications(query: &ListQuery) -> Result<ListPage<PublicationSummary>, ClientError> {
    get_json("/publications", &query.pairs()).await
}

/// One facet's counts (`path` is `/tags`, `/kinds`, `/speakers` or `/archive`), narrowed by
/// `query`'s filters.
pub async fn counts<T: DeserializeOwned>(
    path: &str,
    query: &ListQuery,
) -> Result<Counts<T>, ClientError> {
    get_json(path, &query.pairs()).await
}

/// One publication with its body (`GET /publications/{slug}`).
pub async fn publication(slug: &str) -> Result<Publication, ClientError> {
    let slug = String::from(js_sys::encode_uri_component(slug));
    get_json(&format!("/publications/{slug}"), &[]).await
}

/// The publications either side of one (`GET /publications/{slug}/neighbours`).
pub async fn neighbours(slug: &str) -> Result<Neighbours, ClientError> {
    let slug = String::from(js_sys::encode_uri_component(slug));
    get_json(&format!("/publications/{slug}/neighbours"), &[]).await
}

/// GETs `API_BASE` + `path` with `query` and decodes the JSON body as `T`.
async fn get_json<T: DeserializeOwned>(
    path: &str,
    query: &[(&str, &str)],
) -> Result<T, ClientError> {
    // Only the decoding is per type: one copy of the request code serves every call.
    let body = get_body(path, query).await?;
    serde_json::from_str(&body).map_err(|e| ClientError::Decode(e.to_string()))
}

/// GETs `API_BASE` + `path` with `query` and reads the body, giving up after [`TIMEOUT`] (the
/// abort covers reading the body too).
async fn get_body(path: &str, query: &[(&str, &str)]) -> Result<String, ClientError> {
    let controller =
        web_sys::AbortController::new().map_err(|e| ClientError::Network(format!("{e:?}")))?;
    let signal = controller.signal();
    let timer = set_timeout_with_handle(move || controller.abort(), TIMEOUT).ok();
    let result = fetch(path, query, &signal).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    match result {
        Err(_) if signal.aborted() => Err(ClientError::Timeout),
        other => other,
    }
}

async fn fetch(
    path: &str,
    query: &[(&str, &str)],
    signal: &web_sys::AbortSignal,
) -> Result<String, ClientError> {
    let response = Request::get(&format!("{API_BASE}{path}"))
        .query(query.iter().copied())
        .header("Accept", "application/json")
        .abort_signal(Some(signal))
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(error_from(response).await);
    }
    response
        .text()
        .await
        .map_err(|e| ClientError::Decode(e.to_string()))
}

/// Reads a non-2xx answer, keeping the problem document's words when there is one.
pub(crate) async fn error_from(response: Response) -> ClientError {
    let status = response.status();
    let problem = response.json::<Problem>().await.ok();
    let detail = problem
        .as_ref()
        .map(|p| p.detail.clone())
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| response.status_text());
    match status {
        404 => ClientError::NotFound { detail },
        400..=499 => ClientError::Rejected {
            status,
            detail,
            errors: problem.map(|p| p.errors).unwrap_or_default(),
        },
        _ => ClientError::Server { status, detail },
    }
}
