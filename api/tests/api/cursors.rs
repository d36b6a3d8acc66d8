//! Keyset cursor paging of `GET /publications`: a walk by cursor visits exactly what page
//! numbers do, stays exact while publications are added or go live between pages, keeps the
//! filters it was made for, and refuses cursors that are malformed, tampered with, replayed
//! with other filters, given with `page` or in relevance order; `include_total=false` skips the
//! count; staff lists page by cursor too and stay private.

use chancery_api::clock::Clock;
use chancery_shared::page::ListPage;
use chancery_shared::publication::PublicationSummary;
use chancery_shared::staff::Role;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{Identity, RequestHelper, TestApp, fields, instant, slugs};

const LIST: &str = "/api/v1/publications";

/// Most pages any walk here may take, so a cursor that never ends fails instead of hanging.
const MAX_PAGES: usize = 500;

type Page = ListPage<PublicationSummary>;

/// `path` with `cursor` added, percent-encoded.
fn with_cursor(path: &str, cursor: &str) -> String {
    let cursor: String = form_urlencoded::byte_serialize(cursor.as_bytes()).collect();
    let sep = if path.contains('?') { '&' } else { '?' };
    format!("{path}{sep}cursor={cursor}")
}

/// The page's `next_cursor`, checked against `has_more`.
fn next_cursor(page: &Page) -> Option<String> {
    assert_eq!(
        page.has_more,
        page.next_cursor.is_some(),
        "has_more and next_cursor disagree: {page:?}"
    );
    page.next_cursor.clone()
}

/// Reads `path` (which gives no cursor) as `who`, from `from` (or its start) to the end,
/// following `next_cursor`; returns the slugs of every page, page by page.
async fn walk(who: &impl RequestHelper, path: &str, from: Option<&str>) -> Vec<Vec<String>> {
    let first = path;
    let mut pages = Vec::new();
    let mut path = match from {
        Some(cursor) => with_cursor(first, cursor),
        None => first.to_owned(),
    };
    for _ in 0..MAX_PAGES {
        let page: Page = who.get_json(&path).await;
        pages.push(slugs(&page));
        match next_cursor(&page) {
            Some(cursor) => path = with_cursor(first, &cursor),
            None => return pages,
        }
    }
    panic!("the walk from {first} did not end within {MAX_PAGES} pages");
}

/// Every slug of a list read by page number (`path` must not give `page`).
async fn by_number(app: &TestApp, path: &str) -> Vec<String> {
    let mut all = Vec::new();
    for n in 1.. {
        let sep = if path.contains('?') { '&' } else { '?' };
        let page: Page = app.get_json(&format!("{path}{sep}page={n}")).await;
        all.extend(slugs(&page));
        if n >= page.total_pages.expect("total_pages") {
            return all;
        }
    }
    unreachable!()
}

/// Publishes (or, with `"status": "draft"`, drafts) a statement as `editor`; returns its slug.
async fn publish(editor: &Identity<'_>, title: &str, published_at: &str, extra: Value) -> String {
    let mut record = json!({
        "kind": "statement", "title": title, "status": "published",
        "published_at": published_at, "tags": ["osce"],
        "body": [{"type": "paragraph", "text": "Text."}]
    });
    if let (Some(record), Some(extra)) = (record.as_object_mut(), extra.as_object()) {
        record.extend(extra.clone());
    }
    editor.create_publication(&record).await.summary.slug
}

/// A 400 naming `cursor`; returns its detail.
async fn refused_cursor(app: &TestApp, path: &str) -> String {
    let problem = app.get(path).await.problem(400);
    assert_eq!(fields(&problem), ["cursor"], "GET {path}: {problem:?}");
    assert_eq!(problem.code, "invalid_parameter");
    problem.detail
}

