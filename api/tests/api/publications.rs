//! The archive: paging with totals and Link headers, every filter, and one publication by slug.

use crate::helpers::{add_synthetic, slugs, spawn_app};

#[tokio::test]
async fn list_is_newest_first_with_a_stable_tie_break() {
    let app = spawn_app().await;
    let page = app.get_json("/api/v1/publications?per_page=100").await;
    let items = page["items"].as_array().expect("items");
    let instants: Vec<&str> = items
        .iter()
        .map(|p| p["published_at"].as_str().expect("instant"))
        .collect();
    let mut sorted = instants.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(instants, sorted);
    // Two items share 18.06.2020; the page lists Putin's article first.
    let same_day: Vec<&str> = items
        .iter()
        .filter(|p| p["published_on"] == "2020-06-18")
        .map(|p| p["title"].as_str().expect("title"))
        .collect();
    assert_eq!(same_day.len(), 2);
    assert!(same_day[0].starts_with("Article by President of Russia Vladimir Putin"));
}

#[tokio::test]
async fn paging_reports_totals_and_links() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/publications?per_page=4&page=2").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-total-count"], "11");
    let link = response.headers()["link"]
        .to_str()
        .expect("link")
        .to_owned();
    for rel in [
        "</api/v1/publications?per_page=4&page=1>; rel=\"first\"",
        "</api/v1/publications?per_page=4&page=1>; rel=\"prev\"",
        "</api/v1/publications?per_page=4&page=3>; rel=\"next\"",
        "</api/v1/publications?per_page=4&page=3>; rel=\"last\"",
    ] {
        assert!(link.contains(rel), "{rel} missing from {link}");
    }
    let page: serde_json::Value = response.json().await.expect("page");
    assert_eq!(
        (page["page"].as_u64(), page["per_page"].as_u64()),
        (Some(2), Some(4))
    );
    assert_eq!(
        (page["total"].as_u64(), page["total_pages"].as_u64()),
        (Some(11), Some(3))
    );
    assert_eq!(page["items"].as_array().expect("items").len(), 4);
}

#[tokio::test]
async fn pages_partition_the_archive() {
    let app = spawn_app().await;
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
    let app = spawn_app().await;
    let response = app.get("/api/v1/publications?per_page=4&page=3").await;
    let link = response.headers()["link"]
        .to_str()
        .expect("link")
        .to_owned();
    assert!(!link.contains("rel=\"next\""), "{link}");
    let page: serde_json::Value = response.json().await.expect("page");
    assert_eq!(page["items"].as_array().expect("items").len(), 3);
}

#[tokio::test]
async fn past_the_last_page_is_an_error_naming_page() {
    let app = spawn_app().await;
    let problem = app
        .get_problem("/api/v1/publications?per_page=4&page=4", 400)
        .await;
    assert_eq!(crate::helpers::fields(&problem), ["page"]);
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("(3)")
    );
}

