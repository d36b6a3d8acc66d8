//! Signing in from a browser: a password gives an HttpOnly, SameSite=Strict cookie and a CSRF
//! token; writes with the cookie need the token; signing out ends the session.

use chancery_shared::staff::{Me, Role};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, RequestHelper, TestApp};

fn draft() -> Value {
    json!({"kind": "statement", "title": "Draft from the browser", "published_at": "2020-07-16T09:00:00Z"})
}

#[tokio::test]
async fn wrong_passwords_and_unknown_names_are_the_same_401() {
    let app = TestApp::builder().spawn().await;
    app.add_user("maria", Role::Editor).await;
    assert_eq!(
        app.sign_in("maria", "not the passphrase").await.err(),
        Some(401)
    );
    assert_eq!(app.sign_in("nobody", PASSWORD).await.err(), Some(401));
}

#[tokio::test]
async fn a_session_reads_and_writes_with_its_csrf_token_only() {
    let app = TestApp::builder().spawn().await;
    let maria = app.as_session("maria", Role::Editor).await;
    let cookie_only = maria.without_csrf();

    let me: Me = cookie_only.me().await.good();
    assert_eq!((me.name.as_str(), me.via.as_str()), ("maria", "session"));

    let post = async |who: &crate::helpers::Identity<'_>| {
        who.post_json("/api/v1/publications", &draft())
            .await
            .status()
    };
    assert_eq!(post(&cookie_only).await, 403, "no CSRF token");
    assert_eq!(post(&maria.with_csrf("chy_forged")).await, 403);
    assert_eq!(post(&maria).await, 201);

    let out = maria.delete("/api/v1/session", None).await;
    assert_eq!(out.status(), 204);
    assert_eq!(cookie_only.me().await.status(), 401);
    // An ended session's cookie does not stop public reading.
    let public = cookie_only
        .get("/api/v1/publications/lavrov-interview-russia-24-maria-bondareva")
        .await;
    assert_eq!(public.status(), 200);
}
