//! Changing publications: `If-Match` is required (428) and must be current (412), so no edit
//! overwrites a colleague's; merge patches change only what they name; every save is kept as
//! a revision; contributors touch only their own drafts.

use chancery_shared::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, create_token as token, spawn_app};

const SLUG: &str = "statement-on-the-helsinki-final-act";

/// Creates the test publication as `token`; returns its ETag.
async fn create(app: &TestApp, token: &str, status: &str) -> String {
    let response = app
        .client
        .post(format!("{}/api/v1/publications", app.address))
        .bearer_auth(token)
        .json(&json!({
            "slug": SLUG,
            "kind": "statement",
            "title": "Statement on the Helsinki Final Act",
            "lead": "Forty-five years ago the Final Act was signed.",
            "place": "Moscow",
            "published_at": "2020-07-16T09:00:00Z",
            "status": status,
        }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    response.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned()
}

async fn patch(
    app: &TestApp,
    token: &str,
    if_match: Option<&str>,
    body: Value,
) -> reqwest::Response {
    let mut request = app
        .client
        .patch(format!("{}/api/v1/publications/{SLUG}", app.address))
        .bearer_auth(token)
        .header("Content-Type", "application/merge-patch+json")
        .body(body.to_string());
    if let Some(tag) = if_match {
        request = request.header("If-Match", tag);
    }
    request.send().await.expect("request")
}

async fn staff_get(app: &TestApp, token: &str, slug: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/api/v1/publications/{slug}", app.address))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn an_edit_needs_a_current_if_match() {
    let app = spawn_app().await;
    let editor = token(&app, "press-office", Role::Editor).await;
    let first = create(&app, &editor, "published").await;

    let missing = patch(&app, &editor, None, json!({"title": "No precondition"})).await;
    assert_eq!(missing.status(), StatusCode::PRECONDITION_REQUIRED);

    let saved = patch(&app, &editor, Some(&first), json!({"title": "First edit"})).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let second = saved.headers()["etag"].to_str().expect("etag").to_owned();
    assert_ne!(second, first);

    // A colleague still holding the first version is refused, and nothing is written.
    let stale = patch(&app, &editor, Some(&first), json!({"title": "Lost update"})).await;
    assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
    let problem: Value = stale.json().await.expect("problem");
    assert_eq!(problem["code"], "precondition_failed");
    let now: Value = staff_get(&app, &editor, SLUG)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(now["title"], "First edit");

    // The ETag a GET gives is the one a write takes.
    let got = staff_get(&app, &editor, SLUG).await;
    assert_eq!(got.headers()["etag"].to_str().expect("etag"), second);
}

#[tokio::test]
async fn a_merge_patch_changes_only_what_it_names_and_every_save_is_a_revision() {
    let app = spawn_app().await;
    let editor = token(&app, "press-office", Role::Editor).await;
    let etag = create(&app, &editor, "published").await;
    let saved = patch(
        &app,
        &editor,
        Some(&etag),
        json!({"title": "Corrected title", "place": null, "change_note": "Title corrected"}),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let publication: Value = saved.json().await.expect("JSON");
    assert_eq!(publication["title"], "Corrected title");
    assert_eq!(
        publication["lead"],
        "Forty-five years ago the Final Act was signed."
    );
    assert!(publication["place"].is_null());
    assert_eq!(publication["change_note"], "Title corrected");

    let revisions: Value = app
        .client
        .get(format!(
            "{}/api/v1/publications/{SLUG}/revisions",
            app.address
        ))
        .bearer_auth(&editor)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    let numbers: Vec<i64> = revisions
        .as_array()
        .expect("list")
        .iter()
        .map(|r| r["number"].as_i64().expect("number"))
        .collect();
    assert_eq!(numbers, [2, 1]);
    assert_eq!(revisions[0]["change_note"], "Title corrected");
    assert_eq!(revisions[0]["actor"], "press-office");

    let staff_json = |path: String| {
        let app = &app;
        let editor = editor.clone();
        async move {
            let response = app
                .client
                .get(format!("{}{path}", app.address))
                .bearer_auth(editor)
                .send()
                .await
                .expect("request");
            (
                response.status(),
                response.json::<Value>().await.expect("JSON"),
            )
        }
    };
    let (status, first) = staff_json(format!("/api/v1/publications/{SLUG}/revisions/1")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        first["record"]["title"],
        "Statement on the Helsinki Final Act"
    );
    assert_eq!(first["record"]["place"], "Moscow");
    let (_, diff) = staff_json(format!("/api/v1/publications/{SLUG}/diff?from=1&to=2")).await;
    let changed: Vec<&str> = diff["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| c["field"].as_str().expect("field"))
        .collect();
    assert_eq!(changed, ["place", "title"]);
    assert_eq!(
        diff["changes"][1]["before"],
        "Statement on the Helsinki Final Act"
    );
    assert_eq!(diff["changes"][1]["after"], "Corrected title");
    let (status, _) = staff_json(format!("/api/v1/publications/{SLUG}/revisions/9")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, problem) = staff_json(format!("/api/v1/publications/{SLUG}/revisions/two")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["errors"][0]["field"], "path");
}

#[tokio::test]
async fn contributors_edit_only_their_own_drafts_and_cannot_publish() {
    let app = spawn_app().await;
    let author = token(&app, "writer", Role::Contributor).await;
    let other = token(&app, "other-writer", Role::Contributor).await;
    let etag = create(&app, &author, "draft").await;

    let theirs = patch(&app, &other, Some(&etag), json!({"title": "Not mine"})).await;
    assert_eq!(theirs.status(), StatusCode::FORBIDDEN);
    let publish = patch(&app, &author, Some(&etag), json!({"status": "published"})).await;
    assert_eq!(publish.status(), StatusCode::FORBIDDEN);
    let mine = patch(
        &app,
        &author,
        Some(&etag),
        json!({"title": "My better title"}),
    )
    .await;
    assert_eq!(mine.status(), StatusCode::OK);
}

#[tokio::test]
async fn staff_see_drafts_that_the_public_does_not() {
    let app = spawn_app().await;
    let author = token(&app, "writer", Role::Contributor).await;
    create(&app, &author, "draft").await;
    let staff = staff_get(&app, &author, SLUG).await;
    assert_eq!(staff.status(), StatusCode::OK);
    assert_eq!(staff.headers()["cache-control"], "private, no-store");
    app.get_problem(&format!("/api/v1/publications/{SLUG}"), 404)
        .await;
    let bad = staff_get(&app, "chy_not-a-token", SLUG).await;
    assert_eq!(
        bad.status(),
        StatusCode::UNAUTHORIZED,
        "bad credentials are never public"
    );
}

#[tokio::test]
async fn renaming_to_a_taken_slug_is_409_and_changes_nothing() {
    let app = spawn_app().await;
    let editor = token(&app, "press-office", Role::Editor).await;
    let etag = create(&app, &editor, "published").await;
    let clash = patch(
        &app,
        &editor,
        Some(&etag),
        json!({"slug": "lavrov-interview-russia-24-maria-bondareva", "title": "Renamed"}),
    )
    .await;
    assert_eq!(clash.status(), StatusCode::CONFLICT);
    let still: Value = staff_get(&app, &editor, SLUG)
        .await
        .json()
        .await
        .expect("JSON");
    assert_eq!(still["title"], "Statement on the Helsinki Final Act");
}

#[tokio::test]
async fn put_replaces_the_record_and_validation_lists_every_field() {
    let app = spawn_app().await;
    let editor = token(&app, "press-office", Role::Editor).await;
    let etag = create(&app, &editor, "published").await;
    let put = |body: Value, tag: String| {
        let app = &app;
        let editor = editor.clone();
        async move {
            app.client
                .put(format!("{}/api/v1/publications/{SLUG}", app.address))
                .bearer_auth(editor)
                .header("If-Match", tag)
                .json(&body)
                .send()
                .await
                .expect("request")
        }
    };
    let invalid = put(
        json!({"kind": "statement", "title": "", "lang": "English", "published_at": "2020-07-16T09:00:00Z"}),
        etag.clone(),
    )
    .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = invalid.json().await.expect("problem");
    assert_eq!(crate::helpers::fields(&problem), ["title", "lang"]);
    let replaced = put(
        json!({"kind": "comment", "title": "Comment on the Final Act", "published_at": "2020-07-16T09:00:00Z"}),
        etag,
    )
    .await;
    assert_eq!(replaced.status(), StatusCode::OK);
    let publication: Value = replaced.json().await.expect("JSON");
    assert_eq!(publication["kind"], "comment");
    assert_eq!(
        publication["lead"], "",
        "PUT replaces: what is not given is reset"
    );
    assert_eq!(publication["slug"], SLUG, "an absent slug is kept");
    assert_eq!(
        publication["status"], "published",
        "an absent status is kept"
    );
}

async fn delete(app: &TestApp, token: &str, if_match: &str) -> reqwest::Response {
    app.client
        .delete(format!("{}/api/v1/publications/{SLUG}", app.address))
        .bearer_auth(token)
        .header("If-Match", if_match)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn a_contributor_removes_only_their_own_draft() {
    let app = spawn_app().await;
    let author = token(&app, "writer", Role::Contributor).await;
    let other = token(&app, "other-writer", Role::Contributor).await;
    let etag = create(&app, &author, "draft").await;
    assert_eq!(
        delete(&app, &other, &etag).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        delete(&app, &author, "\"stale\"").await.status(),
        StatusCode::PRECONDITION_FAILED
    );
    assert_eq!(
        delete(&app, &author, &etag).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        staff_get(&app, &author, SLUG).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn deleting_a_published_piece_withdraws_it_for_editors_only() {
    let app = spawn_app().await;
    let editor = token(&app, "press-office", Role::Editor).await;
    let contributor = token(&app, "writer", Role::Contributor).await;
    let etag = create(&app, &editor, "published").await;
    assert_eq!(
        delete(&app, &contributor, &etag).await.status(),
        StatusCode::FORBIDDEN
    );
    let withdrawn = delete(&app, &editor, &etag).await;
    assert_eq!(withdrawn.status(), StatusCode::OK);
    let body: Value = withdrawn.json().await.expect("JSON");
    assert_eq!(body["status"], "withdrawn");
    app.get_problem(&format!("/api/v1/publications/{SLUG}"), 410)
        .await;
    let page = app.get_json("/api/v1/publications").await;
    assert_eq!(page["total"], 11, "withdrawn pieces leave the public list");
}

#[tokio::test]
async fn staff_list_publications_by_status() {
    let clock = chancery_api::clock::Clock::fixed("2020-07-15T18:08:00Z".parse().expect("instant"));
    let app = crate::helpers::spawn_app_at(clock.clone()).await;
    let editor = token(&app, "press-office", Role::Editor).await;
    create(&app, &editor, "draft").await;
    let list = |status: &'static str| {
        let app = &app;
        let editor = editor.clone();
        async move {
            app.client
                .get(format!(
                    "{}/api/v1/publications?status={status}",
                    app.address
                ))
                .bearer_auth(editor)
                .send()
                .await
                .expect("request")
        }
    };
    let drafts = list("draft").await;
    assert_eq!(drafts.headers()["cache-control"], "private, no-store");
    let drafts: Value = drafts.json().await.expect("JSON");
    assert_eq!(drafts["total"], 1);
    assert_eq!(drafts["items"][0]["status"], "draft");
    // The draft's published_at (16 July) is still ahead: publishing it schedules it.
    let etag = staff_get(&app, &editor, SLUG).await.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    assert_eq!(
        patch(&app, &editor, Some(&etag), json!({"status": "published"}))
            .await
            .status(),
        StatusCode::OK
    );
    let scheduled: Value = list("scheduled").await.json().await.expect("JSON");
    assert_eq!(scheduled["total"], 1);
    assert_eq!(scheduled["items"][0]["status"], "scheduled");
    assert_eq!(app.get_json("/api/v1/publications").await["total"], 11);
    clock.set("2020-07-16T09:00:00Z".parse().expect("instant"));
    let scheduled: Value = list("scheduled").await.json().await.expect("JSON");
    assert_eq!(scheduled["total"], 0, "its time has come");
    assert_eq!(app.get_json("/api/v1/publications").await["total"], 12);
    // The public may not ask for statuses.
    let anonymous = app.get("/api/v1/publications?status=draft").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
