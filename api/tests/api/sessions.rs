//! Signing in from a browser: a password gives an HttpOnly, SameSite=Strict cookie and a CSRF
//! token; writes with the cookie need the token; signing out ends the session.

use chancery_shared::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const PASSWORD: &str = "a long enough passphrase";

async fn add_user(app: &TestApp, name: &str, role: Role) {
    let pool = app.pool.clone();
    let name = name.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        chancery_api::admin::add_user(&mut conn, &name, role, PASSWORD)
    })
    .await
    .expect("finished")
    .expect("user added");
}

/// Signs in; returns the `Cookie` header value to send back and the CSRF token.
async fn sign_in(
    app: &TestApp,
    name: &str,
    password: &str,
) -> Result<(String, String), StatusCode> {
    let response = app
        .client
        .post(format!("{}/api/v1/session", app.address))
        .json(&json!({"name": name, "password": password}))
        .send()
        .await
        .expect("request");
    if response.status() != StatusCode::OK {
        return Err(response.status());
    }
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Strict"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().expect("name=value").to_owned();
    let body: Value = response.json().await.expect("JSON");
    Ok((
        cookie,
        body["csrf_token"].as_str().expect("csrf").to_owned(),
    ))
}

fn draft() -> Value {
    json!({"kind": "statement", "title": "Draft from the browser", "published_at": "2020-07-16T09:00:00Z"})
}

#[tokio::test]
async fn wrong_passwords_and_unknown_names_are_the_same_401() {
    let app = spawn_app().await;
    add_user(&app, "maria", Role::Editor).await;
    assert_eq!(
        sign_in(&app, "maria", "not the passphrase").await.err(),
        Some(StatusCode::UNAUTHORIZED)
    );
    assert_eq!(
        sign_in(&app, "nobody", PASSWORD).await.err(),
        Some(StatusCode::UNAUTHORIZED)
    );
}

#[tokio::test]
async fn a_session_reads_and_writes_with_its_csrf_token_only() {
    let app = spawn_app().await;
    add_user(&app, "maria", Role::Editor).await;
    let (cookie, csrf) = sign_in(&app, "maria", PASSWORD).await.expect("signed in");

    let me: Value = app
        .client
        .get(format!("{}/api/v1/me", app.address))
        .header("Cookie", &cookie)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        (me["name"].as_str(), me["via"].as_str()),
        (Some("maria"), Some("session"))
    );

    let post = |csrf: Option<String>| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            let mut request = app
                .client
                .post(format!("{}/api/v1/publications", app.address))
                .header("Cookie", cookie)
                .json(&draft());
            if let Some(token) = csrf {
                request = request.header("X-CSRF-Token", token);
            }
            request.send().await.expect("request").status()
        }
    };
    assert_eq!(post(None).await, StatusCode::FORBIDDEN, "no CSRF token");
    assert_eq!(
        post(Some("chy_forged".to_owned())).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(post(Some(csrf.clone())).await, StatusCode::CREATED);

    let out = app
        .client
        .delete(format!("{}/api/v1/session", app.address))
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", &csrf)
        .send()
        .await
        .expect("request");
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let after = app
        .client
        .get(format!("{}/api/v1/me", app.address))
        .header("Cookie", &cookie)
        .send()
        .await
        .expect("request");
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    // An ended session's cookie does not stop public reading.
    let public = app
        .client
        .get(format!(
            "{}/api/v1/publications/lavrov-interview-russia-24-maria-bondareva",
            app.address
        ))
        .header("Cookie", &cookie)
        .send()
        .await
        .expect("request");
    assert_eq!(public.status(), StatusCode::OK);
}
