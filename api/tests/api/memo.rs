//! Memoised responses (the feeds and the change feed's first page) are never stale: a write
//! between two reads, a scheduled piece going live with no write, and a rename or a move of
//! the home zone all show at once, including when another node (plain SQL on the shared
//! database) made the change; and a memoised body still compresses.

use std::io::Read;

use chancery_api::clock::Clock;
use chancery_shared::changes::{ChangeKind, ChangesPage};
use chancery_shared::settings::Settings;
use chancery_shared::staff::Role;
use chrono::Duration;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Identity, RequestHelper, TestApp, instant};
use crate::mirror::{START, STATEMENT, at, statement, tick};

const FEEDS: [&str; 3] = ["/feed.atom", "/feed.rss", "/feed.json?kind=statement"];
const LIST: &str = "/api/v1/publications";

/// Body and ETag of a response that must answer 200.
async fn read(app: &TestApp, path: &str) -> (String, String) {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    (response.text(), response.etag())
}

/// The slugs on the change feed's first page.
async fn first_page(app: &TestApp) -> Vec<String> {
    let page: ChangesPage = app.get_json("/api/v1/changes").await;
    page.changes.into_iter().map(|c| c.slug).collect()
}

/// Replaces the site's settings as `admin`, changed by `change`.
async fn change_settings(admin: &Identity<'_>, change: impl FnOnce(&mut Settings)) {
    let current = admin.get("/api/v1/settings").await;
    let mut settings: Settings = current.good();
    change(&mut settings);
    let saved = admin
        .put_json("/api/v1/settings", &settings, Some(&current.etag()))
        .await;
    assert_eq!(saved.status(), 200);
}

#[tokio::test]
async fn a_write_between_two_reads_changes_every_feed_and_its_etag() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let mut before = Vec::new();
    for path in FEEDS {
        let first = read(&app, path).await;
        assert_eq!(read(&app, path).await, first, "{path}: unchanged, the same");
        before.push(first);
    }
    let piece = statement(
        "fresh",
        "A fresh statement",
        "2021-01-01T00:00:00Z",
        "published",
    );
    assert_eq!(editor.post_json(LIST, &piece).await.status(), 201);
    for (path, (body, etag)) in FEEDS.iter().zip(&before) {
        let (now, new_etag) = read(&app, path).await;
        assert_ne!(&new_etag, etag, "{path}");
        assert!(!body.contains("A fresh statement"), "{path}");
        assert!(now.contains("A fresh statement"), "{path}");
    }
    let edit = json!({"title": "A corrected statement"});
    let edited = editor.patch_merge(&at("fresh"), &edit, Some("*")).await;
    assert_eq!(edited.status(), 200);
    let (body, _) = read(&app, "/feed.atom").await;
    assert!(body.contains("A corrected statement"));
    assert!(!body.contains("A fresh statement"));

    // Another node's write reaches this node's memo through the database alone.
    app.execute("UPDATE publications SET title = 'Retitled elsewhere' WHERE slug = 'fresh'");
    let (body, _) = read(&app, "/feed.atom").await;
    assert!(body.contains("Retitled elsewhere"), "{body}");
}

#[tokio::test]
async fn a_scheduled_piece_joins_the_feeds_at_its_time_with_no_write() {
    let clock = Clock::fixed(instant(START));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let when = clock.now() + Duration::hours(1);
    let piece = statement("later", "Said later", &when.to_rfc3339(), "published");
    assert_eq!(editor.post_json(LIST, &piece).await.status(), 201);
    tick(&clock, 2);
    let (before, etag) = read(&app, "/feed.atom").await;
    assert!(!before.contains("Said later"));
    assert!(!first_page(&app).await.contains(&"later".to_owned()));

    clock.set(when - Duration::seconds(1));
    let response = app.get("/feed.atom").await;
    assert_eq!(response.etag(), etag);
    assert_eq!(
        response.header("cache-control"),
        "public, max-age=1",
        "fresh only until the piece goes live"
    );
    clock.set(when);
    for path in FEEDS {
        let (body, new_etag) = read(&app, path).await;
        assert!(body.contains("Said later"), "{path}");
        assert_ne!(new_etag, etag);
    }
    // The change feed serves an entry once it is a second old.
    assert!(!first_page(&app).await.contains(&"later".to_owned()));
    clock.set(when + Duration::seconds(1));
    assert!(first_page(&app).await.contains(&"later".to_owned()));
}

