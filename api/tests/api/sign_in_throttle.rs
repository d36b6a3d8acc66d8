//! Sign-in throttling of its own: failed attempts slow down an account and a network (IPv6 by
//! its /64), never the address's writes; the wait shows in `Retry-After` and passes with the
//! clock; each failure is audited and logged at WARN without the password.

use chancery_api::clock::Clock;
use chancery_shared::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    PASSWORD, TestApp, add_user, create_token, serve_binary, spawn_app_at, spawn_app_configured,
};

async fn attempt(
    app: &TestApp,
    name: &str,
    password: &str,
    from: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}/api/v1/session", app.address))
        .json(&json!({"name": name, "password": password}));
    if let Some(from) = from {
        request = request.header("X-Forwarded-For", from);
    }
    request.send().await.expect("request")
}

#[tokio::test]
async fn an_account_is_slowed_down_after_five_failures_until_its_wait_passes() {
    let clock = Clock::fixed("2026-12-02T09:00:00Z".parse().expect("instant"));
    let app = spawn_app_at(clock.clone()).await;
    add_user(&app, "maria", Role::Editor).await;
    for n in 0..5 {
        let refused = attempt(&app, "maria", "a wrong guess at it", None).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    // Even the right password waits now: the account is being guessed at.
    let held = attempt(&app, "maria", PASSWORD, None).await;
    assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(held.headers()["retry-after"], "1");
    let problem: Value = held.json().await.expect("problem");
    assert_eq!(problem["code"], "sign_in_throttled");

    clock.set("2026-12-02T09:00:01Z".parse().expect("instant"));
    let wrong = attempt(&app, "maria", "another wrong guess", None).await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let longer = attempt(&app, "maria", PASSWORD, None).await;
    assert_eq!(
        longer.headers()["retry-after"],
        "2",
        "each failure doubles the wait"
    );

    clock.set("2026-12-02T09:00:03Z".parse().expect("instant"));
    assert_eq!(
        attempt(&app, "maria", PASSWORD, None).await.status(),
        StatusCode::OK
    );
    // The success cleared the count.
    assert_eq!(
        attempt(&app, "maria", "one more slip", None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        attempt(&app, "maria", PASSWORD, None).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn guessing_never_spends_the_address_write_budget() {
    let app = spawn_app_configured(|s| s.writes_per_minute = 2).await;
    for n in 0..10 {
        let refused = attempt(&app, &format!("nobody-{n}"), "guess", None).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    let token = create_token(&app, "writer", Role::Editor).await;
    let write = app
        .client
        .post(format!("{}/api/v1/publications", app.address))
        .bearer_auth(&token)
        .json(&json!({"kind": "statement", "title": "After the guesses", "published_at": "2020-07-16T09:00:00Z"}))
        .send()
        .await
        .expect("request");
    assert_eq!(write.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn an_ipv6_network_is_counted_by_its_slash_64() {
    // A stopped clock: the wait after the free failures must not pass while they are made.
    let clock = Clock::fixed("2026-12-02T09:00:00Z".parse().expect("instant"));
    let app = spawn_app_configured(|s| {
        s.clock = clock;
        s.trusted_proxies = vec!["127.0.0.0/8".parse().expect("net")];
    })
    .await;
    for n in 1..=20 {
        let from = format!("2001:db8:1:2::{n:x}");
        let refused = attempt(&app, &format!("guess-{n}"), "guess", Some(&from)).await;
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    let same_network = attempt(&app, "fresh-name", "guess", Some("2001:db8:1:2:abcd::1")).await;
    assert_eq!(same_network.status(), StatusCode::TOO_MANY_REQUESTS);
    let next_network = attempt(&app, "fresh-name", "guess", Some("2001:db8:1:3::1")).await;
    assert_eq!(next_network.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn failed_sign_ins_are_audited_with_the_address() {
    let app =
        spawn_app_configured(|s| s.trusted_proxies = vec!["127.0.0.0/8".parse().expect("net")])
            .await;
    add_user(&app, "maria", Role::Editor).await;
    let refused = attempt(&app, "maria", "not the password", Some("203.0.113.77")).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let admin = create_token(&app, "root", Role::Admin).await;
    let audit: Value = app
        .client
        .get(format!("{}/api/v1/audit", app.address))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    let entry = audit["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == "session.refused")
        .unwrap_or_else(|| panic!("no refusal in {audit}"));
    assert_eq!(entry["target"], "maria from 203.0.113.77");
    assert!(!audit.to_string().contains("not the password"));
}

#[tokio::test]
async fn failed_sign_ins_are_logged_at_warn_without_the_password() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut child, address, log) = serve_binary(dir.path(), &[], "warn,chancery=info");
    let response = reqwest::Client::new()
        .post(format!("{address}/api/v1/session"))
        .json(&json!({"name": "intruder\nFAKE LINE", "password": "hunter2-secret"}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
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
