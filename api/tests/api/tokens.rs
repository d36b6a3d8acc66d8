//! Tokens over HTTP: admins make, list, read and revoke them; the secret is shown once and is
//! never listed, audited or echoed; a revoked token is refused at once; bad input names its
//! field and writes nothing; cookie sessions need their CSRF token; writes are rate-limited.

use chancery_shared::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    TestApp, add_user, create_token, fields, sign_in, spawn_app, spawn_app_with_write_limit,
};

fn url(app: &TestApp, path: &str) -> String {
    format!("{}{path}", app.address)
}

async fn post(app: &TestApp, bearer: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(url(app, "/api/v1/tokens"))
        .bearer_auth(bearer)
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn get(app: &TestApp, bearer: &str, path: &str) -> reqwest::Response {
    app.client
        .get(url(app, path))
        .bearer_auth(bearer)
        .send()
        .await
        .expect("request")
}

async fn delete(app: &TestApp, bearer: &str, path: &str) -> reqwest::Response {
    app.client
        .delete(url(app, path))
        .bearer_auth(bearer)
        .send()
        .await
        .expect("request")
}

async fn listed(app: &TestApp, admin: &str) -> Vec<Value> {
    let response = get(app, admin, "/api/v1/tokens").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    response.json().await.expect("JSON")
}

/// The audit log, newest first, as (actor, action, target).
async fn audit(app: &TestApp, admin: &str) -> Vec<(String, String, String)> {
    let page: Value = get(app, admin, "/api/v1/audit?per_page=100")
        .await
        .json()
        .await
        .expect("JSON");
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| {
            let text = |key: &str| e[key].as_str().expect("text").to_owned();
            (text("actor"), text("action"), text("target"))
        })
        .collect()
}

#[tokio::test]
async fn an_admin_makes_a_token_that_works_until_it_is_revoked() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    let response = post(
        &app,
        &admin,
        &json!({"name": "press-feed", "role": "editor"}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["location"], "/api/v1/tokens/press-feed");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let created: Value = response.json().await.expect("JSON");
    let secret = created["token"].as_str().expect("secret").to_owned();
    assert!(secret.starts_with("chy_") && secret.len() == 68, "{secret}");
    assert_eq!(
        (&created["name"], &created["role"], &created["revoked_at"]),
        (&json!("press-feed"), &json!("editor"), &Value::Null)
    );

    let me: Value = get(&app, &secret, "/api/v1/me")
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        (&me["name"], &me["role"]),
        (&json!("press-feed"), &json!("editor"))
    );

    // Listed newest first, and never with a secret.
    let tokens = listed(&app, &admin).await;
    let names: Vec<&str> = tokens.iter().filter_map(|t| t["name"].as_str()).collect();
    assert_eq!(names, ["press-feed", "head"]);
    assert!(tokens.iter().all(|t| t.get("token").is_none()));
    let one: Value = get(&app, &admin, "/api/v1/tokens/press-feed")
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(one, tokens[0]);

    let revoked = delete(&app, &admin, "/api/v1/tokens/press-feed").await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let refused = get(&app, &secret, "/api/v1/me").await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let tokens = listed(&app, &admin).await;
    assert!(tokens[0]["revoked_at"].is_string(), "{tokens:?}");
    assert!(tokens[1]["revoked_at"].is_null());

    let log = audit(&app, &admin).await;
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
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    create_token(&app, "old-feed", Role::Contributor).await;
    let path = "/api/v1/tokens/old-feed";
    assert_eq!(
        delete(&app, &admin, path).await.status(),
        StatusCode::NO_CONTENT
    );
    let first: Value = get(&app, &admin, path).await.json().await.expect("JSON");
    assert_eq!(
        delete(&app, &admin, path).await.status(),
        StatusCode::NO_CONTENT
    );
    let second: Value = get(&app, &admin, path).await.json().await.expect("JSON");
    assert_eq!(first["revoked_at"], second["revoked_at"]);
    let revocations = audit(&app, &admin)
        .await
        .into_iter()
        .filter(|(_, action, _)| action == "token.revoke")
        .count();
    assert_eq!(revocations, 1);

    for path in ["/api/v1/tokens/no-such-feed", "/api/v1/tokens/%20"] {
        for response in [
            delete(&app, &admin, path).await,
            get(&app, &admin, path).await,
        ] {
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
            let problem: Value = response.json().await.expect("problem");
            assert_eq!(problem["code"], "not_found");
        }
    }
}

