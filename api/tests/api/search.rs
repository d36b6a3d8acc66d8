//! Full-text search (`GET /publications?q=`): ranking, snippets (also from interview answers),
//! the syntax (phrases, exclusion, `or`), filters alongside, visibility, an index that follows
//! every write and none that fails, and bad or hostile `q`s answered 400 or searched as text.

use chancery_api::clock::Clock;
use chancery_shared::staff::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, create_token, fields, slugs, spawn_app, spawn_app_at};

const INTERVIEW: &str = "lavrov-interview-russia-24-maria-bondareva";

/// `/api/v1/publications?…` with `q` percent-encoded.
fn search_path(q: &str, rest: &str) -> String {
    let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
    format!("/api/v1/publications?q={q}{rest}")
}

async fn search(app: &TestApp, q: &str) -> Value {
    app.get_json(&search_path(q, "")).await
}

/// Adds a publication as an editor; returns its slug.
async fn publish(app: &TestApp, token: &str, record: Value) -> String {
    let response = app
        .client
        .post(format!("{}/api/v1/publications", app.address))
        .bearer_auth(token)
        .json(&record)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201, "{record}");
    let created: Value = response.json().await.expect("JSON");
    created["slug"].as_str().expect("slug").to_owned()
}

fn record(title: &str, body: &str, published_at: &str) -> Value {
    json!({
        "kind": "statement", "title": title, "status": "published",
        "published_at": published_at, "tags": ["osce"],
        "body": [{"type": "paragraph", "text": body}]
    })
}

