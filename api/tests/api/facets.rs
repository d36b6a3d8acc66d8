//! Facets and the date archive: every count equals the list's `X-Total-Count` for the same
//! filters, only what the public sees is counted (a scheduled piece from its instant on),
//! months are read in the home time zone, and bad parameters are 400s naming the field.

use chancery_api::clock::Clock;
use chancery_shared::staff::Role;
use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::helpers::{TestApp, create_token, fields, spawn_app, spawn_app_at, spawn_empty_app};

/// The list's `X-Total-Count` for a path and query.
async fn total(app: &TestApp, path: &str) -> u64 {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.headers()["x-total-count"]
        .to_str()
        .expect("header")
        .parse()
        .expect("a number")
}

/// A URL's query as sorted pairs.
fn pairs(path: &str) -> Vec<(String, String)> {
    let url = reqwest::Url::parse(&format!("http://x{path}")).expect("URL");
    let mut pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    pairs.sort();
    pairs
}

/// Checks every item of a facet: its `href` is the list with the facet's own query plus
/// `param` = the item's `value`, and that list's total is the item's count. Returns the items.
async fn check_facet(app: &TestApp, path: &str, param: &str) -> Vec<Value> {
    let body = app.get_json(path).await;
    let items = body["items"].as_array().expect("items").clone();
    let counts: Vec<u64> = items
        .iter()
        .map(|i| i["count"].as_u64().expect("count"))
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most first: {path}"
    );
    assert!(counts.iter().all(|&n| n > 0), "no zero counts: {path}");
    for item in &items {
        let value = item["value"].as_str().expect("value");
        let href = item["href"].as_str().expect("href");
        let mut expected = pairs(path);
        expected.push((param.to_owned(), value.to_owned()));
        expected.sort();
        assert_eq!(pairs(href), expected, "{href} from {path}");
        assert!(href.starts_with("/api/v1/publications?"), "{href}");
        assert_eq!(total(app, href).await, item["count"], "{href} from {path}");
    }
    items
}

fn values(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["value"].as_str().expect("value").to_owned())
        .collect()
}

#[tokio::test]
async fn every_facet_count_is_the_lists_total_for_that_value() {
    let app = spawn_app().await;
    for narrowing in ["", "?kind=article", "?from=2020-06-01&to=2020-06-30"] {
        let tags = check_facet(&app, &format!("/api/v1/tags{narrowing}"), "tag").await;
        assert!(!tags.is_empty(), "{narrowing}");
        let speakers = check_facet(&app, &format!("/api/v1/speakers{narrowing}"), "speaker").await;
        assert!(!speakers.is_empty(), "{narrowing}");
    }
    for narrowing in [
        "",
        "?tag=victory-day",
        "?speaker=sergey%20lavrov&from=2020-06-01",
    ] {
        let kinds = check_facet(&app, &format!("/api/v1/kinds{narrowing}"), "kind").await;
        // Every publication has one kind, so the kinds add up to the whole list.
        let sum: u64 = kinds.iter().map(|k| k["count"].as_u64().expect("n")).sum();
        let list = format!("/api/v1/publications{narrowing}");
        assert_eq!(sum, total(&app, &list).await, "{narrowing}");
    }
    let kinds = app.get_json("/api/v1/kinds").await;
    assert_eq!(kinds["items"][0]["value"], "article");
    assert_eq!(kinds["items"][0]["label"], "Article");
    assert_eq!(kinds["items"][0]["count"], 3);
    let speakers = app.get_json("/api/v1/speakers").await;
    assert_eq!(speakers["items"][0]["value"], "Sergey Lavrov");
    assert_eq!(speakers["items"][0]["label"], "Sergey Lavrov");
    assert_eq!(speakers["items"][0]["count"], 6);
}