#[tokio::test]
async fn bad_token_requests_name_the_field_and_write_nothing() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
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
        let response = post(&app, &admin, &body).await;
        assert_eq!(response.status().as_u16(), status, "{body}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json"
        );
        let problem: Value = response.json().await.expect("problem");
        assert_eq!(fields(&problem), [field], "{body}");
    }
    let taken = post(
        &app,
        &admin,
        &json!({"name": "head", "role": "contributor"}),
    )
    .await;
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    let problem: Value = taken.json().await.expect("problem");
    assert_eq!(problem["code"], "conflict");
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("`head`")
    );

    let as_text = app
        .client
        .post(url(&app, "/api/v1/tokens"))
        .bearer_auth(&admin)
        .header("Content-Type", "text/plain")
        .body(r#"{"name": "feed", "role": "editor"}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(as_text.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = app
        .client
        .post(url(&app, "/api/v1/tokens"))
        .bearer_auth(&admin)
        .header("Content-Type", "application/json")
        .body(format!(
            r#"{{"name": "{}", "role": "editor"}}"#,
            "x".repeat(3 << 20)
        ))
        .send()
        .await
        .expect("request");
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(huge.headers()["content-type"], "application/problem+json");

    assert_eq!(listed(&app, &admin).await.len(), 1, "nothing was written");
    let staff_changes = audit(&app, &admin)
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
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    let name = "Пресс-служба / feed #1";
    let response = post(&app, &admin, &json!({"name": name, "role": "contributor"})).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let location = response.headers()["location"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert_eq!(
        location,
        "/api/v1/tokens/%D0%9F%D1%80%D0%B5%D1%81%D1%81-%D1%81%D0%BB%D1%83%D0%B6%D0%B1%D0%B0%20%2F%20feed%20%231"
    );
    let read: Value = get(&app, &admin, &location)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(read["name"], name);
    assert_eq!(
        delete(&app, &admin, &location).await.status(),
        StatusCode::NO_CONTENT
    );
    let read: Value = get(&app, &admin, &location)
        .await
        .json()
        .await
        .expect("JSON");
    assert!(read["revoked_at"].is_string());
}

#[tokio::test]
async fn a_signed_in_admin_needs_the_csrf_token_to_make_or_revoke_tokens() {
    let app = spawn_app().await;
    add_user(&app, "maria", Role::Admin).await;
    let (cookie, csrf) = sign_in(&app, "maria", crate::helpers::PASSWORD)
        .await
        .expect("signed in");
    let send = |request: reqwest::RequestBuilder, csrf: Option<&str>| {
        let request = request.header("Cookie", &cookie);
        let request = match csrf {
            Some(token) => request.header("X-CSRF-Token", token),
            None => request,
        };
        async move { request.send().await.expect("request").status() }
    };
    let body = json!({"name": "from-the-browser", "role": "editor"});
    let create = || app.client.post(url(&app, "/api/v1/tokens")).json(&body);
    assert_eq!(send(create(), None).await, StatusCode::FORBIDDEN);
    assert_eq!(
        send(create(), Some("chy_forged")).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(send(create(), Some(&csrf)).await, StatusCode::CREATED);
    let list = app.client.get(url(&app, "/api/v1/tokens"));
    assert_eq!(send(list, None).await, StatusCode::OK, "reads need no CSRF");
    let revoke = || {
        app.client
            .delete(url(&app, "/api/v1/tokens/from-the-browser"))
    };
    assert_eq!(send(revoke(), None).await, StatusCode::FORBIDDEN);
    assert_eq!(send(revoke(), Some(&csrf)).await, StatusCode::NO_CONTENT);

    let admin = create_token(&app, "head", Role::Admin).await;
    let log = audit(&app, &admin).await;
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
    let app = spawn_app_with_write_limit(2).await;
    let admin = create_token(&app, "head", Role::Admin).await;
    for name in ["one", "two"] {
        let response = post(&app, &admin, &json!({"name": name, "role": "editor"})).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{name}");
    }
    let third = delete(&app, &admin, "/api/v1/tokens/one").await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers().contains_key("retry-after"));
    // Refused before it ran: `one` is still live.
    let one: Value = get(&app, &admin, "/api/v1/tokens/one")
        .await
        .json()
        .await
        .expect("JSON");
    assert!(one["revoked_at"].is_null());
}
