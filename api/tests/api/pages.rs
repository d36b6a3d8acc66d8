//! The public pages as HTML from the server, fetched with no browser: each page kind's
//! content, status and head (title, description, canonical link, OpenGraph, JSON-LD that
//! parses), the ETag and 304, the one island (the home page's clocks) and the hashes that let
//! its inline data through the Content-Security-Policy, and links made from the public URL only.

use chancery_shared::page::ListPage;
use chancery_shared::publication::PublicationSummary;
use chancery_shared::staff::Role;
use reqwest::Method;
use scraper::{Html, Selector};
use serde_json::Value;

use crate::helpers::{RequestHelper, TestApp, TestResponse};

const SLUG: &str = "lavrov-interview-russia-24-maria-bondareva";
const TITLE: &str = "Foreign Minister Sergey Lavrov’s interview with Russia 24 Channel";
const SITE: &str = "Embassy of the Russian Federation to the United Kingdom";

/// The page at `path`, which must be HTML, in English.
async fn page(app: &TestApp, path: &str, status: u16) -> (TestResponse, Html) {
    let response = app.get(path).await;
    assert_eq!(response.status(), status, "{path}: {}", response.text());
    assert_eq!(response.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(response.header("content-language"), "en", "{path}");
    let html = Html::parse_document(&response.text());
    (response, html)
}

fn select(html: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).expect("a selector");
    html.select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect()
}

fn attr(html: &Html, css: &str, name: &str) -> Option<String> {
    let selector = Selector::parse(css).expect("a selector");
    html.select(&selector)
        .next()
        .and_then(|e| e.value().attr(name).map(str::to_owned))
}

fn meta(html: &Html, key: &str) -> Option<String> {
    attr(html, &format!("meta[property=\"{key}\"]"), "content")
        .or_else(|| attr(html, &format!("meta[name=\"{key}\"]"), "content"))
}

/// Every JSON-LD block of the page, parsed.
fn linked_data(html: &Html) -> Vec<Value> {
    select(html, "script[type=\"application/ld+json\"]")
        .iter()
        .map(|text| serde_json::from_str(text).expect("JSON-LD parses"))
        .collect()
}

