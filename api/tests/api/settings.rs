//! Editing the site's settings: editors change clocks, counters and contacts, only admins the
//! name and home time zone; replacements need a current If-Match; every bad field is named;
//! and the public endpoints follow at once.

use chancery_shared::staff::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, create_token, fields, spawn_app};

async fn read(app: &TestApp, token: &str) -> (Value, String) {
    let response = app
        .client
        .get(format!("{}/api/v1/settings", app.address))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    (response.json().await.expect("JSON"), etag)
}

async fn replace(
    app: &TestApp,
    token: &str,
    etag: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    let mut request = app
        .client
        .put(format!("{}/api/v1/settings", app.address))
        .bearer_auth(token)
        .json(body);
    if let Some(tag) = etag {
        request = request.header("If-Match", tag);
    }
    request.send().await.expect("request")
}

#[tokio::test]
async fn the_settings_document_holds_the_seed_setup() {
    let app = spawn_app().await;
    let editor = create_token(&app, "press-office", Role::Editor).await;
    let (settings, _) = read(&app, &editor).await;
    assert_eq!(settings["home_time_zone"], "Europe/Moscow");
    assert_eq!(settings["clocks"][1]["time_zone"], "Europe/London");
    assert_eq!(settings["counters"][0]["event_date"], "2018-03-04");
    let anonymous = app.get("/api/v1/settings").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_editor_adds_a_clock_and_the_public_sees_it() {
    let app = spawn_app().await;
    let editor = create_token(&app, "press-office", Role::Editor).await;
    let (mut settings, etag) = read(&app, &editor).await;
    settings["clocks"]
        .as_array_mut()
        .expect("clocks")
        .push(json!({"label": "New York", "time_zone": "America/New_York"}));
    assert_eq!(
        replace(&app, &editor, None, &settings).await.status(),
        StatusCode::PRECONDITION_REQUIRED
    );
    assert_eq!(
        replace(&app, &editor, Some(&etag), &settings)
            .await
            .status(),
        StatusCode::OK
    );
    let clocks = app.get_json("/api/v1/clocks?at=2020-07-15T18:08:00Z").await;
    assert_eq!(clocks["items"][2]["local_time"], "14:08");
    // The old ETag is now stale.
    assert_eq!(
        replace(&app, &editor, Some(&etag), &settings)
            .await
            .status(),
        StatusCode::PRECONDITION_FAILED
    );
}

#[tokio::test]
async fn only_admins_rename_the_site_or_move_its_time_zone() {
    let app = spawn_app().await;
    let editor = create_token(&app, "press-office", Role::Editor).await;
    let admin = create_token(&app, "head", Role::Admin).await;
    let contributor = create_token(&app, "writer", Role::Contributor).await;
    let (mut settings, etag) = read(&app, &editor).await;
    settings["home_time_zone"] = json!("Europe/London");
    assert_eq!(
        replace(&app, &contributor, Some(&etag), &settings)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        replace(&app, &editor, Some(&etag), &settings)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        replace(&app, &admin, Some(&etag), &settings).await.status(),
        StatusCode::OK
    );
    // 21:30 UTC on 15 July is still 15 July in London.
    let site = app.get_json("/api/v1/site?at=2020-07-15T21:30:00Z").await;
    assert_eq!(site["date_line"], "15 July 2020");
}

#[tokio::test]
async fn bad_settings_name_every_field_and_change_nothing() {
    let app = spawn_app().await;
    let editor = create_token(&app, "press-office", Role::Editor).await;
    let (mut settings, etag) = read(&app, &editor).await;
    settings["clocks"][0]["time_zone"] = json!("Mars/Olympus_Mons");
    settings["counters"][1]["slug"] = json!("salisbury-incident");
    let response = replace(&app, &editor, Some(&etag), &settings).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = response.json().await.expect("problem");
    assert_eq!(
        fields(&problem),
        ["clocks[0].time_zone", "counters[1].slug"]
    );
    let (after, after_etag) = read(&app, &editor).await;
    assert_eq!(after_etag, etag);
    assert_eq!(after["clocks"][0]["time_zone"], "Europe/Moscow");
}
