//! `POST /publications`: who may create what, every class of bad body, slug clashes, and that
//! a refused write leaves nothing behind.

use chancery_shared::page::ListPage;
use chancery_shared::publication::{Publication, PublicationSummary, Status};
use chancery_shared::staff::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{RequestHelper, TestApp, fields, slugs};

const LIST: &str = "/api/v1/publications";

fn statement() -> Value {
    json!({
        "kind": "statement",
        "title": "Statement on the anniversary of the Helsinki Final Act",
        "lead": "Forty-five years ago the Final Act was signed.",
        "published_at": "2020-07-16T09:00:00Z",
        "tags": ["osce"],
        "body": [{"type": "paragraph", "text": "Forty-five years ago the Final Act was signed."}]
    })
}

async fn public_total(app: &TestApp) -> u64 {
    let page: ListPage<PublicationSummary> = app.get_json(LIST).await;
    page.total.expect("total")
}

#[tokio::test]
async fn a_contributor_adds_a_draft_that_stays_private() {
    let app = TestApp::builder().spawn().await;
    let writer = app.as_token(Role::Contributor).await;
    let response = writer.post_json(LIST, &statement()).await;
    assert_eq!(response.status(), 201);
    let location = response.header("location");
    assert_eq!(
        location,
        "/api/v1/publications/statement-on-the-anniversary-of-the-helsinki-final-act"
    );
    assert!(response.headers().contains_key("etag"));
    let created: Publication = response.json();
    assert_eq!(created.summary.status, Status::Draft);
    assert_eq!(created.summary.tags, ["osce"]);
    assert_eq!(public_total(&app).await, 11);
    app.get(location).await.problem(404);
}

#[tokio::test]
async fn a_contributor_may_not_publish() {
    let app = TestApp::builder().spawn().await;
    let writer = app.as_token(Role::Contributor).await;
    let mut body = statement();
    body["status"] = json!("published");
    let problem = writer.post_json(LIST, &body).await.problem(403);
    assert_eq!(problem.code, "forbidden");
    assert_eq!(public_total(&app).await, 11);
}

#[tokio::test]
async fn an_editor_publishes_and_readers_see_it_first() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let mut body = statement();
    body["status"] = json!("published");
    body["published_at"] = json!("2020-07-16T09:00:00Z");
    assert_eq!(editor.post_json(LIST, &body).await.status(), 201);
    let page: ListPage<PublicationSummary> = app.get_json(LIST).await;
    assert_eq!(page.total, Some(12));
    assert_eq!(
        slugs(&page)[0],
        "statement-on-the-anniversary-of-the-helsinki-final-act"
    );
}

#[tokio::test]
async fn writes_need_a_token() {
    let app = TestApp::builder().spawn().await;
    let response = app.post_json(LIST, &statement()).await;
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn malformed_bodies_are_400_naming_the_field() {
    let app = TestApp::builder().spawn().await;
    let writer = app.as_token(Role::Contributor).await;
    let mut missing_title = statement();
    missing_title
        .as_object_mut()
        .expect("object")
        .remove("title");
    let mut bad_kind = statement();
    bad_kind["kind"] = json!("memo");
    let mut bad_block = statement();
    bad_block["body"] = json!([{"type": "answer", "speaker": "X", "paragraphs": "not a list"}]);
    for (body, field) in [
        (missing_title, "title"),
        (bad_kind, "kind"),
        // Tagged blocks are parsed whole, so the block is named, not its inner field.
        (bad_block, "body[0]"),
    ] {
        let problem = writer.post_json(LIST, &body).await.problem(400);
        assert_eq!(problem.code, "invalid_body", "{field}");
        assert_eq!(fields(&problem), [field]);
    }
    let not_json = writer
        .request(Method::POST, LIST)
        .body("application/json", "{\"kind\": ")
        .send()
        .await;
    assert_eq!(not_json.status(), 400);
    let as_text = writer
        .request(Method::POST, LIST)
        .body("text/plain", statement().to_string())
        .send()
        .await;
    assert_eq!(as_text.status(), 415);
}

#[tokio::test]
async fn every_invalid_field_is_reported_at_once() {
    let app = TestApp::builder().spawn().await;
    let writer = app.as_token(Role::Contributor).await;
    let mut body = statement();
    body["title"] = json!(" ");
    body["lang"] = json!("English");
    body["tags"] = json!(["Not A Tag"]);
    body["slug"] = json!("Bad Slug");
    let problem = writer.post_json(LIST, &body).await.problem(422);
    assert_eq!(problem.code, "validation_failed");
    assert_eq!(fields(&problem), ["title", "lang", "tags[0]", "slug"]);
    assert_eq!(public_total(&app).await, 11);
}

#[tokio::test]
async fn a_taken_slug_is_409_and_nothing_is_written() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let mut body = statement();
    body["slug"] = json!("lavrov-interview-russia-24-maria-bondareva");
    body["status"] = json!("published");
    let problem = editor.post_json(LIST, &body).await.problem(409);
    assert_eq!(problem.code, "conflict");
    assert_eq!(public_total(&app).await, 11);
    let tag: ListPage<PublicationSummary> = app.get_json(&format!("{LIST}?tag=osce")).await;
    assert_eq!(tag.total, Some(0), "the tag link was rolled back too");
}

#[tokio::test]
async fn other_methods_on_the_collection_list_post_as_allowed() {
    let app = TestApp::builder().spawn().await;
    let response = app.delete(LIST, None).await;
    assert_eq!(response.status(), 405);
    assert_eq!(response.header("allow"), "GET, HEAD, POST");
}

#[tokio::test]
async fn too_many_writes_from_one_address_get_429_with_retry_after() {
    let app = TestApp::builder().writes_per_minute(3).spawn().await;
    let script = app.as_token(Role::Contributor).await;
    let mut statuses = Vec::new();
    for n in 0..5 {
        let mut body = statement();
        body["title"] = json!(format!("Statement number {n}"));
        let response = script.post_json(LIST, &body).await;
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            let retry: u64 = response.header("retry-after").parse().expect("seconds");
            assert!((1..=60).contains(&retry), "Retry-After: {retry}");
            assert_eq!(response.problem(429).code, "rate_limited");
        }
    }
    assert_eq!(statuses, [201, 201, 201, 429, 429]);
    // Reads are not limited.
    let _: ListPage<PublicationSummary> = app.get_json(LIST).await;
}

#[tokio::test]
async fn an_oversized_body_is_a_413_problem() {
    let app = TestApp::builder().spawn().await;
    let writer = app.as_token(Role::Contributor).await;
    let mut body = statement();
    body["lead"] = json!("x".repeat(3 * 1024 * 1024));
    let problem = writer.post_json(LIST, &body).await.problem(413);
    assert_eq!(problem.code, "payload_too_large");
    assert_eq!(public_total(&app).await, 11);
}