#[tokio::test]
async fn walking_by_cursor_visits_exactly_what_page_numbers_do() {
    let app = TestApp::builder().empty().spawn().await;
    // The generator is seeded: a second batch repeats every instant, so ties on
    // `published_at` fall across page boundaries and only the id tells them apart.
    app.add_synthetic(150).await;
    app.add_synthetic(150).await;
    let numbered = by_number(&app, &format!("{LIST}?per_page=100")).await;
    assert_eq!(numbered.len(), 300);

    let first = app.get(&format!("{LIST}?per_page=7")).await;
    assert_eq!(first.header("x-total-count"), "300");
    let first: Page = first.good();
    assert_eq!(first.page, Some(1));
    assert_eq!((first.total, first.total_pages), (Some(300), Some(43)));
    let pages = walk(&app, &format!("{LIST}?per_page=7"), None).await;
    assert_eq!(pages.len(), 43);
    assert!(pages[..42].iter().all(|p| p.len() == 7) && pages[42].len() == 6);
    assert_eq!(
        pages.concat(),
        numbered,
        "a cursor walk differs from page numbers"
    );

    let instants: Vec<_> = first.items.iter().map(|p| p.published_at).collect();
    assert!(
        instants.windows(2).any(|w| w[0] == w[1]),
        "the data has no ties, so the id tie-break went untested: {instants:?}"
    );

    // A cursor page: no page number, the total still counted, `next` by cursor.
    let cursor = next_cursor(&first).expect("a second page");
    let second = app
        .get(&with_cursor(&format!("{LIST}?per_page=7"), &cursor))
        .await;
    assert_eq!(second.header("x-total-count"), "300");
    let next = second.link("next").expect("next link");
    assert_eq!(
        second.link("first").as_deref(),
        Some("/api/v1/publications?per_page=7")
    );
    assert!(second.link("last").is_none() && second.link("prev").is_none());
    let second: Page = second.good();
    assert!(second.page.is_none());
    assert_eq!(second.total, Some(300));
    assert_eq!(slugs(&second), pages[1]);
    let third = app.get_json(&next).await;
    assert_eq!(
        slugs(&third),
        pages[2],
        "the Link header's next is the next page"
    );

    // Page size may change along the way.
    let wide = app
        .get_json(&with_cursor(&format!("{LIST}?per_page=100"), &cursor))
        .await;
    assert_eq!(slugs(&wide), numbered[7..107]);
}

#[tokio::test]
async fn publishing_between_pages_neither_repeats_nor_skips() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let path = format!("{LIST}?per_page=3");
    let before = by_number(&app, &path).await;
    assert_eq!(before.len(), 11);

    let first: Page = app.get_json(&path).await;
    assert_eq!(slugs(&first), before[..3]);
    let last_at = first.items[2].published_at.to_rfc3339();
    let mut cursor = next_cursor(&first).expect("more pages");

    // Newer than everything, and one at the very instant of the cursor's row (a higher id,
    // so it sorts just above it): neither belongs to the pages still to come.
    let newest = publish(
        &editor,
        "Newest statement",
        "2021-01-01T09:00:00Z",
        json!({}),
    )
    .await;
    let tied = publish(&editor, "Tied statement", &last_at, json!({})).await;
    let mut rest = Vec::new();
    let mut later = None;
    for _ in 0..MAX_PAGES {
        let page: Page = app.get_json(&with_cursor(&path, &cursor)).await;
        rest.extend(slugs(&page));
        if later.is_none() {
            // More arrive mid-walk; still nothing repeats or goes missing.
            later = Some(publish(&editor, "Later", "2021-02-01T09:00:00Z", json!({})).await);
        }
        match next_cursor(&page) {
            Some(next) => cursor = next,
            None => break,
        }
    }
    assert_eq!(
        rest,
        before[3..],
        "the remaining pages changed under new publications"
    );
    for new in [&newest, &tied] {
        assert!(!rest.contains(new), "{new} turned up in an older page");
    }

    // A fresh walk sees them all, newest first, the tie just above its twin.
    let fresh = walk(&app, &path, None).await.concat();
    assert_eq!(fresh.len(), 14);
    assert_eq!(fresh[..2], [later.expect("published"), newest.clone()]);
    let at = |slug: &str| fresh.iter().position(|s| s == slug).expect("listed");
    assert_eq!(at(&tied) + 1, at(&before[2]));
}

#[tokio::test]
async fn a_piece_published_below_the_cursor_appears_once_in_its_place() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let path = format!("{LIST}?per_page=4");
    let before = by_number(&app, &path).await;
    let first = app.get_json(&path).await;
    let cursor = next_cursor(&first).expect("more pages");
    // Backdated to between the two oldest: the rest of the walk must show it exactly once.
    let backdated = publish(
        &editor,
        "Backdated statement",
        "2020-01-01T09:00:00Z",
        json!({}),
    )
    .await;
    let rest = walk(&app, &path, Some(&cursor)).await.concat();
    let mut expected = before[4..].to_vec();
    expected.insert(expected.len() - 1, backdated);
    assert_eq!(rest, expected);
}

