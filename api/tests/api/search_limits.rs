//! Search work is bounded: a cap on words and `or`s, relevance order refused past its depth
//! (with `sort=newest` paging on), one computation per search however many ask at once, taken
//! without holding a connection while it waits for a slot, and a 503 with `Retry-After` when
//! no slot frees in time or a search runs past its time budget (which also stops a statement
//! on the database itself). Other requests never wait for a search.

use std::time::Duration;

use chancery_api::db::budget::{self, BudgetError};
use chancery_shared::page::ListPage;
use chancery_shared::publication::PublicationSummary;
use chancery_shared::search::{MAX_ORS, MAX_WORDS};
use chancery_shared::site::Home;
use diesel::RunQueryDsl;
use reqwest::Method;
use serde_json::Value;

use crate::helpers::{RequestHelper, TestApp, backend_is_postgres, fields};
use crate::search::{Results, search_path};

/// A search that must be refused with 400 naming `field`; returns the detail.
async fn refused(app: &TestApp, path: &str, field: &str) -> String {
    let problem = app.get(path).await.problem(400);
    assert_eq!(fields(&problem), [field], "{path}");
    problem.detail
}

/// A 503 for a turned-away search, with `Retry-After`; returns the detail.
async fn turned_away(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    let retry = response.header("retry-after");
    assert!(retry.parse::<u64>().expect("seconds") > 0, "{retry}");
    let problem = response.problem(503);
    assert_eq!(problem.code, "search_unavailable");
    problem.detail
}

/// Whether the link's query sets `name` to exactly `value`.
fn sets(link: &str, name: &str, value: &str) -> bool {
    link.split(['?', '&'])
        .any(|p| p == format!("{name}={value}"))
}

#[tokio::test]
async fn too_many_words_or_ors_are_a_400_naming_q() {
    let app = TestApp::builder().spawn().await;
    let words = |n: usize| vec!["lavrov"; n].join(" ");
    let found: Results = app.get_json(&search_path(&words(MAX_WORDS), "")).await;
    assert_eq!(found.total, Some(6));
    let detail = refused(&app, &search_path(&words(MAX_WORDS + 1), ""), "q").await;
    assert!(detail.contains(&MAX_WORDS.to_string()), "{detail}");
    // Words of a phrase and excluded words count as well.
    let phrase = format!("\"{}\" -moscow", words(MAX_WORDS));
    refused(&app, &search_path(&phrase, ""), "q").await;
    let ors = |n: usize| vec!["lavrov"; n + 1].join(" or ");
    let _: Results = app.get_json(&search_path(&ors(MAX_ORS), "")).await;
    let detail = refused(&app, &search_path(&ors(MAX_ORS + 1), ""), "q").await;
    assert!(detail.contains("`or`"), "{detail}");
    // The document says so.
    let doc: Value = app.get_json("/api-docs/openapi.json").await;
    let q = doc["paths"]["/api/v1/publications"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["name"] == "q")
        .expect("q")
        .clone();
    assert_eq!(q["schema"]["maxLength"], 200);
    let description = q["description"].as_str().expect("description");
    assert!(description.contains(&format!("at most {MAX_WORDS} words")));
    assert!(description.contains(&format!("at most {MAX_ORS} `or`s")));
}