/// The highlighted words of a result's snippet.
fn highlights(item: &Value) -> Vec<String> {
    item["snippet"]["parts"]
        .as_array()
        .map(|parts| {
            parts
                .iter()
                .filter(|p| p["highlight"] == true)
                .map(|p| p["text"].as_str().expect("text").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn snippet_text(item: &Value) -> String {
    item["snippet"]["parts"]
        .as_array()
        .expect("snippet parts")
        .iter()
        .map(|p| p["text"].as_str().expect("text"))
        .collect()
}

#[tokio::test]
async fn a_title_match_outranks_a_body_only_match_and_snippets_highlight_it() {
    let app = spawn_app().await;
    let token = create_token(&app, "editor", Role::Editor).await;
    let in_body = publish(
        &app,
        &token,
        record(
            "Statement on fisheries",
            "Talks in Zanzibar covered quotas.",
            "2020-07-10T09:00:00Z",
        ),
    )
    .await;
    let in_title = publish(
        &app,
        &token,
        record(
            "Statement on Zanzibar",
            "The talks covered quotas.",
            "2020-07-01T09:00:00Z",
        ),
    )
    .await;
    let page = search(&app, "zanzibar").await;
    assert_eq!(slugs(&page), [in_title.clone(), in_body.clone()]);
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"][0]["snippet"]["field"], "title");
    assert_eq!(page["items"][1]["snippet"]["field"], "body");
    assert_eq!(highlights(&page["items"][1]), ["Zanzibar"]);
    assert_eq!(
        snippet_text(&page["items"][1]),
        "Talks in Zanzibar covered quotas."
    );

    // Newest first on request, snippets still there; none in a plain list.
    let newest = app.get_json(&search_path("zanzibar", "&sort=newest")).await;
    assert_eq!(slugs(&newest), [in_body, in_title]);
    assert_eq!(highlights(&newest["items"][0]), ["Zanzibar"]);
    let plain = app.get_json("/api/v1/publications").await;
    assert!(plain["items"][0].get("snippet").is_none());
}

#[tokio::test]
async fn a_word_only_in_an_interview_answer_gives_a_snippet_of_that_answer() {
    let app = spawn_app().await;
    let page = search(&app, "nondescript").await;
    assert_eq!(slugs(&page), [INTERVIEW]);
    let item = &page["items"][0];
    assert_eq!(item["snippet"]["field"], "body");
    assert_eq!(highlights(item), ["nondescript"]);
    let interview = app
        .get_json(&format!("/api/v1/publications/{INTERVIEW}"))
        .await;
    let answers: Vec<&str> = interview["body"]
        .as_array()
        .expect("body")
        .iter()
        .filter(|b| b["type"] == "answer")
        .flat_map(|b| b["paragraphs"].as_array().expect("paragraphs"))
        .map(|p| p.as_str().expect("paragraph"))
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
    let app = spawn_app().await;
    let token = create_token(&app, "editor", Role::Editor).await;
    let ordered = publish(
        &app,
        &token,
        record(
            "On immunity",
            "Diplomatic immunity was waived.",
            "2020-07-02T09:00:00Z",
        ),
    )
    .await;
    let scattered = publish(
        &app,
        &token,
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
        search(&app, "nondescript or zanzibar or waived").await["total"],
        2
    );
    assert_eq!(
        search(&app, "nondescript or waived immunity").await["total"],
        1
    );
}

#[tokio::test]
async fn search_combines_with_kind_tag_and_dates() {
    let app = spawn_app().await;
    assert_eq!(search(&app, "lavrov").await["total"], 6);
    let path = |rest: &str| search_path("lavrov", rest);
    let conferences = app.get_json(&path("&kind=news_conference")).await;
    assert_eq!(conferences["total"], 3);
    let tagged = app.get_json(&path("&tag=coronavirus")).await;
    let mut tagged = slugs(&tagged);
    tagged.sort();
    assert_eq!(
        tagged,
        [
            "lavrov-article-global-times-coronavirus-pandemic",
            "lavrov-zas-news-conference-csto-ministers-council"
        ]
    );
    let recent = app.get_json(&path("&from=2020-06-01")).await;
    assert_eq!(recent["total"], 3);
    let narrow = app.get_json(&path("&kind=article&from=2020-06-01")).await;
    assert_eq!(slugs(&narrow), ["lavrov-dacic-article-kosovo-settlement"]);
}

#[tokio::test]
async fn totals_pages_links_and_etags_follow_the_search() {
    let app = spawn_app().await;
    let response = app.get(&search_path("lavrov", "&per_page=4")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-total-count"], "6");
    let link = response.headers()["link"]
        .to_str()
        .expect("link")
        .to_owned();
    assert!(
        link.contains("q=lavrov") && link.contains("rel=\"next\""),
        "{link}"
    );
    let lavrov_etag = response.headers()["etag"].clone();
    let first: Value = response.json().await.expect("JSON");
    let second = app
        .get_json(&search_path("lavrov", "&per_page=4&page=2"))
        .await;
    assert_eq!(first["total_pages"], 2);
    let mut all = slugs(&first);
    all.extend(slugs(&second));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 6, "pages overlap or miss results");
    let problem = app
        .get_problem(&search_path("lavrov", "&per_page=4&page=3"), 400)
        .await;
    assert_eq!(fields(&problem), ["page"]);
    let putin = app.get(&search_path("putin", "&per_page=4")).await;
    assert_ne!(putin.headers()["etag"], lavrov_etag);
    let none = app.get(&search_path("quetzalcoatl", "")).await;
    assert_eq!(none.headers()["x-total-count"], "0");
}

#[tokio::test]
async fn drafts_and_scheduled_pieces_are_found_only_once_public() {
    let clock = Clock::fixed("2020-07-15T18:08:00Z".parse().expect("instant"));
    let app = spawn_app_at(clock.clone()).await;
    let token = create_token(&app, "editor", Role::Editor).await;
    let mut draft = record("Quokka draft", "A quokka.", "2020-07-14T09:00:00Z");
    draft["status"] = json!("draft");
    publish(&app, &token, draft).await;
    let scheduled = publish(
        &app,
        &token,
        record("Quokka schedule", "Quokkas.", "2020-07-16T09:00:00Z"),
    )
    .await;
    assert_eq!(search(&app, "quokka").await["total"], 0);
    let staff = app
        .client
        .get(format!(
            "{}{}",
            app.address,
            search_path("quokka", "&status=draft")
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    let staff: Value = staff.json().await.expect("JSON");
    assert_eq!(staff["total"], 1);

    clock.set("2020-07-16T09:00:00Z".parse().expect("instant"));
    let page = search(&app, "quokka").await;
    assert_eq!(
        slugs(&page),
        [scheduled],
        "public at its instant, with no write"
    );
}

async fn change(
    app: &TestApp,
    token: &str,
    slug: &str,
    method: reqwest::Method,
    body: Option<Value>,
) {
    let path = format!("{}/api/v1/publications/{slug}", app.address);
    let current = app
        .client
        .get(&path)
        .bearer_auth(token)
        .send()
        .await
        .expect("GET");
    let etag = current.headers()["etag"].to_str().expect("etag").to_owned();
    let mut request = app
        .client
        .request(method, &path)
        .bearer_auth(token)
        .header("If-Match", etag);
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/merge-patch+json")
            .body(body.to_string());
    }
    let response = request.send().await.expect("request");
    assert!(response.status().is_success(), "{}", response.status());
}

#[tokio::test]
async fn edits_withdrawals_and_deletions_update_the_index() {
    let app = spawn_app().await;
    let token = create_token(&app, "editor", Role::Editor).await;
    let slug = publish(
        &app,
        &token,
        record(
            "On axolotls",
            "Axolotls regrow limbs.",
            "2020-07-02T09:00:00Z",
        ),
    )
    .await;
    assert_eq!(search(&app, "axolotl").await["total"], 1);
    change(
        &app,
        &token,
        &slug,
        reqwest::Method::PATCH,
        Some(json!({"title": "On narwhals", "body": [{"type": "paragraph", "text": "Narwhals have tusks."}]})),
    )
    .await;
    assert_eq!(
        search(&app, "axolotl").await["total"],
        0,
        "the old words are gone"
    );
    let page = search(&app, "narwhal").await;
    assert_eq!(slugs(&page), [slug.as_str()]);
    assert_eq!(highlights(&page["items"][0]), ["Narwhals"], "{page}");

    change(&app, &token, &slug, reqwest::Method::DELETE, None).await;
    assert_eq!(search(&app, "narwhal").await["total"], 0, "withdrawn");

    let mut draft = record("Draft on okapis", "Okapis.", "2020-07-02T09:00:00Z");
    draft["status"] = json!("draft");
    let draft = publish(&app, &token, draft).await;
    change(&app, &token, &draft, reqwest::Method::DELETE, None).await;
    let staff = app
        .client
        .get(format!(
            "{}{}",
            app.address,
            search_path("okapi", "&status=draft")
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request");
    let staff: Value = staff.json().await.expect("JSON");
    assert_eq!(staff["total"], 0, "a deleted draft leaves the index");
}

#[tokio::test]
async fn a_failed_import_leaves_the_index_as_it_was() {
    let app = spawn_app().await;
    let file = format!(
        "{}\n{}\n",
        json!({"kind": "statement", "title": "On pangolins", "published_at": "2020-07-14T09:00:00Z",
               "body": [{"type": "paragraph", "text": "Pangolins are scaly."}]}),
        json!({"slug": INTERVIEW, "kind": "statement", "title": "Nondescript clash",
               "published_at": "2020-07-14T09:00:00Z"}),
    );
    let pool = app.pool.clone();
    let failed = tokio::task::spawn_blocking(move || {
        let records = chancery_api::import::parse(&file).expect("records parse");
        let mut conn = pool.get().expect("connection");
        chancery_api::import::import(&mut conn, &records).is_err()
    })
    .await
    .expect("finished");
    assert!(failed, "the second record's slug is taken");
    assert_eq!(search(&app, "pangolin").await["total"], 0);
    assert_eq!(slugs(&search(&app, "nondescript").await), [INTERVIEW]);
}

#[tokio::test]
async fn a_bad_q_or_sort_is_400_naming_it() {
    let app = spawn_app().await;
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
        let problem = app.get_problem(&search_path(q, ""), 400).await;
        assert_eq!(fields(&problem), ["q"], "q={q:?}");
        assert_eq!(problem["code"], "invalid_parameter");
    }
    let problem = app
        .get_problem("/api/v1/publications?sort=relevance", 400)
        .await;
    assert_eq!(fields(&problem), ["sort"]);
    let problem = app
        .get_problem(&search_path("lavrov", "&sort=best"), 400)
        .await;
    assert_eq!(fields(&problem), ["sort"]);
}

#[tokio::test]
async fn hostile_queries_are_searched_as_text() {
    let app = spawn_app().await;
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
    assert_eq!(search(&app, "title:lavrov").await["total"], 0);
    assert_eq!(search(&app, "lavrov*").await["total"], 6);
    assert_eq!(search(&app, "lavrov\" OR \"").await["total"], 6);
    assert_eq!(search(&app, "NEAR(lavrov").await["total"], 0);
}

#[tokio::test]
async fn a_database_from_before_search_is_indexed_at_migrate_time() {
    let app = spawn_app().await;
    // As the search migration leaves an existing database: rows, an empty index, a request.
    app.execute("DELETE FROM publication_search");
    app.execute("INSERT INTO search_backfill (pending) VALUES (TRUE)");
    assert_eq!(search(&app, "nondescript").await["total"], 0);
    let pool = app.pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().expect("connection");
        chancery_api::db::migrate(&mut conn).expect("migrate")
    })
    .await
    .expect("finished");
    assert_eq!(slugs(&search(&app, "nondescript").await), [INTERVIEW]);
    assert_eq!(search(&app, "lavrov").await["total"], 6);
}
