//! The change feed: a mirror that reads it in small pages between writes always ends with
//! exactly the public set (creates, edits, renames, schedules that go live as the clock is
//! driven past them, withdrawals, a draft published and unpublished, deletions); cursors are
//! signed, stable across writes and refused with a 400 naming `since` when altered.

use chancery_api::clock::Clock;
use chancery_shared::changes::{ChangeKind, ChangesPage};
use chancery_shared::settings::Settings;
use chancery_shared::staff::Role;
use chrono::Duration;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{RequestHelper, TestApp, fields, instant};
use crate::mirror::{Mirror, START, STATEMENT, at, public_set, statement, tick};

const LIST: &str = "/api/v1/publications";

#[tokio::test]
async fn a_mirror_replaying_the_feed_always_holds_exactly_the_public_set() {
    let clock = Clock::fixed(instant(START));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let mut mirror = Mirror::default();
    let step = async |mirror: &mut Mirror, what: &str| {
        tick(&clock, 2);
        mirror.sync(&app, 3).await;
        assert_eq!(mirror.records, public_set(&app).await, "after: {what}");
    };
    let patch = async |slug: &str, patch: Value| {
        editor
            .patch_merge(&at(slug), &patch, Some("*"))
            .await
            .status()
    };

    // Nothing is served until it is a second old.
    mirror.sync(&app, 3).await;
    assert!(mirror.records.is_empty());
    step(&mut mirror, "the demo content").await;
    assert_eq!(mirror.records.len(), 11);

    let created = statement(
        "alpha",
        "Alpha & <beta>",
        "2020-07-15T10:00:00Z",
        "published",
    );
    assert_eq!(editor.post_json(LIST, &created).await.status(), 201);
    step(&mut mirror, "a create").await;
    let edit = json!({"title": "Alpha, corrected", "change_note": "Typo"});
    assert_eq!(patch("alpha", edit).await, 200);
    step(&mut mirror, "an edit").await;
    assert_eq!(mirror.records["alpha"].summary.title, "Alpha, corrected");
    assert_eq!(mirror.history("alpha"), ["published", "updated"]);

    // Scheduled: absent until its instant, with no write at that instant.
    let when = clock.now() + Duration::hours(1);
    let scheduled = statement("scheduled", "Later", &when.to_rfc3339(), "published");
    assert_eq!(editor.post_json(LIST, &scheduled).await.status(), 201);
    step(&mut mirror, "a schedule").await;
    for moment in [when - Duration::seconds(1), when] {
        clock.set(moment);
        mirror.sync(&app, 3).await;
        assert!(
            mirror.history("scheduled").is_empty(),
            "not before its time"
        );
    }
    clock.set(when);
    step(&mut mirror, "the scheduled time passing").await;
    assert_eq!(mirror.history("scheduled"), ["published"]);

    // A public piece moved to the future leaves now and comes back at its new time.
    let later = clock.now() + Duration::minutes(30);
    let move_on = json!({"published_at": later.to_rfc3339()});
    assert_eq!(patch("alpha", move_on).await, 200);
    step(&mut mirror, "rescheduling a public piece").await;
    assert!(!mirror.records.contains_key("alpha"));
    clock.set(later);
    step(&mut mirror, "its new time passing").await;
    assert_eq!(
        mirror.history("alpha"),
        ["published", "updated", "removed", "published"]
    );

    assert_eq!(editor.delete(&at(STATEMENT), Some("*")).await.status(), 200);
    step(&mut mirror, "a withdrawal").await;
    assert_eq!(mirror.history(STATEMENT).last(), Some(&"withdrawn"));

    // A draft: invisible, then published, then sent back to draft, then deleted.
    let draft = statement("draft-piece", "Draft", "2020-07-15T09:00:00Z", "draft");
    assert_eq!(editor.post_json(LIST, &draft).await.status(), 201);
    let retitle = json!({"title": "Draft, retitled"});
    assert_eq!(patch("draft-piece", retitle).await, 200);
    step(&mut mirror, "a draft and its edit").await;
    assert!(
        mirror.history("draft-piece").is_empty(),
        "drafts never appear"
    );
    let publish = json!({"status": "published"});
    assert_eq!(patch("draft-piece", publish).await, 200);
    step(&mut mirror, "publishing the draft").await;
    let unpublish = json!({"status": "draft"});
    assert_eq!(patch("draft-piece", unpublish).await, 200);
    step(&mut mirror, "unpublishing it").await;
    assert_eq!(
        editor.delete(&at("draft-piece"), Some("*")).await.status(),
        204
    );
    step(&mut mirror, "deleting it").await;
    assert_eq!(mirror.history("draft-piece"), ["published", "removed"]);

    // A rename retires the old slug and publishes the new one.
    let rename = json!({"slug": "alpha-renamed"});
    assert_eq!(patch("alpha", rename).await, 200);
    step(&mut mirror, "a rename").await;
    assert_eq!(mirror.history("alpha").last(), Some(&"removed"));
    assert_eq!(mirror.history("alpha-renamed"), ["published"]);

    let instants: Vec<_> = mirror.seen.iter().map(|c| c.at).collect();
    let mut sorted = instants.clone();
    sorted.sort();
    assert_eq!(
        instants, sorted,
        "entries come in the order they took effect"
    );

    // A newcomer replaying the compacted log from the beginning gets the same set.
    let mut newcomer = Mirror::default();
    newcomer.sync(&app, 2).await;
    assert_eq!(newcomer.records, public_set(&app).await);
    assert!(
        newcomer.seen.len() < mirror.seen.len(),
        "the log is compacted"
    );
    assert!(
        newcomer
            .history("draft-piece")
            .iter()
            .all(|c| *c == "removed")
    );
}

