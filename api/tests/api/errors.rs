//! Every class of bad input gets a 4xx problem+json naming the field; stored data the server
//! cannot read is a logged 500, never a crash.

use chancery_shared::counter::Counter;
use chancery_shared::page::ListPage;
use chancery_shared::publication::PublicationSummary;
use reqwest::Method;

use crate::helpers::{RequestHelper, TestApp, fields};

#[tokio::test]
async fn per_page_out_of_range_or_not_a_number_is_rejected() {
    let app = TestApp::builder().spawn().await;
    for bad in ["0", "101", "abc", "-1", "1.5"] {
        let problem = app
            .get(&format!("/api/v1/publications?per_page={bad}"))
            .await
            .problem(400);
        assert_eq!(fields(&problem), ["per_page"], "per_page={bad}");
        assert_eq!(problem.code, "invalid_parameter");
    }
}

#[tokio::test]
async fn page_zero_is_rejected() {
    let app = TestApp::builder().spawn().await;
    let problem = app.get("/api/v1/publications?page=0").await.problem(400);
    assert_eq!(fields(&problem), ["page"]);
}

#[tokio::test]
async fn unknown_parameters_are_rejected_not_ignored() {
    let app = TestApp::builder().spawn().await;
    for (path, field) in [
        ("/api/v1/publications?knd=speech", "knd"),
        ("/api/v1/home?limit=5&language=ru", "language"),
        ("/api/v1/counters?when=today", "when"),
        (
            "/api/v1/publications/foreign-ministry-statement-fifth-anniversary-jcpoa?x=1",
            "x",
        ),
    ] {
        let problem = app.get(path).await.problem(400);
        assert_eq!(fields(&problem), [field], "{path}");
    }
}

#[tokio::test]
async fn malformed_dates_and_instants_are_rejected() {
    let app = TestApp::builder().spawn().await;
    for (path, field) in [
        ("/api/v1/publications?from=2020-13-01", "from"),
        ("/api/v1/publications?to=yesterday", "to"),
        ("/api/v1/counters?at=2020-07-15T25:00:00Z", "at"),
        ("/api/v1/clocks?at=now", "at"),
        ("/api/v1/site?at=15.07.2020", "at"),
    ] {
        let problem = app.get(path).await.problem(400);
        assert_eq!(fields(&problem), [field], "{path}");
    }
}

#[tokio::test]
async fn from_after_to_is_rejected() {
    let app = TestApp::builder().spawn().await;
    let problem = app
        .get("/api/v1/publications?from=2020-07-01&to=2020-06-01")
        .await
        .problem(400);
    assert_eq!(fields(&problem), ["from"]);
}

#[tokio::test]
async fn unknown_kind_is_rejected_with_the_choices() {
    let app = TestApp::builder().spawn().await;
    let problem = app.get("/api/v1/publications?kind=memo").await.problem(400);
    assert_eq!(fields(&problem), ["kind"]);
    assert!(problem.detail.contains("news_conference"));
}

#[tokio::test]
async fn bad_booleans_tags_and_limits_are_rejected() {
    let app = TestApp::builder().spawn().await;
    for (path, field) in [
        ("/api/v1/publications?featured=yes", "featured"),
        ("/api/v1/publications?tag=Not%20A%20Tag", "tag"),
        ("/api/v1/publications?page=1&page=2", "page"),
        ("/api/v1/home?limit=0", "limit"),
        ("/api/v1/home?limit=51", "limit"),
    ] {
        let problem = app.get(path).await.problem(400);
        assert_eq!(fields(&problem), [field], "{path}");
    }
}

#[tokio::test]
async fn unknown_slugs_are_404_and_malformed_ones_400() {
    let app = TestApp::builder().spawn().await;
    let problem = app
        .get("/api/v1/publications/no-such-thing")
        .await
        .problem(404);
    assert_eq!(problem.code, "not_found");
    app.get("/api/v1/counters/no-such-counter")
        .await
        .problem(404);
    let bad = app
        .get("/api/v1/publications/Not_A_Slug")
        .await
        .problem(400);
    assert_eq!(fields(&bad), ["slug"]);
}

#[tokio::test]
async fn unknown_api_paths_are_problem_404s() {
    let app = TestApp::builder().spawn().await;
    let problem = app.get("/api/v1/nothing-here").await.problem(404);
    assert_eq!(problem.code, "not_found");
    app.get("/api/v2/publications").await.problem(404);
}

#[tokio::test]
async fn an_unknown_time_zone_in_stored_data_is_a_clear_500() {
    let app = TestApp::builder().spawn().await;
    app.execute(
        "UPDATE counters SET time_zone = 'Mars/Olympus_Mons' WHERE slug = 'salisbury-incident'",
    );
    let problem = app.get("/api/v1/counters").await.problem(500);
    assert_eq!(problem.code, "invalid_stored_data");
    assert!(problem.detail.contains("Mars/Olympus_Mons"));
    // The server keeps serving everything else.
    let _: ListPage<PublicationSummary> = app.get_json("/api/v1/publications").await;
    let _: Counter = app
        .get_json("/api/v1/counters/death-of-nikolay-glushkov")
        .await;
}

#[tokio::test]
async fn other_methods_on_known_paths_are_405_with_allow() {
    let app = TestApp::builder().spawn().await;
    for (path, allowed) in [
        ("/api/v1/counters/salisbury-incident", "GET, HEAD"),
        ("/api/v1/settings", "GET, HEAD, PUT"),
        (
            "/api/v1/publications/some-slug",
            "GET, HEAD, PUT, PATCH, DELETE",
        ),
    ] {
        let response = app.request(Method::POST, path).send().await;
        assert_eq!(response.status(), 405, "{path}");
        assert_eq!(response.header("allow"), allowed, "{path}");
        assert_eq!(response.problem(405).code, "method_not_allowed");
    }
}

#[tokio::test]
async fn empty_parameters_count_as_absent_except_q_and_cursor() {
    let app = TestApp::builder().spawn().await;
    let all: ListPage<PublicationSummary> = app.get_json("/api/v1/publications").await;
    assert!(all.total.is_some_and(|n| n > 0));
    // What a GET form with blank fields sends.
    for path in [
        "/api/v1/publications?kind=&tag=&speaker=&from=&to=&featured=&page=",
        "/api/v1/publications?tag=",
        "/api/v1/publications?speaker=",
    ] {
        let blank: ListPage<PublicationSummary> = app.get_json(path).await;
        assert_eq!(blank.total, all.total, "{path}");
    }
    for (path, field) in [
        ("/api/v1/publications?q=", "q"),
        ("/api/v1/publications?cursor=", "cursor"),
    ] {
        let problem = app.get(path).await.problem(400);
        assert_eq!(fields(&problem), [field], "{path}");
    }
}
