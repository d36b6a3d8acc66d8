//! The archive: paging with totals and Link headers, every filter, and one publication by slug.

use chancery_shared::page::ListPage;
use chancery_shared::publication::{Block, Kind, Neighbours, Publication, PublicationSummary};

use crate::helpers::{RequestHelper, TestApp, fields, slugs};

type Page = ListPage<PublicationSummary>;

#[tokio::test]
async fn list_is_newest_first_with_a_stable_tie_break() {
    let app = TestApp::builder().spawn().await;
    let page: Page = app.get_json("/api/v1/publications?per_page=100").await;
    let instants: Vec<_> = page.items.iter().map(|p| p.published_at).collect();
    let mut sorted = instants.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(instants, sorted);
    // Two items share 18.06.2020; the page lists Putin's article first.
    let same_day: Vec<&str> = page
        .items
        .iter()
        .filter(|p| p.published_on.to_string() == "2020-06-18")
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(same_day.len(), 2);
    assert!(same_day[0].starts_with("Article by President of Russia Vladimir Putin"));
}

#[tokio::test]
async fn paging_reports_totals_and_links() {
    let app = TestApp::builder().spawn().await;
    let response = app.get("/api/v1/publications?per_page=4&page=2").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("x-total-count"), "11");
    let link = response.header("link");
    for rel in [
        "</api/v1/publications?per_page=4&page=1>; rel=\"first\"",
        "</api/v1/publications?per_page=4&page=1>; rel=\"prev\"",
        "</api/v1/publications?per_page=4&page=3>; rel=\"next\"",
        "</api/v1/publications?per_page=4&page=3>; rel=\"last\"",
    ] {
        assert!(link.contains(rel), "{rel} missing from {link}");
    }
    let page: Page = response.json();
    assert_eq!((page.page, page.per_page), (Some(2), 4));
    assert_eq!((page.total, page.total_pages), (Some(11), Some(3)));
    assert_eq!(page.items.len(), 4);
}

#[tokio::test]
async fn pages_partition_the_archive() {
    let app = TestApp::builder().spawn().await;
    let all = slugs(&app.get_json("/api/v1/publications?per_page=100").await);
    let mut paged = Vec::new();
    for n in 1..=3 {
        paged.extend(slugs(
            &app.get_json(&format!("/api/v1/publications?per_page=4&page={n}"))
                .await,
        ));
    }
    assert_eq!(paged, all);
}

#[tokio::test]
async fn the_last_page_has_the_remainder_and_no_next_link() {
    let app = TestApp::builder().spawn().await;
    let response = app.get("/api/v1/publications?per_page=4&page=3").await;
    let link = response.header("link");
    assert!(!link.contains("rel=\"next\""), "{link}");
    let page: Page = response.json();
    assert_eq!(page.items.len(), 3);
}

#[tokio::test]
async fn past_the_last_page_is_an_error_naming_page() {
    let app = TestApp::builder().spawn().await;
    let problem = app
        .get("/api/v1/publications?per_page=4&page=4")
        .await
        .problem(400);
    assert_eq!(fields(&problem), ["page"]);
    assert!(problem.errors[0].message.contains("(3)"));
}

#[tokio::test]
async fn kind_filter_takes_one_or_several() {
    let app = TestApp::builder().spawn().await;
    let articles: Page = app.get_json("/api/v1/publications?kind=article").await;
    assert_eq!(articles.total, Some(3));
    assert!(articles.items.iter().all(|p| p.kind == Kind::Article));
    let repeated: Page = app
        .get_json("/api/v1/publications?kind=article&kind=speech")
        .await;
    let commas: Page = app
        .get_json("/api/v1/publications?kind=article,speech")
        .await;
    assert_eq!(repeated.total, Some(4));
    assert_eq!(slugs(&repeated), slugs(&commas));
}

#[tokio::test]
async fn tag_filter() {
    let app = TestApp::builder().spawn().await;
    let page: Page = app.get_json("/api/v1/publications?tag=victory-day").await;
    assert_eq!(page.total, Some(3));
    assert!(
        page.items
            .iter()
            .all(|p| p.tags.iter().any(|t| t == "victory-day"))
    );
}

#[tokio::test]
async fn speaker_filter_ignores_letter_case() {
    let app = TestApp::builder().spawn().await;
    let page: Page = app
        .get_json("/api/v1/publications?speaker=sergey%20lavrov")
        .await;
    // The interview, three news conferences and two articles.
    assert_eq!(page.total, Some(6));
    let dacic: Page = app
        .get_json("/api/v1/publications?speaker=Ivica%20Dacic")
        .await;
    assert_eq!(dacic.total, Some(1));
}

