//! Account lifecycle over HTTP: admins change roles (If-Match, audited from and to), disable
//! and enable users (which stops their cookies and tokens on the very next request), remove
//! them (the name stays taken) and reset passwords; the last active admin is never locked
//! out; names are NFC, without control or formatting characters, and never reserved.

use chancery_shared::staff::{
    ActorKind, AuditEntry, CreatedToken, Me, Role, TokenInfo, TokenStatus, UserInfo,
};
use serde_json::json;

use crate::helpers::{Identity, PASSWORD, RequestHelper, TestApp, fields};

/// A user as `admin` reads it, and its ETag.
async fn read_user(admin: &Identity<'_>, name: &str) -> (UserInfo, String) {
    let response = admin.get(&format!("/api/v1/users/{name}")).await;
    (response.good(), response.etag())
}

/// The newest audit entry with `action`, as `admin` reads the log.
async fn audited(admin: &Identity<'_>, action: &str) -> AuditEntry {
    admin
        .audit()
        .await
        .into_iter()
        .find(|e| e.action == action)
        .unwrap_or_else(|| panic!("{action} is not audited"))
}

#[tokio::test]
async fn an_admin_changes_a_role_with_if_match_and_the_audit_records_from_and_to() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_named_token("head", Role::Admin).await;
    app.add_user("maria", Role::Editor).await;
    let (before, etag) = read_user(&admin, "maria").await;
    assert_eq!(before.role, Role::Editor);
    assert!(before.disabled_at.is_none());
    let path = "/api/v1/users/maria";
    let change = json!({"role": "contributor"});
    let missing = admin.patch_merge(path, &change, None).await;
    assert_eq!(missing.status(), 428);
    let stale = admin.patch_merge(path, &change, Some("\"stale\"")).await;
    assert_eq!(stale.status(), 412);
    let changed = admin.patch_merge(path, &change, Some(&etag)).await;
    let new_etag = changed.etag();
    assert_ne!(new_etag, etag);
    let after: UserInfo = changed.good();
    assert_eq!(after.role, Role::Contributor);
    // The old ETag is stale now: a second admin working from it cannot undo the change.
    let again = admin
        .patch_merge(path, &json!({"role": "admin"}), Some(&etag))
        .await;
    assert_eq!(again.status(), 412);

    let entry = audited(&admin, "user.role").await;
    assert_eq!(
        (
            entry.actor_kind,
            entry.actor.as_str(),
            entry.target.as_str()
        ),
        (ActorKind::Token, "head", "maria")
    );
    assert_eq!(
        entry.detail,
        Some(json!({"role": {"from": "editor", "to": "contributor"}}))
    );
}

#[tokio::test]
async fn disabling_a_signed_in_user_stops_their_cookie_and_token_on_the_next_request() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
    let session = app.as_session("maria", Role::Editor).await;
    let made = admin
        .post_json(
            "/api/v1/tokens",
            &json!({"name": "maria-feed", "owner": "maria"}),
        )
        .await;
    assert_eq!(made.status(), 201);
    let token = app.with_token(&made.json::<CreatedToken>().token);
    assert_eq!(session.me().await.status(), 200);
    assert_eq!(token.me().await.status(), 200);

    let (_, etag) = read_user(&admin, "maria").await;
    let disabled: UserInfo = admin
        .patch_merge(
            "/api/v1/users/maria",
            &json!({"disabled": true}),
            Some(&etag),
        )
        .await
        .good();
    assert!(disabled.disabled_at.is_some());
    assert_eq!(session.me().await.status(), 401);
    assert_eq!(token.me().await.status(), 401);
    assert_eq!(app.sign_in("maria", PASSWORD).await.err(), Some(401));
    let listed: TokenInfo = admin.get_json("/api/v1/tokens/maria-feed").await;
    assert_eq!(listed.status, TokenStatus::Suspended);
    let entry = audited(&admin, "user.disable").await;
    assert_eq!(
        entry.detail,
        Some(json!({"sessions_ended": 1, "tokens_stopped": 1}))
    );

    // Enabled again: the token works again, and signing in does; the old cookie stays ended.
    let (_, etag) = read_user(&admin, "maria").await;
    let enabled = admin
        .patch_merge(
            "/api/v1/users/maria",
            &json!({"disabled": false}),
            Some(&etag),
        )
        .await;
    assert_eq!(enabled.status(), 200);
    assert_eq!(token.me().await.status(), 200);
    assert_eq!(session.me().await.status(), 401);
    assert!(app.sign_in("maria", PASSWORD).await.is_ok());
    assert!(
        admin
            .audit()
            .await
            .iter()
            .any(|e| e.action == "user.enable")
    );
}

