//! Sign-in throttling of its own: failed attempts slow down an account and a network (IPv6 by
//! its /64), never the address's writes; the wait shows in `Retry-After` and passes with the
//! clock; each failure is audited and logged at WARN without the password.

use chancery_api::clock::Clock;
use chancery_shared::staff::Role;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{
    CliDatabase, PASSWORD, RequestHelper, Server, TestApp, TestResponse, instant, serve_binary,
};

/// One sign-in attempt, claiming to come from `from` when given.
async fn attempt(server: &Server, name: &str, password: &str, from: Option<&str>) -> TestResponse {
    let mut request = server
        .request(Method::POST, "/api/v1/session")
        .json(&json!({"name": name, "password": password}));
    if let Some(from) = from {
        request = request.header("X-Forwarded-For", from);
    }
    request.send().await
}

#[tokio::test]
async fn an_account_is_slowed_down_after_five_failures_until_its_wait_passes() {
    let clock = Clock::fixed(instant("2026-12-02T09:00:00Z"));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let server = app.server();
    app.add_user("maria", Role::Editor).await;
    for n in 0..5 {
        let refused = attempt(server, "maria", "a wrong guess at it", None).await;
        assert_eq!(refused.status(), 401, "attempt {n}");
    }
    // Even the right password waits now: the account is being guessed at.
    let held = attempt(server, "maria", PASSWORD, None).await;
    assert_eq!(held.header("retry-after"), "1");
    assert_eq!(held.problem(429).code, "sign_in_throttled");

    clock.set(instant("2026-12-02T09:00:01Z"));
    let wrong = attempt(server, "maria", "another wrong guess", None).await;
    assert_eq!(wrong.status(), 401);
    let longer = attempt(server, "maria", PASSWORD, None).await;
    assert_eq!(
        longer.header("retry-after"),
        "2",
        "each failure doubles the wait"
    );

    clock.set(instant("2026-12-02T09:00:03Z"));
    assert_eq!(attempt(server, "maria", PASSWORD, None).await.status(), 200);
    // The success cleared the count.
    assert_eq!(
        attempt(server, "maria", "one more slip", None)
            .await
            .status(),
        401
    );
    assert_eq!(attempt(server, "maria", PASSWORD, None).await.status(), 200);
}

#[tokio::test]
async fn guessing_never_spends_the_address_write_budget() {
    let app = TestApp::builder().writes_per_minute(2).spawn().await;
    for n in 0..10 {
        let refused = attempt(app.server(), &format!("nobody-{n}"), "guess", None).await;
        assert_eq!(refused.status(), 401, "attempt {n}");
    }
    let writer = app.as_token(Role::Editor).await;
    let write = writer
        .post_json(
            "/api/v1/publications",
            &json!({"kind": "statement", "title": "After the guesses", "published_at": "2020-07-16T09:00:00Z"}),
        )
        .await;
    assert_eq!(write.status(), 201);
}

#[tokio::test]
async fn an_ipv6_network_is_counted_by_its_slash_64() {
    // A stopped clock: the wait after the free failures must not pass while they are made.
    let clock = Clock::fixed(instant("2026-12-02T09:00:00Z"));
    let app = TestApp::builder()
        .clock(clock)
        .configure(|s| s.trusted_proxies = vec!["127.0.0.0/8".parse().expect("net")])
        .spawn()
        .await;
    let server = app.server();
    for n in 1..=20 {
        let from = format!("2001:db8:1:2::{n:x}");
        let refused = attempt(server, &format!("guess-{n}"), "guess", Some(&from)).await;
        assert_eq!(refused.status(), 401, "attempt {n}");
    }
    let same_network = attempt(server, "fresh-name", "guess", Some("2001:db8:1:2:abcd::1")).await;
    assert_eq!(same_network.status(), 429);
    let next_network = attempt(server, "fresh-name", "guess", Some("2001:db8:1:3::1")).await;
    assert_eq!(next_network.status(), 401);
}

#[tokio::test]
async fn failed_sign_ins_are_audited_with_the_address() {
    let app = TestApp::builder()
        .configure(|s| s.trusted_proxies = vec!["127.0.0.0/8".parse().expect("net")])
        .spawn()
        .await;
    app.add_user("maria", Role::Editor).await;
    let refused = attempt(
        app.server(),
        "maria",
        "not the password",
        Some("203.0.113.77"),
    )
    .await;
    assert_eq!(refused.status(), 401);
    let admin = app.as_token(Role::Admin).await;
    let audit = admin.audit().await;
    let entry = audit
        .iter()
        .find(|e| e.action == "session.refused")
        .unwrap_or_else(|| panic!("no refusal in {audit:?}"));
    assert_eq!(entry.target, "maria from 203.0.113.77");
    let text = serde_json::to_string(&audit).expect("JSON");
    assert!(!text.contains("not the password"));
}

#[tokio::test]
async fn failed_sign_ins_are_logged_at_warn_without_the_password() {
    let db = CliDatabase::new();
    let (mut child, server, log) = serve_binary(&db, &[], "warn,chancery=info");
    let response = server
        .post_json(
            "/api/v1/session",
            &json!({"name": "intruder\nFAKE LINE", "password": "hunter2-secret"}),
        )
        .await;
    assert_eq!(response.status(), 401);
    child.kill().expect("stopped");
    let _ = child.wait();
    let log = log.join().expect("log");
    let line = log
        .lines()
        .find(|l| l.contains("sign-in refused"))
        .unwrap_or_else(|| panic!("no refusal logged:\n{log}"));
    assert!(line.contains(" WARN "), "{line}");
    assert!(line.contains(r#"name="intruder\nFAKE LINE""#), "{line}");
    assert!(line.contains("client=127.0.0.1"), "{line}");
    assert!(!log.contains("hunter2-secret"), "{log}");
    assert!(!log.lines().any(|l| l.starts_with("FAKE LINE")), "{log}");
}