#[tokio::test]
async fn date_range_is_inclusive_in_the_home_zone() {
    let app = TestApp::builder().spawn().await;
    let june: Page = app
        .get_json("/api/v1/publications?from=2020-06-01&to=2020-06-30")
        .await;
    assert_eq!(june.total, Some(6));
    let one_day: Page = app
        .get_json("/api/v1/publications?from=2020-06-18&to=2020-06-18")
        .await;
    assert_eq!(one_day.total, Some(2));
    let from_only: Page = app.get_json("/api/v1/publications?from=2020-07-01").await;
    assert_eq!(from_only.total, Some(2));
}

#[tokio::test]
async fn featured_filter() {
    let app = TestApp::builder().spawn().await;
    let featured: Page = app.get_json("/api/v1/publications?featured=true").await;
    assert_eq!(featured.total, Some(1));
    assert_eq!(featured.items[0].kind, Kind::Interview);
    let rest: Page = app.get_json("/api/v1/publications?featured=false").await;
    assert_eq!(rest.total, Some(10));
}

#[tokio::test]
async fn filters_combine() {
    let app = TestApp::builder().spawn().await;
    let page: Page = app
        .get_json(
            "/api/v1/publications?kind=news_conference&speaker=Sergey%20Lavrov&from=2020-06-01",
        )
        .await;
    assert_eq!(page.total, Some(2));
}

#[tokio::test]
async fn one_publication_has_its_body() {
    let app = TestApp::builder().spawn().await;
    let list: Page = app.get_json("/api/v1/publications?kind=statement").await;
    let slug = &list.items[0].slug;
    let publication: Publication = app.get_json(&format!("/api/v1/publications/{slug}")).await;
    assert_eq!(&publication.summary.slug, slug);
    assert_eq!(publication.summary.title, list.items[0].title);
    let Block::Paragraph { text } = &publication.body[0] else {
        panic!("a paragraph first: {:?}", publication.body[0]);
    };
    assert!(text.starts_with("Five years ago, on July 14, 2015"));
}

#[tokio::test]
async fn deep_pages_agree_with_a_plain_walk_through_the_list() {
    // More rows than one page-index stride, so deep pages start from checkpoints.
    let app = TestApp::builder().empty().spawn().await;
    app.add_synthetic(300).await;
    let mut by_100 = Vec::new();
    let mut instants = Vec::new();
    for n in 1..=3 {
        let page: Page = app
            .get_json(&format!("/api/v1/publications?per_page=100&page={n}"))
            .await;
        instants.extend(page.items.iter().map(|p| p.published_at));
        by_100.extend(slugs(&page));
    }
    assert_eq!(by_100.len(), 300);
    let mut sorted = instants.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(instants, sorted, "newest first");
    let mut by_7 = Vec::new();
    for n in 1..=43 {
        by_7.extend(slugs(
            &app.get_json(&format!("/api/v1/publications?per_page=7&page={n}"))
                .await,
        ));
    }
    assert_eq!(by_7, by_100);
}

#[tokio::test]
async fn totals_follow_new_publications_at_once() {
    let app = TestApp::builder().empty().spawn().await;
    app.add_synthetic(130).await;
    let before: Page = app
        .get_json("/api/v1/publications?per_page=100&page=2")
        .await;
    assert_eq!(before.total, Some(130));
    app.add_synthetic(1).await;
    let after: Page = app
        .get_json("/api/v1/publications?per_page=100&page=2")
        .await;
    assert_eq!(after.total, Some(131));
    assert_eq!(after.items.len(), 31);
}

#[tokio::test]
async fn a_publication_links_to_its_neighbours_in_list_order() {
    let app = TestApp::builder().spawn().await;
    let all = slugs(&app.get_json("/api/v1/publications?per_page=100").await);
    let neighbours = async |slug: &str| -> Neighbours {
        app.get_json(&format!("/api/v1/publications/{slug}/neighbours"))
            .await
    };
    let slug_of =
        |n: &Option<chancery_shared::publication::Neighbour>| n.as_ref().map(|n| n.slug.clone());
    // Newest, a middle one (one of the two sharing 18.06.2020), and the oldest.
    let newest = neighbours(&all[0]).await;
    assert!(newest.newer.is_none());
    assert_eq!(slug_of(&newest.older), Some(all[1].clone()));
    let middle = neighbours(&all[5]).await;
    assert_eq!(slug_of(&middle.newer), Some(all[4].clone()));
    assert_eq!(slug_of(&middle.older), Some(all[6].clone()));
    assert_eq!(
        middle.older.map(|n| n.published_on.to_string()).as_deref(),
        Some("2020-06-17")
    );
    let oldest = neighbours(&all[10]).await;
    assert!(oldest.older.is_none());
    assert_eq!(slug_of(&oldest.newer), Some(all[9].clone()));
}
