//! Serving the built reader: the server's pages name its asset folder (`reader-assets`),
//! `admin.html` (the staff bundle) is served under `/admin` and nowhere else, hashed assets
//! are immutable, and API and asset paths never fall back to a page.

use crate::helpers::{RequestHelper, TestApp};

fn built_reader() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("reader-assets"), "/assets/0123abcd\n").expect("reader");
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
async fn pages_load_the_built_reader_to_bring_them_to_life() {
    let dir = built_reader();
    let app = TestApp::builder().reader(dir.path()).spawn().await;
    for (path, status) in [
        ("/", 200),
        ("/publications", 200),
        ("/publications/no-such-slug", 404),
        ("/no/such/page", 404),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        let html = response.text();
        for asset in [
            "<script type=\"module\" src=\"/assets/0123abcd/boot.js\"></script>",
            "<link rel=\"stylesheet\" href=\"/assets/0123abcd/style.css\">",
        ] {
            assert!(html.contains(asset), "{path}: {html}");
        }
    }
    // Without a built reader the pages still read whole, with no script to load.
    let bare = TestApp::builder().spawn().await;
    let html = bare.get("/").await.text();
    assert!(!html.contains("boot.js"), "{html}");
    assert!(html.contains("<main"), "{html}");
}

#[tokio::test]
async fn the_staff_area_gets_its_own_bundle_and_readers_never_do() {
    let dir = built_reader();
    let app = TestApp::builder().reader(dir.path()).spawn().await;
    for path in ["/admin", "/admin/", "/admin/publications/some-slug"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.header("cache-control"), "no-cache", "{path}");
        assert!(response.text().contains("<title>staff</title>"), "{path}");
    }
    for path in ["/administration", "/publications/admin", "/admin.html"] {
        let response = app.get(path).await;
        let html = response.text();
        assert!(!html.contains("<title>staff</title>"), "{path}: {html}");
        assert!(html.contains("Page not found"), "{path}: {html}");
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
