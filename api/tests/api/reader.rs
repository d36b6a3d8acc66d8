//! Serving the built reader: `index.html` for client routes, `admin.html` (the staff bundle)
//! under `/admin`, immutable hashed assets, and API and asset paths that never fall back to
//! the app.

use crate::helpers::{RequestHelper, TestApp};

fn built_reader() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>reader</title>",
    )
    .expect("index");
    std::fs::write(
        dir.path().join("admin.html"),
        "<!doctype html><title>staff</title>",
    )
    .expect("admin");
    std::fs::create_dir_all(dir.path().join("assets/0123abcd")).expect("assets");
    std::fs::write(
        dir.path().join("assets/0123abcd/chancery_web.js"),
        "export default 1;",
    )
    .expect("js");
    dir
}

#[tokio::test]
async fn client_routes_get_index_html_revalidated_each_time() {
    let dir = built_reader();
    let app = TestApp::builder().reader(dir.path()).spawn().await;
    for path in [
        "/",
        "/publications",
        "/publications/some-slug",
        "/no/such/page",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.header("cache-control"), "no-cache", "{path}");
        assert!(response.text().contains("<title>reader</title>"));
    }
}

#[tokio::test]
async fn the_staff_area_gets_its_own_bundle_and_readers_never_do() {
    let dir = built_reader();
    let app = TestApp::builder().reader(dir.path()).spawn().await;
    for (path, title) in [
        ("/admin", "staff"),
        ("/admin/", "staff"),
        ("/admin/publications/some-slug", "staff"),
        ("/administration", "reader"),
        ("/publications/admin", "reader"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.header("cache-control"), "no-cache", "{path}");
        let html = response.text();
        assert!(
            html.contains(&format!("<title>{title}</title>")),
            "{path}: {html}"
        );
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_missing_ones_404() {
    let dir = built_reader();
    let app = TestApp::builder().reader(dir.path()).spawn().await;
    let js = app.get("/assets/0123abcd/chancery_web.js").await;
    assert_eq!(js.status(), 200);
    assert_eq!(
        js.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    let missing = app.get("/assets/0123abcd/gone.js").await;
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.header("cache-control"), "no-cache");
}

#[tokio::test]
async fn api_paths_never_fall_back_to_the_reader() {
    let dir = built_reader();
    let app = TestApp::builder().reader(dir.path()).spawn().await;
    let problem = app.get("/api/v1/nothing-here").await.problem(404);
    assert_eq!(problem.code, "not_found");
    let site = app.get("/api/v1/site").await;
    assert_eq!(site.header("cache-control"), "public, max-age=60");
}
