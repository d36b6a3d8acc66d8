//! Account lifecycle over HTTP: admins change roles (If-Match, audited from and to), disable
//! and enable users (which stops their cookies and tokens on the very next request), remove
//! them (the name stays taken) and reset passwords; the last active admin is never locked
//! out; names are NFC, without control or formatting characters, and never reserved.

use chancery_shared::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    Auth, PASSWORD, TestApp, add_user, audit_entries, call, create_token, fields, me_status,
    sign_in, spawn_app,
};

/// A user as an admin reads it, and its ETag.
async fn read_user(app: &TestApp, admin: &str, name: &str) -> (Value, String) {
    let response = call(
        app,
        "GET",
        &format!("/api/v1/users/{name}"),
        Auth::Bearer(admin),
        None,
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK, "{name}");
    let etag = response.headers()["etag"]
        .to_str()
        .expect("ETag")
        .to_owned();
    (response.json().await.expect("JSON"), etag)
}

async fn patch_user(app: &TestApp, admin: &str, name: &str, patch: Value) -> reqwest::Response {
    let (_, etag) = read_user(app, admin, name).await;
    call(
        app,
        "PATCH",
        &format!("/api/v1/users/{name}"),
        Auth::Bearer(admin),
        Some(&patch),
        Some(&etag),
    )
    .await
}

#[tokio::test]
async fn an_admin_changes_a_role_with_if_match_and_the_audit_records_from_and_to() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    add_user(&app, "maria", Role::Editor).await;
    let (before, etag) = read_user(&app, &admin, "maria").await;
    assert_eq!(before["role"], "editor");
    assert!(before["disabled_at"].is_null());
    let path = "/api/v1/users/maria";
    let change = json!({"role": "contributor"});
    let missing = call(
        &app,
        "PATCH",
        path,
        Auth::Bearer(&admin),
        Some(&change),
        None,
    )
    .await;
    assert_eq!(missing.status(), StatusCode::PRECONDITION_REQUIRED);
    let stale = call(
        &app,
        "PATCH",
        path,
        Auth::Bearer(&admin),
        Some(&change),
        Some("\"stale\""),
    )
    .await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let changed = call(
        &app,
        "PATCH",
        path,
        Auth::Bearer(&admin),
        Some(&change),
        Some(&etag),
    )
    .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let new_etag = changed.headers()["etag"].to_str().expect("ETag").to_owned();
    assert_ne!(new_etag, etag);
    let after: Value = changed.json().await.expect("JSON");
    assert_eq!(after["role"], "contributor");
    // The old ETag is stale now: a second admin working from it cannot undo the change.
    let again = call(
        &app,
        "PATCH",
        path,
        Auth::Bearer(&admin),
        Some(&json!({"role": "admin"})),
        Some(&etag),
    )
    .await;
    assert_eq!(again.status(), StatusCode::PRECONDITION_FAILED);

    let entry = audit_entries(&app, &admin)
        .await
        .into_iter()
        .find(|e| e["action"] == "user.role")
        .expect("audited");
    assert_eq!(
        (&entry["actor_kind"], &entry["actor"], &entry["target"]),
        (&json!("token"), &json!("head"), &json!("maria"))
    );
    assert_eq!(
        entry["detail"],
        json!({"role": {"from": "editor", "to": "contributor"}})
    );
}

