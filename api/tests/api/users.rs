//! Users over HTTP: admins add and list staff who then sign in; passwords are checked, stored
//! only as argon2id hashes and never appear in answers, problems, the audit log or the
//! server's log lines.

use chancery_shared::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    CliDatabase, TestApp, create_token, fields, serve_binary, sign_in, spawn_app,
};

const SECRET_PASSWORD: &str = "a secret 24-character pw";
const RESET_PASSWORD: &str = "an admin's reset passphrase";
const CHANGED_PASSWORD: &str = "the user's own new passphrase";

async fn post(app: &TestApp, bearer: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/users", app.address))
        .bearer_auth(bearer)
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn get_json(app: &TestApp, bearer: &str, path: &str) -> Value {
    let response = app
        .client
        .get(format!("{}{path}", app.address))
        .bearer_auth(bearer)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    response.json().await.expect("JSON")
}

#[tokio::test]
async fn an_admin_adds_a_user_who_can_then_sign_in() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    crate::helpers::add_user(&app, "anna", Role::Contributor).await;
    let body = json!({"name": "maria", "role": "editor", "password": SECRET_PASSWORD});
    let response = post(&app, &admin, &body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["location"], "/api/v1/users/maria");
    let created = response.text().await.expect("body");
    assert!(!created.contains(SECRET_PASSWORD), "{created}");
    let created: Value = serde_json::from_str(&created).expect("JSON");
    assert_eq!(
        (&created["name"], &created["role"]),
        (&json!("maria"), &json!("editor"))
    );
    assert!(created.get("password").is_none());

    let (_, csrf) = sign_in(&app, "maria", SECRET_PASSWORD)
        .await
        .expect("the new user signs in");
    assert!(csrf.starts_with("chy_"));

    let users = get_json(&app, &admin, "/api/v1/users").await;
    let names: Vec<&str> = users
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|u| u["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["maria", "anna", "head"],
        "newest first, the token's owner too"
    );
    assert_eq!(get_json(&app, &admin, "/api/v1/users/maria").await, created);

    let audit = get_json(&app, &admin, "/api/v1/audit").await;
    let entry = audit["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["action"] == "user.add" && e["actor"] == "head")
        .expect("audited under the admin's name");
    assert_eq!(entry["target"], "maria (editor)");
    assert!(!audit.to_string().contains(SECRET_PASSWORD));
    assert!(!audit.to_string().contains("argon2"));
}

#[tokio::test]
async fn refused_users_name_each_field_never_echo_the_password_and_write_nothing() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    crate::helpers::add_user(&app, "maria", Role::Editor).await;
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
        let response = post(&app, &admin, &body).await;
        assert_eq!(response.status().as_u16(), status, "{body}");
        let text = response.text().await.expect("body");
        for secret in [short, SECRET_PASSWORD, "987654321987"] {
            assert!(!text.contains(secret), "{text} echoes the password");
        }
        let problem: Value = serde_json::from_str(&text).expect("problem");
        assert_eq!(fields(&problem), expected, "{body}");
    }
    let users = get_json(&app, &admin, "/api/v1/users").await;
    assert_eq!(
        users.as_array().expect("list").len(),
        2,
        "nothing was written: maria and the token's owner only"
    );
    let unknown = app
        .client
        .get(format!("{}/api/v1/users/olga", app.address))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("request");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn no_password_or_token_secret_reaches_the_server_log() {
    let db = CliDatabase::new();
    let owner = db.run_with_input(
        &["user", "add", "olga", "--role", "admin", "--password-stdin"],
        &format!("{SECRET_PASSWORD}\n"),
    );
    assert!(owner.status.success(), "owner added");
    let made = db.run(&[
        "token", "create", "--name", "head", "--role", "admin", "--owner", "olga",
    ]);
    let admin = String::from_utf8_lossy(&made.stdout).trim().to_owned();
    let (mut child, address, log) = serve_binary(&db, &[], "trace");
    let client = reqwest::Client::new();
    let send = |path: &str, body: Value| {
        client
            .post(format!("{address}{path}"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
    };
    let added = send(
        "/api/v1/users",
        json!({"name": "maria", "role": "editor", "password": SECRET_PASSWORD}),
    )
    .await
    .expect("request");
    assert_eq!(added.status(), StatusCode::CREATED);
    let refused = send(
        "/api/v1/users",
        json!({"name": "maria", "role": "editor", "password": SECRET_PASSWORD}),
    )
    .await
    .expect("request");
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let created: Value = send("/api/v1/tokens", json!({"name": "feed", "role": "editor"}))
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    let secret = created["token"].as_str().expect("secret").to_owned();
    let signed_in = client
        .post(format!("{address}/api/v1/session"))
        .json(&json!({"name": "maria", "password": SECRET_PASSWORD}))
        .send()
        .await
        .expect("request");
    assert_eq!(signed_in.status(), StatusCode::OK);
    // An admin's reset and the user's own change, refused once and then done.
    for (password, status) in [("short reset", 422), (RESET_PASSWORD, 204)] {
        let response = client
            .put(format!("{address}/api/v1/users/maria/password"))
            .bearer_auth(&admin)
            .json(&json!({"password": password}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), status, "reset to {password:?}");
    }
    // The reset ended maria's session; she signs in with the new password first.
    let again = client
        .post(format!("{address}/api/v1/session"))
        .json(&json!({"name": "maria", "password": RESET_PASSWORD}))
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), StatusCode::OK);
    let cookie = again.headers()["set-cookie"]
        .to_str()
        .expect("text")
        .split(';')
        .next()
        .expect("cookie")
        .to_owned();
    let csrf = again.json::<Value>().await.expect("JSON")["csrf_token"]
        .as_str()
        .expect("csrf")
        .to_owned();
    for (current, new, status) in [
        ("a wrong current pw", CHANGED_PASSWORD, 422),
        (RESET_PASSWORD, CHANGED_PASSWORD, 204),
    ] {
        let response = client
            .put(format!("{address}/api/v1/me/password"))
            .header("Cookie", &cookie)
            .header("X-CSRF-Token", &csrf)
            .json(&json!({"current_password": current, "new_password": new}))
            .send()
            .await
            .expect("request");
        assert_eq!(
            response.status().as_u16(),
            status,
            "change from {current:?}"
        );
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
