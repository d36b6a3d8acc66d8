//! The seed page's checked facts, reproduced through the API at the instant it was captured.

use chancery_shared::page::ListPage;
use chancery_shared::publication::{Block, Kind, PublicationSummary};
use chancery_shared::site::Home;

use crate::helpers::{RequestHelper, TestApp, instant, seed_list};

const CAPTURED: &str = "2020-07-15T18:08:00Z";

#[tokio::test]
async fn home_reproduces_the_seed_page_at_its_capture_instant() {
    let app = TestApp::builder().spawn().await;
    let home: Home = app.get_json(&format!("/api/v1/home?at={CAPTURED}")).await;

    assert_eq!(home.at, instant(CAPTURED));
    assert_eq!(home.site.date_line, "15 July 2020");
    assert_eq!(home.site.home_time_zone, "Europe/Moscow");

    let clocks: Vec<(&str, &str)> = home
        .clocks
        .iter()
        .map(|c| (c.label.as_str(), c.local_time.as_str()))
        .collect();
    assert_eq!(clocks, [("Moscow", "21:08"), ("London", "19:08")]);

    let contact = &home.site.contacts[0];
    assert_eq!(contact.label, "Consular queries");
    assert_eq!(contact.phone, "+44 (0) 203 668 7474");
    assert_eq!(contact.tel, "tel:+442036687474");

    let counters = &home.counters;
    assert_eq!(counters[0].days, 864);
    assert_eq!(counters[1].days, 856);
    assert_eq!(
        counters[0].text,
        "864 days have passed since the Salisbury incident - no credible information or response from the British authorities"
    );
    assert_eq!(
        counters[1].text,
        "856 days have passed since the death of Nikolay Glushkov on British soil - no credible information or response from the British authorities"
    );

    let latest: Vec<(String, String)> = home
        .latest
        .iter()
        .map(|p| (p.published_on.to_string(), p.title.clone()))
        .collect();
    assert_eq!(
        latest,
        seed_list(),
        "the ten publications in the page's order"
    );
}

#[tokio::test]
async fn featured_interview_is_question_and_answer_turns() {
    let app = TestApp::builder().spawn().await;
    let home: Home = app.get_json(&format!("/api/v1/home?at={CAPTURED}")).await;
    let featured = home.featured.expect("a featured piece");
    assert_eq!(featured.summary.kind, Kind::Interview);
    assert_eq!(
        featured.summary.occurred_on,
        Some("2019-10-14".parse().expect("date"))
    );
    assert_eq!(featured.summary.speakers[0], "Sergey Lavrov");
    let body = &featured.body;
    let questions = body
        .iter()
        .filter(|b| matches!(b, Block::Question { .. }))
        .count();
    let answers = body
        .iter()
        .filter(|b| matches!(b, Block::Answer { .. }))
        .count();
    assert_eq!((questions, answers), (5, 5));
    let Block::Question {
        speaker,
        paragraphs,
    } = &body[0]
    else {
        panic!("the interview opens with a question: {:?}", body[0]);
    };
    assert_eq!(speaker, "Question");
    assert!(paragraphs[0].starts_with("We are living in a time of “fake news”"));
    // The first answer runs over two paragraphs on the page.
    let Block::Answer {
        speaker,
        paragraphs,
    } = &body[1]
    else {
        panic!("then an answer: {:?}", body[1]);
    };
    assert_eq!(speaker, "Sergey Lavrov");
    assert_eq!(paragraphs.len(), 2);
}

#[tokio::test]
async fn the_archive_holds_eleven_including_the_interview() {
    let app = TestApp::builder().spawn().await;
    let page: ListPage<PublicationSummary> = app.get_json("/api/v1/publications").await;
    assert_eq!(page.total, Some(11));
    assert_eq!(page.items[10].kind, Kind::Interview);
}

#[tokio::test]
async fn home_leaves_out_what_was_published_after_at() {
    let app = TestApp::builder().spawn().await;
    // On 20 June 2020 the 24 June speech and everything later did not exist yet.
    let home: Home = app.get_json("/api/v1/home?at=2020-06-20T12:00:00Z").await;
    assert_eq!(home.latest[0].published_on.to_string(), "2020-06-19");
    assert_eq!(home.latest.len(), 7);
}

#[tokio::test]
async fn an_empty_database_serves_an_empty_site() {
    let app = TestApp::builder().empty().spawn().await;
    let home: Home = app.get_json("/api/v1/home").await;
    assert_eq!(home.latest.len(), 0);
    assert!(home.featured.is_none());
    let page: ListPage<PublicationSummary> = app.get_json("/api/v1/publications").await;
    assert_eq!((page.total, page.total_pages), (Some(0), Some(0)));
}
