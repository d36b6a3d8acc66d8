//! The reader's calls to Chancery's JSON API. Each call returns a `Result` whose error says what
//! went wrong in words a reader can be shown.

use chancery_shared::site::Site;
use gloo_net::http::Request;
use serde::de::DeserializeOwned;

/// Where the API lives, relative to the page's origin.
const API_BASE: &str = "/api/v1";

/// Why a call to the API failed. Cloneable (it holds text, not the underlying error values) so
/// that it can live in a resource.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The request never got a response: offline, refused, blocked.
    #[error("could not reach the server: {0}")]
    Network(String),
    /// The server answered with a status other than 2xx.
    #[error("the server answered {status} {status_text}")]
    Status { status: u16, status_text: String },
    /// The server answered 2xx but the body was not the JSON expected.
    #[error("the server's answer could not be read: {0}")]
    Decode(String),
}

/// Fetches the site-wide information (`GET /api/v1/site`).
pub async fn site() -> Result<Site, ClientError> {
    get_json("/site").await
}

/// GETs `API_BASE` + `path` and decodes the JSON body as `T`.
async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ClientError> {
    let url = format!("{API_BASE}{path}");
    let response = Request::get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| ClientError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(ClientError::Status {
            status: response.status(),
            status_text: response.status_text(),
        });
    }
    response
        .json::<T>()
        .await
        .map_err(|e| ClientError::Decode(e.to_string()))
}