#[tokio::test]
async fn demoting_a_user_demotes_their_tokens_at_once() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
    let editor = app.as_named_token("maria", Role::Editor).await;
    let published = json!({"kind": "statement", "title": "Published by a token",
        "published_at": "2020-07-16T09:00:00Z", "status": "published"});
    let first = editor.post_json("/api/v1/publications", &published).await;
    assert_eq!(first.status(), 201);

    let (_, etag) = read_user(&admin, "maria").await;
    let demoted = admin
        .patch_merge(
            "/api/v1/users/maria",
            &json!({"role": "contributor"}),
            Some(&etag),
        )
        .await;
    assert_eq!(demoted.status(), 200);
    let me: Me = editor.me().await.good();
    assert_eq!(
        (me.role, me.user.as_deref()),
        (Role::Contributor, Some("maria"))
    );
    let mut second = published.clone();
    second["title"] = json!("Published after the demotion");
    let refused = editor.post_json("/api/v1/publications", &second).await;
    assert_eq!(refused.status(), 403);
    let token: TokenInfo = admin.get_json("/api/v1/tokens/maria").await;
    assert_eq!(
        (token.role, token.effective_role, token.owner.as_deref()),
        (Role::Editor, Role::Contributor, Some("maria"))
    );
}

#[tokio::test]
async fn the_last_active_admin_cannot_be_demoted_disabled_or_removed() {
    let app = TestApp::builder().spawn().await;
    let boss = app.as_session("boss", Role::Admin).await;
    let path = "/api/v1/users/boss";
    let (_, etag) = read_user(&boss, "boss").await;
    let refusals = [
        boss.patch_merge(path, &json!({"role": "editor"}), Some(&etag))
            .await,
        boss.patch_merge(path, &json!({"disabled": true}), Some(&etag))
            .await,
        boss.delete(path, Some(&etag)).await,
    ];
    for response in refusals {
        let problem = response.problem(409);
        assert!(problem.detail.contains("last active admin"), "{problem:?}");
    }
    let (after, _) = read_user(&boss, "boss").await;
    assert_eq!((after.role, after.disabled_at), (Role::Admin, None));
    assert_eq!(boss.me().await.status(), 200, "still signed in");

    // A disabled admin does not count; an active second one does.
    app.add_user("deputy", Role::Admin).await;
    let deputy_path = "/api/v1/users/deputy";
    let (_, deputy) = read_user(&boss, "deputy").await;
    let disabled = boss
        .patch_merge(deputy_path, &json!({"disabled": true}), Some(&deputy))
        .await;
    assert_eq!(disabled.status(), 200);
    let refused = boss
        .patch_merge(path, &json!({"role": "editor"}), Some(&etag))
        .await;
    assert_eq!(refused.status(), 409);
    let (_, deputy) = read_user(&boss, "deputy").await;
    let enabled = boss
        .patch_merge(deputy_path, &json!({"disabled": false}), Some(&deputy))
        .await;
    assert_eq!(enabled.status(), 200);
    let demoted = boss
        .patch_merge(path, &json!({"role": "editor"}), Some(&etag))
        .await;
    assert_eq!(demoted.status(), 200);
    assert_eq!(
        boss.get("/api/v1/users").await.status(),
        403,
        "the demotion took effect on the next request"
    );
}

#[tokio::test]
async fn removing_a_user_ends_their_sessions_revokes_their_tokens_and_keeps_the_name() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
    let token = app.as_named_token("maria", Role::Editor).await;
    let session = app.sign_in("maria", PASSWORD).await.expect("signed in");
    let path = "/api/v1/users/maria";
    let (_, etag) = read_user(&admin, "maria").await;
    assert_eq!(admin.delete(path, None).await.status(), 428);
    assert_eq!(admin.delete(path, Some(&etag)).await.status(), 204);

    assert_eq!(session.me().await.status(), 401);
    assert_eq!(token.me().await.status(), 401);
    assert_eq!(admin.get(path).await.status(), 404);
    let users: Vec<UserInfo> = admin.get_json("/api/v1/users").await;
    assert!(users.iter().all(|u| u.name != "maria"));
    let revoked: TokenInfo = admin.get_json("/api/v1/tokens/maria").await;
    assert_eq!(revoked.status, TokenStatus::Revoked);
    assert_eq!(app.sign_in("maria", PASSWORD).await.err(), Some(401));
    let again = admin
        .post_json(
            "/api/v1/users",
            &json!({"name": "maria", "role": "editor", "password": PASSWORD}),
        )
        .await;
    assert_eq!(again.status(), 409, "a removed user's name stays taken");
    let entry = audited(&admin, "user.remove").await;
    assert_eq!(
        entry.detail,
        Some(json!({"sessions_ended": 1, "tokens_revoked": 1}))
    );
}

