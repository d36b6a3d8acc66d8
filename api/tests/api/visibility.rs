//! What the public sees: only published pieces whose time has come. Drafts and scheduled
//! pieces do not exist for readers; withdrawn ones answer 410; a scheduled piece appears at
//! its instant, with the clock driven rather than slept through.

use chancery_api::clock::Clock;

use crate::helpers::{slugs, spawn_app, spawn_app_at};

const STATEMENT: &str = "foreign-ministry-statement-fifth-anniversary-jcpoa";

#[tokio::test]
async fn drafts_are_invisible_everywhere() {
    let app = spawn_app().await;
    app.execute(&format!(
        "UPDATE publications SET status = 'draft' WHERE slug = '{STATEMENT}'"
    ));
    let page = app.get_json("/api/v1/publications").await;
    assert_eq!(page["total"], 10);
    assert!(!slugs(&page).contains(&STATEMENT.to_owned()));
    app.get_problem(&format!("/api/v1/publications/{STATEMENT}"), 404)
        .await;
    let home = app.get_json("/api/v1/home").await;
    assert_ne!(home["latest"][0]["slug"], STATEMENT);
    // Its neighbours link past it.
    let next = app.get_json("/api/v1/publications?per_page=1").await;
    let newest = next["items"][0]["slug"].as_str().expect("slug").to_owned();
    let newest = app
        .get_json(&format!("/api/v1/publications/{newest}/neighbours"))
        .await;
    assert!(newest["newer"].is_null());
}

#[tokio::test]
async fn withdrawn_publications_answer_410() {
    let app = spawn_app().await;
    app.execute(&format!(
        "UPDATE publications SET status = 'withdrawn' WHERE slug = '{STATEMENT}'"
    ));
    let problem = app
        .get_problem(&format!("/api/v1/publications/{STATEMENT}"), 410)
        .await;
    assert_eq!(problem["code"], "gone");
    app.get_problem(&format!("/api/v1/publications/{STATEMENT}/neighbours"), 410)
        .await;
    assert_eq!(app.get_json("/api/v1/publications").await["total"], 10);
}

#[tokio::test]
async fn a_scheduled_publication_becomes_public_at_its_instant() {
    let clock = Clock::fixed("2020-07-15T18:08:00Z".parse().expect("instant"));
    let app = spawn_app_at(clock.clone()).await;
    app.execute(&format!(
        "UPDATE publications SET published_at = '2020-07-15 20:00:00' WHERE slug = '{STATEMENT}'"
    ));
    let before = app.get_json("/api/v1/publications").await;
    assert_eq!(before["total"], 10);
    app.get_problem(&format!("/api/v1/publications/{STATEMENT}"), 404)
        .await;

    clock.set("2020-07-15T19:59:59Z".parse().expect("instant"));
    assert_eq!(app.get_json("/api/v1/publications").await["total"], 10);

    clock.set("2020-07-15T20:00:00Z".parse().expect("instant"));
    let after = app.get_json("/api/v1/publications").await;
    assert_eq!(
        after["total"], 11,
        "no write happened, yet the list must grow at 20:00"
    );
    assert_eq!(after["items"][0]["slug"], STATEMENT);
    assert_eq!(after["items"][0]["status"], "published");
    let publication = app
        .get_json(&format!("/api/v1/publications/{STATEMENT}"))
        .await;
    assert_eq!(publication["published_at"], "2020-07-15T20:00:00Z");
}
