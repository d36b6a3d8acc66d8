//! Sessions seen and ended: a user lists their own (an admin anyone's), ends one or all but
//! the current; changing your own password needs the current one and ends your other
//! sessions, never the one you ask from; settings changes are audited with before and after.

use chancery_shared::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{
    Auth, PASSWORD, TestApp, add_user, audit_entries, call, create_token, fields, me_status,
    sign_in, spawn_app,
};

/// Signs in with a given User-Agent; returns the cookie and CSRF token.
async fn sign_in_from(app: &TestApp, user: &str, agent: &str) -> (String, String) {
    let response = app
        .client
        .post(format!("{}/api/v1/session", app.address))
        .header("User-Agent", agent)
        .json(&json!({"name": user, "password": PASSWORD}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("text")
        .split(';')
        .next()
        .expect("cookie")
        .to_owned();
    let body: Value = response.json().await.expect("JSON");
    (
        cookie,
        body["csrf_token"].as_str().expect("csrf").to_owned(),
    )
}

async fn sessions(app: &TestApp, auth: Auth<'_>, user: &str) -> Vec<Value> {
    let response = call(
        app,
        "GET",
        &format!("/api/v1/users/{user}/sessions"),
        auth,
        None,
        None,
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    response
        .json::<Value>()
        .await
        .expect("JSON")
        .as_array()
        .expect("list")
        .clone()
}

#[tokio::test]
async fn users_see_their_own_sessions_and_end_one() {
    let app = spawn_app().await;
    add_user(&app, "maria", Role::Editor).await;
    add_user(&app, "olga", Role::Editor).await;
    let (laptop, laptop_csrf) = sign_in_from(&app, "maria", "Laptop browser").await;
    let (phone, phone_csrf) = sign_in_from(&app, "maria", "Phone browser").await;
    let as_laptop = Auth::Cookie(&laptop, &laptop_csrf);
    let anonymous = call(
        &app,
        "GET",
        "/api/v1/users/maria/sessions",
        Auth::None,
        None,
        None,
    )
    .await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let listed = sessions(&app, as_laptop, "maria").await;
    assert_eq!(listed.len(), 2);
    assert_eq!(
        (&listed[0]["user_agent"], &listed[0]["current"]),
        (&json!("Phone browser"), &json!(false))
    );
    assert_eq!(
        (&listed[1]["user_agent"], &listed[1]["current"]),
        (&json!("Laptop browser"), &json!(true))
    );
    let text = serde_json::to_string(&listed).expect("JSON");
    assert!(
        !text.contains(&phone[phone.find('=').expect("=") + 1..]),
        "never a secret"
    );

    let (olga, olga_csrf) = sign_in(&app, "olga", PASSWORD).await.expect("signed in");
    let as_olga = Auth::Cookie(&olga, &olga_csrf);
    assert_eq!(
        call(
            &app,
            "GET",
            "/api/v1/users/maria/sessions",
            as_olga,
            None,
            None
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let phone_id = listed[0]["id"].as_i64().expect("id");
    let path = format!("/api/v1/users/maria/sessions/{phone_id}");
    assert_eq!(
        call(&app, "DELETE", &path, as_olga, None, None)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        me_status(&app, Auth::Cookie(&phone, &phone_csrf)).await,
        200
    );
    // Another user's session id under your own name is not yours to end.
    let olga_id = sessions(&app, as_olga, "olga").await[0]["id"]
        .as_i64()
        .expect("id");
    let foreign = format!("/api/v1/users/maria/sessions/{olga_id}");
    assert_eq!(
        call(&app, "DELETE", &foreign, as_laptop, None, None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(
            &app,
            "DELETE",
            "/api/v1/users/maria/sessions/x",
            as_laptop,
            None,
            None
        )
        .await
        .status(),
        StatusCode::BAD_REQUEST
    );

    assert_eq!(
        call(&app, "DELETE", &path, as_laptop, None, None)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        me_status(&app, Auth::Cookie(&phone, &phone_csrf)).await,
        401
    );
    assert_eq!(me_status(&app, as_laptop).await, 200);
    assert_eq!(
        call(&app, "DELETE", &path, as_laptop, None, None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(me_status(&app, as_olga).await, 200);
}

#[tokio::test]
async fn ending_all_spares_the_current_session_and_an_admin_ends_anyones() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    add_user(&app, "maria", Role::Editor).await;
    let (a, a_csrf) = sign_in(&app, "maria", PASSWORD).await.expect("signed in");
    let (b, b_csrf) = sign_in(&app, "maria", PASSWORD).await.expect("signed in");
    let (c, c_csrf) = sign_in(&app, "maria", PASSWORD).await.expect("signed in");
    let ended = call(
        &app,
        "DELETE",
        "/api/v1/users/maria/sessions",
        Auth::Cookie(&a, &a_csrf),
        None,
        None,
    )
    .await;
    assert_eq!(ended.status(), StatusCode::NO_CONTENT);
    assert_eq!(me_status(&app, Auth::Cookie(&a, &a_csrf)).await, 200);
    assert_eq!(me_status(&app, Auth::Cookie(&b, &b_csrf)).await, 401);
    assert_eq!(me_status(&app, Auth::Cookie(&c, &c_csrf)).await, 401);
    assert_eq!(sessions(&app, Auth::Bearer(&admin), "maria").await.len(), 1);

    let by_admin = call(
        &app,
        "DELETE",
        "/api/v1/users/maria/sessions",
        Auth::Bearer(&admin),
        None,
        None,
    )
    .await;
    assert_eq!(by_admin.status(), StatusCode::NO_CONTENT);
    assert_eq!(me_status(&app, Auth::Cookie(&a, &a_csrf)).await, 401);
    let log = audit_entries(&app, &admin).await;
    let kinds: Vec<(&Value, &Value, &Value)> = log
        .iter()
        .filter(|e| e["action"] == "session.revoke_all")
        .map(|e| (&e["actor_kind"], &e["actor"], &e["detail"]))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                &json!("token"),
                &json!("head"),
                &json!({"sessions_ended": 1})
            ),
            (
                &json!("user"),
                &json!("maria"),
                &json!({"sessions_ended": 2})
            ),
        ]
    );
    let missing = call(
        &app,
        "DELETE",
        "/api/v1/users/nobody/sessions",
        Auth::Bearer(&admin),
        None,
        None,
    )
    .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn changing_your_own_password_ends_your_other_sessions_but_not_this_one() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    add_user(&app, "maria", Role::Contributor).await;
    let (here, here_csrf) = sign_in(&app, "maria", PASSWORD).await.expect("signed in");
    let (there, there_csrf) = sign_in(&app, "maria", PASSWORD).await.expect("signed in");
    let as_here = Auth::Cookie(&here, &here_csrf);
    let new_password = "my own new passphrase";
    for (body, status, field) in [
        (
            json!({"current_password": "a wrong passphrase", "new_password": new_password}),
            422,
            "current_password",
        ),
        (
            json!({"current_password": PASSWORD, "new_password": PASSWORD}),
            422,
            "new_password",
        ),
        (
            json!({"current_password": PASSWORD, "new_password": "short"}),
            422,
            "new_password",
        ),
        (json!({"current_password": PASSWORD}), 400, "new_password"),
        (
            json!({"current_password": PASSWORD, "new_password": new_password, "extra": 1}),
            400,
            "extra",
        ),
    ] {
        let response = call(
            &app,
            "PUT",
            "/api/v1/me/password",
            as_here,
            Some(&body),
            None,
        )
        .await;
        assert_eq!(response.status().as_u16(), status, "{body}");
        let text = response.text().await.expect("body");
        for secret in [PASSWORD, new_password, "a wrong passphrase"] {
            assert!(!text.contains(secret), "{text}");
        }
        assert_eq!(
            fields(&serde_json::from_str(&text).expect("problem")),
            [field],
            "{body}"
        );
    }
    assert_eq!(
        me_status(&app, Auth::Cookie(&there, &there_csrf)).await,
        200,
        "nothing changed yet"
    );

    let changed = call(
        &app,
        "PUT",
        "/api/v1/me/password",
        as_here,
        Some(&json!({"current_password": PASSWORD, "new_password": new_password})),
        None,
    )
    .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        me_status(&app, as_here).await,
        200,
        "the current session stays"
    );
    assert_eq!(
        me_status(&app, Auth::Cookie(&there, &there_csrf)).await,
        401
    );
    assert_eq!(
        sign_in(&app, "maria", PASSWORD).await.err(),
        Some(StatusCode::UNAUTHORIZED)
    );
    assert!(sign_in(&app, "maria", new_password).await.is_ok());
    let log = audit_entries(&app, &admin).await;
    let entry = log
        .iter()
        .find(|e| e["action"] == "user.password_change")
        .expect("audited");
    assert_eq!(
        (&entry["actor_kind"], &entry["actor"], &entry["detail"]),
        (
            &json!("user"),
            &json!("maria"),
            &json!({"sessions_ended": 1})
        )
    );
    let text = serde_json::to_string(&log).expect("JSON");
    assert!(!text.contains(new_password) && !text.contains(PASSWORD));
}

#[tokio::test]
async fn the_settings_audit_entry_records_what_changed_before_and_after() {
    let app = spawn_app().await;
    let admin = create_token(&app, "head", Role::Admin).await;
    let read = call(
        &app,
        "GET",
        "/api/v1/settings",
        Auth::Bearer(&admin),
        None,
        None,
    )
    .await;
    let etag = read.headers()["etag"].to_str().expect("ETag").to_owned();
    let mut settings: Value = read.json().await.expect("JSON");
    let old_name = settings["name"].clone();
    let old_contacts = settings["contacts"].clone();
    settings["name"] = json!("Embassy, renamed");
    settings["contacts"] = json!([{"label": "Press", "phone": "+44 20 7000 0000"}]);
    let saved = call(
        &app,
        "PUT",
        "/api/v1/settings",
        Auth::Bearer(&admin),
        Some(&settings),
        Some(&etag),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: Value = saved.json().await.expect("JSON");
    let entry = audit_entries(&app, &admin)
        .await
        .into_iter()
        .find(|e| e["action"] == "settings.replace")
        .expect("audited");
    assert_eq!(
        entry["detail"],
        json!({
            "name": {"from": old_name, "to": "Embassy, renamed"},
            "contacts": {"from": old_contacts, "to": saved["contacts"]},
        })
    );
    assert_eq!(
        (&entry["actor_kind"], &entry["actor"]),
        (&json!("token"), &json!("head"))
    );
}
