//! `POST /publications`: who may create what, every class of bad body, slug clashes, and that
//! a refused write leaves nothing behind.

use chancery_shared::staff::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, create_token as token, fields, slugs, spawn_app};

async fn post(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/publications", app.address))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("request")
}

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
    app.get_json("/api/v1/publications").await["total"]
        .as_u64()
        .expect("total")
}

#[tokio::test]
async fn a_contributor_adds_a_draft_that_stays_private() {
    let app = spawn_app().await;
    let token = token(&app, "writer", Role::Contributor).await;
    let response = post(&app, &token, &statement()).await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert_eq!(
        location,
        "/api/v1/publications/statement-on-the-anniversary-of-the-helsinki-final-act"
    );
    assert!(response.headers().contains_key("etag"));
    let created: Value = response.json().await.expect("JSON");
    assert_eq!(created["status"], "draft");
    assert_eq!(created["tags"], json!(["osce"]));
    assert_eq!(public_total(&app).await, 11);
    app.get_problem(&location, 404).await;
}

#[tokio::test]
async fn a_contributor_may_not_publish() {
    let app = spawn_app().await;
    let token = token(&app, "writer", Role::Contributor).await;
    let mut body = statement();
    body["status"] = json!("published");
    let response = post(&app, &token, &body).await;
    assert_eq!(response.status(), 403);
    let problem: Value = response.json().await.expect("problem");
    assert_eq!(problem["code"], "forbidden");
    assert_eq!(public_total(&app).await, 11);
}

#[tokio::test]
async fn an_editor_publishes_and_readers_see_it_first() {
    let app = spawn_app().await;
    let token = token(&app, "press-office", Role::Editor).await;
    let mut body = statement();
    body["status"] = json!("published");
    body["published_at"] = json!("2020-07-16T09:00:00Z");
    assert_eq!(post(&app, &token, &body).await.status(), 201);
    let page = app.get_json("/api/v1/publications").await;
    assert_eq!(page["total"], 12);
    assert_eq!(
        slugs(&page)[0],
        "statement-on-the-anniversary-of-the-helsinki-final-act"
    );
}

#[tokio::test]
async fn writes_need_a_token() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(format!("{}/api/v1/publications", app.address))
        .json(&statement())
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn malformed_bodies_are_400_naming_the_field() {
    let app = spawn_app().await;
    let token = token(&app, "writer", Role::Contributor).await;
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
        let response = post(&app, &token, &body).await;
        assert_eq!(response.status(), 400, "{field}");
        let problem: Value = response.json().await.expect("problem");
        assert_eq!(problem["code"], "invalid_body");
        assert_eq!(fields(&problem), [field]);
    }
    let not_json = app
        .client
        .post(format!("{}/api/v1/publications", app.address))
        .bearer_auth(&token)
        .header("Content-Type", "application/json")
        .body("{\"kind\": ")
        .send()
        .await
        .expect("request");
    assert_eq!(not_json.status(), 400);
    let as_text = app
        .client
        .post(format!("{}/api/v1/publications", app.address))
        .bearer_auth(&token)
        .header("Content-Type", "text/plain")
        .body(statement().to_string())
        .send()
        .await
        .expect("request");
    assert_eq!(as_text.status(), 415);
}

#[tokio::test]
async fn every_invalid_field_is_reported_at_once() {
    let app = spawn_app().await;
    let token = token(&app, "writer", Role::Contributor).await;
    let mut body = statement();
    body["title"] = json!(" ");
    body["lang"] = json!("English");
    body["tags"] = json!(["Not A Tag"]);
    body["slug"] = json!("Bad Slug");
    let response = post(&app, &token, &body).await;
    assert_eq!(response.status(), 422);
    let problem: Value = response.json().await.expect("problem");
    assert_eq!(problem["code"], "validation_failed");
    assert_eq!(fields(&problem), ["title", "lang", "tags[0]", "slug"]);
    assert_eq!(public_total(&app).await, 11);
}

#[tokio::test]
async fn a_taken_slug_is_409_and_nothing_is_written() {
    let app = spawn_app().await;
    let token = token(&app, "press-office", Role::Editor).await;
    let mut body = statement();
    body["slug"] = json!("lavrov-interview-russia-24-maria-bondareva");
    body["status"] = json!("published");
    let response = post(&app, &token, &body).await;
    assert_eq!(response.status(), 409);
    let problem: Value = response.json().await.expect("problem");
    assert_eq!(problem["code"], "conflict");
    assert_eq!(public_total(&app).await, 11);
    let tag = app.get_json("/api/v1/publications?tag=osce").await;
    assert_eq!(tag["total"], 0, "the tag link was rolled back too");
}

#[tokio::test]
async fn other_methods_on_the_collection_list_post_as_allowed() {
    let app = spawn_app().await;
    let response = app
        .client
        .delete(format!("{}/api/v1/publications", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "GET, HEAD, POST");
}

#[tokio::test]
async fn too_many_writes_from_one_address_get_429_with_retry_after() {
    let app = crate::helpers::spawn_app_with_write_limit(3).await;
    let token = token(&app, "script", Role::Contributor).await;
    let mut statuses = Vec::new();
    for n in 0..5 {
        let mut body = statement();
        body["title"] = json!(format!("Statement number {n}"));
        let response = post(&app, &token, &body).await;
        statuses.push(response.status().as_u16());
        if response.status() == 429 {
            let retry: u64 = response.headers()["retry-after"]
                .to_str()
                .expect("text")
                .parse()
                .expect("seconds");
            assert!((1..=60).contains(&retry), "Retry-After: {retry}");
            let problem: Value = response.json().await.expect("problem");
            assert_eq!(problem["code"], "rate_limited");
        }
    }
    assert_eq!(statuses, [201, 201, 201, 429, 429]);
    // Reads are not limited.
    app.get_json("/api/v1/publications").await;
}

#[tokio::test]
async fn an_oversized_body_is_a_413_problem() {
    let app = spawn_app().await;
    let token = token(&app, "writer", Role::Contributor).await;
    let mut body = statement();
    body["lead"] = json!("x".repeat(3 * 1024 * 1024));
    let response = post(&app, &token, &body).await;
    assert_eq!(response.status(), 413);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = response.json().await.expect("problem");
    assert_eq!(problem["code"], "payload_too_large");
    assert_eq!(public_total(&app).await, 11);
}