#[tokio::test]
async fn a_scheduled_piece_going_live_between_pages_does_not_break_the_walk() {
    let clock = Clock::fixed(instant("2020-07-15T18:08:00Z"));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let scheduled = publish(
        &editor,
        "Scheduled statement",
        "2020-07-15T20:00:00Z",
        json!({}),
    )
    .await;
    let path = format!("{LIST}?per_page=4");
    let before = by_number(&app, &path).await;
    assert!(!before.contains(&scheduled));
    let first = app.get_json(&path).await;
    let cursor = next_cursor(&first).expect("more pages");

    clock.set(instant("2020-07-15T20:00:00Z"));
    let second: Page = app.get_json(&with_cursor(&path, &cursor)).await;
    assert_eq!(second.total, Some(12), "the count includes it once live");
    let cursor = next_cursor(&second).expect("a third page");
    let rest: Vec<String> = [
        slugs(&second),
        walk(&app, &path, Some(&cursor)).await.concat(),
    ]
    .concat();
    assert_eq!(
        rest,
        before[4..],
        "a piece going live shifted the remaining pages"
    );
    assert_eq!(slugs(&app.get_json(&path).await)[0], scheduled);
}

#[tokio::test]
async fn bad_cursors_are_400_naming_cursor() {
    let app = TestApp::builder().spawn().await;
    for junk in ["not-a-cursor", "AAAA", "%25%25%25", "eyJhIjoxfQ", "null"] {
        let detail = refused_cursor(&app, &format!("{LIST}?cursor={junk}")).await;
        assert!(detail.contains("cursor"), "{detail}");
    }
    let first = app.get_json(&format!("{LIST}?per_page=2")).await;
    let cursor = next_cursor(&first).expect("more pages");
    // Every single-character change is caught by the signature.
    let mut tampered = cursor.clone().into_bytes();
    for i in [0, tampered.len() / 2, tampered.len() - 1] {
        let original = tampered[i];
        tampered[i] = if original == b'A' { b'B' } else { b'A' };
        let text = String::from_utf8(tampered.clone()).expect("ascii");
        refused_cursor(&app, &with_cursor(LIST, &text)).await;
        tampered[i] = original;
    }
    // The genuine one works; with `page` it is refused.
    let _: Page = app.get_json(&with_cursor(LIST, &cursor)).await;
    let detail = refused_cursor(&app, &with_cursor(&format!("{LIST}?page=2"), &cursor)).await;
    assert!(detail.contains("page"), "{detail}");
    // Replayed with other filters.
    for filters in [
        "kind=speech",
        "tag=iran",
        "from=2020-06-01",
        "featured=false",
        "q=lavrov&sort=newest",
    ] {
        let detail =
            refused_cursor(&app, &with_cursor(&format!("{LIST}?{filters}"), &cursor)).await;
        assert!(detail.contains("other filters"), "{filters}: {detail}");
    }
    // An empty cursor (a client that sent on a null `next_cursor`) is not one either.
    refused_cursor(&app, &format!("{LIST}?cursor=")).await;
}

#[tokio::test]
async fn cursors_keep_the_filters_they_were_made_with() {
    let app = TestApp::builder().spawn().await;
    for filters in [
        "kind=article,news_conference",
        "tag=victory-day",
        "from=2020-06-01&to=2020-06-30",
        "speaker=Sergey%20Lavrov",
        "featured=false&from=2020-06-18",
    ] {
        let path = format!("{LIST}?per_page=2&{filters}");
        let walked = walk(&app, &path, None).await.concat();
        assert_eq!(walked, by_number(&app, &path).await, "{filters}");
        assert!(walked.len() > 2, "{filters} should need more than one page");
    }
    // The same kinds in another order are the same list.
    let first = app
        .get_json(&format!("{LIST}?per_page=2&kind=article,news_conference"))
        .await;
    let cursor = next_cursor(&first).expect("more pages");
    let same: Page = app
        .get_json(&with_cursor(
            &format!("{LIST}?kind=news_conference&kind=article&per_page=2"),
            &cursor,
        ))
        .await;
    assert_eq!(slugs(&same).len(), 2);
}

#[tokio::test]
async fn searches_page_by_cursor_in_date_order_only() {
    let app = TestApp::builder().spawn().await;
    let path = format!("{LIST}?q=lavrov&sort=newest&per_page=2");
    let walked = walk(&app, &path, None).await.concat();
    assert_eq!(walked, by_number(&app, &path).await);
    assert!(walked.len() > 2);
    let page: Page = app
        .get_json(&format!("{LIST}?q=lavrov&sort=newest&per_page=2"))
        .await;
    assert!(
        page.items[0].snippet.is_some(),
        "cursor pages of a search carry snippets"
    );

    // Relevance order pages by number: more follows, but no cursor is offered or taken.
    let ranked: Page = app.get_json(&format!("{LIST}?q=lavrov&per_page=2")).await;
    assert!(ranked.has_more);
    assert!(ranked.next_cursor.is_none());
    let cursor = next_cursor(&page).expect("more pages");
    for order in ["", "&sort=relevance"] {
        let detail = refused_cursor(
            &app,
            &with_cursor(&format!("{LIST}?q=lavrov{order}"), &cursor),
        )
        .await;
        assert!(
            detail.contains("relevance") && detail.contains("sort=newest"),
            "{detail}"
        );
    }
}

