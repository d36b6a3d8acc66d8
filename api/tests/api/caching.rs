//! HTTP caching and CORS: strong ETags with 304, honest Cache-Control, readable headers
//! for browser clients on other origins.

use reqwest::Method;

use crate::helpers::{RequestHelper, TestApp};

#[tokio::test]
async fn matching_etag_answers_304_without_a_body() {
    let app = TestApp::builder().spawn().await;
    let path = "/api/v1/publications?per_page=5";
    let etag = app.get(path).await.etag();
    assert!(
        etag.starts_with('"') && !etag.starts_with("W/"),
        "strong ETag: {etag}"
    );
    let again = app
        .request(Method::GET, path)
        .header("If-None-Match", &etag)
        .send()
        .await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.etag(), etag);
    assert!(again.bytes().is_empty());
}

#[tokio::test]
async fn etag_changes_when_the_content_does() {
    let app = TestApp::builder().spawn().await;
    let path = "/api/v1/publications?per_page=5";
    let before = app.get(path).await.etag();
    app.execute("UPDATE publications SET title = 'Corrected title' WHERE slug = 'foreign-ministry-statement-fifth-anniversary-jcpoa'");
    let after = app
        .request(Method::GET, path)
        .header("If-None-Match", &before)
        .send()
        .await;
    assert_eq!(after.status(), 200);
    assert_ne!(after.etag(), before);
}

#[tokio::test]
async fn live_values_stay_fresh_only_until_they_change() {
    let app = TestApp::builder().spawn().await;
    let clocks = app.get("/api/v1/clocks").await;
    let cache = clocks.header("cache-control");
    let max_age: i64 = cache
        .strip_prefix("public, max-age=")
        .and_then(|s| s.parse().ok())
        .expect("max-age");
    assert!((1..=60).contains(&max_age), "{cache}");
}

#[tokio::test]
async fn cors_is_open_for_reads_and_exposes_paging_headers() {
    let app = TestApp::builder().spawn().await;
    let response = app
        .request(Method::GET, "/api/v1/publications")
        .header("Origin", "https://example.org")
        .send()
        .await;
    assert_eq!(response.header("access-control-allow-origin"), "*");
    let exposed = response
        .header("access-control-expose-headers")
        .to_lowercase();
    for header in ["link", "x-total-count", "etag"] {
        assert!(exposed.contains(header), "{header} not in {exposed}");
    }
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let app = TestApp::builder().spawn().await;
    let get = app.get("/api/v1/site?at=2020-07-15").await;
    let head = app
        .request(Method::HEAD, "/api/v1/site?at=2020-07-15")
        .send()
        .await;
    assert_eq!(head.status(), 200);
    assert_eq!(head.etag(), get.etag());
    assert!(head.bytes().is_empty());
}