#[tokio::test]
async fn disabling_a_signed_in_user_stops_their_cookie_and_token_on_the_next_request() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    add_user(&app, "maria", Role::Editor).await;
    let (cookie, csrf) = sign_in(&app, "maria", PASSWORD).await.expect("signed in");
    let made = call(
        &app,
        "POST",
        "/api/v1/tokens",
        Auth::Bearer(&admin),
        Some(&json!({"name": "maria-feed", "owner": "maria"})),
        None,
    )
    .await;
    assert_eq!(made.status(), StatusCode::CREATED);
    let token = made.json::<Value>().await.expect("JSON")["token"]
        .as_str()
        .expect("secret")
        .to_owned();
    assert_eq!(me_status(&app, Auth::Cookie(&cookie, &csrf)).await, 200);
    assert_eq!(me_status(&app, Auth::Bearer(&token)).await, 200);

    let disabled = patch_user(&app, &admin, "maria", json!({"disabled": true})).await;
    assert_eq!(disabled.status(), StatusCode::OK);
    let body: Value = disabled.json().await.expect("JSON");
    assert!(body["disabled_at"].is_string());
    assert_eq!(me_status(&app, Auth::Cookie(&cookie, &csrf)).await, 401);
    assert_eq!(me_status(&app, Auth::Bearer(&token)).await, 401);
    assert_eq!(
        sign_in(&app, "maria", PASSWORD).await.err(),
        Some(StatusCode::UNAUTHORIZED)
    );
    let listed: Value = call(
        &app,
        "GET",
        "/api/v1/tokens/maria-feed",
        Auth::Bearer(&admin),
        None,
        None,
    )
    .await
    .json()
    .await
    .expect("JSON");
    assert_eq!(listed["status"], "suspended");
    let entry = audit_entries(&app, &admin)
        .await
        .into_iter()
        .find(|e| e["action"] == "user.disable")
        .expect("audited");
    assert_eq!(
        entry["detail"],
        json!({"sessions_ended": 1, "tokens_stopped": 1})
    );

    // Enabled again: the token works again, and signing in does; the old cookie stays ended.
    let enabled = patch_user(&app, &admin, "maria", json!({"disabled": false})).await;
    assert_eq!(enabled.status(), StatusCode::OK);
    assert_eq!(me_status(&app, Auth::Bearer(&token)).await, 200);
    assert_eq!(me_status(&app, Auth::Cookie(&cookie, &csrf)).await, 401);
    assert!(sign_in(&app, "maria", PASSWORD).await.is_ok());
    assert!(
        audit_entries(&app, &admin)
            .await
            .iter()
            .any(|e| e["action"] == "user.enable")
    );
}

#[tokio::test]
async fn demoting_a_user_demotes_their_tokens_at_once() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    let editor = create_token(&app, "maria", Role::Editor).await;
    let published = json!({"kind": "statement", "title": "Published by a token",
        "published_at": "2020-07-16T09:00:00Z", "status": "published"});
    let first = call(
        &app,
        "POST",
        "/api/v1/publications",
        Auth::Bearer(&editor),
        Some(&published),
        None,
    )
    .await;
    assert_eq!(first.status(), StatusCode::CREATED);

    assert_eq!(
        patch_user(&app, &admin, "maria", json!({"role": "contributor"}))
            .await
            .status(),
        StatusCode::OK
    );
    let me: Value = call(&app, "GET", "/api/v1/me", Auth::Bearer(&editor), None, None)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(
        (&me["role"], &me["user"]),
        (&json!("contributor"), &json!("maria"))
    );
    let mut second = published.clone();
    second["title"] = json!("Published after the demotion");
    let refused = call(
        &app,
        "POST",
        "/api/v1/publications",
        Auth::Bearer(&editor),
        Some(&second),
        None,
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let token: Value = call(
        &app,
        "GET",
        "/api/v1/tokens/maria",
        Auth::Bearer(&admin),
        None,
        None,
    )
    .await
    .json()
    .await
    .expect("JSON");
    assert_eq!(
        (&token["role"], &token["effective_role"], &token["owner"]),
        (&json!("editor"), &json!("contributor"), &json!("maria"))
    );
}