fn of_type<'a>(data: &'a [Value], kind: &str) -> &'a Value {
    data.iter()
        .find(|d| d["@type"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {data:?}"))
}

#[tokio::test]
async fn the_home_page_is_whole_html_with_a_head_for_previews_and_search_engines() {
    let app = TestApp::builder()
        .public_url("https://mission.example")
        .spawn()
        .await;
    let (response, html) = page(&app, "/?at=2020-07-15T18:08:00Z", 200).await;
    assert_eq!(select(&html, "title"), [SITE]);
    // The seed page, rendered on the server: date line, clocks, counters, latest.
    let text = response.text();
    assert!(text.contains("15 July 2020"), "{text}");
    assert_eq!(select(&html, ".clock-time"), ["21:08", "19:08"]);
    assert_eq!(select(&html, ".counters li").len(), 2);
    assert!(select(&html, ".featured h2")[0].starts_with(TITLE));
    assert_eq!(select(&html, ".latest > li").len(), 10);
    assert_eq!(
        attr(&html, "link[rel=canonical]", "href").as_deref(),
        Some("https://mission.example/")
    );
    assert_eq!(meta(&html, "og:type").as_deref(), Some("website"));
    assert_eq!(meta(&html, "og:site_name").as_deref(), Some(SITE));
    assert!(meta(&html, "description").is_some_and(|d| d.contains(SITE)));
    let data = linked_data(&html);
    let site = of_type(&data, "WebSite");
    assert_eq!(site["name"], SITE);
    assert_eq!(
        site["potentialAction"]["target"],
        "https://mission.example/search?q={search_term_string}"
    );
    let feeds = select(&html, "link[rel=alternate]");
    assert_eq!(feeds.len(), 3);
}

#[tokio::test]
async fn a_publication_page_carries_its_article_metadata() {
    let app = TestApp::builder().spawn().await;
    let (_, html) = page(&app, &format!("/publications/{SLUG}"), 200).await;
    let h1 = select(&html, "h1");
    assert!(h1.iter().any(|h| h.starts_with(TITLE)), "{h1:?}");
    let title = select(&html, "title").remove(0);
    assert!(
        title.starts_with(TITLE) && title.ends_with(&format!(" — {SITE}")),
        "{title}"
    );
    assert_eq!(meta(&html, "og:type").as_deref(), Some("article"));
    assert!(meta(&html, "og:title").is_some_and(|t| t.starts_with(TITLE)));
    assert_eq!(meta(&html, "twitter:card").as_deref(), Some("summary"));
    let published = meta(&html, "article:published_time").expect("published time");
    assert!(published.starts_with("2019-10-1"), "{published}");
    assert!(meta(&html, "article:modified_time").is_some());
    assert_eq!(
        attr(&html, "link[rel=canonical]", "href"),
        Some(app.url(&format!("/publications/{SLUG}")))
    );
    let data = linked_data(&html);
    let article = of_type(&data, "NewsArticle");
    assert!(
        article["headline"]
            .as_str()
            .is_some_and(|h| h.starts_with(TITLE))
    );
    assert_eq!(article["author"][0]["name"], "Sergey Lavrov");
    assert_eq!(article["publisher"]["name"], SITE);
    let crumbs = of_type(&data, "BreadcrumbList");
    assert_eq!(crumbs["itemListElement"].as_array().map(Vec::len), Some(3));
    // Reading on works without scripts: plain links to the neighbours.
    assert!(!select(&html, "nav.neighbours a").is_empty());
}

#[tokio::test]
async fn unknown_addresses_and_withdrawn_pieces_answer_their_status() {
    let app = TestApp::builder().spawn().await;
    for path in [
        "/publications/no-such-piece",
        "/no/such/page",
        "/publications/Not%20A%20Slug",
    ] {
        let (_, html) = page(&app, path, 404).await;
        assert_eq!(select(&html, "h1"), ["Page not found"], "{path}");
        assert_eq!(meta(&html, "robots").as_deref(), Some("noindex"), "{path}");
    }
    let editor = app.as_token(Role::Editor).await;
    let path = format!("/api/v1/publications/{SLUG}");
    let etag = editor.get(&path).await.etag();
    assert_eq!(editor.delete(&path, Some(&etag)).await.status(), 200);
    let (_, html) = page(&app, &format!("/publications/{SLUG}"), 410).await;
    assert_eq!(select(&html, "h1"), ["Withdrawn"]);
}

#[tokio::test]
async fn the_archive_filters_and_pages_without_scripts_and_explains_a_bad_filter() {
    let app = TestApp::builder().spawn().await;
    let (_, html) = page(&app, "/publications?kind=interview", 200).await;
    let listed: ListPage<PublicationSummary> =
        app.get_json("/api/v1/publications?kind=interview").await;
    let titles: Vec<String> = listed.items.into_iter().map(|p| p.title).collect();
    assert!(!titles.is_empty());
    assert_eq!(select(&html, ".publications a.title"), titles);
    // The filters are a GET form, the search box too.
    assert_eq!(
        attr(&html, "form.site-search", "method").as_deref(),
        Some("get")
    );
    assert_eq!(
        attr(&html, "form.site-search", "action").as_deref(),
        Some("/search")
    );
    let (_, html) = page(&app, "/publications?per_page=2&page=2", 200).await;
    assert_eq!(select(&html, ".publications > li").len(), 2);
    let (response, html) = page(&app, "/publications?year=twenty", 400).await;
    assert!(response.text().contains("year"), "names the field");
    assert_eq!(select(&html, "h1"), ["All messages"]);
}

#[tokio::test]
async fn search_results_render_on_the_server_and_stay_out_of_indexes() {
    let app = TestApp::builder().spawn().await;
    let (_, html) = page(&app, "/search?q=lavrov", 200).await;
    assert!(!select(&html, ".publications > li").is_empty());
    assert!(select(&html, "title")[0].starts_with("Search: lavrov"));
    assert_eq!(meta(&html, "robots").as_deref(), Some("noindex"));
    let (_, html) = page(&app, "/search", 200).await;
    assert_eq!(meta(&html, "robots").as_deref(), Some("noindex"));
}

#[tokio::test]
async fn pages_have_etags_and_only_islands_bring_inline_data_allowed_by_hash() {
    let app = TestApp::builder().spawn().await;
    let path = format!("/publications/{SLUG}");
    let (response, html) = page(&app, &path, 200).await;
    let etag = response.etag();
    assert_eq!(response.header("cache-control"), "public, no-cache");
    let again = app
        .request(Method::GET, &path)
        .header("If-None-Match", &etag)
        .send()
        .await;
    assert_eq!(again.status(), 304);
    // A page without islands has no code to run, so no inline script and no hash to allow.
    let policy = response.header("content-security-policy");
    assert!(!policy.contains("'unsafe-inline'"), "{policy}");
    assert!(!policy.contains("'sha256-"), "{policy}");
    assert!(select(&html, "leptos-island").is_empty());
    assert!(select(&html, "script:not([src]):not([type])").is_empty());

    // The home page's clocks are its island: their readings travel as its props, and the
    // page's inline data scripts are allowed by their hashes and nothing else.
    let (response, html) = page(&app, "/", 200).await;
    let component = attr(&html, "leptos-island", "data-component").expect("an island");
    assert!(component.starts_with("Clocks_"), "{component}");
    assert_eq!(select(&html, "leptos-island").len(), 1);
    let props: Value =
        serde_json::from_str(&attr(&html, "leptos-island", "data-props").expect("props"))
            .expect("the island's props parse");
    assert_eq!(props["live"], true);
    let zones: Vec<&str> = props["readings"]
        .as_array()
        .expect("readings")
        .iter()
        .filter_map(|r| r["time_zone"].as_str())
        .collect();
    assert_eq!(zones, ["Europe/Moscow", "Europe/London"]);
    let policy = response.header("content-security-policy");
    assert!(!policy.contains("'unsafe-inline'"), "{policy}");
    let scripts = select(&html, "script:not([src]):not([type])");
    assert!(!scripts.is_empty(), "the island's page hands its data over");
    for script in scripts {
        use base64::Engine;
        use sha2::Digest;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&script));
        assert!(policy.contains(&format!("'sha256-{hash}'")), "{policy}");
    }
    assert_eq!(
        policy.matches("'sha256-").count(),
        select(&html, "script:not([src]):not([type])").len()
    );

    // As at an instant the clocks stand still: the island is there, not live.
    let (_, html) = page(&app, "/?at=2020-07-15T18:08:00Z", 200).await;
    let props: Value =
        serde_json::from_str(&attr(&html, "leptos-island", "data-props").expect("props"))
            .expect("the island's props parse");
    assert_eq!(props["live"], false);
    assert_eq!(select(&html, ".clock-time"), ["21:08", "19:08"]);
}

