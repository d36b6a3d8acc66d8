//! The trusted origin: the public URL alone decides absolute links, the cookie's `Secure` flag
//! and `__Host-` name; `X-Forwarded-For` names the client for the rate limit only when a
//! trusted proxy sends it; a server started without a public URL says which it uses.

use chancery_shared::staff::Role;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{CliDatabase, PASSWORD, RequestHelper, TestApp, serve_binary};

/// Signs maria in, with `X-Forwarded-Proto: https` when asked; returns the `Set-Cookie` header.
async fn set_cookie(app: &TestApp, forwarded_proto: bool) -> String {
    let mut request = app
        .request(Method::POST, "/api/v1/session")
        .json(&json!({"name": "maria", "password": PASSWORD}));
    if forwarded_proto {
        request = request.header("X-Forwarded-Proto", "https");
    }
    let response = request.send().await;
    assert_eq!(response.status(), 200);
    response.header("set-cookie").to_owned()
}

#[tokio::test]
async fn an_https_public_url_makes_the_cookie_secure_and_host_prefixed() {
    let app = TestApp::builder()
        .public_url("https://mission.example")
        .spawn()
        .await;
    app.add_user("maria", Role::Editor).await;
    let cookie = set_cookie(&app, false).await;
    assert!(cookie.starts_with("__Host-chancery_session="), "{cookie}");
    for part in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    // The prefixed cookie is the one that signs requests in.
    let pair = cookie.split(';').next().expect("name=value");
    let me = app
        .request(Method::GET, "/api/v1/me")
        .header("Cookie", pair)
        .send()
        .await;
    assert_eq!(me.status(), 200);
    let unprefixed = pair.replacen("__Host-", "", 1);
    let refused = app
        .request(Method::GET, "/api/v1/me")
        .header("Cookie", &unprefixed)
        .send()
        .await;
    assert_eq!(
        refused.status(),
        401,
        "an unprefixed cookie is not a session here"
    );
    // Signing out clears the same cookie, with the same attributes.
    let maria = app.sign_in("maria", PASSWORD).await.expect("signed in");
    let out = maria.delete("/api/v1/session", None).await;
    assert_eq!(out.status(), 204);
    let cleared = out.header("set-cookie");
    assert!(
        cleared.starts_with("__Host-chancery_session=;"),
        "{cleared}"
    );
    assert!(cleared.contains("Secure"), "{cleared}");
}

#[tokio::test]
async fn a_forwarded_proto_never_decides_whether_the_cookie_is_secure() {
    let app = TestApp::builder().spawn().await;
    app.add_user("maria", Role::Editor).await;
    let cookie = set_cookie(&app, true).await;
    assert!(cookie.starts_with("chancery_session="), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
}

/// The statuses of drafts POSTed one after another, each claiming to come from its address.
async fn statuses_claiming(app: &TestApp, claims: &[&str]) -> Vec<u16> {
    let writer = app.as_token(Role::Editor).await;
    let mut statuses = Vec::new();
    for (n, claimed) in claims.iter().enumerate() {
        let draft = json!({"kind": "statement", "title": format!("Limit {claimed} {n}"), "published_at": "2020-07-16T09:00:00Z"});
        let response = writer
            .request(Method::POST, "/api/v1/publications")
            .header("X-Forwarded-For", claimed)
            .json(&draft)
            .send()
            .await;
        statuses.push(response.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn forwarded_for_is_the_client_only_behind_a_trusted_proxy() {
    // Untrusted: every claimed address shares the socket's budget.
    let app = TestApp::builder().writes_per_minute(2).spawn().await;
    let statuses = statuses_claiming(&app, &["6.6.6.1", "6.6.6.2", "6.6.6.3"]).await;
    assert_eq!(statuses, [201, 201, 429]);

    // Behind a trusted proxy (the test client is on loopback), each client has its own.
    let proxied = TestApp::builder()
        .writes_per_minute(2)
        .configure(|s| s.trusted_proxies = vec!["127.0.0.0/8".parse().expect("net")])
        .spawn()
        .await;
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
    let statuses = statuses_claiming(&proxied, &claims).await;
    assert_eq!(statuses, [201, 201, 429, 201, 201, 201, 429, 201]);
}

#[tokio::test]
async fn serving_without_a_public_url_says_which_address_links_use() {
    let db = CliDatabase::new();
    let (mut child, server, log) = serve_binary(&db, &[], "info");
    let robots = server.get("/robots.txt").await.text();
    let address = server.address();
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

    let db = CliDatabase::new();
    let (mut child, server, log) =
        serve_binary(&db, &["--public-url", "https://mission.example/"], "info");
    let robots = server.get("/robots.txt").await.text();
    assert!(
        robots.contains("Sitemap: https://mission.example/sitemap.xml"),
        "{robots}"
    );
    child.kill().expect("stopped");
    let _ = child.wait();
    assert!(!log.join().expect("log").contains("no public URL"));
}