#[tokio::test]
async fn relevance_order_is_refused_past_its_depth_before_any_work() {
    // No slot at all would be had in time: a refusal that searched first would be a 503.
    let app = TestApp::builder()
        .configure(|s| {
            s.search.slots = Some(1);
            s.search.queue_wait = Duration::from_millis(20);
        })
        .spawn()
        .await;
    let _held = app.search_gate.slot().await.expect("the only slot");
    for (page, per_page) in [(11, 100), (51, 20), (1_001, 1)] {
        let path = search_path("lavrov", &format!("&page={page}&per_page={per_page}"));
        let detail = refused(&app, &path, "page").await;
        assert!(
            detail.contains("1000") && detail.contains("sort=newest"),
            "{detail}"
        );
        let path = search_path(
            "lavrov",
            &format!("&page={page}&per_page={per_page}&sort=relevance"),
        );
        refused(&app, &path, "page").await;
    }
    let doc: Value = app.get_json("/api-docs/openapi.json").await;
    let operation = &doc["paths"]["/api/v1/publications"]["get"];
    let page = operation["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["name"] == "page")
        .expect("page");
    assert!(
        page["description"]
            .as_str()
            .expect("description")
            .contains("at most 1000")
    );
    let unavailable = operation["responses"]["503"]["description"]
        .as_str()
        .expect("a documented 503");
    assert!(unavailable.contains("search_unavailable"), "{unavailable}");
    assert!(
        operation["responses"]["503"]["headers"]
            .get("Retry-After")
            .is_some()
    );
}

#[tokio::test]
async fn links_stop_at_the_depth_and_date_order_pages_past_it() {
    let app = TestApp::builder().spawn().await;
    app.add_synthetic(1_100).await;
    let ranked = app
        .get(&search_path("cooperation", "&per_page=100&page=10"))
        .await;
    let last = ranked.link("last").expect("a last link");
    assert!(sets(&last, "page", "10"), "{last}");
    assert!(ranked.link("next").is_none(), "page 11 would be refused");
    let body: Results = ranked.good();
    assert!(body.total.expect("total") > 1_000);
    assert!(body.has_more, "more results exist, past the depth");
    assert_eq!(body.items.len(), 100);

    // In date order the same search pages on, by number or by cursor.
    let newest: Results = app
        .get_json(&search_path(
            "cooperation",
            "&per_page=100&page=11&sort=newest",
        ))
        .await;
    assert!(!newest.items.is_empty());
    assert!(newest.items[0].snippet.is_some());
}

#[tokio::test]
async fn a_search_waits_for_a_slot_holding_no_connection_and_is_computed_once() {
    let app = TestApp::builder()
        .configure(|s| {
            s.search.slots = Some(1);
            s.search.queue_wait = Duration::from_secs(60);
        })
        .spawn()
        .await;
    let held = app.search_gate.slot().await.expect("the only slot");
    let path = search_path("lavrov -moscow", "&per_page=3");
    let asking: Vec<_> = (0..6)
        .map(|_| tokio::spawn(app.request(Method::GET, &path).send()))
        .collect();
    // Every request reaches the memo; one of them the gate.
    for _ in 0..200 {
        if app.search_gate.waiting() > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        app.search_gate.waiting(),
        1,
        "one computation waits for the slot"
    );
    // Once every request has read the site, none holds a connection while it waits.
    let in_use = || {
        let state = app.pool.state();
        state.connections - state.idle_connections
    };
    for _ in 0..500 {
        if in_use() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(in_use(), 0, "nothing holds a connection while it waits");
    assert_eq!(app.search_gate.waiting(), 1);
    // Others are served meanwhile.
    let _: Home = app.get_json("/api/v1/home").await;
    let _: ListPage<PublicationSummary> = app.get_json("/api/v1/publications?kind=interview").await;

    drop(held);
    let mut bodies = Vec::new();
    for asked in asking {
        let response = asked.await.expect("joined");
        assert_eq!(response.status(), 200);
        bodies.push(response.text());
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(
        app.search_gate.admitted(),
        2,
        "the test's slot and one computation"
    );
}

#[tokio::test]
async fn a_search_finding_no_slot_in_time_is_a_503_with_retry_after() {
    let app = TestApp::builder()
        .configure(|s| {
            s.search.slots = Some(1);
            s.search.queue_wait = Duration::from_millis(50);
        })
        .spawn()
        .await;
    let remembered = search_path("lavrov", "");
    let _: Results = app.get_json(&remembered).await;
    let held = app.search_gate.slot().await.expect("the only slot");
    let detail = turned_away(&app, &search_path("putin", "")).await;
    assert!(detail.contains("Too many searches"), "{detail}");
    turned_away(&app, &search_path("putin", "&sort=newest")).await;
    // What needs no slot is still served: a remembered search and every other list.
    let _: Results = app.get_json(&remembered).await;
    let _: Results = app.get_json("/api/v1/publications?page=1").await;
    let _: Home = app.get_json("/api/v1/home").await;
    drop(held);
    let _: Results = app.get_json(&search_path("putin", "")).await;
}

#[tokio::test]
async fn a_search_past_its_time_budget_is_a_503_with_retry_after() {
    let app = TestApp::builder()
        .configure(|s| s.search.time_budget = Duration::ZERO)
        .spawn()
        .await;
    for path in [
        search_path("lavrov", ""),
        search_path("lavrov", "&sort=newest"),
        search_path("lavrov", "&sort=newest&include_total=false"),
    ] {
        let detail = turned_away(&app, &path).await;
        assert!(detail.contains("ran out of time"), "{detail}");
    }
    let _: Results = app.get_json("/api/v1/publications").await;
    assert_eq!(app.search_gate.waiting(), 0);
}

#[tokio::test]
async fn the_time_budget_stops_a_statement_in_the_database() {
    let app = TestApp::builder().spawn().await;
    let (stopped, after) = app
        .with_db(|conn| {
            let slow = if backend_is_postgres() {
                "SELECT pg_sleep(30)"
            } else {
                // Counts for minutes unless the budget check stops it.
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c \
                 WHERE x < 1000000000 AND chancery_within_budget()) SELECT count(*) FROM c"
            };
            let stopped = budget::within(conn, Duration::from_millis(200), |conn| {
                diesel::sql_query(slow).execute(conn)
            });
            // The connection is fine afterwards, with no budget left behind.
            let after = diesel::sql_query("SELECT 1").execute(conn);
            (stopped, after)
        })
        .await;
    assert!(matches!(stopped, Err(BudgetError::Exceeded)), "{stopped:?}");
    assert!(after.is_ok(), "{after:?}");
}
