//! Everything that stamps a time follows the injectable clock: driven to an instant of the
//! test's choosing, the server writes that instant into tokens, revisions and the audit log,
//! never the machine's.

use chancery_api::clock::Clock;
use chancery_shared::publication::{Publication, Revision};
use chancery_shared::staff::{CreatedToken, Role};
use chrono::Duration;
use serde_json::json;

use crate::helpers::{RequestHelper, TestApp, instant};

#[tokio::test]
async fn tokens_revisions_and_audit_entries_are_stamped_by_the_injected_clock() {
    let start = instant("2031-03-04T05:06:07Z");
    let clock = Clock::fixed(start);
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let admin = app.as_named_token("timekeeper", Role::Admin).await;

    let made = admin
        .post_json("/api/v1/tokens", &json!({"name": "ticking"}))
        .await;
    assert_eq!(made.status(), 201, "{}", made.text());
    let made: CreatedToken = made.json();
    assert_eq!(made.info.created_at, start);

    let created_at = start + Duration::hours(1);
    clock.set(created_at);
    let draft = json!({"kind": "statement", "title": "Clockwork", "published_at": created_at});
    let created = admin.post_json("/api/v1/publications", &draft).await;
    assert_eq!(created.status(), 201, "{}", created.text());
    let etag = created.etag();

    let changed_at = start + Duration::hours(2);
    clock.set(changed_at);
    let path = "/api/v1/publications/clockwork";
    let edit = json!({"title": "Clockwork, wound"});
    let _: Publication = admin.patch_merge(path, &edit, Some(&etag)).await.good();

    let revisions: Vec<Revision> = admin.get_json(&format!("{path}/revisions")).await;
    let saved: Vec<_> = revisions.iter().map(|r| (r.number, r.saved_at)).collect();
    assert_eq!(saved, [(2, changed_at), (1, created_at)]);

    // What the admin's token did; the helper made the token itself as the command line would.
    let entries = admin.audit().await;
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
