//! What the public sees: only published pieces whose time has come. Drafts and scheduled
//! pieces do not exist for readers; withdrawn ones answer 410; a scheduled piece appears at
//! its instant, with the clock driven rather than slept through.

use chancery_api::clock::Clock;
use chancery_shared::page::ListPage;
use chancery_shared::publication::{Neighbours, Publication, PublicationSummary, Status};
use chancery_shared::site::Home;

use crate::helpers::{RequestHelper, TestApp, instant, slugs};

const STATEMENT: &str = "foreign-ministry-statement-fifth-anniversary-jcpoa";

type Page = ListPage<PublicationSummary>;

#[tokio::test]
async fn drafts_are_invisible_everywhere() {
    let app = TestApp::builder().spawn().await;
    app.execute(&format!(
        "UPDATE publications SET status = 'draft' WHERE slug = '{STATEMENT}'"
    ));
    let page: Page = app.get_json("/api/v1/publications").await;
    assert_eq!(page.total, Some(10));
    assert!(!slugs(&page).contains(&STATEMENT.to_owned()));
    app.get(&format!("/api/v1/publications/{STATEMENT}"))
        .await
        .problem(404);
    let home: Home = app.get_json("/api/v1/home").await;
    assert_ne!(home.latest[0].slug, STATEMENT);
    // Its neighbours link past it.
    let next: Page = app.get_json("/api/v1/publications?per_page=1").await;
    let newest = &next.items[0].slug;
    let newest: Neighbours = app
        .get_json(&format!("/api/v1/publications/{newest}/neighbours"))
        .await;
    assert!(newest.newer.is_none());
}

#[tokio::test]
async fn withdrawn_publications_answer_410() {
    let app = TestApp::builder().spawn().await;
    app.execute(&format!(
        "UPDATE publications SET status = 'withdrawn' WHERE slug = '{STATEMENT}'"
    ));
    let problem = app
        .get(&format!("/api/v1/publications/{STATEMENT}"))
        .await
        .problem(410);
    assert_eq!(problem.code, "gone");
    app.get(&format!("/api/v1/publications/{STATEMENT}/neighbours"))
        .await
        .problem(410);
    let page: Page = app.get_json("/api/v1/publications").await;
    assert_eq!(page.total, Some(10));
}

#[tokio::test]
async fn a_scheduled_publication_becomes_public_at_its_instant() {
    let clock = Clock::fixed(instant("2020-07-15T18:08:00Z"));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    app.execute(&format!(
        "UPDATE publications SET published_at = '2020-07-15 20:00:00' WHERE slug = '{STATEMENT}'"
    ));
    let before: Page = app.get_json("/api/v1/publications").await;
    assert_eq!(before.total, Some(10));
    app.get(&format!("/api/v1/publications/{STATEMENT}"))
        .await
        .problem(404);

    clock.set(instant("2020-07-15T19:59:59Z"));
    let almost: Page = app.get_json("/api/v1/publications").await;
    assert_eq!(almost.total, Some(10));

    clock.set(instant("2020-07-15T20:00:00Z"));
    let after: Page = app.get_json("/api/v1/publications").await;
    assert_eq!(
        after.total,
        Some(11),
        "no write happened, yet the list must grow at 20:00"
    );
    assert_eq!(after.items[0].slug, STATEMENT);
    assert_eq!(after.items[0].status, Status::Published);
    let publication: Publication = app
        .get_json(&format!("/api/v1/publications/{STATEMENT}"))
        .await;
    assert_eq!(
        publication.summary.published_at,
        instant("2020-07-15T20:00:00Z")
    );
}