#[tokio::test]
async fn include_total_false_skips_the_count() {
    let app = TestApp::builder().spawn().await;
    for path in [
        format!("{LIST}?per_page=4&include_total=false"),
        format!("{LIST}?per_page=4&page=2&include_total=false"),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200);
        assert!(!response.headers().contains_key("x-total-count"), "{path}");
        assert!(response.link("last").is_none(), "{path}");
        assert!(response.link("next").is_some(), "{path}");
        let page: Page = response.json();
        assert!(
            page.total.is_none() && page.total_pages.is_none(),
            "{page:?}"
        );
        assert!(page.has_more);
    }
    let walked = walk(
        &app,
        &format!("{LIST}?per_page=4&include_total=false"),
        None,
    )
    .await;
    assert_eq!(
        walked.concat(),
        by_number(&app, &format!("{LIST}?per_page=4")).await
    );
    let last: Page = app
        .get_json(&format!("{LIST}?per_page=4&page=3&include_total=false"))
        .await;
    assert_eq!((last.has_more, last.items.len()), (false, 3));
    let past = app
        .get(&format!("{LIST}?per_page=4&page=4&include_total=false"))
        .await
        .problem(400);
    assert_eq!(fields(&past), ["page"]);
    // With totals (the default, or said outright) the count is there.
    let counted = app.get(&format!("{LIST}?include_total=true")).await;
    assert_eq!(counted.header("x-total-count"), "11");
    for bad in ["1", "yes", "False"] {
        let problem = app
            .get(&format!("{LIST}?include_total={bad}"))
            .await
            .problem(400);
        assert_eq!(fields(&problem), ["include_total"]);
    }
}

#[tokio::test]
async fn staff_lists_page_by_cursor_and_stay_private() {
    let clock = Clock::fixed(instant("2020-07-15T18:08:00Z"));
    let app = TestApp::builder().clock(clock.clone()).spawn().await;
    let editor = app.as_token(Role::Editor).await;
    let mut drafts = Vec::new();
    for n in 0..5 {
        let at = format!("2020-07-0{}T09:00:00Z", n + 1);
        let draft = json!({"status": "draft"});
        drafts.push(publish(&editor, &format!("Draft {n}"), &at, draft).await);
    }
    drafts.reverse();
    let path = format!("{LIST}?status=draft&per_page=2");
    let first: Page = editor.get_json(&path).await;
    let cursor = next_cursor(&first).expect("more drafts");
    let second = editor.get(&with_cursor(&path, &cursor)).await;
    assert_eq!(second.status(), 200);
    assert_eq!(second.header("cache-control"), "private, no-store");
    assert_eq!(walk(&editor, &path, None).await.concat(), drafts);
    // Without credentials the staff list is refused; on the public list the cursor is not one.
    let anonymous = app.get(&with_cursor(&path, &cursor)).await;
    assert_eq!(anonymous.status(), 401);
    refused_cursor(&app, &with_cursor(&format!("{LIST}?per_page=2"), &cursor)).await;
}

#[tokio::test]
async fn a_cursor_page_has_its_own_etag() {
    let app = TestApp::builder().spawn().await;
    let editor = app.as_token(Role::Editor).await;
    // Without totals, so only the page's own items decide its ETag.
    let path = format!("{LIST}?per_page=3&include_total=false");
    let cursor = next_cursor(&app.get_json(&path).await).expect("more pages");
    let url = with_cursor(&path, &cursor);
    let (a, b) = (app.get(&url).await.etag(), app.get(&url).await.etag());
    assert_eq!(a, b, "the same page gets the same ETag");
    assert_ne!(a, app.get(&path).await.etag());
    let revalidated = app
        .request(Method::GET, &url)
        .header("If-None-Match", &a)
        .send()
        .await;
    assert_eq!(revalidated.status(), 304);
    // Something new above the cursor leaves its page as it was; something in it changes it.
    publish(&editor, "Above", "2021-01-01T09:00:00Z", json!({})).await;
    assert_eq!(app.get(&url).await.etag(), a);
    publish(&editor, "Within", "2020-06-20T12:00:00Z", json!({})).await;
    let changed = app.get(&url).await;
    assert_ne!(changed.etag(), a);
    let changed: Page = changed.json();
    assert_eq!(slugs(&changed)[0], "within");
}
