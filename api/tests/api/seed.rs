//! The seed page's checked facts, reproduced through the API at the instant it was captured.

use crate::helpers::{seed_list, spawn_app};

const CAPTURED: &str = "2020-07-15T18:08:00Z";

#[tokio::test]
async fn home_reproduces_the_seed_page_at_its_capture_instant() {
    let app = spawn_app().await;
    let home = app.get_json(&format!("/api/v1/home?at={CAPTURED}")).await;

    assert_eq!(home["at"], CAPTURED);
    assert_eq!(home["site"]["date_line"], "15 July 2020");
    assert_eq!(home["site"]["home_time_zone"], "Europe/Moscow");

    let clocks: Vec<(&str, &str)> = home["clocks"]
        .as_array()
        .expect("clocks")
        .iter()
        .map(|c| {
            (
                c["label"].as_str().expect("label"),
                c["local_time"].as_str().expect("time"),
            )
        })
        .collect();
    assert_eq!(clocks, [("Moscow", "21:08"), ("London", "19:08")]);

    let contact = &home["site"]["contacts"][0];
    assert_eq!(contact["label"], "Consular queries");
    assert_eq!(contact["phone"], "+44 (0) 203 668 7474");
    assert_eq!(contact["tel"], "tel:+442036687474");

    let counters = home["counters"].as_array().expect("counters");
    assert_eq!(counters[0]["days"], 864);
    assert_eq!(counters[1]["days"], 856);
    assert_eq!(
        counters[0]["text"],
        "864 days have passed since the Salisbury incident - no credible information or response from the British authorities"
    );
    assert_eq!(
        counters[1]["text"],
        "856 days have passed since the death of Nikolay Glushkov on British soil - no credible information or response from the British authorities"
    );

    let latest: Vec<(String, String)> = home["latest"]
        .as_array()
        .expect("latest")
        .iter()
        .map(|p| {
            (
                p["published_on"].as_str().expect("date").to_owned(),
                p["title"].as_str().expect("title").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        latest,
        seed_list(),
        "the ten publications in the page's order"
    );
}

#[tokio::test]
async fn featured_interview_is_question_and_answer_turns() {
    let app = spawn_app().await;
    let home = app.get_json(&format!("/api/v1/home?at={CAPTURED}")).await;
    let featured = &home["featured"];
    assert_eq!(featured["kind"], "interview");
    assert_eq!(featured["occurred_on"], "2019-10-14");
    assert_eq!(featured["speakers"][0], "Sergey Lavrov");
    let body = featured["body"].as_array().expect("body");
    let turns: Vec<&str> = body
        .iter()
        .map(|b| b["type"].as_str().expect("type"))
        .collect();
    assert_eq!(turns.iter().filter(|t| **t == "question").count(), 5);
    assert_eq!(turns.iter().filter(|t| **t == "answer").count(), 5);
    assert_eq!(body[0]["speaker"], "Question");
    assert!(
        body[0]["paragraphs"][0]
            .as_str()
            .expect("question text")
            .starts_with("We are living in a time of “fake news”")
    );
    // The first answer runs over two paragraphs on the page.
    assert_eq!(body[1]["speaker"], "Sergey Lavrov");
    assert_eq!(
        body[1]["paragraphs"].as_array().expect("paragraphs").len(),
        2
    );
}

#[tokio::test]
async fn the_archive_holds_eleven_including_the_interview() {
    let app = spawn_app().await;
    let page = app.get_json("/api/v1/publications").await;
    assert_eq!(page["total"], 11);
    assert_eq!(page["items"][10]["kind"], "interview");
}

#[tokio::test]
async fn home_leaves_out_what_was_published_after_at() {
    let app = spawn_app().await;
    // On 20 June 2020 the 24 June speech and everything later did not exist yet.
    let home = app.get_json("/api/v1/home?at=2020-06-20T12:00:00Z").await;
    let first = &home["latest"][0];
    assert_eq!(first["published_on"], "2020-06-19");
    assert_eq!(home["latest"].as_array().expect("latest").len(), 7);
}

#[tokio::test]
async fn an_empty_database_serves_an_empty_site() {
    let app = crate::helpers::spawn_empty_app().await;
    let home = app.get_json("/api/v1/home").await;
    assert_eq!(home["latest"].as_array().expect("latest").len(), 0);
    assert!(home["featured"].is_null());
    let page = app.get_json("/api/v1/publications").await;
    assert_eq!(
        (page["total"].as_u64(), page["total_pages"].as_u64()),
        (Some(0), Some(0))
    );
}
