//! A third-party mirror kept only from the change feed, and what it is checked against: the
//! public set as readers see it. Also the staff writes and clock moves the change feed tests
//! script.

use std::collections::BTreeMap;

use chancery_api::clock::Clock;
use chrono::{DateTime, Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::TestApp;

pub const START: &str = "2020-07-15T18:08:00Z";
pub const STATEMENT: &str = "foreign-ministry-statement-fifth-anniversary-jcpoa";

/// A third-party copy of the public publications, kept only from the change feed.
#[derive(Default)]
pub struct Mirror {
    pub cursor: Option<String>,
    pub records: BTreeMap<String, Value>,
    /// Every entry read, in order.
    pub seen: Vec<Value>,
}

impl Mirror {
    /// Reads and applies every entry ready now, `page` at a time.
    pub async fn sync(&mut self, app: &TestApp, page: usize) {
        loop {
            let path = match &self.cursor {
                None => format!("/api/v1/changes?limit={page}"),
                Some(cursor) => format!("/api/v1/changes?since={cursor}&limit={page}"),
            };
            let body = app.get_json(&path).await;
            let changes = body["changes"].as_array().expect("changes");
            assert!(
                changes.len() <= page,
                "a page holds at most `limit` entries"
            );
            for change in changes {
                let slug = change["slug"].as_str().expect("slug").to_owned();
                match change["change"].as_str().expect("change") {
                    "published" | "updated" => {
                        assert_eq!(change["publication"]["slug"], slug.as_str());
                        self.records.insert(slug, change["publication"].clone());
                    }
                    "withdrawn" | "removed" => {
                        assert!(change.get("publication").is_none(), "{change}");
                        self.records.remove(&slug);
                    }
                    other => panic!("unknown change {other}"),
                }
                self.seen.push(change.clone());
            }
            self.cursor = Some(body["next_cursor"].as_str().expect("cursor").to_owned());
            if !body["has_more"].as_bool().expect("has_more") {
                break;
            }
            assert_eq!(changes.len(), page, "only a full page says there is more");
        }
    }

    /// Every change read for `slug`, in order.
    pub fn history(&self, slug: &str) -> Vec<String> {
        self.seen
            .iter()
            .filter(|c| c["slug"] == slug)
            .map(|c| c["change"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

/// The public set as readers see it: every listed slug with its full publication.
pub async fn public_set(app: &TestApp) -> BTreeMap<String, Value> {
    let mut set = BTreeMap::new();
    let mut page = 1;
    loop {
        let list = app
            .get_json(&format!("/api/v1/publications?per_page=100&page={page}"))
            .await;
        for item in list["items"].as_array().expect("items") {
            let slug = item["slug"].as_str().expect("slug");
            let full = app.get_json(&format!("/api/v1/publications/{slug}")).await;
            set.insert(slug.to_owned(), full);
        }
        if page >= list["total_pages"].as_u64().expect("total_pages") {
            return set;
        }
        page += 1;
    }
}

/// A staff write; `If-Match: *` since this test is not about conflicts.
pub async fn write(
    app: &TestApp,
    token: &str,
    method: Method,
    slug: Option<&str>,
    body: Option<Value>,
) -> StatusCode {
    let url = match slug {
        Some(slug) => format!("{}/api/v1/publications/{slug}", app.address),
        None => format!("{}/api/v1/publications", app.address),
    };
    let mut request = app
        .client
        .request(method.clone(), url)
        .bearer_auth(token)
        .header("If-Match", "*");
    if let Some(body) = body {
        let content_type = if method == Method::PATCH {
            "application/merge-patch+json"
        } else {
            "application/json"
        };
        request = request
            .header("Content-Type", content_type)
            .body(body.to_string());
    }
    request.send().await.expect("request").status()
}

pub fn statement(slug: &str, title: &str, published_at: &str, status: &str) -> Value {
    json!({
        "slug": slug, "kind": "statement", "title": title,
        "lead": "A lead with <angle brackets> & an ampersand.",
        "published_at": published_at, "status": status,
        "body": [{"type": "paragraph", "text": "One paragraph."}],
    })
}

pub fn instant(text: &str) -> DateTime<Utc> {
    text.parse().expect("instant")
}

/// Moves the clock on by `seconds` (past the feed's one-second settling time).
pub fn tick(clock: &Clock, seconds: i64) -> DateTime<Utc> {
    let next = clock.now() + Duration::seconds(seconds);
    clock.set(next);
    next
}
