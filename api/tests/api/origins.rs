//! The trusted origin: the public URL alone decides absolute links, the cookie's `Secure` flag
//! and `__Host-` name; `X-Forwarded-For` names the client for the rate limit only when a
//! trusted proxy sends it; a server started without a public URL says which it uses.

use chancery_shared::staff::Role;
use serde_json::json;

use crate::helpers::{
    PASSWORD, TestApp, add_user, create_token, serve_binary, sign_in, spawn_app,
    spawn_app_configured,
};

async fn set_cookie(app: &TestApp, forwarded_proto: bool) -> String {
    let mut request = app
        .client
        .post(format!("{}/api/v1/session", app.address))
        .json(&json!({"name": "maria", "password": PASSWORD}));
    if forwarded_proto {
        request = request.header("X-Forwarded-Proto", "https");
    }
    let response = request.send().await.expect("request");
    assert_eq!(response.status(), 200);
    response.headers()["set-cookie"]
        .to_str()
        .expect("text")
        .to_owned()
}

#[tokio::test]
async fn an_https_public_url_makes_the_cookie_secure_and_host_prefixed() {
    let app = spawn_app_configured(|s| s.public_url = Some("https://mission.example".into())).await;
    add_user(&app, "maria", Role::Editor).await;
    let cookie = set_cookie(&app, false).await;
    assert!(cookie.starts_with("__Host-chancery_session="), "{cookie}");
    for part in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    // The prefixed cookie is the one that signs requests in.
    let pair = cookie.split(';').next().expect("name=value").to_owned();
    let me = app
        .client
        .get(format!("{}/api/v1/me", app.address))
        .header("Cookie", &pair)
        .send()
        .await
        .expect("request");
    assert_eq!(me.status(), 200);
    let unprefixed = pair.replacen("__Host-", "", 1);
    let refused = app
        .client
        .get(format!("{}/api/v1/me", app.address))
        .header("Cookie", unprefixed)
        .send()
        .await
        .expect("request");
    assert_eq!(
        refused.status(),
        401,
        "an unprefixed cookie is not a session here"
    );
    // Signing out clears the same cookie, with the same attributes.
    let (plain, csrf) = sign_in(&app, "maria", PASSWORD).await.expect("signed in");
    let out = app
        .client
        .delete(format!("{}/api/v1/session", app.address))
        .header("Cookie", plain)
        .header("X-CSRF-Token", csrf)
        .send()
        .await
        .expect("request");
    assert_eq!(out.status(), 204);
    let cleared = out.headers()["set-cookie"].to_str().expect("text");
    assert!(
        cleared.starts_with("__Host-chancery_session=;"),
        "{cleared}"
    );
    assert!(cleared.contains("Secure"), "{cleared}");
}

#[tokio::test]
async fn a_forwarded_proto_never_decides_whether_the_cookie_is_secure() {
    let app = spawn_app().await;
    add_user(&app, "maria", Role::Editor).await;
    let cookie = set_cookie(&app, true).await;
    assert!(cookie.starts_with("chancery_session="), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

/// POSTs a draft claiming to come from `forwarded_for`; returns the status.
async fn write_as(app: &TestApp, token: &str, forwarded_for: &str, n: usize) -> u16 {
    app.client
        .post(format!("{}/api/v1/publications", app.address))
        .bearer_auth(token)
        .header("X-Forwarded-For", forwarded_for)
        .json(&json!({"kind": "statement", "title": format!("Limit {forwarded_for} {n}"), "published_at": "2020-07-16T09:00:00Z"}))
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test]
async fn forwarded_for_is_the_client_only_behind_a_trusted_proxy() {
    // Untrusted: every claimed address shares the socket's budget.
    let app = spawn_app_configured(|s| s.writes_per_minute = 2).await;
    let token = create_token(&app, "writer", Role::Editor).await;
    let mut statuses = Vec::new();
    for (n, claimed) in ["6.6.6.1", "6.6.6.2", "6.6.6.3"].into_iter().enumerate() {
        statuses.push(write_as(&app, &token, claimed, n).await);
    }
    assert_eq!(statuses, [201, 201, 429]);

    // Behind a trusted proxy (the test client is on loopback), each client has its own.
    let proxied = spawn_app_configured(|s| {
        s.writes_per_minute = 2;
        s.trusted_proxies = vec!["127.0.0.0/8".parse().expect("net")];
    })
    .await;
    let token = create_token(&proxied, "writer", Role::Editor).await;
    let mut statuses = Vec::new();
    let claims = [
        "203.0.113.1",
        "203.0.113.1",
        "203.0.113.1",
        "203.0.113.2",
        // An IPv6 client counts by its /64: three addresses of one network share a budget.
        "2001:db8:1:2::1",
        "2001:db8:1:2::2",
        "2001:db8:1:2::3",
        "2001:db8:1:3::1",
    ];
    for (n, claimed) in claims.into_iter().enumerate() {
        statuses.push(write_as(&proxied, &token, claimed, n).await);
    }
    assert_eq!(statuses, [201, 201, 429, 201, 201, 201, 429, 201]);
}

#[tokio::test]
async fn serving_without_a_public_url_says_which_address_links_use() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut child, address, log) = serve_binary(dir.path(), &[], "info");
    let robots = reqwest::get(format!("{address}/robots.txt"))
        .await
        .expect("request")
        .text()
        .await
        .expect("text");
    assert!(
        robots.contains(&format!("Sitemap: {address}/sitemap.xml")),
        "{robots}"
    );
    child.kill().expect("stopped");
    let _ = child.wait();
    let log = log.join().expect("log");
    assert!(
        log.contains(&format!(
            "no public URL is set: feeds, the sitemap and other absolute links use {address}"
        )),
        "{log}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let (mut child, address, log) = serve_binary(
        dir.path(),
        &["--public-url", "https://mission.example/"],
        "info",
    );
    let robots = reqwest::get(format!("{address}/robots.txt"))
        .await
        .expect("request")
        .text()
        .await
        .expect("text");
    assert!(
        robots.contains("Sitemap: https://mission.example/sitemap.xml"),
        "{robots}"
    );
    child.kill().expect("stopped");
    let _ = child.wait();
    assert!(!log.join().expect("log").contains("no public URL"));
}