#[tokio::test]
async fn an_admin_resets_a_password_and_the_users_sessions_end() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
    let session = app.as_session("maria", Role::Editor).await;
    let path = "/api/v1/users/maria/password";
    let short = "too short";
    let refused = admin
        .put_json(path, &json!({"password": short}), None)
        .await;
    assert!(!refused.text().contains(short));
    assert_eq!(fields(&refused.problem(422)), ["password"]);
    let typed = admin
        .put_json(path, &json!({"password": 123_456_789_012_u64}), None)
        .await;
    assert_eq!(typed.status(), 400);
    assert!(!typed.text().contains("123456789012"));
    let unknown = admin
        .put_json(
            "/api/v1/users/nobody/password",
            &json!({"password": "a brand new passphrase"}),
            None,
        )
        .await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(session.me().await.status(), 200, "nothing changed yet");

    let new_password = "a brand new passphrase";
    let reset = admin
        .put_json(path, &json!({"password": new_password}), None)
        .await;
    assert_eq!(reset.status(), 204);
    assert_eq!(session.me().await.status(), 401);
    assert_eq!(app.sign_in("maria", PASSWORD).await.err(), Some(401));
    assert!(app.sign_in("maria", new_password).await.is_ok());
    let log = admin.audit().await;
    let entry = log
        .iter()
        .find(|e| e.action == "user.password_reset")
        .expect("audited");
    assert_eq!(
        (entry.target.as_str(), &entry.detail),
        ("maria", &Some(json!({"sessions_ended": 1})))
    );
    let text = serde_json::to_string(&log).expect("JSON");
    assert!(!text.contains(new_password) && !text.contains("argon2"));
}

#[tokio::test]
async fn user_changes_refuse_unknown_fields_roles_and_users() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
    app.add_user("maria", Role::Editor).await;
    for (patch, field) in [
        (json!({"role": "owner"}), "role"),
        (json!({"name": "olga"}), "name"),
        (json!({"disabled": "yes"}), "disabled"),
    ] {
        let (_, etag) = read_user(&admin, "maria").await;
        let response = admin
            .patch_merge("/api/v1/users/maria", &patch, Some(&etag))
            .await;
        assert_eq!(fields(&response.problem(400)), [field], "{patch}");
    }
    let unknown = admin
        .patch_merge(
            "/api/v1/users/nobody",
            &json!({"role": "editor"}),
            Some("*"),
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let (user, _) = read_user(&admin, "maria").await;
    assert_eq!(user.role, Role::Editor, "nothing changed");
}

#[tokio::test]
async fn names_are_nfc_and_control_format_and_reserved_names_are_refused_with_422() {
    let app = TestApp::builder().spawn().await;
    let admin = app.as_token(Role::Admin).await;
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
            let problem = admin.post_json(path, &body).await.problem(422);
            assert_eq!(fields(&problem), ["name"], "{path} {bad:?}");
        }
    }
    // Decomposed on the way in, composed when stored; either form finds and signs in.
    let decomposed = "Rene\u{301}e";
    let added = admin
        .post_json(
            "/api/v1/users",
            &json!({"name": decomposed, "role": "editor", "password": PASSWORD}),
        )
        .await;
    assert_eq!(added.status(), 201);
    assert_eq!(added.json::<UserInfo>().name, "Ren\u{e9}e");
    let composed = admin
        .post_json(
            "/api/v1/users",
            &json!({"name": "Ren\u{e9}e", "role": "editor", "password": PASSWORD}),
        )
        .await;
    assert_eq!(composed.status(), 409, "one name, however it is typed");
    assert!(app.sign_in(decomposed, PASSWORD).await.is_ok());
    let found = admin.get("/api/v1/users/Rene%CC%81e").await;
    assert_eq!(found.status(), 200);
}
