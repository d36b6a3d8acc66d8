//! Caps on what one write may hold: too many tags, speakers or body blocks, names too long, or
//! a record over 512 KiB are a 422 naming the field, on POST, PUT and PATCH alike, and nothing
//! is written; exactly at each cap is accepted; and the OpenAPI document declares each cap with
//! the value the server enforces.

use chancery_shared::publication::{Publication, Revision};
use chancery_shared::record_rules::{
    MAX_BLOCKS, MAX_LANG, MAX_LEAD, MAX_NAME, MAX_SPEAKERS, MAX_TAGS, MAX_TITLE,
};
use chancery_shared::settings::{
    MAX_COUNTER_TEXT, MAX_ITEMS, MAX_LABEL, MAX_PHONE, MAX_SITE_NAME, Settings,
};
use chancery_shared::slug::{MAX_SLUG, SLUG_PATTERN};
use chancery_shared::staff::Role;
use serde_json::{Value, json};

use crate::helpers::{RequestHelper, TestApp, TestResponse, fields};

const SLUG: &str = "statement-on-caps";
const LIST: &str = "/api/v1/publications";
const PATH: &str = "/api/v1/publications/statement-on-caps";

fn statement() -> Value {
    json!({
        "slug": SLUG,
        "kind": "statement",
        "title": "Statement on caps",
        "published_at": "2020-07-16T09:00:00Z",
        "tags": ["osce"],
        "body": [{"type": "paragraph", "text": "One paragraph."}]
    })
}

fn paragraphs(n: usize, text: &str) -> Value {
    Value::Array(vec![json!({"type": "paragraph", "text": text}); n])
}

/// The fields a refused write's 422 `validation_failed` problem names.
fn refused(response: &TestResponse) -> Vec<String> {
    let problem = response.problem(422);
    assert_eq!(problem.code, "validation_failed");
    fields(&problem)
}

#[tokio::test]
async fn a_draft_with_150000_tags_is_one_error_naming_tags_and_nothing_is_kept() {
    let app = TestApp::builder().spawn().await;
    let writer = app.as_token(Role::Contributor).await;
    let mut body = statement();
    body["tags"] = Value::Array(vec![json!("t"); 150_000]);
    let problem = writer.post_json(LIST, &body).await.problem(422);
    assert_eq!(problem.code, "validation_failed");
    assert_eq!(fields(&problem), ["tags"]);
    let message = &problem.errors[0].message;
    assert!(
        message.contains("at most 20") && message.contains("150000"),
        "{message}"
    );
    assert_eq!(
        writer.get(PATH).await.status(),
        404,
        "no draft, no revision"
    );
}

#[tokio::test]
async fn each_cap_is_a_422_naming_its_field() {
    let app = TestApp::builder().spawn().await;
    let writer = app.as_token(Role::Contributor).await;
    let long = |n: usize| "x".repeat(n);
    let tags: Vec<String> = (0..=MAX_TAGS).map(|i| format!("tag-{i}")).collect();
    let mut speakers = vec![json!("Maria Zakharova"); 5];
    speakers[3] = json!(long(MAX_NAME + 1));
    let cases: Vec<(&str, Value, &str)> = vec![
        ("tags", json!(tags), "tags"),
        (
            "speakers",
            json!(vec!["Sergey Lavrov"; MAX_SPEAKERS + 1]),
            "speakers",
        ),
        ("speakers", json!(speakers), "speakers[3]"),
        ("place", json!(long(MAX_NAME + 1)), "place"),
        (
            "translation_group",
            json!(long(MAX_NAME + 1)),
            "translation_group",
        ),
        ("title", json!(long(MAX_TITLE + 1)), "title"),
        ("lead", json!(long(MAX_LEAD + 1)), "lead"),
        (
            "lang",
            json!("en-abcdefgh-abcdefgh-abcdefgh-abcdef"),
            "lang",
        ),
        ("body", paragraphs(MAX_BLOCKS + 1, "Short."), "body"),
        // 600 blocks of 1,000 characters: fewer blocks than the cap, but over 512 KiB.
        ("body", paragraphs(600, &long(1_000)), "body"),
        (
            "body",
            json!([{"type": "paragraph", "text": "Q?"},
                   {"type": "answer", "speaker": long(MAX_NAME + 1), "paragraphs": ["A."]}]),
            "body[1].speaker",
        ),
    ];
    for (key, value, field) in cases {
        let mut body = statement();
        body[key] = value;
        let named = refused(&writer.post_json(LIST, &body).await);
        assert_eq!(named, [field], "{key} → {field}");
    }
    assert_eq!(writer.get(PATH).await.status(), 404);
}

#[tokio::test]
async fn exactly_at_every_cap_is_accepted_and_kept_whole() {
    let app = TestApp::builder().spawn().await;
    let writer = app.as_token(Role::Contributor).await;
    let tags: Vec<String> = (0..MAX_TAGS).map(|i| format!("tag-{i}")).collect();
    let speakers: Vec<String> = (0..MAX_SPEAKERS)
        .map(|i| format!("{i:03}{}", "Л".repeat(MAX_NAME - 3)))
        .collect();
    let mut body = statement();
    body["tags"] = json!(tags);
    body["speakers"] = json!(speakers);
    body["place"] = json!("П".repeat(MAX_NAME));
    body["title"] = json!("T".repeat(MAX_TITLE));
    body["lang"] = json!("en-abcdefgh-abcdefgh-abcdefgh-abcde");
    assert_eq!(body["lang"].as_str().map(str::len), Some(MAX_LANG));
    body["body"] = paragraphs(MAX_BLOCKS, "A paragraph of an ordinary length.");
    let response = writer.post_json(LIST, &body).await;
    assert_eq!(response.status(), 201);
    let saved: Publication = response.json();
    assert_eq!(saved.summary.tags.len(), MAX_TAGS);
    assert_eq!(saved.summary.speakers, speakers);
    assert_eq!(saved.body.len(), MAX_BLOCKS);
}

