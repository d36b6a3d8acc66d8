//! Full-text search (`GET /publications?q=`): ranking, snippets (also from interview answers),
//! the syntax (phrases, exclusion, `or`), filters and paging alongside, and bad or hostile `q`s
//! answered 400 or searched as text. What the index holds when is in `search_index.rs`.

use chancery_shared::page::ListPage;
use chancery_shared::publication::{Block, Publication, PublicationSummary};
use chancery_shared::snippet::SnippetField;
use chancery_shared::staff::Role;
use serde_json::{Value, json};

use crate::helpers::{Identity, RequestHelper, TestApp, fields, slugs};

pub const INTERVIEW: &str = "lavrov-interview-russia-24-maria-bondareva";

pub type Results = ListPage<PublicationSummary>;

/// `/api/v1/publications?…` with `q` percent-encoded.
pub fn search_path(q: &str, rest: &str) -> String {
    let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
    format!("/api/v1/publications?q={q}{rest}")
}

/// What the public finds for `q`.
pub async fn search(app: &TestApp, q: &str) -> Results {
    app.get_json(&search_path(q, "")).await
}

/// Adds a publication as `editor`; returns its slug.
pub async fn publish(editor: &Identity<'_>, record: Value) -> String {
    editor.create_publication(&record).await.summary.slug
}

pub fn record(title: &str, body: &str, published_at: &str) -> Value {
    json!({
        "kind": "statement", "title": title, "status": "published",
        "published_at": published_at, "tags": ["osce"],
        "body": [{"type": "paragraph", "text": body}]
    })
}

/// The highlighted words of a result's snippet.
pub fn highlights(item: &PublicationSummary) -> Vec<String> {
    item.snippet
        .iter()
        .flat_map(|s| &s.parts)
        .filter(|p| p.highlight)
        .map(|p| p.text.clone())
        .collect()
}

fn snippet_text(item: &PublicationSummary) -> String {
    item.snippet
        .as_ref()
        .expect("a snippet")
        .parts
        .iter()
        .map(|p| p.text.as_str())
        .collect()
}

fn snippet_field(item: &PublicationSummary) -> Option<SnippetField> {
    item.snippet.as_ref().map(|s| s.field)
}

#[tokio::test]
async fn a_title_match_outranks_a_body_only_match_and_snippets_highlight_it() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let in_body = publish(
        &editor,
        record(
            "Statement on fisheries",
            "Talks in Zanzibar covered quotas.",
            "2020-07-10T09:00:00Z",
        ),
    )
    .await;
    let in_title = publish(
        &editor,
        record(
            "Statement on Zanzibar",
            "The talks covered quotas.",
            "2020-07-01T09:00:00Z",
        ),
    )
    .await;
    let page = search(&app, "zanzibar").await;
    assert_eq!(slugs(&page), [in_title.clone(), in_body.clone()]);
    assert_eq!(page.total, Some(2));
    assert_eq!(snippet_field(&page.items[0]), Some(SnippetField::Title));
    assert_eq!(
        snippet_text(&page.items[0]),
        "Statement on Zanzibar",
        "titles come whole"
    );
    assert_eq!(snippet_field(&page.items[1]), Some(SnippetField::Body));
    assert_eq!(highlights(&page.items[1]), ["Zanzibar"]);
    assert_eq!(
        snippet_text(&page.items[1]),
        "Talks in Zanzibar covered quotas."
    );

    // Newest first on request, snippets still there; none in a plain list (the field is
    // absent, which the exact decoding checks).
    let newest: Results = app.get_json(&search_path("zanzibar", "&sort=newest")).await;
    assert_eq!(slugs(&newest), [in_body, in_title]);
    assert_eq!(highlights(&newest.items[0]), ["Zanzibar"]);
    let plain: Value = app.get_json("/api/v1/publications").await;
    assert!(plain["items"][0].get("snippet").is_none());
}

#[tokio::test]
async fn a_word_only_in_an_interview_answer_gives_a_snippet_of_that_answer() {
    let app = TestApp::builder().spawn().await;
    let page = search(&app, "nondescript").await;
    assert_eq!(slugs(&page), [INTERVIEW]);
    let item = &page.items[0];
    assert_eq!(snippet_field(item), Some(SnippetField::Body));
    assert_eq!(highlights(item), ["nondescript"]);
    let interview: Publication = app
        .get_json(&format!("/api/v1/publications/{INTERVIEW}"))
        .await;
    let answers: Vec<&str> = interview
        .body
        .iter()
        .flat_map(|b| match b {
            Block::Answer { paragraphs, .. } => paragraphs.as_slice(),
            _ => &[],
        })
        .map(String::as_str)
        .collect();
    let shown = snippet_text(item);
    let shown = shown.trim_matches('…');
    assert!(shown.split_whitespace().count() >= 8, "{shown}");
    assert!(
        answers.iter().any(|a| a.contains(shown)),
        "`{shown}` is not from an answer"
    );
    // Stemmed: another form of a word in the answer finds it too.
    assert_eq!(slugs(&search(&app, "debunking").await), [INTERVIEW]);
}

