//! The Atom, RSS and JSON feeds, read back with real parsers (feed-rs, and roxmltree for the
//! XML structure): the latest 50 public items newest first, in full, with escaped titles and
//! bodies, absolute permalinks, the archive's filters, and ETag/304.

use chancery_shared::staff::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{RequestHelper, TestApp, fields, slugs};

const TRICKY: &str = "Fish & <chips>: a \"quoted\" title";

/// Adds `count` published statements (one with a tricky title), a draft and a scheduled piece.
async fn fill(app: &TestApp, count: usize) {
    let editor = app.as_token(Role::Editor).await;
    for n in 0..count {
        let title = if n == count - 1 {
            TRICKY.to_owned()
        } else {
            format!("Statement number {n}")
        };
        let record = json!({
            "slug": format!("statement-{n}"), "kind": "statement", "title": title,
            "lead": "Lead & <lead>.", "published_at": format!("2021-01-01T00:{:02}:{:02}Z", n / 60, n % 60),
            "status": "published", "tags": ["feeds"],
            "body": [
                {"type": "paragraph", "text": "Fish & <chips>."},
                {"type": "question", "speaker": "Question", "paragraphs": ["Why?"]},
                {"type": "answer", "speaker": "Minister", "paragraphs": ["Because."]},
            ],
        });
        let response = editor.post_json("/api/v1/publications", &record).await;
        assert_eq!(response.status(), 201);
    }
    for (slug, status, at) in [
        ("a-draft", "draft", "2021-06-01T00:00:00Z"),
        ("a-scheduled-piece", "published", "2099-01-01T00:00:00Z"),
    ] {
        let body = json!({"slug": slug, "kind": "statement", "title": slug,
            "published_at": at, "status": status});
        let response = editor.post_json("/api/v1/publications", &body).await;
        assert_eq!(response.status(), 201);
    }
}

/// Body and content type of a feed that must answer 200.
async fn fetch(app: &TestApp, path: &str) -> (Vec<u8>, String) {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    let content_type = response.header("content-type").to_owned();
    (response.bytes().to_vec(), content_type)
}

/// The public list's slugs for a query, newest first (at most 50).
async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    let page = app
        .get_json(&format!("/api/v1/publications?per_page=50&{query}"))
        .await;
    slugs(&page)
}

fn slug_of(link: &str) -> String {
    link.rsplit('/').next().expect("slug").to_owned()
}

#[tokio::test]
async fn the_atom_feed_has_the_latest_fifty_in_full() {
    let app = TestApp::builder().spawn().await;
    fill(&app, 52).await;
    let (body, content_type) = fetch(&app, "/feed.atom").await;
    assert_eq!(content_type, "application/atom+xml; charset=utf-8");
    let feed = feed_rs::parser::parse(body.as_slice()).expect("Atom parses");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.entries.len(), 50);
    let expected = listed(&app, "").await;
    let got: Vec<String> = feed
        .entries
        .iter()
        .map(|e| slug_of(&e.links[0].href))
        .collect();
    assert_eq!(got, expected, "newest first, as the archive lists them");
    assert!(
        !got.iter()
            .any(|s| s == "a-draft" || s == "a-scheduled-piece")
    );
    let tricky = &feed.entries[0];
    assert_eq!(
        tricky.title.as_ref().map(|t| t.content.as_str()),
        Some(TRICKY)
    );
    assert_eq!(tricky.id, app.url("/publications/statement-51"));
    assert_eq!(tricky.links[0].href, tricky.id, "ids are the permalinks");
    let content = tricky
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("content");
    assert!(
        content.starts_with("<p>Fish &amp; &lt;chips&gt;.</p>"),
        "{content}"
    );
    assert!(content.contains("<div class=\"turn answer\">"), "{content}");
    assert_eq!(
        feed.authors[0].name.as_deref(),
        Some("Embassy of the Russian Federation to the United Kingdom")
    );

    // The structure RFC 4287 requires, element by element.
    let text = String::from_utf8(body).expect("utf-8");
    let doc = roxmltree::Document::parse(&text).expect("well-formed");
    let atom = "http://www.w3.org/2005/Atom";
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(atom));
    assert_eq!(root.tag_name().name(), "feed");
    for required in ["id", "title", "updated", "author"] {
        assert!(
            root.children().any(|c| c.has_tag_name((atom, required))),
            "{required}"
        );
    }
    let entries: Vec<_> = root
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .collect();
    assert_eq!(entries.len(), 50);
    for entry in entries {
        for required in ["id", "title", "updated", "published", "link", "content"] {
            assert!(
                entry.children().any(|c| c.has_tag_name((atom, required))),
                "{required}"
            );
        }
        let content = entry
            .children()
            .find(|c| c.has_tag_name((atom, "content")))
            .expect("content");
        assert_eq!(content.attribute("type"), Some("html"));
    }
}

