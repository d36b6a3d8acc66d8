//! JSON Feed 1.1: the same items as the XML feeds, with the body as `content_html`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Feed;

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    authors: [Author<'a>; 1],
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    content_html: &'a str,
    date_published: DateTime<Utc>,
    date_modified: DateTime<Utc>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    language: &'a str,
}

/// The feed as a JSON Feed 1.1 document.
pub fn render(feed: &Feed) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &feed.title,
        home_page_url: &feed.page_url,
        feed_url: &feed.self_url,
        authors: [Author { name: &feed.site }],
        items: feed
            .items
            .iter()
            .map(|item| JsonItem {
                id: &item.url,
                url: &item.url,
                title: &item.title,
                summary: &item.lead,
                content_html: &item.html,
                date_published: item.published,
                date_modified: item.updated,
                tags: &item.tags,
                language: &item.lang,
            })
            .collect(),
    })
}
