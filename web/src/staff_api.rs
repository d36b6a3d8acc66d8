//! The staff side of the API client: signing in and out, the staff list of publications and
//! the writes the editor makes. Kept apart from `api` so the reader's own calls stay read-only.
//! Every write carries the session's CSRF token; saves of an existing publication carry the
//! ETag they are based on, so a stale save is refused (412) instead of overwriting someone.

use chancery_shared::page::ListPage;
use chancery_shared::publication::{Block, Kind, Publication, PublicationSummary, Status};
use chancery_shared::staff::Role;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use web_sys::RequestCache;

use crate::api::{API_BASE, ClientError, error_from};

/// What `POST /session` answers.
#[derive(Debug, Clone, Deserialize)]
pub struct NewSession {
    pub name: String,
    pub role: Role,
    pub csrf_token: String,
}

/// A publication as the editor holds it: the data and the ETag its next save must name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versioned {
    pub publication: Publication,
    pub etag: String,
}

/// The fields the editor sends. For a new publication every field is sent; for an edit it is
/// a merge patch, so `body` is left out unless the paragraphs were edited (which keeps an
/// interview's question/answer turns intact).
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    pub kind: Kind,
    pub title: String,
    pub lead: String,
    pub speakers: Vec<String>,
    pub place: Option<String>,
    pub published_at: String,
    pub tags: Vec<String>,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Vec<Block>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_note: Option<String>,
}

#[derive(Serialize)]
struct Credentials<'a> {
    name: &'a str,
    password: &'a str,
}

/// `POST /session`.
pub async fn sign_in(name: &str, password: &str) -> Result<NewSession, ClientError> {
    let request = Request::post(&format!("{API_BASE}/session"))
        .header("Accept", "application/json")
        .json(&Credentials { name, password })
        .map_err(|e| ClientError::Network(e.to_string()))?;
    decode(send(request).await?).await
}

/// `DELETE /session`.
pub async fn sign_out(csrf: &str) -> Result<(), ClientError> {
    let request = Request::delete(&format!("{API_BASE}/session")).header("X-CSRF-Token", csrf);
    send(
        request
            .build()
            .map_err(|e| ClientError::Network(e.to_string()))?,
    )
    .await?;
    Ok(())
}

/// One page of publications in `status` (`GET /publications?status=`).
pub async fn publications(
    status: Status,
    page: u32,
) -> Result<ListPage<PublicationSummary>, ClientError> {
    let page = page.to_string();
    let request = get("/publications")
        .query([
            ("status", status.as_str()),
            ("page", page.as_str()),
            ("per_page", "50"),
        ])
        .build()
        .map_err(network)?;
    decode(send(request).await?).await
}

/// One publication in any status, with its ETag.
pub async fn publication(slug: &str) -> Result<Versioned, ClientError> {
    let path = format!("/publications/{}", encode(slug));
    versioned(send(get(&path).build().map_err(network)?).await?).await
}

/// `POST /publications`.
pub async fn create(draft: &Draft, csrf: &str) -> Result<Versioned, ClientError> {
    let request = Request::post(&format!("{API_BASE}/publications"))
        .header("Accept", "application/json")
        .header("X-CSRF-Token", csrf)
        .json(draft)
        .map_err(network)?;
    versioned(send(request).await?).await
}

/// `PATCH /publications/{slug}` based on `etag`.
pub async fn update(
    slug: &str,
    etag: &str,
    draft: &Draft,
    csrf: &str,
) -> Result<Versioned, ClientError> {
    let request = Request::patch(&format!("{API_BASE}/publications/{}", encode(slug)))
        .header("Accept", "application/json")
        .header("If-Match", etag)
        .header("X-CSRF-Token", csrf)
        .json(draft)
        .map_err(network)?;
    // `json()` names plain JSON; a request's headers stay writable, and the API wants to be
    // told this is a merge patch.
    request
        .headers()
        .set("Content-Type", "application/merge-patch+json");
    versioned(send(request).await?).await
}

/// A staff GET: never from the HTTP cache, since a stale copy would carry a stale ETag.
fn get(path: &str) -> RequestBuilder {
    Request::get(&format!("{API_BASE}{path}"))
        .header("Accept", "application/json")
        .cache(RequestCache::NoStore)
}

fn encode(slug: &str) -> String {
    String::from(js_sys::encode_uri_component(slug))
}

fn network(error: gloo_net::Error) -> ClientError {
    ClientError::Network(error.to_string())
}

async fn send(request: Request) -> Result<Response, ClientError> {
    let response = request.send().await.map_err(network)?;
    if response.ok() {
        Ok(response)
    } else {
        Err(error_from(response).await)
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    response
        .json::<T>()
        .await
        .map_err(|e| ClientError::Decode(e.to_string()))
}

async fn versioned(response: Response) -> Result<Versioned, ClientError> {
    let etag = response.headers().get("etag").unwrap_or_default();
    let publication = decode(response).await?;
    Ok(Versioned { publication, etag })
}