#[tokio::test]
async fn phrases_exclusions_and_or() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let ordered = publish(
        &editor,
        record(
            "On immunity",
            "Diplomatic immunity was waived.",
            "2020-07-02T09:00:00Z",
        ),
    )
    .await;
    let scattered = publish(
        &editor,
        record(
            "On waivers",
            "Immunity is not a diplomatic privilege here.",
            "2020-07-03T09:00:00Z",
        ),
    )
    .await;
    let mut both = slugs(&search(&app, "diplomatic immunity").await);
    both.sort();
    let mut expected = vec![ordered.clone(), scattered.clone()];
    expected.sort();
    assert_eq!(both, expected);
    assert_eq!(
        slugs(&search(&app, "\"diplomatic immunity\"").await),
        [ordered.as_str()]
    );
    assert_eq!(
        slugs(&search(&app, "immunity -privilege").await),
        [ordered.as_str()]
    );
    assert_eq!(
        slugs(&search(&app, "immunity -\"diplomatic immunity\"").await),
        [scattered.as_str()]
    );
    // `or` takes either side; a bare word beside it still has to match.
    let victory = search(&app, "victory -putin").await;
    assert_eq!(
        slugs(&victory),
        ["federation-council-appeal-75th-anniversary-victory"]
    );
    assert_eq!(
        search(&app, "nondescript or zanzibar or waived")
            .await
            .total,
        Some(2)
    );
    assert_eq!(
        search(&app, "nondescript or waived immunity").await.total,
        Some(1)
    );
}

#[tokio::test]
async fn search_combines_with_kind_tag_and_dates() {
    let app = TestApp::builder().spawn().await;
    assert_eq!(search(&app, "lavrov").await.total, Some(6));
    let path = |rest: &str| search_path("lavrov", rest);
    let conferences: Results = app.get_json(&path("&kind=news_conference")).await;
    assert_eq!(conferences.total, Some(3));
    let mut tagged = slugs(&app.get_json(&path("&tag=coronavirus")).await);
    tagged.sort();
    assert_eq!(
        tagged,
        [
            "lavrov-article-global-times-coronavirus-pandemic",
            "lavrov-zas-news-conference-csto-ministers-council"
        ]
    );
    let recent: Results = app.get_json(&path("&from=2020-06-01")).await;
    assert_eq!(recent.total, Some(3));
    let narrow = app.get_json(&path("&kind=article&from=2020-06-01")).await;
    assert_eq!(slugs(&narrow), ["lavrov-dacic-article-kosovo-settlement"]);
}

#[tokio::test]
async fn totals_pages_links_and_etags_follow_the_search() {
    let app = TestApp::builder().spawn().await;
    let response = app.get(&search_path("lavrov", "&per_page=4")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("x-total-count"), "6");
    let link = response.header("link");
    assert!(
        link.contains("q=lavrov") && link.contains("rel=\"next\""),
        "{link}"
    );
    let lavrov_etag = response.etag();
    let first: Results = response.json();
    let second: Results = app
        .get_json(&search_path("lavrov", "&per_page=4&page=2"))
        .await;
    assert_eq!(first.total_pages, Some(2));
    let mut all = slugs(&first);
    all.extend(slugs(&second));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 6, "pages overlap or miss results");
    let problem = app
        .get(&search_path("lavrov", "&per_page=4&page=3"))
        .await
        .problem(400);
    assert_eq!(fields(&problem), ["page"]);
    let putin = app.get(&search_path("putin", "&per_page=4")).await;
    assert_ne!(putin.etag(), lavrov_etag);
    let none = app.get(&search_path("quetzalcoatl", "")).await;
    assert_eq!(none.header("x-total-count"), "0");
}

#[tokio::test]
async fn a_bad_q_or_sort_is_400_naming_it() {
    let app = TestApp::builder().spawn().await;
    let long = "a".repeat(201);
    for q in [
        "",
        "   ",
        long.as_str(),
        "-iran",
        "-iran -\"nuclear deal\"",
        "the of and",
        "*",
    ] {
        let problem = app.get(&search_path(q, "")).await.problem(400);
        assert_eq!(fields(&problem), ["q"], "q={q:?}");
        assert_eq!(problem.code, "invalid_parameter");
    }
    let problem = app
        .get("/api/v1/publications?sort=relevance")
        .await
        .problem(400);
    assert_eq!(fields(&problem), ["sort"]);
    let problem = app
        .get(&search_path("lavrov", "&sort=best"))
        .await
        .problem(400);
    assert_eq!(fields(&problem), ["sort"]);
}

#[tokio::test]
async fn hostile_queries_are_searched_as_text() {
    let app = TestApp::builder().spawn().await;
    for q in [
        "NEAR(",
        "NEAR(lavrov",
        "lavrov*",
        "\"",
        "title:lavrov",
        "'",
        "\\",
        "lavrov\" OR \"",
        "lavrov AND",
        ") OR (",
        "^lavrov",
        "{title}: lavrov",
        "x' OR '1'='1",
        "lavrov & !x | y",
        "lavrov <-> x",
        "lavrov:*",
        "\u{E000}lavrov\u{E001}",
        "-lavrov lavrov",
        "лавров",
    ] {
        let response = app.get(&search_path(q, "")).await;
        assert!(
            response.status() == 200 || response.status() == 400,
            "q={q:?} answered {}",
            response.status()
        );
    }
    assert_eq!(search(&app, "title:lavrov").await.total, Some(0));
    assert_eq!(search(&app, "lavrov*").await.total, Some(6));
    assert_eq!(search(&app, "lavrov\" OR \"").await.total, Some(6));
    assert_eq!(search(&app, "NEAR(lavrov").await.total, Some(0));
}
