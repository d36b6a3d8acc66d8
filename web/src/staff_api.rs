//! The staff side of the API client: signing in and out, the staff list of publications, the
//! writes the editor makes, the settings document, and (for admins) tokens and users. Kept apart
//! from `api` so the reader's own calls stay read-only. Every write carries the session's CSRF
//! token; saves of an existing publication or of the settings carry the ETag they are based on,
//! so a stale save is refused (412) instead of overwriting someone.

use chancery_shared::page::ListPage;
use chancery_shared::publication::{Block, Kind, Publication, PublicationSummary, Status};
use chancery_shared::staff::{Me, NewToken, NewUser, Role};
use chrono::{DateTime, Utc};
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

/// The fields the editor sends: the whole record, as `POST` takes it and as a merge `PATCH`
/// applies it. Dates travel as the text the API parses, so chrono's formatting stays out of
/// the bundle.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    /// Absent on create to have one made from the title, and on edit to keep the current one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    pub lang: String,
    pub translation_group: Option<String>,
    pub kind: Kind,
    pub title: String,
    pub lead: String,
    pub speakers: Vec<String>,
    pub place: Option<String>,
    /// `yyyy-mm-dd`; `None` clears it.
    pub occurred_on: Option<String>,
    /// RFC 3339 in UTC.
    pub published_at: String,
    pub featured: bool,
    pub tags: Vec<String>,
    pub status: Status,
    pub body: Vec<Block>,
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

/// `DELETE /publications/{slug}` based on `etag`: removes a draft, withdraws anything else.
pub async fn remove(slug: &str, etag: &str, csrf: &str) -> Result<(), ClientError> {
    let request = Request::delete(&format!("{API_BASE}/publications/{}", encode(slug)))
        .header("Accept", "application/json")
        .header("If-Match", etag)
        .header("X-CSRF-Token", csrf)
        .build()
        .map_err(network)?;
    send(request).await.map(drop)
}

/// The settings document (`chancery_shared::settings::Settings` on the wire) with its ETag.
/// Kept as JSON: the settings form reads and writes it field by field through one generic list
/// editor, which is smaller in wasm than a typed copy per list.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsDoc {
    pub json: serde_json::Value,
    pub etag: String,
}

/// `GET /settings`.
pub async fn settings() -> Result<SettingsDoc, ClientError> {
    settings_doc(send(get("/settings").build().map_err(network)?).await?).await
}

/// `PUT /settings` based on `etag`.
pub async fn save_settings(
    json: &serde_json::Value,
    etag: &str,
    csrf: &str,
) -> Result<SettingsDoc, ClientError> {
    let request = Request::put(&format!("{API_BASE}/settings"))
        .header("Accept", "application/json")
        .header("If-Match", etag)
        .header("X-CSRF-Token", csrf)
        .json(json)
        .map_err(network)?;
    settings_doc(send(request).await?).await
}

/// Reads `/site` and `/home` past the browser's cache, which the API lets keep them for up to
/// a minute, so that the public pages this tab shows next carry settings just saved.
pub async fn refresh_public() {
    for path in ["/site", "/home"] {
        let request = Request::get(&format!("{API_BASE}{path}"))
            .cache(RequestCache::Reload)
            .build();
        if let Ok(request) = request {
            // Only the cache's copy matters here; the pages report their own failures.
            let _ = request.send().await;
        }
    }
}

/// A token or a user as the staff lists show it: the fields `TokenInfo` and `UserInfo` share,
/// a token's owner, expiry, last use and status, and a user's `disabled_at`. One type for both
/// lists keeps one JSON decoder in the wasm.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Account {
    pub name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    #[serde(default)]
    pub revoked_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub effective_role: Option<Role>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_used_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub disabled_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub password_changed_at: Option<DateTime<Utc>>,
}

/// `GET /tokens` (`tokens`) or `GET /users`.
pub async fn accounts(tokens: bool) -> Result<Vec<Account>, ClientError> {
    let path = if tokens { "/tokens" } else { "/users" };
    decode(send(get(path).build().map_err(network)?).await?).await
}

/// The part of `CreatedToken` the page uses: the secret, shown once.
#[derive(Deserialize)]
struct Secret {
    token: String,
}

/// `POST /tokens`: the new token's secret.
pub async fn create_token(new: &NewToken, csrf: &str) -> Result<String, ClientError> {
    let made: Secret = decode(send(post("/tokens", new, csrf)?).await?).await?;
    Ok(made.token)
}

/// `DELETE /tokens/{name}`.
pub async fn revoke_token(name: &str, csrf: &str) -> Result<(), ClientError> {
    let request = Request::delete(&format!("{API_BASE}/tokens/{}", encode(name)))
        .header("X-CSRF-Token", csrf)
        .build()
        .map_err(network)?;
    send(request).await.map(drop)
}

/// `GET /me`: who the session belongs to now, and with which role (it may have changed since
/// signing in).
pub async fn me() -> Result<Me, ClientError> {
    decode(send(get("/me").build().map_err(network)?).await?).await
}

/// `POST /users` (the answer, the new `UserInfo`, adds nothing the form does not know).
pub async fn add_user(new: &NewUser, csrf: &str) -> Result<(), ClientError> {
    send(post("/users", new, csrf)?).await.map(drop)
}

fn post(path: &str, body: &impl Serialize, csrf: &str) -> Result<Request, ClientError> {
    Request::post(&format!("{API_BASE}{path}"))
        .header("Accept", "application/json")
        .header("X-CSRF-Token", csrf)
        .json(body)
        .map_err(network)
}

async fn settings_doc(response: Response) -> Result<SettingsDoc, ClientError> {
    let etag = response.headers().get("etag").unwrap_or_default();
    let json = decode(response).await?;
    Ok(SettingsDoc { json, etag })
}

/// A staff GET: never from the HTTP cache, since a stale copy would carry a stale ETag.
pub(crate) fn get(path: &str) -> RequestBuilder {
    Request::get(&format!("{API_BASE}{path}"))
        .header("Accept", "application/json")
        .cache(RequestCache::NoStore)
}

pub(crate) fn encode(slug: &str) -> String {
    String::from(js_sys::encode_uri_component(slug))
}

pub(crate) fn network(error: gloo_net::Error) -> ClientError {
    ClientError::Network(error.to_string())
}

pub(crate) async fn send(request: Request) -> Result<Response, ClientError> {
    let response = request.send().await.map_err(network)?;
    if response.ok() {
        Ok(response)
    } else {
        Err(error_from(response).await)
    }
}

pub(crate) async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
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
