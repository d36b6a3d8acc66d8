//! Sessions seen and ended: a user lists their own (an admin anyone's), ends one or all but
//! the current; changing your own password needs the current one and ends your other
//! sessions, never the one you ask from; settings changes are audited with before and after.

use chancery_shared::settings::{ContactSetting, Settings};
use chancery_shared::staff::{ActorKind, Role, SessionInfo};
use serde_json::{Value, json};

use crate::helpers::{Identity, PASSWORD, RequestHelper, TestApp, fields};

/// `user`'s sessions as `who` lists them.
async fn sessions(who: &Identity<'_>, user: &str) -> Vec<SessionInfo> {
    who.get_json(&format!("/api/v1/users/{user}/sessions"))
        .await
}

#[tokio::test]
async fn users_see_their_own_sessions_and_end_one() {
    let app = TestApp::builder().spawn().await;
    app.add_user("maria", Role::Editor).await;
    let olga = app.as_session("olga", Role::Editor).await;
    let sign_in_from = async |agent: &str| {
        app.server()
            .sign_in_from("maria", PASSWORD, Some(agent))
            .await
            .expect("signed in")
    };
    let laptop = sign_in_from("Laptop browser").await;
    let phone = sign_in_from("Phone browser").await;
    let anonymous = app.get("/api/v1/users/maria/sessions").await;
    assert_eq!(anonymous.status(), 401);
    let listed = sessions(&laptop, "maria").await;
    assert_eq!(listed.len(), 2);
    assert_eq!(
        (listed[0].user_agent.as_deref(), listed[0].current),
        (Some("Phone browser"), false)
    );
    assert_eq!(
        (listed[1].user_agent.as_deref(), listed[1].current),
        (Some("Laptop browser"), true)
    );
    let text = serde_json::to_string(&listed).expect("JSON");
    let cookie = phone.cookie();
    assert!(
        !text.contains(&cookie[cookie.find('=').expect("=") + 1..]),
        "never a secret"
    );

    assert_eq!(olga.get("/api/v1/users/maria/sessions").await.status(), 403);
    let phone_id = listed[0].id;
    let path = format!("/api/v1/users/maria/sessions/{phone_id}");
    assert_eq!(olga.delete(&path, None).await.status(), 403);
    assert_eq!(phone.me().await.status(), 200);
    // Another user's session id under your own name is not yours to end.
    let olga_id = sessions(&olga, "olga").await[0].id;
    let foreign = format!("/api/v1/users/maria/sessions/{olga_id}");
    assert_eq!(laptop.delete(&foreign, None).await.status(), 404);
    assert_eq!(
        laptop
            .delete("/api/v1/users/maria/sessions/x", None)
            .await
            .status(),
        400
    );

    assert_eq!(laptop.delete(&path, None).await.status(), 204);
    assert_eq!(phone.me().await.status(), 401);
    assert_eq!(laptop.me().await.status(), 200);
    assert_eq!(laptop.delete(&path, None).await.status(), 404);
    assert_eq!(olga.me().await.status(), 200);
}

#[tokio::test]
async fn ending_all_spares_the_current_session_and_an_admin_ends_anyones() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_named_token("head", Role::Admin).await;
    let a = app.as_session("maria", Role::Editor).await;
    let b = app.sign_in("maria", PASSWORD).await.expect("signed in");
    let c = app.sign_in("maria", PASSWORD).await.expect("signed in");
    let all = "/api/v1/users/maria/sessions";
    assert_eq!(a.delete(all, None).await.status(), 204);
    assert_eq!(a.me().await.status(), 200);
    assert_eq!(b.me().await.status(), 401);
    assert_eq!(c.me().await.status(), 401);
    assert_eq!(sessions(&admin, "maria").await.len(), 1);

    assert_eq!(admin.delete(all, None).await.status(), 204);
    assert_eq!(a.me().await.status(), 401);
    let log = admin.audit().await;
    let kinds: Vec<(ActorKind, &str, &Option<Value>)> = log
        .iter()
        .filter(|e| e.action == "session.revoke_all")
        .map(|e| (e.actor_kind, e.actor.as_str(), &e.detail))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                ActorKind::Token,
                "head",
                &Some(json!({"sessions_ended": 1}))
            ),
            (
                ActorKind::User,
                "maria",
                &Some(json!({"sessions_ended": 2}))
            ),
        ]
    );
    let missing = admin.delete("/api/v1/users/nobody/sessions", None).await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn changing_your_own_password_ends_your_other_sessions_but_not_this_one() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
    let here = app.as_session("maria", Role::Contributor).await;
    let there = app.sign_in("maria", PASSWORD).await.expect("signed in");
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
        let response = here.put_json("/api/v1/me/password", &body, None).await;
        let text = response.text();
        for secret in [PASSWORD, new_password, "a wrong passphrase"] {
            assert!(!text.contains(secret), "{text}");
        }
        assert_eq!(fields(&response.problem(status)), [field], "{body}");
    }
    assert_eq!(there.me().await.status(), 200, "nothing changed yet");

    let changed = here
        .put_json(
            "/api/v1/me/password",
            &json!({"current_password": PASSWORD, "new_password": new_password}),
            None,
        )
        .await;
    assert_eq!(changed.status(), 204);
    assert_eq!(here.me().await.status(), 200, "the current session stays");
    assert_eq!(there.me().await.status(), 401);
    assert_eq!(app.sign_in("maria", PASSWORD).await.err(), Some(401));
    assert!(app.sign_in("maria", new_password).await.is_ok());
    let log = admin.audit().await;
    let entry = log
        .iter()
        .find(|e| e.action == "user.password_change")
        .expect("audited");
    assert_eq!(
        (entry.actor_kind, entry.actor.as_str(), &entry.detail),
        (
            ActorKind::User,
            "maria",
            &Some(json!({"sessions_ended": 1}))
        )
    );
    let text = serde_json::to_string(&log).expect("JSON");
    assert!(!text.contains(new_password) && !text.contains(PASSWORD));
}

#[tokio::test]
async fn the_settings_audit_entry_records_what_changed_before_and_after() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_named_token("head", Role::Admin).await;
    let read = admin.get("/api/v1/settings").await;
    let mut settings: Settings = read.good();
    let old_name = settings.name.clone();
    let old_contacts = settings.contacts.clone();
    settings.name = "Embassy, renamed".to_owned();
    settings.contacts = vec![ContactSetting {
        label: "Press".to_owned(),
        phone: "+44 20 7000 0000".to_owned(),
    }];
    let saved: Settings = admin
        .put_json("/api/v1/settings", &settings, Some(&read.etag()))
        .await
        .good();
    let entry = admin
        .audit()
        .await
        .into_iter()
        .find(|e| e.action == "settings.replace")
        .expect("audited");
    assert_eq!(
        entry.detail,
        Some(json!({
            "name": {"from": old_name, "to": "Embassy, renamed"},
            "contacts": {"from": old_contacts, "to": saved.contacts},
        }))
    );
    assert_eq!(
        (entry.actor_kind, entry.actor.as_str()),
        (ActorKind::Token, "head")
    );
}
