//! Staff credentials: bearer tokens made by `chancery token create`, refused when missing,
//! malformed, unknown or revoked, and never echoed back.

use chancery_shared::staff::Role;

use crate::helpers::{CliDatabase, TestApp, create_token, spawn_app};

async fn me(app: &TestApp, authorization: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(format!("{}/api/v1/me", app.address));
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    request.send().await.expect("request")
}

#[tokio::test]
async fn a_token_identifies_its_holder() {
    let app = spawn_app().await;
    let token = create_token(&app, "press-office-feed", Role::Editor).await;
    let response = me(&app, Some(&format!("Bearer {token}"))).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let body: serde_json::Value = response.json().await.expect("JSON");
    assert_eq!(body["name"], "press-office-feed");
    assert_eq!(body["role"], "editor");
}

#[tokio::test]
async fn missing_malformed_and_unknown_credentials_are_401() {
    let app = spawn_app().await;
    let token = create_token(&app, "feed", Role::Contributor).await;
    for authorization in [
        None,
        Some("Basic dXNlcjpwYXNz".to_owned()),
        Some("Bearer ".to_owned()),
        Some(format!("Bearer {token}x")),
    ] {
        let response = me(&app, authorization.as_deref()).await;
        assert_eq!(response.status(), 401, "{authorization:?}");
        assert_eq!(
            response.headers()["www-authenticate"],
            "Bearer realm=\"chancery\""
        );
        let body = response.text().await.expect("body");
        assert!(body.contains("\"code\":\"unauthorized\""), "{body}");
        assert!(!body.contains(&token[4..]), "the secret must not be echoed");
    }
}

#[tokio::test]
async fn a_revoked_token_is_refused_at_once() {
    let app = spawn_app().await;
    let token = create_token(&app, "old-feed", Role::Admin).await;
    assert_eq!(
        me(&app, Some(&format!("Bearer {token}"))).await.status(),
        200
    );
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        let cli = chancery_shared::staff::Actor::cli();
        chancery_api::admin::tokens::revoke(&mut conn, &cli, "old-feed", chrono::Utc::now())
    })
    .await
    .expect("finished")
    .expect("revoked");
    assert_eq!(
        me(&app, Some(&format!("Bearer {token}"))).await.status(),
        401
    );
}

#[test]
fn the_cli_shows_a_token_once_and_lists_it_without_the_secret() {
    let db = CliDatabase::new();
    let owner = db.run_with_input(
        &["user", "add", "olga", "--role", "admin", "--password-stdin"],
        "a long enough passphrase\n",
    );
    assert!(owner.status.success());
    let created = db.run_with_input(
        &[
            "token", "create", "--name", "feed", "--role", "editor", "--owner", "olga",
        ],
        "",
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let token = String::from_utf8_lossy(&created.stdout).trim().to_owned();
    assert!(token.starts_with("chy_"), "{token}");
    let listed = db.run_with_input(&["token", "list"], "");
    let listing = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(
        listing.starts_with("feed\teditor\t") && listing.contains("live"),
        "{listing}"
    );
    assert!(!listing.contains(&token[4..]));
    let again = db.run_with_input(
        &[
            "token", "create", "--name", "feed", "--role", "admin", "--owner", "olga",
        ],
        "",
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let bad_role = db.run_with_input(
        &[
            "token", "create", "--name", "x", "--role", "owner", "--owner", "olga",
        ],
        "",
    );
    assert!(!bad_role.status.success());
}

#[test]
fn the_cli_adds_users_with_long_enough_passwords_only() {
    let db = CliDatabase::new();
    let short = db.run_with_input(
        &[
            "user",
            "add",
            "maria",
            "--role",
            "editor",
            "--password-stdin",
        ],
        "short\n",
    );
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12"));
    let ok = db.run_with_input(
        &[
            "user",
            "add",
            "maria",
            "--role",
            "editor",
            "--password-stdin",
        ],
        "a long enough passphrase\n",
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

#[tokio::test]
async fn admins_read_the_audit_log_and_others_may_not() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    let editor = create_token(&app, "press-office", Role::Editor).await;
    let get = |token: String| {
        let app = &app;
        async move {
            app.client
                .get(format!("{}/api/v1/audit?per_page=10", app.address))
                .bearer_auth(token)
                .send()
                .await
                .expect("request")
        }
    };
    assert_eq!(get(editor).await.status(), 403);
    let page: serde_json::Value = get(admin).await.json().await.expect("JSON");
    assert_eq!(
        page["total"], 15,
        "the demo content's eleven imports, two owners added, two tokens made"
    );
    assert_eq!(page["items"][0]["action"], "token.create");
    assert_eq!(page["items"][0]["target"], "press-office (editor)");
    assert_eq!(page["items"][0]["actor"], "cli");
}
