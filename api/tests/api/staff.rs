//! Staff credentials: bearer tokens made by `chancery token create`, refused when missing,
//! malformed, unknown or revoked, and never echoed back.

use chancery_shared::page::Page;
use chancery_shared::staff::{Actor, AuditEntry, Me, Role};
use reqwest::Method;

use crate::helpers::{CliDatabase, RequestHelper, TestApp};

#[tokio::test]
async fn a_token_identifies_its_holder() {
    let app = TestApp::builder().spawn().await;
    let feed = app.as_named_token("press-office-feed", Role::Editor).await;
    let response = feed.me().await;
    assert_eq!(response.header("cache-control"), "private, no-store");
    let me: Me = response.good();
    assert_eq!(me.name, "press-office-feed");
    assert_eq!(me.role, Role::Editor);
}

#[tokio::test]
async fn missing_malformed_and_unknown_credentials_are_401() {
    let app = TestApp::builder().spawn().await;
    let feed = app.as_token(Role::Contributor).await;
    let token = feed.token();
    for authorization in [
        None,
        Some("Basic dXNlcjpwYXNz".to_owned()),
        Some("Bearer ".to_owned()),
        Some(format!("Bearer {token}x")),
    ] {
        let mut request = app.request(Method::GET, "/api/v1/me");
        if let Some(value) = &authorization {
            request = request.header("Authorization", value);
        }
        let response = request.send().await;
        assert_eq!(response.status(), 401, "{authorization:?}");
        assert_eq!(
            response.header("www-authenticate"),
            "Bearer realm=\"chancery\""
        );
        let body = response.text();
        assert!(body.contains("\"code\":\"unauthorized\""), "{body}");
        assert!(!body.contains(&token[4..]), "the secret must not be echoed");
    }
}

#[tokio::test]
async fn a_revoked_token_is_refused_at_once() {
    let app = TestApp::builder().spawn().await;
    let old_feed = app.as_named_token("old-feed", Role::Admin).await;
    assert_eq!(old_feed.me().await.status(), 200);
    app.with_db(|conn| {
        chancery_api::admin::tokens::revoke(conn, &Actor::cli(), "old-feed", chrono::Utc::now())
    })
    .await
    .expect("revoked");
    assert_eq!(old_feed.me().await.status(), 401);
}

#[test]
fn the_cli_shows_a_token_once_and_lists_it_without_the_secret() {
    let db = CliDatabase::new();
    let add_olga = ["user", "add", "olga", "--role", "admin", "--password-stdin"];
    db.succeeds(&add_olga, "a long enough passphrase\n");
    let create = |name, role| {
        [
            "token", "create", "--name", name, "--role", role, "--owner", "olga",
        ]
    };
    let token = db.succeeds(&create("feed", "editor"), "").trim().to_owned();
    assert!(token.starts_with("chy_"), "{token}");
    let listing = db.succeeds(&["token", "list"], "");
    assert!(
        listing.starts_with("feed\teditor\t") && listing.contains("live"),
        "{listing}"
    );
    assert!(!listing.contains(&token[4..]));
    let again = db.fails(&create("feed", "admin"), "");
    assert!(again.contains("already exists"), "{again}");
    db.fails(&create("x", "owner"), "");
}

#[test]
fn the_cli_adds_users_with_long_enough_passwords_only() {
    let db = CliDatabase::new();
    let add_maria = [
        "user",
        "add",
        "maria",
        "--role",
        "editor",
        "--password-stdin",
    ];
    let short = db.fails(&add_maria, "short\n");
    assert!(short.contains("at least 12"), "{short}");
    db.succeeds(&add_maria, "a long enough passphrase\n");
}

#[tokio::test]
async fn admins_read_the_audit_log_and_others_may_not() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
    let editor = app.as_named_token("press-office", Role::Editor).await;
    let path = "/api/v1/audit?per_page=10";
    assert_eq!(editor.get(path).await.status(), 403);
    let page: Page<AuditEntry> = admin.get_json(path).await;
    assert_eq!(
        page.total, 15,
        "the demo content's eleven imports, two owners added, two tokens made"
    );
    assert_eq!(page.items[0].action, "token.create");
    assert_eq!(page.items[0].target, "press-office (editor)");
    assert_eq!(page.items[0].actor, "cli");
}
