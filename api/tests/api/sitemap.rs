//! The sitemap and `robots.txt`: every public page once, well-formed per the sitemap protocol
//! (checked with an XML parser), split into an index of numbered files past the page size,
//! and never swallowed by the reader's fallback.

use std::collections::BTreeSet;

use crate::helpers::{RequestHelper, TestApp, slugs};

const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const WITHDRAWN: &str = "foreign-ministry-statement-fifth-anniversary-jcpoa";

/// The parsed document's root name and, per child, its `loc` and whether it has `lastmod`.
async fn read(app: &TestApp, path: &str) -> (String, Vec<(String, bool)>) {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    assert_eq!(
        response.header("content-type"),
        "application/xml; charset=utf-8"
    );
    let text = response.text();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(NS), "{path}");
    let entries = root
        .children()
        .filter(roxmltree::Node::is_element)
        .map(|child| {
            let loc = child
                .children()
                .find(|c| c.has_tag_name((NS, "loc")))
                .and_then(|c| c.text())
                .expect("loc")
                .to_owned();
            let lastmod = child.children().any(|c| c.has_tag_name((NS, "lastmod")));
            (loc, lastmod)
        })
        .collect();
    (root.tag_name().name().to_owned(), entries)
}

/// Every URL the sitemap should list for the demo content with one piece withdrawn.
async fn expected(app: &TestApp) -> BTreeSet<String> {
    let page = app.get_json("/api/v1/publications?per_page=100").await;
    let mut urls: BTreeSet<String> = slugs(&page)
        .iter()
        .map(|slug| app.url(&format!("/publications/{slug}")))
        .collect();
    urls.insert(app.url("/"));
    urls.insert(app.url("/publications"));
    urls
}

#[tokio::test]
async fn the_sitemap_lists_every_public_page_once() {
    let app = TestApp::builder().spawn().await;
    app.execute(&format!(
        "UPDATE publications SET status = 'withdrawn' WHERE slug = '{WITHDRAWN}'"
    ));
    let (root, entries) = read(&app, "/sitemap.xml").await;
    assert_eq!(root, "urlset");
    let urls: BTreeSet<String> = entries.iter().map(|(loc, _)| loc.clone()).collect();
    assert_eq!(urls.len(), entries.len(), "no URL twice");
    assert_eq!(urls, expected(&app).await);
    assert_eq!(urls.len(), 12);
    assert!(!urls.iter().any(|u| u.ends_with(WITHDRAWN)));
    for (loc, lastmod) in &entries {
        assert_eq!(*lastmod, loc.contains("/publications/"), "{loc}");
    }
}

#[tokio::test]
async fn past_the_page_size_the_sitemap_becomes_an_index() {
    let app = TestApp::builder()
        .configure(|s| s.syndication.sitemap_page_size = 5)
        .spawn()
        .await;
    let (root, files) = read(&app, "/sitemap.xml").await;
    assert_eq!(root, "sitemapindex");
    let files: Vec<String> = files.into_iter().map(|(loc, _)| loc).collect();
    // 13 URLs at 5 a file.
    assert_eq!(
        files,
        (1..=3)
            .map(|n| app.url(&format!("/sitemap-{n}.xml")))
            .collect::<Vec<_>>()
    );
    let mut all = Vec::new();
    for file in &files {
        let path = file.trim_start_matches(app.address());
        let (root, entries) = read(&app, path).await;
        assert_eq!(root, "urlset");
        assert!(entries.len() <= 5, "{path}");
        all.extend(entries.into_iter().map(|(loc, _)| loc));
    }
    let set: BTreeSet<String> = all.iter().cloned().collect();
    assert_eq!(set.len(), all.len(), "no URL in two files");
    assert_eq!(set, expected(&app).await);
    for missing in ["/sitemap-4.xml", "/sitemap-0.xml", "/sitemap-x.xml"] {
        app.get(missing).await.problem(404);
    }
}

#[tokio::test]
async fn robots_txt_names_the_sitemap() {
    let app = TestApp::builder().spawn().await;
    let response = app.get("/robots.txt").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("content-type"), "text/plain; charset=utf-8");
    let text = response.text();
    let sitemap = format!("Sitemap: {}", app.url("/sitemap.xml"));
    assert!(text.lines().any(|l| l == sitemap), "{text}");
    assert!(text.lines().any(|l| l == "Disallow: /admin"), "{text}");
}

#[tokio::test]
async fn the_reader_never_swallows_feeds_sitemaps_or_robots() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("reader-assets"), "/assets/0123abcd").expect("reader");
    let app = TestApp::builder().reader(dir.path()).spawn().await;
    for (path, kind) in [
        ("/feed.atom", "application/atom+xml; charset=utf-8"),
        ("/feed.rss", "application/rss+xml; charset=utf-8"),
        ("/feed.json", "application/feed+json"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.header("content-type"), kind, "{path}");
    }
    for path in ["/feed.xml", "/sitemap-news.xml", "/sitemap_index.xml"] {
        let problem = app.get(path).await.problem(404);
        assert_eq!(problem.code, "not_found");
    }
    // Everything else is still the reader's.
    let page = app.get("/publications/feeds").await;
    assert_eq!(page.status(), 404);
    assert!(page.text().contains("Page not found"));
}
