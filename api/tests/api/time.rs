//! Everything that stamps a time follows the injectable clock: driven to an instant of the
//! test's choosing, the server writes that instant into tokens, revisions and the audit log,
//! never the machine's.

use chancery_api::clock::Clock;
use chancery_shared::publication::Revision;
use chancery_shared::staff::{AuditEntry, CreatedToken, Role};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::helpers::{Auth, call, create_token, spawn_app_at};

#[tokio::test]
async fn tokens_revisions_and_audit_entries_are_stamped_by_the_injected_clock() {
    let start: DateTime<Utc> = "2031-03-04T05:06:07Z".parse().expect("instant");
    let clock = Clock::fixed(start);
    let app = spawn_app_at(clock.clone()).await;
    let admin = create_token(&app, "timekeeper", Role::Admin).await;
    let as_admin = Auth::Bearer(&admin);

    let new_token = json!({"name": "ticking"});
    let made = call(
        &app,
        "POST",
        "/api/v1/tokens",
        as_admin,
        Some(&new_token),
        None,
    )
    .await;
    assert_eq!(made.status(), 201);
    let made: CreatedToken = made.json().await.expect("a created token");
    assert_eq!(made.info.created_at, start);

    let created_at = start + Duration::hours(1);
    clock.set(created_at);
    let draft = json!({"kind": "statement", "title": "Clockwork", "published_at": created_at});
    let created = call(
        &app,
        "POST",
        "/api/v1/publications",
        as_admin,
        Some(&draft),
        None,
    )
    .await;
    assert_eq!(created.status(), 201);
    let etag = created.headers()["etag"].to_str().expect("ETag").to_owned();

    let changed_at = start + Duration::hours(2);
    clock.set(changed_at);
    let path = "/api/v1/publications/clockwork";
    let edit = json!({"title": "Clockwork, wound"});
    let changed = call(&app, "PATCH", path, as_admin, Some(&edit), Some(&etag)).await;
    assert_eq!(changed.status(), 200);

    let revisions = call(
        &app,
        "GET",
        &format!("{path}/revisions"),
        as_admin,
        None,
        None,
    )
    .await;
    let revisions: Vec<Revision> = revisions.json().await.expect("revisions");
    let saved: Vec<_> = revisions.iter().map(|r| (r.number, r.saved_at)).collect();
    assert_eq!(saved, [(2, changed_at), (1, created_at)]);

    let audit = call(&app, "GET", "/api/v1/audit", as_admin, None, None).await;
    let audit: serde_json::Value = audit.json().await.expect("an audit page");
    let entries: Vec<AuditEntry> =
        serde_json::from_value(audit["items"].clone()).expect("audit entries");
    // What the admin's token did; the helper made the token itself as the command line would.
    let stamped: Vec<_> = entries
        .iter()
        .filter(|e| e.actor == "timekeeper")
        .map(|e| (e.action.as_str(), e.at))
        .collect();
    assert_eq!(
        stamped,
        [
            ("publication.update", changed_at),
            ("publication.create", created_at),
            ("token.create", start),
        ]
    );
}