#[tokio::test]
async fn kind_filter_takes_one_or_several() {
    let app = spawn_app().await;
    let articles = app.get_json("/api/v1/publications?kind=article").await;
    assert_eq!(articles["total"], 3);
    assert!(
        articles["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|p| p["kind"] == "article")
    );
    let repeated = app
        .get_json("/api/v1/publications?kind=article&kind=speech")
        .await;
    let commas = app
        .get_json("/api/v1/publications?kind=article,speech")
        .await;
    assert_eq!(repeated["total"], 4);
    assert_eq!(slugs(&repeated), slugs(&commas));
}

#[tokio::test]
async fn tag_filter() {
    let app = spawn_app().await;
    let page = app.get_json("/api/v1/publications?tag=victory-day").await;
    assert_eq!(page["total"], 3);
    assert!(page["items"].as_array().expect("items").iter().all(|p| {
        p["tags"]
            .as_array()
            .expect("tags")
            .iter()
            .any(|t| t == "victory-day")
    }));
}

#[tokio::test]
async fn speaker_filter_ignores_letter_case() {
    let app = spawn_app().await;
    let page = app
        .get_json("/api/v1/publications?speaker=sergey%20lavrov")
        .await;
    // The interview, three news conferences and two articles.
    assert_eq!(page["total"], 6);
    let dacic = app
        .get_json("/api/v1/publications?speaker=Ivica%20Dacic")
        .await;
    assert_eq!(dacic["total"], 1);
}

#[tokio::test]
async fn date_range_is_inclusive_in_the_home_zone() {
    let app = spawn_app().await;
    let june = app
        .get_json("/api/v1/publications?from=2020-06-01&to=2020-06-30")
        .await;
    assert_eq!(june["total"], 6);
    let one_day = app
        .get_json("/api/v1/publications?from=2020-06-18&to=2020-06-18")
        .await;
    assert_eq!(one_day["total"], 2);
    let from_only = app.get_json("/api/v1/publications?from=2020-07-01").await;
    assert_eq!(from_only["total"], 2);
}

#[tokio::test]
async fn featured_filter() {
    let app = spawn_app().await;
    let featured = app.get_json("/api/v1/publications?featured=true").await;
    assert_eq!(featured["total"], 1);
    assert_eq!(featured["items"][0]["kind"], "interview");
    let rest = app.get_json("/api/v1/publications?featured=false").await;
    assert_eq!(rest["total"], 10);
}

#[tokio::test]
async fn filters_combine() {
    let app = spawn_app().await;
    let page = app
        .get_json(
            "/api/v1/publications?kind=news_conference&speaker=Sergey%20Lavrov&from=2020-06-01",
        )
        .await;
    assert_eq!(page["total"], 2);
}

#[tokio::test]
async fn one_publication_has_its_body() {
    let app = spawn_app().await;
    let list = app.get_json("/api/v1/publications?kind=statement").await;
    let slug = list["items"][0]["slug"].as_str().expect("slug").to_owned();
    let publication = app.get_json(&format!("/api/v1/publications/{slug}")).await;
    assert_eq!(publication["slug"], slug.as_str());
    assert_eq!(publication["title"], list["items"][0]["title"]);
    assert_eq!(publication["body"][0]["type"], "paragraph");
    assert!(
        publication["body"][0]["text"]
            .as_str()
            .expect("text")
            .starts_with("Five years ago, on July 14, 2015")
    );
}

#[tokio::test]
async fn deep_pages_agree_with_a_plain_walk_through_the_list() {
    // More rows than one page-index stride, so deep pages start from checkpoints.
    let app = crate::helpers::spawn_empty_app().await;
    add_synthetic(&app, 300).await;
    let mut by_100 = Vec::new();
    let mut instants = Vec::new();
    for n in 1..=3 {
        let page = app
            .get_json(&format!("/api/v1/publications?per_page=100&page={n}"))
            .await;
        instants.extend(
            page["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|p| p["published_at"].as_str().expect("instant").to_owned()),
        );
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
    let app = crate::helpers::spawn_empty_app().await;
    add_synthetic(&app, 130).await;
    let before = app
        .get_json("/api/v1/publications?per_page=100&page=2")
        .await;
    assert_eq!(before["total"], 130);
    add_synthetic(&app, 1).await;
    let after = app
        .get_json("/api/v1/publications?per_page=100&page=2")
        .await;
    assert_eq!(after["total"], 131);
    assert_eq!(after["items"].as_array().expect("items").len(), 31);
}

#[tokio::test]
async fn a_publication_links_to_its_neighbours_in_list_order() {
    let app = spawn_app().await;
    let all = slugs(&app.get_json("/api/v1/publications?per_page=100").await);
    // Newest, a middle one (one of the two sharing 18.06.2020), and the oldest.
    let newest = app
        .get_json(&format!("/api/v1/publications/{}/neighbours", all[0]))
        .await;
    assert!(newest["newer"].is_null());
    assert_eq!(newest["older"]["slug"], all[1].as_str());
    let middle = app
        .get_json(&format!("/api/v1/publications/{}/neighbours", all[5]))
        .await;
    assert_eq!(middle["newer"]["slug"], all[4].as_str());
    assert_eq!(middle["older"]["slug"], all[6].as_str());
    assert_eq!(middle["older"]["published_on"], "2020-06-17");
    let oldest = app
        .get_json(&format!("/api/v1/publications/{}/neighbours", all[10]))
        .await;
    assert!(oldest["older"].is_null());
    assert_eq!(oldest["newer"]["slug"], all[9].as_str());
}