#[tokio::test]
async fn the_change_feeds_first_page_shows_a_write_once_it_settles() {
    let clock = Clock::fixed(instant(START));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let editor = app.as_token(Role::Editor).await;
    tick(&clock, 2);
    let before = first_page(&app).await;
    assert_eq!(before.len(), 11);
    let piece = statement("fresh", "Fresh", "2020-07-15T10:00:00Z", "published");
    assert_eq!(editor.post_json(LIST, &piece).await.status(), 201);
    assert_eq!(first_page(&app).await, before, "not yet a second old");
    tick(&clock, 1);
    let after = first_page(&app).await;
    assert_eq!(after.last().map(String::as_str), Some("fresh"));

    // Compaction moves an edited piece's entry to the end of the log.
    let withdrawn = editor.delete(&at(STATEMENT), Some("*")).await;
    assert_eq!(withdrawn.status(), 200);
    tick(&clock, 2);
    let page: ChangesPage = app.get_json("/api/v1/changes").await;
    let changes = &page.changes;
    assert_eq!(changes.len(), 12);
    assert_eq!(changes.iter().filter(|c| c.slug == STATEMENT).count(), 1);
    let last = changes.last().expect("an entry");
    assert_eq!(last.slug, STATEMENT);
    assert_eq!(last.change, ChangeKind::Withdrawn);
}

#[tokio::test]
async fn renaming_the_site_or_moving_its_zone_shows_at_once() {
    let clock = Clock::fixed(instant(START));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let admin = app.as_token(Role::Admin).await;
    tick(&clock, 2);
    // A JSON Feed has no shared type: its shape is the JSON Feed 1.1 format.
    let (before, _) = read(&app, "/feed.json").await;
    let before: Value = serde_json::from_str(&before).expect("JSON");
    assert_eq!(
        before["title"],
        "Embassy of the Russian Federation to the United Kingdom"
    );
    change_settings(&admin, |s| s.name = "The Mission".to_owned()).await;
    let feed: Value = app.get_json("/feed.json").await;
    assert_eq!(feed["title"], "The Mission");
    assert_eq!(feed["authors"][0]["name"], "The Mission");
    let (atom, _) = read(&app, "/feed.atom?kind=interview").await;
    let atom = feed_rs::parser::parse(atom.as_bytes()).expect("Atom");
    assert_eq!(atom.authors[0].name.as_deref(), Some("The Mission"));

    // Renamed by another node: no version is bumped, the name itself is in the key.
    app.execute("UPDATE site SET name = 'Renamed elsewhere'");
    let feed: Value = app.get_json("/feed.json").await;
    assert_eq!(feed["authors"][0]["name"], "Renamed elsewhere");

    // Every publication's date follows the home zone, on the change feed's first page too.
    let dated = async |app: &TestApp| {
        let page: ChangesPage = app.get_json("/api/v1/changes").await;
        page.changes
            .into_iter()
            .find(|c| c.slug == STATEMENT)
            .and_then(|c| c.publication)
            .map(|p| p.summary.published_on.to_string())
    };
    assert_eq!(dated(&app).await.as_deref(), Some("2020-07-14"));
    change_settings(&admin, |s| s.home_time_zone = "Pacific/Honolulu".to_owned()).await;
    tick(&clock, 2);
    assert_eq!(dated(&app).await.as_deref(), Some("2020-07-13"));
}

#[tokio::test]
async fn a_memoised_feed_still_compresses() {
    let app = TestApp::builder().spawn().await;
    let (plain, etag) = read(&app, "/feed.atom").await;
    for _ in 0..2 {
        let response = app
            .request(Method::GET, "/feed.atom")
            .header("Accept-Encoding", "gzip")
            .send()
            .await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.header("content-encoding"), "gzip");
        assert_eq!(response.etag(), etag);
        let bytes = response.bytes();
        assert!(bytes.len() < plain.len());
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .expect("gzip");
        assert_eq!(text, plain);
    }
}
