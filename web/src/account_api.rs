//! The staff client's calls for accounts: one user with the ETag its changes name, changing,
//! removing and resetting them (admins), a user's sessions and ending them, and changing one's
//! own password. Every write carries the session's CSRF token.

use chancery_shared::staff::{PasswordChange, PasswordReset, SessionInfo, UserChange};
use gloo_net::http::Request;

use crate::api::{API_BASE, ClientError};
use crate::staff_api::{Account, decode, encode, get, network, send};

/// `GET /users/{name}` with its ETag.
pub async fn user(name: &str) -> Result<(Account, String), ClientError> {
    let response = send(
        get(&format!("/users/{}", encode(name)))
            .build()
            .map_err(network)?,
    )
    .await?;
    let etag = response.headers().get("etag").unwrap_or_default();
    Ok((decode(response).await?, etag))
}

/// `PATCH /users/{name}` based on `etag`; the user as changed, with the new ETag.
pub async fn change_user(
    name: &str,
    etag: &str,
    change: &UserChange,
    csrf: &str,
) -> Result<(Account, String), ClientError> {
    let request = Request::patch(&format!("{API_BASE}/users/{}", encode(name)))
        .header("Accept", "application/json")
        .header("If-Match", etag)
        .header("X-CSRF-Token", csrf)
        .json(change)
        .map_err(network)?;
    request
        .headers()
        .set("Content-Type", "application/merge-patch+json");
    let response = send(request).await?;
    let etag = response.headers().get("etag").unwrap_or_default();
    Ok((decode(response).await?, etag))
}

/// `DELETE /users/{name}` based on `etag`.
pub async fn remove_user(name: &str, etag: &str, csrf: &str) -> Result<(), ClientError> {
    let request = Request::delete(&format!("{API_BASE}/users/{}", encode(name)))
        .header("Accept", "application/json")
        .header("If-Match", etag)
        .header("X-CSRF-Token", csrf)
        .build()
        .map_err(network)?;
    send(request).await.map(drop)
}

/// `PUT /users/{name}/password`.
pub async fn reset_password(name: &str, password: String, csrf: &str) -> Result<(), ClientError> {
    let request = Request::put(&format!("{API_BASE}/users/{}/password", encode(name)))
        .header("Accept", "application/json")
        .header("X-CSRF-Token", csrf)
        .json(&PasswordReset { password })
        .map_err(network)?;
    send(request).await.map(drop)
}

/// `PUT /me/password`.
pub async fn change_my_password(change: &PasswordChange, csrf: &str) -> Result<(), ClientError> {
    let request = Request::put(&format!("{API_BASE}/me/password"))
        .header("Accept", "application/json")
        .header("X-CSRF-Token", csrf)
        .json(change)
        .map_err(network)?;
    send(request).await.map(drop)
}

/// `GET /users/{name}/sessions`.
pub async fn sessions(name: &str) -> Result<Vec<SessionInfo>, ClientError> {
    let path = format!("/users/{}/sessions", encode(name));
    decode(send(get(&path).build().map_err(network)?).await?).await
}

/// `DELETE /users/{name}/sessions/{id}`, or every session but this one without an `id`.
pub async fn end_sessions(name: &str, id: Option<i64>, csrf: &str) -> Result<(), ClientError> {
    let one = id.map(|id| format!("/{id}")).unwrap_or_default();
    let request = Request::delete(&format!("{API_BASE}/users/{}/sessions{one}", encode(name)))
        .header("Accept", "application/json")
        .header("X-CSRF-Token", csrf)
        .build()
        .map_err(network)?;
    send(request).await.map(drop)
}