#[tokio::test]
async fn speakers_spelled_in_other_letter_cases_are_one_speaker() {
    let app = spawn_app().await;
    let token = create_token(&app, "press-office", Role::Editor).await;
    let response = app
        .client
        .post(format!("{}/api/v1/publications", app.address))
        .bearer_auth(&token)
        .json(&json!({
            "kind": "interview", "title": "Interview on the OSCE", "lead": "On the OSCE.",
            "published_at": "2020-07-15T09:00:00Z", "status": "published",
            "speakers": ["sergey lavrov"], "tags": ["osce"],
            "body": [{"type": "paragraph", "text": "On the OSCE."}]
        }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201);
    let speakers = check_facet(&app, "/api/v1/speakers", "speaker").await;
    let lavrov: Vec<&Value> = speakers
        .iter()
        .filter(|s| {
            s["value"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case("sergey lavrov"))
        })
        .collect();
    assert_eq!(lavrov.len(), 1, "one speaker: {speakers:?}");
    assert_eq!(lavrov[0]["value"], "Sergey Lavrov", "as most spell it");
    assert_eq!(lavrov[0]["count"], 7);
}

#[tokio::test]
async fn drafts_withdrawn_and_scheduled_pieces_are_not_counted_until_public() {
    let clock = Clock::fixed("2020-07-15T18:08:00Z".parse().expect("instant"));
    let app = spawn_app_at(clock.clone()).await;
    app.execute("UPDATE publications SET status = 'draft' WHERE slug = 'foreign-ministry-statement-fifth-anniversary-jcpoa'");
    app.execute("UPDATE publications SET status = 'withdrawn' WHERE slug = 'federation-council-appeal-75th-anniversary-victory'");
    app.execute("UPDATE publications SET published_at = '2020-07-15 20:00:00' WHERE slug = 'comment-us-statements-international-criminal-court'");

    let tags = values(&check_facet(&app, "/api/v1/tags", "tag").await);
    for hidden in ["iran", "federation-council", "usa"] {
        assert!(
            !tags.contains(&hidden.to_owned()),
            "{hidden} counted: {tags:?}"
        );
    }
    let kinds = values(&check_facet(&app, "/api/v1/kinds", "kind").await);
    for hidden in ["statement", "appeal", "comment"] {
        assert!(
            !kinds.contains(&hidden.to_owned()),
            "{hidden} counted: {kinds:?}"
        );
    }
    let archive = app.get("/api/v1/archive").await;
    // Fresh only until the scheduled comment goes live, 1 h 52 min from now.
    let cache = archive.headers()["cache-control"]
        .to_str()
        .expect("header")
        .to_owned();
    assert_eq!(cache, "public, max-age=60");
    let archive: Value = archive.json().await.expect("JSON");
    assert_eq!(month_count(&archive, 2020, 7), Some(1));
    assert_eq!(month_count(&archive, 2020, 6), Some(4));

    clock.set("2020-07-15T19:59:30Z".parse().expect("instant"));
    let soon = app.get("/api/v1/tags").await;
    assert_eq!(soon.headers()["cache-control"], "public, max-age=30");

    // No write happens: the comment simply goes live.
    clock.set("2020-07-15T20:00:00Z".parse().expect("instant"));
    let tags = values(&check_facet(&app, "/api/v1/tags", "tag").await);
    assert!(
        tags.contains(&"usa".to_owned()),
        "the comment's tags: {tags:?}"
    );
    let kinds = values(&check_facet(&app, "/api/v1/kinds", "kind").await);
    assert!(kinds.contains(&"comment".to_owned()));
    let archive = app.get_json("/api/v1/archive").await;
    assert_eq!(month_count(&archive, 2020, 7), Some(2));
    assert_eq!(month_count(&archive, 2020, 6), Some(4));
}

fn month_count(archive: &Value, year: i64, month: u64) -> Option<u64> {
    archive["items"]
        .as_array()?
        .iter()
        .find(|y| y["year"] == year)?["months"]
        .as_array()?
        .iter()
        .find(|m| m["month"] == month)?["count"]
        .as_u64()
}

/// Checks every year and month of `/archive{narrowing}` against the list for the same dates
/// (built here from the calendar, not taken from the answer), and the order and sums.
async fn check_archive(app: &TestApp, narrowing: &str) -> Value {
    let archive = app.get_json(&format!("/api/v1/archive{narrowing}")).await;
    let list = |from: NaiveDate, to: NaiveDate| {
        let and = if narrowing.is_empty() { "?" } else { "&" };
        format!("/api/v1/publications{narrowing}{and}from={from}&to={to}")
    };
    let mut last = None;
    for year in archive["items"].as_array().expect("years") {
        let y = i32::try_from(year["year"].as_i64().expect("year")).expect("year");
        let first = NaiveDate::from_ymd_opt(y, 1, 1).expect("date");
        let end = NaiveDate::from_ymd_opt(y, 12, 31).expect("date");
        assert_eq!(total(app, &list(first, end)).await, year["count"], "{y}");
        assert_eq!(
            pairs(year["href"].as_str().expect("href")),
            pairs(&list(first, end))
        );
        let mut sum = 0;
        for month in year["months"].as_array().expect("months") {
            let m = u32::try_from(month["month"].as_u64().expect("month")).expect("month");
            let start = NaiveDate::from_ymd_opt(y, m, 1).expect("date");
            let next = start
                .checked_add_months(chrono::Months::new(1))
                .expect("date");
            let end = next.pred_opt().expect("date");
            let n = month["count"].as_u64().expect("count");
            assert!(n > 0);
            assert_eq!(
                total(app, &list(start, end)).await,
                n,
                "{y}-{m} {narrowing}"
            );
            assert!(last.is_none_or(|l| start < l), "newest first");
            last = Some(start);
            sum += n;
        }
        assert_eq!(year["count"], sum, "{y}");
    }
    archive
}

#[tokio::test]
async fn archive_counts_equal_the_lists_totals_for_each_month() {
    let app = spawn_app().await;
    let archive = check_archive(&app, "").await;
    let years: Vec<i64> = archive["items"]
        .as_array()
        .expect("years")
        .iter()
        .map(|y| y["year"].as_i64().expect("year"))
        .collect();
    assert_eq!(years, [2020, 2019]);
    assert_eq!(month_count(&archive, 2020, 7), Some(2));
    for narrowing in [
        "?kind=news_conference",
        "?tag=victory-day",
        "?speaker=SERGEY%20LAVROV",
    ] {
        let narrowed = check_archive(&app, narrowing).await;
        assert!(!narrowed["items"].as_array().expect("years").is_empty());
    }
}

#[tokio::test]
async fn months_are_read_in_the_home_time_zone() {
    let clock = Clock::fixed("2021-01-15T12:00:00Z".parse().expect("instant"));
    let app = spawn_app_at(clock.clone()).await;
    // 22:30 UTC on 31 January is 01:30 on 1 February in Moscow.
    app.execute("UPDATE publications SET published_at = '2020-01-31 22:30:00' WHERE slug = 'lavrov-interview-russia-24-maria-bondareva'");
    let archive = check_archive(&app, "").await;
    assert_eq!(month_count(&archive, 2020, 2), Some(1));
    assert_eq!(month_count(&archive, 2020, 1), None);

    // In London it is still January, and the months follow the zone at once.
    app.execute("UPDATE site SET home_time_zone = 'Europe/London'");
    let archive = check_archive(&app, "").await;
    assert_eq!(month_count(&archive, 2020, 1), Some(1));
    assert_eq!(month_count(&archive, 2020, 2), None);
}

#[tokio::test]
async fn months_follow_summer_time_whichever_offset_the_zone_has_now() {
    // Read in winter, London is at +00:00; its summer months start an hour earlier in UTC.
    let clock = Clock::fixed("2021-01-15T12:00:00Z".parse().expect("instant"));
    let app = spawn_app_at(clock.clone()).await;
    app.execute("UPDATE site SET home_time_zone = 'Europe/London'");
    for (slug, at) in [
        (
            "lavrov-interview-russia-24-maria-bondareva",
            "2020-06-30 23:30:00",
        ), // July, BST
        (
            "putin-speech-victory-parade-75th-anniversary",
            "2020-03-31 23:30:00",
        ), // April, BST
        (
            "lavrov-news-conference-belarus-makei-minsk",
            "2020-10-31 23:30:00",
        ), // October, GMT
    ] {
        app.execute(&format!(
            "UPDATE publications SET published_at = '{at}' WHERE slug = '{slug}'"
        ));
    }
    let winter = check_archive(&app, "").await;
    assert_eq!(month_count(&winter, 2020, 7), Some(3));
    assert_eq!(month_count(&winter, 2020, 4), Some(1));
    assert_eq!(month_count(&winter, 2020, 10), Some(1));
    assert_eq!(month_count(&winter, 2020, 3), None);
    assert_eq!(month_count(&winter, 2020, 11), None);

    // Read in summer (+01:00) after an unrelated edit, so nothing is remembered: the same.
    clock.set("2021-07-15T12:00:00Z".parse().expect("instant"));
    app.execute("UPDATE publications SET title = title || '.' WHERE slug = 'lavrov-dacic-article-kosovo-settlement'");
    let summer = check_archive(&app, "").await;
    assert_eq!(summer, winter);
}

#[tokio::test]
async fn an_empty_site_has_no_counts() {
    let app = spawn_empty_app().await;
    for path in [
        "/api/v1/archive",
        "/api/v1/tags",
        "/api/v1/kinds",
        "/api/v1/speakers",
    ] {
        assert_eq!(app.get_json(path).await, json!({"items": []}), "{path}");
    }
}

#[tokio::test]
async fn bad_parameters_are_400_naming_the_field() {
    let app = spawn_app().await;
    for (path, field) in [
        ("/api/v1/tags?kind=memo", "kind"),
        ("/api/v1/tags?tag=iran", "tag"),
        ("/api/v1/tags?from=2020-13-01", "from"),
        ("/api/v1/kinds?kind=article", "kind"),
        ("/api/v1/kinds?tag=Not%20A%20Tag", "tag"),
        ("/api/v1/speakers?speaker=Sergey%20Lavrov", "speaker"),
        ("/api/v1/speakers?from=2020-07-01&to=2020-06-01", "from"),
        ("/api/v1/archive?from=2020-01-01", "from"),
        ("/api/v1/archive?featured=true", "featured"),
        ("/api/v1/archive?tag=a&tag=b", "tag"),
        ("/api/v1/tags?pgae=1", "pgae"),
    ] {
        let problem = app.get_problem(path, 400).await;
        assert_eq!(fields(&problem), [field], "{path}");
    }
}

#[tokio::test]
async fn facets_are_cacheable_and_read_only() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/archive",
        "/api/v1/tags?kind=article",
        "/api/v1/kinds",
        "/api/v1/speakers",
    ] {
        let first = app.get(path).await;
        assert_eq!(
            first.headers()["cache-control"],
            "public, max-age=60",
            "{path}"
        );
        let etag = first.headers()["etag"].to_str().expect("etag").to_owned();
        let again = app
            .client
            .get(format!("{}{path}", app.address))
            .header("If-None-Match", &etag)
            .send()
            .await
            .expect("request");
        assert_eq!(again.status(), 304, "{path}");
        let post = app
            .client
            .post(format!("{}{path}", app.address))
            .send()
            .await
            .expect("request");
        assert_eq!(post.status(), 405, "{path}");
        assert_eq!(post.headers()["allow"], "GET, HEAD", "{path}");
    }
    // A change to a publication changes the counts and so the ETag.
    let before = app.get("/api/v1/tags").await.headers()["etag"].clone();
    app.execute("UPDATE publications SET status = 'draft' WHERE slug = 'foreign-ministry-statement-fifth-anniversary-jcpoa'");
    assert_ne!(app.get("/api/v1/tags").await.headers()["etag"], before);
}
