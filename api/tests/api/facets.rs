//! Facets and the date archive: every count equals the list's `X-Total-Count` for the same
//! filters, only what the public sees is counted (a scheduled piece from its instant on),
//! months are read in the home time zone, and bad parameters are 400s naming the field.

use chancery_api::clock::Clock;
use chancery_shared::facet::{ArchiveYear, Counts, FacetValue};
use chancery_shared::staff::Role;
use chrono::NaiveDate;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{RequestHelper, TestApp, fields, instant};

type Archive = Counts<ArchiveYear>;

/// The list's `X-Total-Count` for a path and query.
async fn total(app: &TestApp, path: &str) -> u64 {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.header("x-total-count").parse().expect("a number")
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
async fn check_facet(app: &TestApp, path: &str, param: &str) -> Vec<FacetValue> {
    let body: Counts<FacetValue> = app.get_json(path).await;
    let counts: Vec<u64> = body.items.iter().map(|i| i.count).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most first: {path}"
    );
    assert!(counts.iter().all(|&n| n > 0), "no zero counts: {path}");
    for item in &body.items {
        let href = &item.href;
        let mut expected = pairs(path);
        expected.push((param.to_owned(), item.value.clone()));
        expected.sort();
        assert_eq!(pairs(href), expected, "{href} from {path}");
        assert!(href.starts_with("/api/v1/publications?"), "{href}");
        assert_eq!(total(app, href).await, item.count, "{href} from {path}");
    }
    body.items
}

fn values(items: &[FacetValue]) -> Vec<String> {
    items.iter().map(|i| i.value.clone()).collect()
}

#[tokio::test]
async fn every_facet_count_is_the_lists_total_for_that_value() {
    let app = TestApp::builder().spawn().await;
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
        let sum: u64 = kinds.iter().map(|k| k.count).sum();
        let list = format!("/api/v1/publications{narrowing}");
        assert_eq!(sum, total(&app, &list).await, "{narrowing}");
    }
    let kinds: Counts<FacetValue> = app.get_json("/api/v1/kinds").await;
    assert_eq!(
        (
            kinds.items[0].value.as_str(),
            kinds.items[0].label.as_str(),
            kinds.items[0].count
        ),
        ("article", "Article", 3)
    );
    let speakers: Counts<FacetValue> = app.get_json("/api/v1/speakers").await;
    assert_eq!(
        (
            speakers.items[0].value.as_str(),
            speakers.items[0].label.as_str(),
            speakers.items[0].count
        ),
        ("Sergey Lavrov", "Sergey Lavrov", 6)
    );
}

