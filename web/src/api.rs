//! What the reader reads, as typed calls: each returns the `shared` wire type or a
//! [`ClientError`] that keeps what the server said (its problem document's `detail` and field
//! `errors`), so pages can tell "not found" from "invalid filter" from "server down". On the
//! server a call asks the [`crate::source::Source`] the page is rendered with; in the browser
//! it GETs the JSON API under `/api/v1`. Either way the future is `Send`, as a resource needs.

use std::future::Future;

use chancery_shared::facet::Counts;
use chancery_shared::page::{FieldError, ListPage};
use chancery_shared::publication::{Neighbours, Publication, PublicationSummary, Translations};
use chancery_shared::site::{Home, Site};
use serde::de::DeserializeOwned;

use crate::paths::encode_component;
use crate::source::Source;

pub use crate::answers::{ClientError, Facet, ListQuery};

/// Filters the reader refused before asking (year and month are not API parameters), as the
/// API would have refused them.
pub fn invalid(errors: Vec<FieldError>) -> ClientError {
    ClientError::Rejected {
        status: 400,
        detail: "Some filters are not valid.".to_owned(),
        errors,
    }
}

/// What an answer is on its way as: `Send`, so that a resource can hold it on both ends.
pub trait Answer<T>: Future<Output = Result<T, ClientError>> + Send + 'static {}

impl<T, F: Future<Output = Result<T, ClientError>> + Send + 'static> Answer<T> for F {}

/// Site-wide information (`GET /site`).
pub fn site() -> impl Answer<Site> {
    ask(
        |source| source.site(),
        || get_json("/site".into(), Vec::new()),
    )
}

/// Everything the home page shows (`GET /home`), now or as it stood at `at`.
pub fn home(at: Option<String>) -> impl Answer<Home> {
    let query: Vec<_> = at.clone().map(|at| ("at", at)).into_iter().collect();
    ask(
        move |source| source.home(at),
        move || get_json("/home".into(), query),
    )
}

/// One page of the archive (`GET /publications`).
pub fn publications(query: ListQuery) -> impl Answer<ListPage<PublicationSummary>> {
    let pairs = owned(&query);
    ask(
        move |source| source.publications(query),
        move || get_json("/publications".into(), pairs),
    )
}

/// One facet's counts, narrowed by `query`'s filters.
pub fn counts<T: DeserializeOwned + Send + 'static>(
    facet: Facet,
    query: ListQuery,
) -> impl Answer<Counts<T>> {
    let pairs = owned(&query);
    ask(
        move |source| {
            let answer = source.counts(facet, query);
            async move {
                let counts = answer.await?;
                serde_json::from_value(counts).map_err(|e| ClientError::Decode(e.to_string()))
            }
        },
        move || get_json(facet.path().into(), pairs),
    )
}

/// One publication with its body (`GET /publications/{slug}`).
pub fn publication(slug: String) -> impl Answer<Publication> {
    let path = format!("/publications/{}", encode_component(&slug));
    ask(
        move |source| source.publication(slug),
        move || get_json(path, Vec::new()),
    )
}

/// The publications either side of one (`GET /publications/{slug}/neighbours`).
pub fn neighbours(slug: String) -> impl Answer<Neighbours> {
    let path = format!("/publications/{}/neighbours", encode_component(&slug));
    ask(
        move |source| source.neighbours(slug),
        move || get_json(path, Vec::new()),
    )
}

/// The other language versions of one (`GET /publications/{slug}/translations`).
pub fn translations(slug: String) -> impl Answer<Translations> {
    let path = format!("/publications/{}/translations", encode_component(&slug));
    ask(
        move |source| source.translations(slug),
        move || get_json(path, Vec::new()),
    )
}

fn owned(query: &ListQuery) -> Vec<(&'static str, String)> {
    query
        .pairs()
        .into_iter()
        .map(|(name, value)| (name, value.to_owned()))
        .collect()
}

/// On the server: the source this page renders from, which must be there.
#[cfg(feature = "ssr")]
fn ask<T, F, G>(
    on_server: impl FnOnce(&dyn Source) -> F,
    _in_browser: impl FnOnce() -> G,
) -> impl Answer<T>
where
    F: Future<Output = Result<T, ClientError>> + Send + 'static,
    G: Future<Output = Result<T, ClientError>> + 'static,
{
    let source = leptos::prelude::use_context::<crate::source::SourceContext>();
    let answer = source.map(|source| on_server(source.0.as_ref()));
    async move {
        match answer {
            Some(answer) => answer.await,
            None => Err(ClientError::Server {
                status: 500,
                detail: "the page was rendered without a data source".to_owned(),
            }),
        }
    }
}

/// In the browser: over HTTP, wrapped to be `Send` (it never leaves the browser's one thread).
#[cfg(not(feature = "ssr"))]
fn ask<T, F, G>(
    _on_server: impl FnOnce(&dyn Source) -> F,
    in_browser: impl FnOnce() -> G,
) -> impl Answer<T>
where
    F: Future<Output = Result<T, ClientError>> + Send + 'static,
    G: Future<Output = Result<T, ClientError>> + 'static,
    T: 'static,
{
    browser::sendable(in_browser())
}

/// The server reads its source, never its own API: this is never called there.
#[cfg(feature = "ssr")]
async fn get_json<T>(path: String, _query: Vec<(&'static str, String)>) -> Result<T, ClientError> {
    Err(ClientError::Network(format!(
        "{path}: the server does not call its own API"
    )))
}

#[cfg(not(feature = "ssr"))]
use browser::get_json;

#[cfg(feature = "staff")]
pub(crate) use browser::{API_BASE, error_from};

/// The API over HTTP, from the browser.
#[cfg(not(feature = "ssr"))]
mod browser {
    use std::time::Duration;

    use chancery_shared::page::Problem;
    use gloo_net::http::{Request, Response};
    use leptos::prelude::set_timeout_with_handle;
    use serde::de::DeserializeOwned;

    use super::ClientError;

    /// Where the API lives, relative to the page's origin.
    pub(crate) const API_BASE: &str = "/api/v1";

    /// How long a call may take before the reader gives up and offers a retry.
    const TIMEOUT: Duration = Duration::from_secs(15);

    /// A browser future as a `Send` one: the browser runs everything on one thread.
    pub fn sendable<F: std::future::Future>(future: F) -> send_wrapper::SendWrapper<F> {
        send_wrapper::SendWrapper::new(future)
    }

    /// GETs `API_BASE` + `path` with `query` and decodes the JSON body as `T`.
    pub async fn get_json<T: DeserializeOwned>(
        path: String,
        query: Vec<(&'static str, String)>,
    ) -> Result<T, ClientError> {
        // Only the decoding is per type: one copy of the request code serves every call.
        let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let body = get_body(&path, &pairs).await?;
        serde_json::from_str(&body).map_err(|e| ClientError::Decode(e.to_string()))
    }

    /// GETs `API_BASE` + `path` with `query` and reads the body, giving up after [`TIMEOUT`] (the
    /// abort covers reading the body too).
    pub async fn get_body(path: &str, query: &[(&str, &str)]) -> Result<String, ClientError> {
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
    pub async fn error_from(response: Response) -> ClientError {
        let status = response.status();
        let problem = response.json::<Problem>().await.ok();
        let detail = problem
            .as_ref()
            .map(|p| p.detail.clone())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| response.status_text());
        let errors = problem.map(|p| p.errors).unwrap_or_default();
        ClientError::from_problem(status, detail, errors)
    }
}
