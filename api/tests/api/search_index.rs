//! What the search index holds, and when: only what is public (a scheduled piece from its
//! instant), every write reflected in the same transaction (edits, withdrawals, deletions), a
//! failed write leaving it as it was, and a database from before search filled at migrate time.

use chancery_api::clock::Clock;
use chancery_shared::staff::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, create_token, slugs, spawn_app, spawn_app_at};
use crate::search::{INTERVIEW, highlights, publish, record, search, search_path};

#[tokio::test]
async fn drafts_and_scheduled_pieces_are_found_only_once_public() {
    let clock = Clock::fixed("2020-07-15T18:08:00Z".parse().expect("instant"));
    let app = spawn_app_at(clock.clone()).await;
    let token = create_token(&app, "editor", Role::Editor).await;
    let mut draft = record("Quokka draft", "A quokka.", "2020-07-14T09:00:00Z");
    draft["status"] = json!("draft");
    publish(&app, &token, draft).await;
    let scheduled = publish(
        &app,
        &token,
        record("Quokka schedule", "Quokkas.", "2020-07-16T09:00:00Z"),
    )
    .await;
    assert_eq!(search(&app, "quokka").await["total"], 0);
    let staff = app
        .client
        .get(format!(
            "{}{}",
            app.address,
            search_path("quokka", "&status=draft")
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    let staff: Value = staff.json().await.expect("JSON");
    assert_eq!(staff["total"], 1);

    clock.set("2020-07-16T09:00:00Z".parse().expect("instant"));
    let page = search(&app, "quokka").await;
    assert_eq!(
        slugs(&page),
        [scheduled],
        "public at its instant, with no write"
    );
}

async fn change(
    app: &TestApp,
    token: &str,
    slug: &str,
    method: reqwest::Method,
    body: Option<Value>,
) {
    let path = format!("{}/api/v1/publications/{slug}", app.address);
    let current = app
        .client
        .get(&path)
        .bearer_auth(token)
        .send()
        .await
        .expect("GET");
    let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
    let mut request = app
        .client
        .request(method, &path)
        .bearer_auth(token)
        .header("If-Match", etag);
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/merge-patch+json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("request");
    assert!(response.status().is_success(), "{}", response.status());
}

#[tokio::test]
async fn edits_withdrawals_and_deletions_update_the_index() {
    let app = spawn_app().await;
    let token = create_token(&app, "editor", Role::Editor).await;
    let slug = publish(
        &app,
        &token,
        record(
            "On axolotls",
            "Axolotls regrow limbs.",
            "2020-07-02T09:00:00Z",
        ),
    )
    .await;
    assert_eq!(search(&app, "axolotl").await["total"], 1);
    change(
        &app,
        &token,
        &slug,
        reqwest::Method::PATCH,
        Some(json!({"title": "On narwhals", "body": [{"type": "paragraph", "text": "Narwhals have tusks."}]})),
    )
    .await;
    assert_eq!(
        search(&app, "axolotl").await["total"],
        0,
        "the old words are gone"
    );
    let page = search(&app, "narwhal").await;
    assert_eq!(slugs(&page), [slug.as_str()]);
    assert_eq!(highlights(&page["items"][0]), ["Narwhals"], "{page}");

    change(&app, &token, &slug, reqwest::Method::DELETE, None).await;
    assert_eq!(search(&app, "narwhal").await["total"], 0, "withdrawn");

    let mut draft = record("Draft on okapis", "Okapis.", "2020-07-02T09:00:00Z");
    draft["status"] = json!("draft");
    let draft = publish(&app, &token, draft).await;
    change(&app, &token, &draft, reqwest::Method::DELETE, None).await;
    let staff = app
        .client
        .get(format!(
            "{}{}",
            app.address,
            search_path("okapi", "&status=draft")
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    let staff: Value = staff.json().await.expect("JSON");
    assert_eq!(staff["total"], 0, "a deleted draft leaves the index");
}

#[tokio::test]
async fn a_failed_import_leaves_the_index_as_it_was() {
    let app = spawn_app().await;
    let file = format!(
        "{}\n{}\n",
        json!({"kind": "statement", "title": "On pangolins", "published_at": "2020-07-14T09:00:00Z",
               "body": [{"type": "paragraph", "text": "Pangolins are scaly."}]}),
        json!({"slug": INTERVIEW, "kind": "statement", "title": "Nondescript clash",
               "published_at": "2020-07-14T09:00:00Z"}),
    );
    let pool = app.pool.clone();
    let failed = tokio::task::spawn_blocking(move || {
        let records = chancery_api::import::parse(&file).expect("records parse");
        let mut conn = pool.get().expect("connection");
        let options = chancery_api::import::Options::default();
        let clock = chancery_api::clock::Clock::system();
        chancery_api::import::import(&mut conn, &records, options, &clock).is_err()
    })
    .await
    .expect("finished");
    assert!(failed, "the second record's slug is taken");
    assert_eq!(search(&app, "pangolin").await["total"], 0);
    assert_eq!(slugs(&search(&app, "nondescript").await), [INTERVIEW]);
}

#[tokio::test]
async fn a_database_from_before_search_is_indexed_at_migrate_time() {
    let app = spawn_app().await;
    // As the search migration leaves an existing database: rows, an empty index, a request.
    app.execute("DELETE FROM publication_search");
    app.execute("INSERT INTO search_backfill (pending) VALUES (TRUE)");
    assert_eq!(search(&app, "nondescript").await["total"], 0);
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        chancery_api::db::migrate(&mut conn).expect("migrate")
    })
    .await
    .expect("finished");
    assert_eq!(slugs(&search(&app, "nondescript").await), [INTERVIEW]);
    assert_eq!(search(&app, "lavrov").await["total"], 6);
}
