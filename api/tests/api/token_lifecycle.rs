//! Tokens through their lives: each has an owner (by default the admin who makes it) and at
//! most the owner's role, may expire (`expires_in` or `expires_at`, on the injectable clock),
//! notes its last use to the minute, and is refused with 401 once expired.

use chancery_api::clock::Clock;
use chancery_shared::staff::{NewToken, Role};
use chrono::{DateTime, Duration, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    Auth, TestApp, add_user, call, create_token, create_token_as_cli, fields, me_status, spawn_app,
    spawn_app_at,
};

fn instant(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .with_timezone(&Utc)
}

async fn token_info(app: &TestApp, admin: &str, name: &str) -> Value {
    let response = call(
        app,
        "GET",
        &format!("/api/v1/tokens/{name}"),
        Auth::Bearer(admin),
        None,
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn a_token_expires_on_the_clock_and_notes_its_last_use_to_the_minute() {
    let start = instant("2026-12-11T09:00:00Z");
    let clock = Clock::fixed(start);
    let app = spawn_app_at(clock.clone()).await;
    let admin = create_token(&app, "head", Role::Admin).await;
    add_user(&app, "maria", Role::Editor).await;
    let made = call(
        &app,
        "POST",
        "/api/v1/tokens",
        Auth::Bearer(&admin),
        Some(
            &json!({"name": "feed", "role": "contributor", "owner": "maria", "expires_in": "90d"}),
        ),
        None,
    )
    .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: Value = made.json().await.expect("JSON");
    let token = made["token"].as_str().expect("secret").to_owned();
    assert_eq!(
        (
            &made["owner"],
            &made["role"],
            &made["status"],
            &made["last_used_at"]
        ),
        (
            &json!("maria"),
            &json!("contributor"),
            &json!("live"),
            &Value::Null
        )
    );
    let expires_at = instant(made["expires_at"].as_str().expect("expiry"));
    assert_eq!(expires_at, start + Duration::days(90));

    assert_eq!(me_status(&app, Auth::Bearer(&token)).await, 200);
    let used = token_info(&app, &admin, "feed").await["last_used_at"].clone();
    assert_eq!(instant(used.as_str().expect("used")), start);
    clock.set(start + Duration::seconds(30));
    assert_eq!(me_status(&app, Auth::Bearer(&token)).await, 200);
    assert_eq!(
        token_info(&app, &admin, "feed").await["last_used_at"],
        used,
        "within the minute"
    );
    let later = start + Duration::minutes(5);
    clock.set(later);
    assert_eq!(me_status(&app, Auth::Bearer(&token)).await, 200);
    let moved = token_info(&app, &admin, "feed").await["last_used_at"].clone();
    assert_eq!(instant(moved.as_str().expect("used")), later);

    clock.set(expires_at - Duration::seconds(1));
    assert_eq!(me_status(&app, Auth::Bearer(&token)).await, 200);
    clock.set(expires_at);
    let expired = call(&app, "GET", "/api/v1/me", Auth::Bearer(&token), None, None).await;
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    let problem: Value = expired.json().await.expect("problem");
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("expired"),
        "{problem}"
    );
    assert_eq!(token_info(&app, &admin, "feed").await["status"], "expired");
}

#[tokio::test]
async fn tokens_made_by_the_cli_expire_too() {
    let start = instant("2026-12-11T09:00:00Z");
    let clock = Clock::fixed(start);
    let app = spawn_app_at(clock.clone()).await;
    add_user(&app, "maria", Role::Editor).await;
    let new = NewToken {
        name: "nightly".to_owned(),
        owner: Some("maria".to_owned()),
        expires_in: Some("12h".to_owned()),
        ..Default::default()
    };
    let token = create_token_as_cli(&app, new, start).await.expect("made");
    let me: Value = call(&app, "GET", "/api/v1/me", Auth::Bearer(&token), None, None)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        (&me["role"], &me["user"]),
        (&json!("editor"), &json!("maria")),
        "the owner's role by default"
    );
    clock.set(start + Duration::hours(12));
    assert_eq!(me_status(&app, Auth::Bearer(&token)).await, 401);
}

#[tokio::test]
async fn a_token_belongs_by_default_to_the_admin_who_makes_it_with_their_role() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    let made = call(
        &app,
        "POST",
        "/api/v1/tokens",
        Auth::Bearer(&admin),
        Some(&json!({"name": "mine"})),
        None,
    )
    .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let made: Value = made.json().await.expect("JSON");
    assert_eq!(
        (&made["owner"], &made["role"], &made["expires_at"]),
        (&json!("head"), &json!("admin"), &Value::Null)
    );
}

#[tokio::test]
async fn bad_owners_roles_and_expiries_are_each_named_and_nothing_is_written() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    add_user(&app, "maria", Role::Editor).await;
    let past = "2001-01-01T00:00:00Z";
    let far = (Utc::now() + Duration::days(4000)).to_rfc3339();
    for (body, expected) in [
        (json!({"name": "t", "owner": "nobody"}), vec!["owner"]),
        (
            json!({"name": "t", "owner": "maria", "role": "admin"}),
            vec!["role"],
        ),
        (json!({"name": "t", "expires_in": "1y"}), vec!["expires_in"]),
        (json!({"name": "t", "expires_in": "0d"}), vec!["expires_in"]),
        (
            json!({"name": "t", "expires_in": "3651d"}),
            vec!["expires_in"],
        ),
        (json!({"name": "t", "expires_at": past}), vec!["expires_at"]),
        (json!({"name": "t", "expires_at": far}), vec!["expires_at"]),
        (
            json!({"name": "t", "expires_in": "1d", "expires_at": "2100-01-01T00:00:00Z"}),
            vec!["expires_at"],
        ),
        (
            json!({"name": "cli", "owner": "nobody", "expires_in": "x"}),
            vec!["name", "owner", "expires_in"],
        ),
    ] {
        let response = call(
            &app,
            "POST",
            "/api/v1/tokens",
            Auth::Bearer(&admin),
            Some(&body),
            None,
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}"
        );
        assert_eq!(
            fields(&response.json().await.expect("problem")),
            expected,
            "{body}"
        );
    }
    let malformed = call(
        &app,
        "POST",
        "/api/v1/tokens",
        Auth::Bearer(&admin),
        Some(&json!({"name": "t", "expires_at": "next week"})),
        None,
    )
    .await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        fields(&malformed.json().await.expect("problem")),
        ["expires_at"]
    );
    let listed: Value = call(
        &app,
        "GET",
        "/api/v1/tokens",
        Auth::Bearer(&admin),
        None,
        None,
    )
    .await
    .json()
    .await
    .expect("JSON");
    assert_eq!(listed.as_array().expect("list").len(), 1, "only head");
}

#[tokio::test]
async fn a_disabled_owner_cannot_be_given_a_token() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    add_user(&app, "maria", Role::Editor).await;
    let read = call(
        &app,
        "GET",
        "/api/v1/users/maria",
        Auth::Bearer(&admin),
        None,
        None,
    )
    .await;
    let etag = read.headers()["etag"].to_str().expect("ETag").to_owned();
    let disabled = call(
        &app,
        "PATCH",
        "/api/v1/users/maria",
        Auth::Bearer(&admin),
        Some(&json!({"disabled": true})),
        Some(&etag),
    )
    .await;
    assert_eq!(disabled.status(), StatusCode::OK);
    let refused = call(
        &app,
        "POST",
        "/api/v1/tokens",
        Auth::Bearer(&admin),
        Some(&json!({"name": "feed", "owner": "maria"})),
        None,
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&refused.json().await.expect("problem")), ["owner"]);
}