#[tokio::test]
async fn moving_the_home_time_zone_reissues_every_public_entry() {
    let clock = Clock::fixed(instant(START));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let admin = app.as_token(Role::Admin).await;
    let mut mirror = Mirror::default();
    tick(&clock, 2);
    mirror.sync(&app, 4).await;
    assert_eq!(mirror.records, public_set(&app).await);

    let current = admin.get("/api/v1/settings").await;
    let mut settings: Settings = current.good();
    // A zone far enough west that some publications fall on the previous day.
    settings.home_time_zone = "Pacific/Honolulu".to_owned();
    let saved = admin
        .put_json("/api/v1/settings", &settings, Some(&current.etag()))
        .await;
    assert_eq!(saved.status(), 200);
    tick(&clock, 2);
    let before = mirror.seen.len();
    mirror.sync(&app, 4).await;
    assert_eq!(
        mirror.seen.len() - before,
        11,
        "every public piece once more"
    );
    let public = public_set(&app).await;
    assert_ne!(
        public[STATEMENT].summary.published_on.to_string(),
        "2020-07-14",
        "the test needs a zone that moves dates"
    );
    assert_eq!(mirror.records, public);
}

#[tokio::test]
async fn a_cursor_stays_valid_across_new_writes() {
    let clock = Clock::fixed(instant(START));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let editor = app.as_token(Role::Editor).await;
    tick(&clock, 2);
    let mut mirror = Mirror::default();
    mirror.sync(&app, 5).await;
    let cursor = mirror.cursor.clone().expect("cursor");
    let path = format!("/api/v1/changes?since={cursor}");
    let caught_up: ChangesPage = app.get_json(&path).await;
    assert!(caught_up.changes.is_empty());
    assert_eq!(caught_up.next_cursor, cursor, "polling keeps the cursor");

    let one = statement("one", "One", "2020-07-15T10:00:00Z", "published");
    assert_eq!(editor.post_json(LIST, &one).await.status(), 201);
    let two = statement("two", "Two", "2020-07-15T10:00:00Z", "published");
    assert_eq!(editor.post_json(LIST, &two).await.status(), 201);
    tick(&clock, 2);
    for _ in 0..2 {
        let page: ChangesPage = app.get_json(&path).await;
        let slugs: Vec<&str> = page.changes.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(
            slugs,
            ["one", "two"],
            "the same cursor reads on where it stopped"
        );
    }
}

