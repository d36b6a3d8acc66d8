//! HTTP caching and CORS: strong ETags with 304, honest Cache-Control, readable headers
//! for browser clients on other origins.

use crate::helpers::spawn_app;

#[tokio::test]
async fn matching_etag_answers_304_without_a_body() {
    let app = spawn_app().await;
    let path = "/api/v1/publications?per_page=5";
    let first = app.get(path).await;
    let etag = first.headers()["etag"].to_str().expect("etag").to_owned();
    assert!(
        etag.starts_with('"') && !etag.starts_with("W/"),
        "strong ETag: {etag}"
    );
    let again = app
        .client
        .get(format!("{}{path}", app.address))
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"], etag.as_str());
    assert!(again.bytes().await.expect("body").is_empty());
}

#[tokio::test]
async fn etag_changes_when_the_content_does() {
    let app = spawn_app().await;
    let path = "/api/v1/publications?per_page=5";
    let before = app.get(path).await.headers()["etag"].clone();
    app.execute("UPDATE publications SET title = 'Corrected title' WHERE slug = 'foreign-ministry-statement-fifth-anniversary-jcpoa'");
    let after = app
        .client
        .get(format!("{}{path}", app.address))
        .header("If-None-Match", before.clone())
        .send()
        .await
        .expect("request");
    assert_eq!(after.status(), 200);
    assert_ne!(after.headers()["etag"], before);
}

#[tokio::test]
async fn live_values_stay_fresh_only_until_they_change() {
    let app = spawn_app().await;
    let clocks = app.get("/api/v1/clocks").await;
    let cache = clocks.headers()["cache-control"]
        .to_str()
        .expect("cache-control")
        .to_owned();
    let max_age: i64 = cache
        .strip_prefix("public, max-age=")
        .and_then(|s| s.parse().ok())
        .expect("max-age");
    assert!((1..=60).contains(&max_age), "{cache}");
}

#[tokio::test]
async fn cors_is_open_for_reads_and_exposes_paging_headers() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/api/v1/publications", app.address))
        .header("Origin", "https://example.org")
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .expect("exposed")
        .to_lowercase();
    for header in ["link", "x-total-count", "etag"] {
        assert!(exposed.contains(header), "{header} not in {exposed}");
    }
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let app = spawn_app().await;
    let get = app.get("/api/v1/site?at=2020-07-15").await;
    let head = app
        .client
        .head(format!("{}/api/v1/site?at=2020-07-15", app.address))
        .send()
        .await
        .expect("request");
    assert_eq!(head.status(), 200);
    assert_eq!(head.headers()["etag"], get.headers()["etag"]);
    assert!(head.bytes().await.expect("body").is_empty());
}
