//! Tokens over HTTP: admins make, list, read and revoke them; the secret is shown once and is
//! never listed, audited or echoed; a revoked token is refused at once; bad input names its
//! field and writes nothing; cookie sessions need their CSRF token; writes are rate-limited.

use chancery_shared::staff::{CreatedToken, Me, Role, TokenInfo};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Identity, RequestHelper, TestApp, fields};

const TOKENS: &str = "/api/v1/tokens";

/// Every token, newest first, as `admin` lists them: a private answer, and never a secret.
async fn listed(admin: &Identity<'_>) -> Vec<TokenInfo> {
    let response = admin.get(TOKENS).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("cache-control"), "private, no-store");
    // No entry carries a `token` field, whatever the shared type would ignore.
    let raw: Vec<Value> = response.json();
    assert!(raw.iter().all(|t| t.get("token").is_none()), "{raw:?}");
    response.json()
}

/// The audit log, newest first, as (actor, action, target).
async fn audit(admin: &Identity<'_>) -> Vec<(String, String, String)> {
    admin
        .audit()
        .await
        .into_iter()
        .map(|e| (e.actor, e.action, e.target))
        .collect()
}

#[tokio::test]
async fn an_admin_makes_a_token_that_works_until_it_is_revoked() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_named_token("head", Role::Admin).await;
    let response = admin
        .post_json(TOKENS, &json!({"name": "press-feed", "role": "editor"}))
        .await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.header("location"), "/api/v1/tokens/press-feed");
    assert_eq!(response.header("cache-control"), "no-store");
    let created: CreatedToken = response.json();
    let secret = created.token.clone();
    assert!(secret.starts_with("chy_") && secret.len() == 68, "{secret}");
    assert_eq!(
        (
            created.info.name.as_str(),
            created.info.role,
            created.info.revoked_at
        ),
        ("press-feed", Role::Editor, None)
    );

    let feed = app.with_token(&secret);
    let me: Me = feed.me().await.good();
    assert_eq!((me.name.as_str(), me.role), ("press-feed", Role::Editor));

    // Listed newest first, and never with a secret.
    let tokens = listed(&admin).await;
    let names: Vec<&str> = tokens.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["press-feed", "head"]);
    let one: TokenInfo = admin.get_json("/api/v1/tokens/press-feed").await;
    assert_eq!(one, tokens[0]);

    let revoked = admin.delete("/api/v1/tokens/press-feed", None).await;
    assert_eq!(revoked.status(), 204);
    assert_eq!(feed.me().await.status(), 401);
    let tokens = listed(&admin).await;
    assert!(tokens[0].revoked_at.is_some(), "{tokens:?}");
    assert!(tokens[1].revoked_at.is_none());

    let log = audit(&admin).await;
    assert_eq!(
        log[..2],
        [
            ("head".into(), "token.revoke".into(), "press-feed".into()),
            (
                "head".into(),
                "token.create".into(),
                "press-feed (editor)".into()
            ),
        ]
    );
    let hex = &secret[4..];
    assert!(
        log.iter()
            .all(|(a, b, c)| ![a, b, c].iter().any(|s| s.contains(hex))),
        "the secret must not be audited"
    );
}

#[tokio::test]
async fn revoking_twice_is_204_and_changes_nothing_while_unknown_names_are_404() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
    app.as_named_token("old-feed", Role::Contributor).await;
    let path = "/api/v1/tokens/old-feed";
    assert_eq!(admin.delete(path, None).await.status(), 204);
    let first: TokenInfo = admin.get_json(path).await;
    assert_eq!(admin.delete(path, None).await.status(), 204);
    let second: TokenInfo = admin.get_json(path).await;
    assert_eq!(first.revoked_at, second.revoked_at);
    let revocations = audit(&admin)
        .await
        .into_iter()
        .filter(|(_, action, _)| action == "token.revoke")
        .count();
    assert_eq!(revocations, 1);

    for path in ["/api/v1/tokens/no-such-feed", "/api/v1/tokens/%20"] {
        for response in [admin.delete(path, None).await, admin.get(path).await] {
            assert_eq!(response.problem(404).code, "not_found", "{path}");
        }
    }
}

