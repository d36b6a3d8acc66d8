//! Signing in from a browser: a password gives an HttpOnly, SameSite=Strict cookie and a CSRF
//! token; writes with the cookie need the token; signing out ends the session.

use chancery_shared::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, add_user, sign_in, spawn_app};

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
