//! Users over HTTP: admins add and list staff who then sign in; passwords are checked, stored
//! only as argon2id hashes and never appear in answers, problems, the audit log or the
//! server's log lines.

use chancery_shared::page::{Page, Problem};
use chancery_shared::staff::{AuditEntry, CreatedToken, Role, UserInfo};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::helpers::{CliDatabase, Identity, RequestHelper, TestApp, fields, serve_binary};

const SECRET_PASSWORD: &str = "a secret 24-character pw";
const RESET_PASSWORD: &str = "an admin's reset passphrase";
const CHANGED_PASSWORD: &str = "the user's own new passphrase";

/// What `admin` reads at `path`: a private 200.
async fn read<T: DeserializeOwned + Serialize>(admin: &Identity<'_>, path: &str) -> T {
    let response = admin.get(path).await;
    assert_eq!(response.header("cache-control"), "private, no-store");
    response.good()
}

#[tokio::test]
async fn an_admin_adds_a_user_who_can_then_sign_in() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_named_token("head", Role::Admin).await;
    app.add_user("anna", Role::Contributor).await;
    let body = json!({"name": "maria", "role": "editor", "password": SECRET_PASSWORD});
    let response = admin.post_json("/api/v1/users", &body).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.header("location"), "/api/v1/users/maria");
    let text = response.text();
    assert!(!text.contains(SECRET_PASSWORD), "{text}");
    // No `password` field either, whatever the shared type would ignore.
    assert!(response.json::<Value>().get("password").is_none());
    let created: UserInfo = response.json();
    assert_eq!(
        (created.name.as_str(), created.role),
        ("maria", Role::Editor)
    );

    let maria = app
        .sign_in("maria", SECRET_PASSWORD)
        .await
        .expect("the new user signs in");
    assert!(maria.csrf().starts_with("chy_"));

    let users: Vec<UserInfo> = read(&admin, "/api/v1/users").await;
    let names: Vec<&str> = users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(
        names,
        ["maria", "anna", "head"],
        "newest first, the token's owner too"
    );
    let maria: UserInfo = read(&admin, "/api/v1/users/maria").await;
    assert_eq!(maria, created);

    let audit: Page<AuditEntry> = read(&admin, "/api/v1/audit").await;
    let entry = audit
        .items
        .iter()
        .find(|e| e.action == "user.add" && e.actor == "head")
        .expect("audited under the admin's name");
    assert_eq!(entry.target, "maria (editor)");
    let text = serde_json::to_string(&audit).expect("JSON");
    assert!(!text.contains(SECRET_PASSWORD));
    assert!(!text.contains("argon2"));
}

#[tokio::test]
async fn refused_users_name_each_field_never_echo_the_password_and_write_nothing() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
    app.add_user("maria", Role::Editor).await;
    let short = "eleven char";
    for (body, status, expected) in [
        (
            json!({"name": "", "role": "editor", "password": short}),
            422,
            vec!["name", "password"],
        ),
        (
            json!({"name": "olga", "role": "editor", "password": short}),
            422,
            vec!["password"],
        ),
        (
            json!({"name": "maria", "role": "admin", "password": SECRET_PASSWORD}),
            409,
            vec![],
        ),
        (
            json!({"name": "olga", "role": "owner", "password": SECRET_PASSWORD}),
            400,
            vec!["role"],
        ),
        (
            json!({"name": "olga", "role": "editor", "password": 987_654_321_987_u64}),
            400,
            vec!["password"],
        ),
        (
            json!({"name": "olga", "role": "editor"}),
            400,
            vec!["password"],
        ),
    ] {
        let response = admin.post_json("/api/v1/users", &body).await;
        let text = response.text();
        for secret in [short, SECRET_PASSWORD, "987654321987"] {
            assert!(!text.contains(secret), "{text} echoes the password");
        }
        let problem: Problem = response.problem(status);
        assert_eq!(fields(&problem), expected, "{body}");
    }
    let users: Vec<UserInfo> = read(&admin, "/api/v1/users").await;
    assert_eq!(
        users.len(),
        2,
        "nothing was written: maria and the token's owner only"
    );
    assert_eq!(admin.get("/api/v1/users/olga").await.status(), 404);
}

#[tokio::test]
async fn no_password_or_token_secret_reaches_the_server_log() {
    let db = CliDatabase::new();
    let add_olga = ["user", "add", "olga", "--role", "admin", "--password-stdin"];
    db.succeeds(&add_olga, &format!("{SECRET_PASSWORD}\n"));
    let made = db.succeeds(
        &[
            "token", "create", "--name", "head", "--role", "admin", "--owner", "olga",
        ],
        "",
    );
    let admin = made.trim().to_owned();
    let (mut child, server, log) = serve_binary(&db, &[], "trace");
    let head = server.with_token(&admin);
    let body = json!({"name": "maria", "role": "editor", "password": SECRET_PASSWORD});
    assert_eq!(head.post_json("/api/v1/users", &body).await.status(), 201);
    assert_eq!(head.post_json("/api/v1/users", &body).await.status(), 409);
    let created: CreatedToken = head
        .post_json("/api/v1/tokens", &json!({"name": "feed", "role": "editor"}))
        .await
        .json();
    let secret = created.token;
    server
        .sign_in("maria", SECRET_PASSWORD)
        .await
        .expect("signed in");
    // An admin's reset and the user's own change, refused once and then done.
    for (password, status) in [("short reset", 422), (RESET_PASSWORD, 204)] {
        let response = head
            .put_json(
                "/api/v1/users/maria/password",
                &json!({"password": password}),
                None,
            )
            .await;
        assert_eq!(response.status(), status, "reset to {password:?}");
    }
    // The reset ended maria's session; she signs in with the new password first.
    let maria = server
        .sign_in("maria", RESET_PASSWORD)
        .await
        .expect("signed in again");
    for (current, new, status) in [
        ("a wrong current pw", CHANGED_PASSWORD, 422),
        (RESET_PASSWORD, CHANGED_PASSWORD, 204),
    ] {
        let change = json!({"current_password": current, "new_password": new});
        let response = maria.put_json("/api/v1/me/password", &change, None).await;
        assert_eq!(response.status(), status, "change from {current:?}");
    }
    child.kill().expect("stopped");
    child.wait().expect("exited");
    let text = log.join().expect("log collected");
    assert!(
        text.contains("/api/v1/users"),
        "the requests were logged:\n{text}"
    );
    assert!(text.contains("/api/v1/me/password"), "{text}");
    for leaked in [
        SECRET_PASSWORD,
        RESET_PASSWORD,
        CHANGED_PASSWORD,
        "short reset",
        "a wrong current pw",
        &secret[4..],
        &admin[4..],
    ] {
        assert!(!text.contains(leaked), "the log holds a secret:\n{text}");
    }
}