#[tokio::test]
async fn speakers_spelled_in_other_letter_cases_are_one_speaker() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let response = editor
        .post_json(
            "/api/v1/publications",
            &json!({
                "kind": "interview", "title": "Interview on the OSCE", "lead": "On the OSCE.",
                "published_at": "2020-07-15T09:00:00Z", "status": "published",
                "speakers": ["sergey lavrov"], "tags": ["osce"],
                "body": [{"type": "paragraph", "text": "On the OSCE."}]
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let speakers = check_facet(&app, "/api/v1/speakers", "speaker").await;
    let lavrov: Vec<&FacetValue> = speakers
        .iter()
        .filter(|s| s.value.eq_ignore_ascii_case("sergey lavrov"))
        .collect();
    assert_eq!(lavrov.len(), 1, "one speaker: {speakers:?}");
    assert_eq!(lavrov[0].value, "Sergey Lavrov", "as most spell it");
    assert_eq!(lavrov[0].count, 7);
}

#[tokio::test]
async fn drafts_withdrawn_and_scheduled_pieces_are_not_counted_until_public() {
    let clock = Clock::fixed(instant("2020-07-15T18:08:00Z"));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
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
    assert_eq!(archive.header("cache-control"), "public, max-age=60");
    let archive: Archive = archive.good();
    assert_eq!(month_count(&archive, 2020, 7), Some(1));
    assert_eq!(month_count(&archive, 2020, 6), Some(4));

    clock.set(instant("2020-07-15T19:59:30Z"));
    let soon = app.get("/api/v1/tags").await;
    assert_eq!(soon.header("cache-control"), "public, max-age=30");

    // No write happens: the comment simply goes live.
    clock.set(instant("2020-07-15T20:00:00Z"));
    let tags = values(&check_facet(&app, "/api/v1/tags", "tag").await);
    assert!(
        tags.contains(&"usa".to_owned()),
        "the comment's tags: {tags:?}"
    );
    let kinds = values(&check_facet(&app, "/api/v1/kinds", "kind").await);
    assert!(kinds.contains(&"comment".to_owned()));
    let archive: Archive = app.get_json("/api/v1/archive").await;
    assert_eq!(month_count(&archive, 2020, 7), Some(2));
    assert_eq!(month_count(&archive, 2020, 6), Some(4));
}

fn month_count(archive: &Archive, year: i32, month: u32) -> Option<u64> {
    archive
        .items
        .iter()
        .find(|y| y.year == year)?
        .months
        .iter()
        .find(|m| m.month == month)
        .map(|m| m.count)
}

/// Checks every year and month of `/archive{narrowing}` against the list for the same dates
/// (built here from the calendar, not taken from the answer), and the order and sums.
async fn check_archive(app: &TestApp, narrowing: &str) -> Archive {
    let archive: Archive = app.get_json(&format!("/api/v1/archive{narrowing}")).await;
    let list = |from: NaiveDate, to: NaiveDate| {
        let and = if narrowing.is_empty() { "?" } else { "&" };
        format!("/api/v1/publications{narrowing}{and}from={from}&to={to}")
    };
    let mut last = None;
    for year in &archive.items {
        let y = year.year;
        let first = NaiveDate::from_ymd_opt(y, 1, 1).expect("date");
        let end = NaiveDate::from_ymd_opt(y, 12, 31).expect("date");
        assert_eq!(total(app, &list(first, end)).await, year.count, "{y}");
        assert_eq!(pairs(&year.href), pairs(&list(first, end)));
        let mut sum = 0;
        for month in &year.months {
            let m = month.month;
            let start = NaiveDate::from_ymd_opt(y, m, 1).expect("date");
            let next = start
                .checked_add_months(chrono::Months::new(1))
                .expect("date");
            let end = next.pred_opt().expect("date");
            let n = month.count;
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
        assert_eq!(year.count, sum, "{y}");
    }
    archive
}

#[tokio::test]
async fn archive_counts_equal_the_lists_totals_for_each_month() {
    let app = TestApp::builder().spawn().await;
    let archive = check_archive(&app, "").await;
    let years: Vec<i32> = archive.items.iter().map(|y| y.year).collect();
    assert_eq!(years, [2020, 2019]);
    assert_eq!(month_count(&archive, 2020, 7), Some(2));
    for narrowing in [
        "?kind=news_conference",
        "?tag=victory-day",
        "?speaker=SERGEY%20LAVROV",
    ] {
        let narrowed = check_archive(&app, narrowing).await;
        assert!(!narrowed.items.is_empty());
    }
}

#[tokio::test]
async fn months_are_read_in_the_home_time_zone() {
    let clock = Clock::fixed(instant("2021-01-15T12:00:00Z"));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
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
    let clock = Clock::fixed(instant("2021-01-15T12:00:00Z"));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
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
    clock.set(instant("2021-07-15T12:00:00Z"));
    app.execute("UPDATE publications SET title = title || '.' WHERE slug = 'lavrov-dacic-article-kosovo-settlement'");
    let summer = check_archive(&app, "").await;
    assert_eq!(summer, winter);
}

#[tokio::test]
async fn an_empty_site_has_no_counts() {
    let app = TestApp::builder().empty().spawn().await;
    let archive: Archive = app.get_json("/api/v1/archive").await;
    assert!(archive.items.is_empty());
    for path in ["/api/v1/tags", "/api/v1/kinds", "/api/v1/speakers"] {
        let facet: Counts<FacetValue> = app.get_json(path).await;
        assert!(facet.items.is_empty(), "{path}");
    }
}

#[tokio::test]
async fn bad_parameters_are_400_naming_the_field() {
    let app = TestApp::builder().spawn().await;
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
        let problem = app.get(path).await.problem(400);
        assert_eq!(fields(&problem), [field], "{path}");
    }
}

#[tokio::test]
async fn facets_are_cacheable_and_read_only() {
    let app = TestApp::builder().spawn().await;
    for path in [
        "/api/v1/archive",
        "/api/v1/tags?kind=article",
        "/api/v1/kinds",
        "/api/v1/speakers",
    ] {
        let first = app.get(path).await;
        assert_eq!(
            first.header("cache-control"),
            "public, max-age=60",
            "{path}"
        );
        let again = app
            .request(Method::GET, path)
            .header("If-None-Match", &first.etag())
            .send()
            .await;
        assert_eq!(again.status(), 304, "{path}");
        let post = app.request(Method::POST, path).send().await;
        assert_eq!(post.status(), 405, "{path}");
        assert_eq!(post.header("allow"), "GET, HEAD", "{path}");
    }
    // A change to a publication changes the counts and so the ETag.
    let before = app.get("/api/v1/tags").await.etag();
    app.execute("UPDATE publications SET status = 'draft' WHERE slug = 'foreign-ministry-statement-fifth-anniversary-jcpoa'");
    assert_ne!(app.get("/api/v1/tags").await.etag(), before);
}