#[tokio::test]
async fn cursors_are_signed_with_the_key_the_database_keeps() {
    let app = TestApp::builder().spawn().await;
    let page: ChangesPage = app.get_json("/api/v1/changes?limit=1").await;
    let cursor = page.next_cursor;
    let key = app
        .with_db(chancery_api::db::secrets::cursor_key)
        .await
        .expect("key");
    assert!(chancery_api::cursor::decode::<Value>(&key, &cursor).is_ok());
    let other = chancery_api::cursor::CursorKey::from_bytes([1; 32]);
    assert!(chancery_api::cursor::decode::<Value>(&other, &cursor).is_err());
    let forged = chancery_api::cursor::encode(&other, &json!(["changes", null]));
    let problem = app
        .get(&format!("/api/v1/changes?since={forged}"))
        .await
        .problem(400);
    assert_eq!(fields(&problem), ["since"]);
}

#[tokio::test]
async fn bad_since_and_limit_are_400s_naming_them() {
    let app = TestApp::builder().spawn().await;
    let page: ChangesPage = app.get_json("/api/v1/changes?limit=2").await;
    let cursor = &page.next_cursor;
    // Flip one character in the middle of a genuine cursor.
    let mut tampered: Vec<char> = cursor.chars().collect();
    let middle = tampered.len() / 2;
    tampered[middle] = if tampered[middle] == 'A' { 'B' } else { 'A' };
    let tampered: String = tampered.into_iter().collect();
    for since in [
        tampered.as_str(),
        "garbage",
        "%00%01",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        let problem = app
            .get(&format!("/api/v1/changes?since={since}"))
            .await
            .problem(400);
        assert_eq!(fields(&problem), ["since"], "{since}");
    }
    for limit in ["0", "501", "ten", "-1"] {
        let problem = app
            .get(&format!("/api/v1/changes?limit={limit}"))
            .await
            .problem(400);
        assert_eq!(fields(&problem), ["limit"], "{limit}");
    }
    let problem = app.get("/api/v1/changes?cursor=x").await.problem(400);
    assert_eq!(fields(&problem), ["cursor"]);
    let post = app.request(Method::POST, "/api/v1/changes").send().await;
    assert_eq!(post.status(), 405);
    assert_eq!(post.header("allow"), "GET, HEAD");
    // The bounds themselves are fine, and an empty `since` starts at the beginning.
    let empty: ChangesPage = app.get_json("/api/v1/changes?since=&limit=2").await;
    assert_eq!(empty.next_cursor, page.next_cursor);
    let _: ChangesPage = app.get_json("/api/v1/changes?limit=1").await;
    let _: ChangesPage = app.get_json("/api/v1/changes?limit=500").await;
}

#[tokio::test]
async fn changes_answer_304_to_a_matching_etag() {
    // A fixed clock: with the system clock the demo entries could come of age in between.
    let clock = Clock::fixed(instant(START));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    tick(&clock, 2);
    let first = app.get("/api/v1/changes").await;
    assert_eq!(first.status(), 200);
    let cache = first.header("cache-control");
    assert!(cache.starts_with("public, max-age="), "{cache}");
    let again = app
        .request(Method::GET, "/api/v1/changes")
        .header("If-None-Match", &first.etag())
        .send()
        .await;
    assert_eq!(again.status(), 304);
    let body: ChangesPage = first.json();
    assert_eq!(body.changes.len(), 11);
    assert!(
        body.changes
            .iter()
            .all(|c| c.change == ChangeKind::Published)
    );
}
