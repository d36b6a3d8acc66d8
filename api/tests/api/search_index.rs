//! What the search index holds, and when: only what is public (a scheduled piece from its
//! instant), every write reflected in the same transaction (edits, withdrawals, deletions), a
//! failed write leaving it as it was, and a database from before search filled at migrate time.

use chancery_api::clock::Clock;
use chancery_shared::staff::Role;
use serde_json::{Value, json};

use crate::helpers::{Identity, RequestHelper, TestApp, instant, slugs};
use crate::search::{INTERVIEW, Results, highlights, publish, record, search, search_path};

#[tokio::test]
async fn drafts_and_scheduled_pieces_are_found_only_once_public() {
    let clock = Clock::fixed(instant("2020-07-15T18:08:00Z"));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let mut draft = record("Quokka draft", "A quokka.", "2020-07-14T09:00:00Z");
    draft["status"] = json!("draft");
    publish(&editor, draft).await;
    let scheduled = publish(
        &editor,
        record("Quokka schedule", "Quokkas.", "2020-07-16T09:00:00Z"),
    )
    .await;
    assert_eq!(search(&app, "quokka").await.total, Some(0));
    let staff: Results = editor
        .get_json(&search_path("quokka", "&status=draft"))
        .await;
    assert_eq!(staff.total, Some(1));

    clock.set(instant("2020-07-16T09:00:00Z"));
    let page = search(&app, "quokka").await;
    assert_eq!(
        slugs(&page),
        [scheduled],
        "public at its instant, with no write"
    );
}

/// Changes `slug` as `editor` with `If-Match` from a fresh read: a merge patch, or a DELETE.
async fn change(editor: &Identity<'_>, slug: &str, patch: Option<Value>) {
    let Some(patch) = patch else {
        let path = format!("/api/v1/publications/{slug}");
        let etag = editor.get(&path).await.etag();
        let response = editor.delete(&path, Some(&etag)).await;
        assert!(response.status().is_success(), "{}", response.status());
        return;
    };
    editor.amend_publication(slug, &patch).await;
}

#[tokio::test]
async fn edits_withdrawals_and_deletions_update_the_index() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let slug = publish(
        &editor,
        record(
            "On axolotls",
            "Axolotls regrow limbs.",
            "2020-07-02T09:00:00Z",
        ),
    )
    .await;
    assert_eq!(search(&app, "axolotl").await.total, Some(1));
    change(
        &editor,
        &slug,
        Some(json!({"title": "On narwhals", "body": [{"type": "paragraph", "text": "Narwhals have tusks."}]})),
    )
    .await;
    assert_eq!(
        search(&app, "axolotl").await.total,
        Some(0),
        "the old words are gone"
    );
    let page = search(&app, "narwhal").await;
    assert_eq!(slugs(&page), [slug.as_str()]);
    assert_eq!(highlights(&page.items[0]), ["Narwhals"], "{page:?}");

    change(&editor, &slug, None).await;
    assert_eq!(search(&app, "narwhal").await.total, Some(0), "withdrawn");

    let mut draft = record("Draft on okapis", "Okapis.", "2020-07-02T09:00:00Z");
    draft["status"] = json!("draft");
    let draft = publish(&editor, draft).await;
    change(&editor, &draft, None).await;
    let staff: Results = editor
        .get_json(&search_path("okapi", "&status=draft"))
        .await;
    assert_eq!(staff.total, Some(0), "a deleted draft leaves the index");
}

#[tokio::test]
async fn a_failed_import_leaves_the_index_as_it_was() {
    let app = TestApp::builder().spawn().await;
    let file = format!(
        "{}\n{}\n",
        json!({"kind": "statement", "title": "On pangolins", "published_at": "2020-07-14T09:00:00Z",
               "body": [{"type": "paragraph", "text": "Pangolins are scaly."}]}),
        json!({"slug": INTERVIEW, "kind": "statement", "title": "Nondescript clash",
               "published_at": "2020-07-14T09:00:00Z"}),
    );
    let failed = app
        .with_db(move |conn| {
            let records = chancery_api::import::parse(&file).expect("records parse");
            let options = chancery_api::import::Options::default();
            chancery_api::import::import(conn, &records, options, &Clock::system()).is_err()
        })
        .await;
    assert!(failed, "the second record's slug is taken");
    assert_eq!(search(&app, "pangolin").await.total, Some(0));
    assert_eq!(slugs(&search(&app, "nondescript").await), [INTERVIEW]);
}

#[tokio::test]
async fn a_database_from_before_search_is_indexed_at_migrate_time() {
    let app = TestApp::builder().spawn().await;
    // As the search migration leaves an existing database: rows, an empty index, a request.
    app.execute("DELETE FROM publication_search");
    app.execute("INSERT INTO search_backfill (pending) VALUES (TRUE)");
    assert_eq!(search(&app, "nondescript").await.total, Some(0));
    app.with_db(|conn| chancery_api::db::migrate(conn).expect("migrate"))
        .await;
    assert_eq!(slugs(&search(&app, "nondescript").await), [INTERVIEW]);
    assert_eq!(search(&app, "lavrov").await.total, Some(6));
}