#[tokio::test]
async fn bad_token_requests_name_the_field_and_write_nothing() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_named_token("head", Role::Admin).await;
    for (body, status, field) in [
        (json!({"name": "  ", "role": "editor"}), 422, "name"),
        (
            json!({"name": "x".repeat(101), "role": "editor"}),
            422,
            "name",
        ),
        (
            json!({"name": "line\nbreak", "role": "editor"}),
            422,
            "name",
        ),
        (json!({"name": "feed", "role": "owner"}), 400, "role"),
        (json!({"role": "editor"}), 400, "name"),
        (
            json!({"name": "feed", "role": "editor", "secret": "x"}),
            400,
            "secret",
        ),
        (json!(["feed", "editor"]), 400, "body"),
    ] {
        let problem = admin.post_json(TOKENS, &body).await.problem(status);
        assert_eq!(fields(&problem), [field], "{body}");
    }
    let taken = admin
        .post_json(TOKENS, &json!({"name": "head", "role": "contributor"}))
        .await
        .problem(409);
    assert_eq!(taken.code, "conflict");
    assert!(taken.detail.contains("`head`"));

    let as_text = admin
        .request(Method::POST, TOKENS)
        .body("text/plain", r#"{"name": "feed", "role": "editor"}"#)
        .send()
        .await;
    assert_eq!(as_text.status(), 415);
    let huge = admin
        .request(Method::POST, TOKENS)
        .body(
            "application/json",
            format!(r#"{{"name": "{}", "role": "editor"}}"#, "x".repeat(3 << 20)),
        )
        .send()
        .await;
    huge.problem(413);

    assert_eq!(listed(&admin).await.len(), 1, "nothing was written");
    let staff_changes = audit(&admin)
        .await
        .into_iter()
        .filter(|(_, action, _)| action != "publication.import")
        .count();
    assert_eq!(
        staff_changes, 2,
        "only head's owner and head's creation (besides the demo content's imports)"
    );
}

#[tokio::test]
async fn names_in_any_script_with_spaces_or_slashes_round_trip_through_their_url() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
    let name = "Пресс-служба / feed #1";
    let response = admin
        .post_json(TOKENS, &json!({"name": name, "role": "contributor"}))
        .await;
    assert_eq!(response.status(), 201);
    let location = response.header("location");
    assert_eq!(
        location,
        "/api/v1/tokens/%D0%9F%D1%80%D0%B5%D1%81%D1%81-%D1%81%D0%BB%D1%83%D0%B6%D0%B1%D0%B0%20%2F%20feed%20%231"
    );
    let read: TokenInfo = admin.get_json(location).await;
    assert_eq!(read.name, name);
    assert_eq!(admin.delete(location, None).await.status(), 204);
    let read: TokenInfo = admin.get_json(location).await;
    assert!(read.revoked_at.is_some());
}

#[tokio::test]
async fn a_signed_in_admin_needs_the_csrf_token_to_make_or_revoke_tokens() {
    let app = TestApp::builder().spawn().await;
    let maria = app.as_session("maria", Role::Admin).await;
    let body = json!({"name": "from-the-browser", "role": "editor"});
    let revoke = "/api/v1/tokens/from-the-browser";
    let no_csrf = maria.without_csrf();
    let forged = maria.with_csrf("chy_forged");
    assert_eq!(no_csrf.post_json(TOKENS, &body).await.status(), 403);
    assert_eq!(forged.post_json(TOKENS, &body).await.status(), 403);
    assert_eq!(maria.post_json(TOKENS, &body).await.status(), 201);
    assert_eq!(
        no_csrf.get(TOKENS).await.status(),
        200,
        "reads need no CSRF"
    );
    assert_eq!(no_csrf.delete(revoke, None).await.status(), 403);
    assert_eq!(maria.delete(revoke, None).await.status(), 204);

    let admin = app.as_token(Role::Admin).await;
    let log = audit(&admin).await;
    assert!(log.contains(&(
        "maria".into(),
        "token.create".into(),
        "from-the-browser (editor)".into()
    )));
    assert!(log.contains(&(
        "maria".into(),
        "token.revoke".into(),
        "from-the-browser".into()
    )));
}

#[tokio::test]
async fn token_writes_count_against_the_write_rate_limit() {
    let app = TestApp::builder().writes_per_minute(2).spawn().await;
    let admin = app.as_token(Role::Admin).await;
    for name in ["one", "two"] {
        let response = admin
            .post_json(TOKENS, &json!({"name": name, "role": "editor"}))
            .await;
        assert_eq!(response.status(), 201, "{name}");
    }
    let third = admin.delete("/api/v1/tokens/one", None).await;
    assert_eq!(third.status(), 429);
    assert!(third.headers().contains_key("retry-after"));
    // Refused before it ran: `one` is still live.
    let one: TokenInfo = admin.get_json("/api/v1/tokens/one").await;
    assert!(one.revoked_at.is_none());
}