#[tokio::test]
async fn rss_and_json_feeds_carry_the_same_items() {
    let app = TestApp::builder().spawn().await;
    fill(&app, 3).await;
    let expected = listed(&app, "").await;

    let (rss, content_type) = fetch(&app, "/feed.rss").await;
    assert_eq!(content_type, "application/rss+xml; charset=utf-8");
    let feed = feed_rs::parser::parse(rss.as_slice()).expect("RSS parses");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::RSS2);
    let got: Vec<String> = feed
        .entries
        .iter()
        .map(|e| slug_of(&e.links[0].href))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(
        feed.entries[0].title.as_ref().map(|t| t.content.as_str()),
        Some(TRICKY)
    );
    let content = feed.entries[0]
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("body");
    assert!(
        content.contains("<p>Fish &amp; &lt;chips&gt;.</p>"),
        "{content}"
    );
    let text = String::from_utf8(rss).expect("utf-8");
    let doc = roxmltree::Document::parse(&text).expect("well-formed");
    assert_eq!(doc.root_element().attribute("version"), Some("2.0"));
    let guids: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("guid"))
        .collect();
    assert_eq!(guids.len(), expected.len());
    assert!(
        guids
            .iter()
            .all(|g| g.attribute("isPermaLink") == Some("true"))
    );

    let (json, content_type) = fetch(&app, "/feed.json").await;
    assert_eq!(content_type, "application/feed+json");
    let parsed = feed_rs::parser::parse(json.as_slice()).expect("JSON Feed parses");
    assert_eq!(parsed.entries.len(), expected.len());
    let json: Value = serde_json::from_slice(&json).expect("JSON");
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    let items = json["items"].as_array().expect("items");
    let urls: Vec<String> = items
        .iter()
        .map(|i| slug_of(i["url"].as_str().expect("url")))
        .collect();
    assert_eq!(urls, expected);
    assert_eq!(items[0]["title"], TRICKY);
    assert_eq!(items[0]["id"], items[0]["url"]);
    assert!(
        items[0]["content_html"]
            .as_str()
            .expect("html")
            .contains("&lt;chips&gt;")
    );
}

#[tokio::test]
async fn feeds_filter_like_the_archive_and_refuse_bad_filters() {
    let app = TestApp::builder().spawn().await;
    for query in [
        "kind=interview",
        "tag=iran",
        "speaker=sergey%20lavrov",
        "kind=article,speech",
    ] {
        let (body, _) = fetch(&app, &format!("/feed.atom?{query}")).await;
        let feed = feed_rs::parser::parse(body.as_slice()).expect("parses");
        let got: Vec<String> = feed
            .entries
            .iter()
            .map(|e| slug_of(&e.links[0].href))
            .collect();
        let expected = listed(&app, query).await;
        assert!(!expected.is_empty(), "{query}");
        assert_eq!(got, expected, "{query}");
        let self_link = feed
            .links
            .iter()
            .find(|l| l.rel.as_deref() == Some("self"))
            .expect("self");
        assert!(
            self_link.href.ends_with(&format!("/feed.atom?{query}")),
            "{}",
            self_link.href
        );
    }
    let (body, _) = fetch(&app, "/feed.atom?tag=&speaker=").await;
    let unfiltered = feed_rs::parser::parse(body.as_slice()).expect("parses");
    assert_eq!(
        unfiltered.entries.len(),
        11,
        "empty filters count as absent"
    );
    for (path, field) in [
        ("/feed.atom?kind=memo", "kind"),
        ("/feed.rss?tag=Not%20A%20Slug", "tag"),
        ("/feed.json?page=2", "page"),
        ("/feed.atom?limit=5", "limit"),
    ] {
        let problem = app.get(path).await.problem(400);
        assert_eq!(fields(&problem), [field], "{path}");
    }
    let post = app.request(Method::POST, "/feed.atom").send().await;
    assert_eq!(post.status(), 405);
    assert_eq!(post.header("allow"), "GET, HEAD");
}

#[tokio::test]
async fn feeds_answer_304_and_say_how_long_to_keep_them() {
    let app = TestApp::builder().spawn().await;
    for path in ["/feed.atom", "/feed.rss", "/feed.json"] {
        let first = app.get(path).await;
        let etag = first.etag();
        assert_eq!(
            first.header("cache-control"),
            "public, max-age=60",
            "{path}"
        );
        let again = app
            .request(Method::GET, path)
            .header("If-None-Match", &etag)
            .send()
            .await;
        assert_eq!(again.status(), 304, "{path}");
    }
}

#[tokio::test]
async fn links_come_from_the_public_url_never_from_request_headers() {
    // Without a public URL, links use the bound address, whatever the request claims.
    let app = TestApp::builder().spawn().await;
    for path in ["/feed.json", "/feed.atom", "/sitemap.xml", "/robots.txt"] {
        let response = app
            .request(Method::GET, path)
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "evil.example")
            .header("Forwarded", "host=evil.example;proto=https")
            .header("Host", "evil.example")
            .send()
            .await;
        let vary = response.header("vary");
        assert!(
            !vary.contains("Host") && !vary.contains("Forwarded"),
            "{path}: a shared cache needs no per-host copies: {vary}"
        );
        let text = response.text();
        assert!(!text.contains("evil.example"), "{path}: {text}");
        assert!(text.contains(app.address()), "{path}: {text}");
    }

    let pinned = TestApp::builder()
        .public_url("https://mission.example")
        .spawn()
        .await;
    // A JSON Feed has no shared type: its shape is the JSON Feed 1.1 format.
    let json: Value = pinned
        .request(Method::GET, "/feed.json")
        .header("X-Forwarded-Host", "evil.example")
        .send()
        .await
        .json();
    assert_eq!(json["feed_url"], "https://mission.example/feed.json");
    let first = json["items"][0]["url"].as_str().expect("url");
    assert!(
        first.starts_with("https://mission.example/publications/"),
        "{first}"
    );
}
