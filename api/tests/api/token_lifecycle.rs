//! Tokens through their lives: each has an owner (by default the admin who makes it) and at
//! most the owner's role, may expire (`expires_in` or `expires_at`, on the injectable clock),
//! notes its last use to the minute, and is refused with 401 once expired.

use chancery_api::clock::Clock;
use chancery_shared::staff::{CreatedToken, Me, NewToken, Role, TokenInfo, TokenStatus, UserInfo};
use chrono::{Duration, Utc};
use serde_json::json;

use crate::helpers::{Identity, RequestHelper, TestApp, fields, instant};

const TOKENS: &str = "/api/v1/tokens";

async fn token_info(admin: &Identity<'_>, name: &str) -> TokenInfo {
    admin.get_json(&format!("/api/v1/tokens/{name}")).await
}

#[tokio::test]
async fn a_token_expires_on_the_clock_and_notes_its_last_use_to_the_minute() {
    let start = instant("2026-12-11T09:00:00Z");
    let clock = Clock::fixed(start);
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let admin = app.as_token(Role::Admin).await;
    app.add_user("maria", Role::Editor).await;
    let made = admin
        .post_json(
            TOKENS,
            &json!({"name": "feed", "role": "contributor", "owner": "maria", "expires_in": "90d"}),
        )
        .await;
    assert_eq!(made.status(), 201);
    let made: CreatedToken = made.json();
    assert_eq!(
        (
            made.info.owner.as_deref(),
            made.info.role,
            made.info.status,
            made.info.last_used_at
        ),
        (Some("maria"), Role::Contributor, TokenStatus::Live, None)
    );
    let expires_at = made.info.expires_at.expect("an expiry");
    assert_eq!(expires_at, start + Duration::days(90));
    let feed = app.with_token(&made.token);

    assert_eq!(feed.me().await.status(), 200);
    let used = token_info(&admin, "feed").await.last_used_at;
    assert_eq!(used, Some(start));
    clock.set(start + Duration::seconds(30));
    assert_eq!(feed.me().await.status(), 200);
    assert_eq!(
        token_info(&admin, "feed").await.last_used_at,
        used,
        "within the minute"
    );
    let later = start + Duration::minutes(5);
    clock.set(later);
    assert_eq!(feed.me().await.status(), 200);
    assert_eq!(token_info(&admin, "feed").await.last_used_at, Some(later));

    clock.set(expires_at - Duration::seconds(1));
    assert_eq!(feed.me().await.status(), 200);
    clock.set(expires_at);
    let problem = feed.me().await.problem(401);
    assert!(problem.detail.contains("expired"), "{problem:?}");
    assert_eq!(
        token_info(&admin, "feed").await.status,
        TokenStatus::Expired
    );
}

#[tokio::test]
async fn tokens_made_by_the_cli_expire_too() {
    let start = instant("2026-12-11T09:00:00Z");
    let clock = Clock::fixed(start);
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    app.add_user("maria", Role::Editor).await;
    let new = NewToken {
        name: "nightly".to_owned(),
        owner: Some("maria".to_owned()),
        expires_in: Some("12h".to_owned()),
        ..Default::default()
    };
    let secret = app.create_token_as_cli(new, start).await.expect("made");
    let nightly = app.with_token(&secret);
    let me: Me = nightly.me().await.good();
    assert_eq!(
        (me.role, me.user.as_deref()),
        (Role::Editor, Some("maria")),
        "the owner's role by default"
    );
    clock.set(start + Duration::hours(12));
    assert_eq!(nightly.me().await.status(), 401);
}

#[tokio::test]
async fn a_token_belongs_by_default_to_the_admin_who_makes_it_with_their_role() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_named_token("head", Role::Admin).await;
    let made = admin.post_json(TOKENS, &json!({"name": "mine"})).await;
    assert_eq!(made.status(), 201);
    let made: CreatedToken = made.json();
    assert_eq!(
        (
            made.info.owner.as_deref(),
            made.info.role,
            made.info.expires_at
        ),
        (Some("head"), Role::Admin, None)
    );
}

#[tokio::test]
async fn bad_owners_roles_and_expiries_are_each_named_and_nothing_is_written() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_named_token("head", Role::Admin).await;
    app.add_user("maria", Role::Editor).await;
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
        let problem = admin.post_json(TOKENS, &body).await.problem(422);
        assert_eq!(fields(&problem), expected, "{body}");
    }
    let malformed = admin
        .post_json(TOKENS, &json!({"name": "t", "expires_at": "next week"}))
        .await
        .problem(400);
    assert_eq!(fields(&malformed), ["expires_at"]);
    let listed: Vec<TokenInfo> = admin.get_json(TOKENS).await;
    assert_eq!(listed.len(), 1, "only head");
}

#[tokio::test]
async fn a_disabled_owner_cannot_be_given_a_token() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
    app.add_user("maria", Role::Editor).await;
    let etag = admin.get("/api/v1/users/maria").await.etag();
    let disabled = admin
        .patch_merge(
            "/api/v1/users/maria",
            &json!({"disabled": true}),
            Some(&etag),
        )
        .await;
    let _: UserInfo = disabled.good();
    let problem = admin
        .post_json(TOKENS, &json!({"name": "feed", "owner": "maria"}))
        .await
        .problem(422);
    assert_eq!(fields(&problem), ["owner"]);
}