#[tokio::test]
async fn links_never_follow_the_request_headers() {
    let app = TestApp::builder()
        .public_url("https://mission.example")
        .spawn()
        .await;
    let response = app
        .request(Method::GET, &format!("/publications/{SLUG}"))
        .header("X-Forwarded-Host", "evil.example")
        .header("X-Forwarded-Proto", "http")
        .send()
        .await;
    assert_eq!(response.status(), 200);
    let text = response.text();
    assert!(!text.contains("evil.example"), "{text}");
    assert!(text.contains(&format!("https://mission.example/publications/{SLUG}")));
}

#[tokio::test]
async fn every_page_names_the_site_icon_which_is_served() {
    let app = TestApp::builder().spawn().await;
    let (_, html) = page(&app, "/publications", 200).await;
    assert_eq!(
        attr(&html, "link[rel=icon]", "href").as_deref(),
        Some("/favicon.svg")
    );
    let icon = app.get("/favicon.svg").await;
    assert_eq!(icon.status(), 200);
    assert_eq!(icon.header("content-type"), "image/svg+xml");
    assert!(icon.text().starts_with("<svg"));
}

#[tokio::test]
async fn a_remembered_page_follows_writes_and_settings_at_once() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    // Rendered once, and remembered.
    let (first, _) = page(&app, "/publications", 200).await;
    let (again, _) = page(&app, "/publications", 200).await;
    assert_eq!(first.etag(), again.etag(), "the same page twice");
    assert!(!first.text().contains("Quokka memo"));

    let piece = serde_json::json!({"kind": "statement", "title": "Quokka memo",
        "status": "published", "published_at": "2020-07-15T09:00:00Z"});
    editor.create_publication(&piece).await;
    let (_, html) = page(&app, "/publications", 200).await;
    assert!(
        select(&html, "a.title").iter().any(|t| t == "Quokka memo"),
        "the write shows at once"
    );

    let (home, _) = page(&app, "/", 200).await;
    assert!(!home.text().contains("+44 20 0000 0000"));
    let (mut settings, etag) = {
        let response = editor.get("/api/v1/settings").await;
        let etag = response.etag();
        (response.json::<chancery_shared::settings::Settings>(), etag)
    };
    settings.contacts[0].phone = "+44 20 0000 0000".to_owned();
    let saved = editor
        .put_json("/api/v1/settings", &settings, Some(&etag))
        .await;
    assert_eq!(saved.status(), 200, "{}", saved.text());
    let (home, _) = page(&app, "/", 200).await;
    assert!(
        home.text().contains("+44 20 0000 0000"),
        "the settings show at once"
    );
}

