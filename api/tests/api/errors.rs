//! Every class of bad input gets a 4xx problem+json naming the field; stored data the server
//! cannot read is a logged 500, never a crash.

use crate::helpers::{fields, spawn_app};

#[tokio::test]
async fn per_page_out_of_range_or_not_a_number_is_rejected() {
    let app = spawn_app().await;
    for bad in ["0", "101", "abc", "-1", "1.5"] {
        let problem = app
            .get_problem(&format!("/api/v1/publications?per_page={bad}"), 400)
            .await;
        assert_eq!(fields(&problem), ["per_page"], "per_page={bad}");
        assert_eq!(problem["code"], "invalid_parameter");
    }
}

#[tokio::test]
async fn page_zero_is_rejected() {
    let app = spawn_app().await;
    let problem = app.get_problem("/api/v1/publications?page=0", 400).await;
    assert_eq!(fields(&problem), ["page"]);
}

#[tokio::test]
async fn unknown_parameters_are_rejected_not_ignored() {
    let app = spawn_app().await;
    for (path, field) in [
        ("/api/v1/publications?knd=speech", "knd"),
        ("/api/v1/home?limit=5&lang=ru", "lang"),
        ("/api/v1/counters?when=today", "when"),
        (
            "/api/v1/publications/foreign-ministry-statement-fifth-anniversary-jcpoa?x=1",
            "x",
        ),
    ] {
        let problem = app.get_problem(path, 400).await;
        assert_eq!(fields(&problem), [field], "{path}");
    }
}

#[tokio::test]
async fn malformed_dates_and_instants_are_rejected() {
    let app = spawn_app().await;
    for (path, field) in [
        ("/api/v1/publications?from=2020-13-01", "from"),
        ("/api/v1/publications?to=yesterday", "to"),
        ("/api/v1/counters?at=2020-07-15T25:00:00Z", "at"),
        ("/api/v1/clocks?at=now", "at"),
        ("/api/v1/site?at=15.07.2020", "at"),
    ] {
        let problem = app.get_problem(path, 400).await;
        assert_eq!(fields(&problem), [field], "{path}");
    }
}

#[tokio::test]
async fn from_after_to_is_rejected() {
    let app = spawn_app().await;
    let problem = app
        .get_problem("/api/v1/publications?from=2020-07-01&to=2020-06-01", 400)
        .await;
    assert_eq!(fields(&problem), ["from"]);
}

#[tokio::test]
async fn unknown_kind_is_rejected_with_the_choices() {
    let app = spawn_app().await;
    let problem = app.get_problem("/api/v1/publications?kind=memo", 400).await;
    assert_eq!(fields(&problem), ["kind"]);
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("news_conference")
    );
}

#[tokio::test]
async fn bad_booleans_tags_and_limits_are_rejected() {
    let app = spawn_app().await;
    for (path, field) in [
        ("/api/v1/publications?featured=yes", "featured"),
        ("/api/v1/publications?tag=Not%20A%20Tag", "tag"),
        ("/api/v1/publications?page=1&page=2", "page"),
        ("/api/v1/home?limit=0", "limit"),
        ("/api/v1/home?limit=51", "limit"),
    ] {
        let problem = app.get_problem(path, 400).await;
        assert_eq!(fields(&problem), [field], "{path}");
    }
}

#[tokio::test]
async fn unknown_slugs_are_404_and_malformed_ones_400() {
    let app = spawn_app().await;
    let problem = app
        .get_problem("/api/v1/publications/no-such-thing", 404)
        .await;
    assert_eq!(problem["code"], "not_found");
    app.get_problem("/api/v1/counters/no-such-counter", 404)
        .await;
    let bad = app
        .get_problem("/api/v1/publications/Not_A_Slug", 400)
        .await;
    assert_eq!(fields(&bad), ["slug"]);
}

#[tokio::test]
async fn unknown_api_paths_are_problem_404s() {
    let app = spawn_app().await;
    let problem = app.get_problem("/api/v1/nothing-here", 404).await;
    assert_eq!(problem["code"], "not_found");
    app.get_problem("/api/v2/publications", 404).await;
}

#[tokio::test]
async fn an_unknown_time_zone_in_stored_data_is_a_clear_500() {
    let app = spawn_app().await;
    app.execute(
        "UPDATE counters SET time_zone = 'Mars/Olympus_Mons' WHERE slug = 'salisbury-incident'",
    );
    let problem = app.get_problem("/api/v1/counters", 500).await;
    assert_eq!(problem["code"], "invalid_stored_data");
    assert!(
        problem["detail"]
            .as_str()
            .expect("detail")
            .contains("Mars/Olympus_Mons")
    );
    // The server keeps serving everything else.
    app.get_json("/api/v1/publications").await;
    app.get_json("/api/v1/counters/death-of-nikolay-glushkov")
        .await;
}

#[tokio::test]
async fn other_methods_on_known_paths_are_405_with_allow() {
    let app = spawn_app().await;
    for (path, allowed) in [
        ("/api/v1/counters/salisbury-incident", "GET, HEAD"),
        ("/api/v1/settings", "GET, HEAD, PUT"),
        (
            "/api/v1/publications/some-slug",
            "GET, HEAD, PUT, PATCH, DELETE",
        ),
    ] {
        let response = app
            .client
            .post(format!("{}{path}", app.address))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 405, "{path}");
        assert_eq!(response.headers()["allow"], allowed, "{path}");
        let problem: serde_json::Value = response.json().await.expect("problem");
        assert_eq!(problem["code"], "method_not_allowed");
    }
}

#[tokio::test]
async fn empty_parameters_count_as_absent_except_q_and_cursor() {
    let app = spawn_app().await;
    let all = app.get_json("/api/v1/publications").await;
    assert!(all["total"].as_u64().is_some_and(|n| n > 0));
    // What a GET form with blank fields sends.
    for path in [
        "/api/v1/publications?kind=&tag=&speaker=&from=&to=&featured=&page=",
        "/api/v1/publications?tag=",
        "/api/v1/publications?speaker=",
    ] {
        let blank = app.get_json(path).await;
        assert_eq!(blank["total"], all["total"], "{path}");
    }
    for (path, field) in [
        ("/api/v1/publications?q=", "q"),
        ("/api/v1/publications?cursor=", "cursor"),
    ] {
        let problem = app.get_problem(path, 400).await;
        assert_eq!(fields(&problem), [field], "{path}");
    }
}