#[tokio::test]
async fn put_and_patch_are_held_to_the_same_caps_and_write_nothing() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let created = editor.post_json(LIST, &statement()).await;
    assert_eq!(created.status(), 201);
    let etag = created.etag();

    let too_many_tags = json!({"tags": vec!["osce"; MAX_TAGS + 1]});
    let patched = editor.patch_merge(PATH, &too_many_tags, Some(&etag)).await;
    assert_eq!(refused(&patched), ["tags"]);

    let too_large = json!({"body": paragraphs(300, &"x".repeat(2_000))});
    let patched = editor.patch_merge(PATH, &too_large, Some(&etag)).await;
    assert_eq!(refused(&patched), ["body"]);

    let mut replacement = statement();
    replacement["speakers"] = json!(vec!["Sergey Lavrov"; MAX_SPEAKERS + 1]);
    replacement["body"] = paragraphs(MAX_BLOCKS + 1, "Short.");
    let put = editor.put_json(PATH, &replacement, Some(&etag)).await;
    assert_eq!(refused(&put), ["speakers", "body"]);

    assert_eq!(editor.get(PATH).await.etag(), etag);
    let revisions: Vec<Revision> = editor.get_json(&format!("{PATH}/revisions")).await;
    assert_eq!(revisions.len(), 1, "{revisions:?}");
}

#[tokio::test]
async fn settings_lists_over_their_cap_are_one_error_each() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let read = editor.get("/api/v1/settings").await;
    let mut settings: Settings = read.good();
    let clock = settings.clocks[0].clone();
    settings.clocks = vec![clock; 10_000];
    settings.counters[0].caption = "c".repeat(MAX_COUNTER_TEXT + 1);
    let response = editor
        .put_json("/api/v1/settings", &settings, Some(&read.etag()))
        .await;
    assert_eq!(refused(&response), ["clocks", "counters[0].caption"]);
}

#[test]
fn the_document_declares_the_caps_the_server_enforces() {
    let document = serde_json::to_value(chancery_api::openapi::document()).expect("JSON");
    let schemas = &document["components"]["schemas"];
    let record = &schemas["PublicationRecord"]["properties"];
    let settings = &schemas["Settings"]["properties"];
    let at = |schema: &Value, key: &str| schema[key].as_u64().map(|n| n as usize);
    let declared = [
        ("tags maxItems", at(&record["tags"], "maxItems"), MAX_TAGS),
        (
            "speakers maxItems",
            at(&record["speakers"], "maxItems"),
            MAX_SPEAKERS,
        ),
        ("body maxItems", at(&record["body"], "maxItems"), MAX_BLOCKS),
        (
            "title maxLength",
            at(&record["title"], "maxLength"),
            MAX_TITLE,
        ),
        ("lead maxLength", at(&record["lead"], "maxLength"), MAX_LEAD),
        ("lang maxLength", at(&record["lang"], "maxLength"), MAX_LANG),
        (
            "place maxLength",
            at(&record["place"], "maxLength"),
            MAX_NAME,
        ),
        (
            "translation_group maxLength",
            at(&record["translation_group"], "maxLength"),
            MAX_NAME,
        ),
        (
            "Name maxLength",
            at(&schemas["Name"], "maxLength"),
            MAX_NAME,
        ),
        (
            "Slug maxLength",
            at(&schemas["Slug"], "maxLength"),
            MAX_SLUG,
        ),
        (
            "settings name",
            at(&settings["name"], "maxLength"),
            MAX_SITE_NAME,
        ),
        ("contacts", at(&settings["contacts"], "maxItems"), MAX_ITEMS),
        ("clocks", at(&settings["clocks"], "maxItems"), MAX_ITEMS),
        ("counters", at(&settings["counters"], "maxItems"), MAX_ITEMS),
        (
            "contact label",
            at(
                &schemas["ContactSetting"]["properties"]["label"],
                "maxLength",
            ),
            MAX_LABEL,
        ),
        (
            "contact phone",
            at(
                &schemas["ContactSetting"]["properties"]["phone"],
                "maxLength",
            ),
            MAX_PHONE,
        ),
        (
            "clock label",
            at(&schemas["ClockSetting"]["properties"]["label"], "maxLength"),
            MAX_LABEL,
        ),
        (
            "counter label",
            at(
                &schemas["CounterSetting"]["properties"]["label"],
                "maxLength",
            ),
            MAX_COUNTER_TEXT,
        ),
        (
            "counter caption",
            at(
                &schemas["CounterSetting"]["properties"]["caption"],
                "maxLength",
            ),
            MAX_COUNTER_TEXT,
        ),
    ];
    for (what, found, enforced) in declared {
        assert_eq!(found, Some(enforced), "{what}");
    }
    let slug_ref = json!({"$ref": "#/components/schemas/Slug"});
    assert_eq!(record["tags"]["items"], slug_ref);
    assert_eq!(
        schemas["CounterSetting"]["properties"]["slug"]["$ref"],
        slug_ref["$ref"]
    );
    assert_eq!(schemas["Slug"]["pattern"], SLUG_PATTERN);
    assert_eq!(
        record["speakers"]["items"],
        json!({"$ref": "#/components/schemas/Name"})
    );
    assert!(
        schemas["PublicationRecord"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("512 KiB")),
        "the record's size cap is stated"
    );
}