#[tokio::test]
async fn a_page_that_failed_is_not_remembered() {
    let app = TestApp::builder().spawn().await;
    // The list's table is away for a moment: the page fails, then works again at once.
    app.execute("ALTER TABLE publications RENAME TO publications_away");
    let failed = app.get("/publications?kind=speech").await;
    assert!(failed.status().is_server_error(), "{}", failed.status());
    assert_eq!(failed.header("cache-control"), "no-store");
    // It says so, with a way to try again that needs no script: a link to the same address.
    let html = Html::parse_document(&failed.text());
    assert_eq!(select(&html, "[role=alert].error").len(), 1);
    assert_eq!(
        attr(&html, "[role=alert] a.retry", "href").as_deref(),
        Some("/publications?kind=speech")
    );
    app.execute("ALTER TABLE publications_away RENAME TO publications");
    let (_, html) = page(&app, "/publications", 200).await;
    assert!(!select(&html, "a.title").is_empty());
}

#[tokio::test]
async fn a_publication_page_links_its_public_language_versions() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    editor
        .amend_publication(SLUG, &serde_json::json!({"translation_group": "interview"}))
        .await;
    for (slug, lang, at) in [
        ("intervyu-lavrova", "ru", "2020-07-15T10:00:00Z"),
        ("interview-lawrow", "de", "2030-01-01T00:00:00Z"),
    ] {
        editor
            .create_publication(&serde_json::json!({
                "slug": slug, "lang": lang, "translation_group": "interview",
                "kind": "interview", "title": format!("Interview ({lang})"),
                "published_at": at, "status": "published"
            }))
            .await;
    }
    let (_, html) = page(&app, &format!("/publications/{SLUG}"), 200).await;
    assert_eq!(
        attr(&html, "nav.translations a", "href").as_deref(),
        Some("/publications/intervyu-lavrova")
    );
    assert_eq!(
        attr(&html, "nav.translations a", "hreflang").as_deref(),
        Some("ru")
    );
    assert_eq!(
        attr(&html, "nav.translations a", "lang").as_deref(),
        Some("ru")
    );
    assert_eq!(select(&html, "nav.translations a"), ["Interview (ru)"]);
    let alternates = |html: &Html| -> Vec<(String, String)> {
        let selector = Selector::parse("link[rel=alternate][hreflang]").expect("a selector");
        html.select(&selector)
            .map(|l| {
                let attr = |name| l.value().attr(name).unwrap_or_default().to_owned();
                (attr("hreflang"), attr("href"))
            })
            .collect()
    };
    let both = vec![
        ("en".to_owned(), app.url(&format!("/publications/{SLUG}"))),
        ("ru".to_owned(), app.url("/publications/intervyu-lavrova")),
    ];
    assert_eq!(alternates(&html), both);
    // The scheduled German version is nowhere on the page.
    assert!(!html.html().contains("lawrow"), "{}", html.html());

    // And back, from the Russian page, whose article says its language.
    let (_, html) = page(&app, "/publications/intervyu-lavrova", 200).await;
    assert_eq!(
        attr(&html, "article.publication", "lang").as_deref(),
        Some("ru")
    );
    let back_links = select(&html, "nav.translations a");
    assert_eq!(back_links.len(), 1);
    assert!(back_links[0].starts_with(TITLE), "{back_links:?}");
    let mut back = alternates(&html);
    back.sort();
    assert_eq!(back, both);
    // A page in one language names no alternates.
    let (_, html) = page(
        &app,
        "/publications/foreign-ministry-statement-fifth-anniversary-jcpoa",
        200,
    )
    .await;
    assert!(alternates(&html).is_empty());
    assert!(select(&html, "nav.translations").is_empty());
}