#[tokio::test]
async fn the_last_active_admin_cannot_be_demoted_disabled_or_removed() {
    let app = spawn_app().await;
    add_user(&app, "boss", Role::Admin).await;
    let (cookie, csrf) = sign_in(&app, "boss", PASSWORD).await.expect("signed in");
    let as_boss = Auth::Cookie(&cookie, &csrf);
    let read = || call(&app, "GET", "/api/v1/users/boss", as_boss, None, None);
    let etag = read().await.headers()["etag"]
        .to_str()
        .expect("ETag")
        .to_owned();
    for (method, body) in [
        ("PATCH", Some(json!({"role": "editor"}))),
        ("PATCH", Some(json!({"disabled": true}))),
        ("DELETE", None),
    ] {
        let response = call(
            &app,
            method,
            "/api/v1/users/boss",
            as_boss,
            body.as_ref(),
            Some(&etag),
        )
        .await;
        assert_eq!(response.status(), StatusCode::CONFLICT, "{method} {body:?}");
        let problem: Value = response.json().await.expect("problem");
        assert!(
            problem["detail"]
                .as_str()
                .expect("detail")
                .contains("last active admin"),
            "{problem}"
        );
    }
    let after: Value = read().await.json().await.expect("JSON");
    assert_eq!(
        (&after["role"], &after["disabled_at"]),
        (&json!("admin"), &Value::Null)
    );
    assert_eq!(me_status(&app, as_boss).await, 200, "still signed in");

    // A disabled admin does not count; an active second one does.
    add_user(&app, "deputy", Role::Admin).await;
    let deputy = read_user_as(&app, as_boss, "deputy").await;
    let disabled = call(
        &app,
        "PATCH",
        "/api/v1/users/deputy",
        as_boss,
        Some(&json!({"disabled": true})),
        Some(&deputy),
    )
    .await;
    assert_eq!(disabled.status(), StatusCode::OK);
    let refused = call(
        &app,
        "PATCH",
        "/api/v1/users/boss",
        as_boss,
        Some(&json!({"role": "editor"})),
        Some(&etag),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let deputy = read_user_as(&app, as_boss, "deputy").await;
    let enabled = call(
        &app,
        "PATCH",
        "/api/v1/users/deputy",
        as_boss,
        Some(&json!({"disabled": false})),
        Some(&deputy),
    )
    .await;
    assert_eq!(enabled.status(), StatusCode::OK);
    let demoted = call(
        &app,
        "PATCH",
        "/api/v1/users/boss",
        as_boss,
        Some(&json!({"role": "editor"})),
        Some(&etag),
    )
    .await;
    assert_eq!(demoted.status(), StatusCode::OK);
    assert_eq!(
        call(&app, "GET", "/api/v1/users", as_boss, None, None)
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "the demotion took effect on the next request"
    );
}

async fn read_user_as(app: &TestApp, auth: Auth<'_>, name: &str) -> String {
    let response = call(
        app,
        "GET",
        &format!("/api/v1/users/{name}"),
        auth,
        None,
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.headers()["etag"]
        .to_str()
        .expect("ETag")
        .to_owned()
}

#[tokio::test]
async fn removing_a_user_ends_their_sessions_revokes_their_tokens_and_keeps_the_name() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    let token = create_token(&app, "maria", Role::Editor).await;
    let (cookie, csrf) = sign_in(&app, "maria", PASSWORD).await.expect("signed in");
    let path = "/api/v1/users/maria";
    let (_, etag) = read_user(&app, &admin, "maria").await;
    let missing = call(&app, "DELETE", path, Auth::Bearer(&admin), None, None).await;
    assert_eq!(missing.status(), StatusCode::PRECONDITION_REQUIRED);
    let removed = call(
        &app,
        "DELETE",
        path,
        Auth::Bearer(&admin),
        None,
        Some(&etag),
    )
    .await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);

    assert_eq!(me_status(&app, Auth::Cookie(&cookie, &csrf)).await, 401);
    assert_eq!(me_status(&app, Auth::Bearer(&token)).await, 401);
    assert_eq!(
        call(&app, "GET", path, Auth::Bearer(&admin), None, None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let users: Value = call(
        &app,
        "GET",
        "/api/v1/users",
        Auth::Bearer(&admin),
        None,
        None,
    )
    .await
    .json()
    .await
    .expect("JSON");
    assert!(
        users
            .as_array()
            .expect("list")
            .iter()
            .all(|u| u["name"] != "maria")
    );
    let revoked: Value = call(
        &app,
        "GET",
        "/api/v1/tokens/maria",
        Auth::Bearer(&admin),
        None,
        None,
    )
    .await
    .json()
    .await
    .expect("JSON");
    assert_eq!(revoked["status"], "revoked");
    assert_eq!(
        sign_in(&app, "maria", PASSWORD).await.err(),
        Some(StatusCode::UNAUTHORIZED)
    );
    let again = call(
        &app,
        "POST",
        "/api/v1/users",
        Auth::Bearer(&admin),
        Some(&json!({"name": "maria", "role": "editor", "password": PASSWORD})),
        None,
    )
    .await;
    assert_eq!(
        again.status(),
        StatusCode::CONFLICT,
        "a removed user's name stays taken"
    );
    let entry = audit_entries(&app, &admin)
        .await
        .into_iter()
        .find(|e| e["action"] == "user.remove")
        .expect("audited");
    assert_eq!(
        entry["detail"],
        json!({"sessions_ended": 1, "tokens_revoked": 1})
    );
}

#[tokio::test]
async fn an_admin_resets_a_password_and_the_users_sessions_end() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    add_user(&app, "maria", Role::Editor).await;
    let (cookie, csrf) = sign_in(&app, "maria", PASSWORD).await.expect("signed in");
    let path = "/api/v1/users/maria/password";
    let short = "too short";
    let refused = call(
        &app,
        "PUT",
        path,
        Auth::Bearer(&admin),
        Some(&json!({"password": short})),
        None,
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = refused.text().await.expect("body");
    assert!(!text.contains(short));
    assert_eq!(
        fields(&serde_json::from_str(&text).expect("problem")),
        ["password"]
    );
    let typed = call(
        &app,
        "PUT",
        path,
        Auth::Bearer(&admin),
        Some(&json!({"password": 123_456_789_012_u64})),
        None,
    )
    .await;
    assert_eq!(typed.status(), StatusCode::BAD_REQUEST);
    assert!(!typed.text().await.expect("body").contains("123456789012"));
    let unknown = call(
        &app,
        "PUT",
        "/api/v1/users/nobody/password",
        Auth::Bearer(&admin),
        Some(&json!({"password": "a brand new passphrase"})),
        None,
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        me_status(&app, Auth::Cookie(&cookie, &csrf)).await,
        200,
        "nothing changed yet"
    );

    let new_password = "a brand new passphrase";
    let reset = call(
        &app,
        "PUT",
        path,
        Auth::Bearer(&admin),
        Some(&json!({"password": new_password})),
        None,
    )
    .await;
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    assert_eq!(me_status(&app, Auth::Cookie(&cookie, &csrf)).await, 401);
    assert_eq!(
        sign_in(&app, "maria", PASSWORD).await.err(),
        Some(StatusCode::UNAUTHORIZED)
    );
    assert!(sign_in(&app, "maria", new_password).await.is_ok());
    let log = audit_entries(&app, &admin).await;
    let entry = log
        .iter()
        .find(|e| e["action"] == "user.password_reset")
        .expect("audited");
    assert_eq!(
        (&entry["target"], &entry["detail"]),
        (&json!("maria"), &json!({"sessions_ended": 1}))
    );
    let text = serde_json::to_string(&log).expect("JSON");
    assert!(!text.contains(new_password) && !text.contains("argon2"));
}

#[tokio::test]
async fn user_changes_refuse_unknown_fields_roles_and_users() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    add_user(&app, "maria", Role::Editor).await;
    for (patch, field) in [
        (json!({"role": "owner"}), "role"),
        (json!({"name": "olga"}), "name"),
        (json!({"disabled": "yes"}), "disabled"),
    ] {
        let response = patch_user(&app, &admin, "maria", patch.clone()).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{patch}");
        assert_eq!(
            fields(&response.json().await.expect("problem")),
            [field],
            "{patch}"
        );
    }
    let unknown = call(
        &app,
        "PATCH",
        "/api/v1/users/nobody",
        Auth::Bearer(&admin),
        Some(&json!({"role": "editor"})),
        Some("*"),
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let (user, _) = read_user(&app, &admin, "maria").await;
    assert_eq!(user["role"], "editor", "nothing changed");
}

#[tokio::test]
async fn names_are_nfc_and_control_format_and_reserved_names_are_refused_with_422() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    for bad in [
        "evil\u{202E}gnp.exe",
        "zero\u{200D}joiner",
        "bell\u{7}",
        "cli",
        "Admin",
        "ROOT",
        "system",
        "anonymous",
    ] {
        for (path, body) in [
            (
                "/api/v1/users",
                json!({"name": bad, "role": "editor", "password": PASSWORD}),
            ),
            ("/api/v1/tokens", json!({"name": bad, "role": "editor"})),
        ] {
            let response = call(&app, "POST", path, Auth::Bearer(&admin), Some(&body), None).await;
            assert_eq!(
                response.status(),
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path} {bad:?}"
            );
            assert_eq!(
                fields(&response.json().await.expect("problem")),
                ["name"],
                "{path} {bad:?}"
            );
        }
    }
    // Decomposed on the way in, composed when stored; either form finds and signs in.
    let decomposed = "Rene\u{301}e";
    let added = call(
        &app,
        "POST",
        "/api/v1/users",
        Auth::Bearer(&admin),
        Some(&json!({"name": decomposed, "role": "editor", "password": PASSWORD})),
        None,
    )
    .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    assert_eq!(
        added.json::<Value>().await.expect("JSON")["name"],
        "Ren\u{e9}e"
    );
    let composed = call(
        &app,
        "POST",
        "/api/v1/users",
        Auth::Bearer(&admin),
        Some(&json!({"name": "Ren\u{e9}e", "role": "editor", "password": PASSWORD})),
        None,
    )
    .await;
    assert_eq!(
        composed.status(),
        StatusCode::CONFLICT,
        "one name, however it is typed"
    );
    assert!(sign_in(&app, decomposed, PASSWORD).await.is_ok());
    let found = call(
        &app,
        "GET",
        "/api/v1/users/Rene%CC%81e",
        Auth::Bearer(&admin),
        None,
        None,
    )
    .await;
    assert_eq!(found.status(), StatusCode::OK);
}
