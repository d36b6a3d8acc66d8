//! A third-party mirror kept only from the change feed, and what it is checked against: the
//! public set as readers see it. Also the publications the change feed tests write, and the
//! clock moves they script.

use std::collections::BTreeMap;

use chancery_api::clock::Clock;
use chancery_shared::changes::{Change, ChangesPage};
use chancery_shared::page::ListPage;
use chancery_shared::publication::{Publication, PublicationSummary};
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use crate::helpers::{RequestHelper, TestApp};

pub const START: &str = "2020-07-15T18:08:00Z";
pub const STATEMENT: &str = "foreign-ministry-statement-fifth-anniversary-jcpoa";

/// A third-party copy of the public publications, kept only from the change feed.
#[derive(Default)]
pub struct Mirror {
    pub cursor: Option<String>,
    pub records: BTreeMap<String, Publication>,
    /// Every entry read, in order.
    pub seen: Vec<Change>,
}

impl Mirror {
    /// Reads and applies every entry ready now, `page` at a time.
    pub async fn sync(&mut self, app: &TestApp, page: usize) {
        loop {
            let path = match &self.cursor {
                None => format!("/api/v1/changes?limit={page}"),
                Some(cursor) => format!("/api/v1/changes?since={cursor}&limit={page}"),
            };
            // Decoded exactly: a tombstone with `"publication": null` rather than none fails.
            let body: ChangesPage = app.get_json(&path).await;
            let changes = &body.changes;
            assert!(
                changes.len() <= page,
                "a page holds at most `limit` entries"
            );
            for change in changes {
                let slug = change.slug.clone();
                if change.change.is_upsert() {
                    let publication = change.publication.clone().expect("the publication");
                    assert_eq!(publication.summary.slug, slug);
                    self.records.insert(slug, publication);
                } else {
                    assert!(change.publication.is_none(), "{change:?}");
                    self.records.remove(&slug);
                }
                self.seen.push(change.clone());
            }
            self.cursor = Some(body.next_cursor.clone());
            if !body.has_more {
                break;
            }
            assert_eq!(changes.len(), page, "only a full page says there is more");
        }
    }

    /// Every change read for `slug`, in order.
    pub fn history(&self, slug: &str) -> Vec<&'static str> {
        self.seen
            .iter()
            .filter(|c| c.slug == slug)
            .map(|c| c.change.as_str())
            .collect()
    }
}

/// The public set as readers see it: every listed slug with its full publication.
pub async fn public_set(app: &TestApp) -> BTreeMap<String, Publication> {
    let mut set = BTreeMap::new();
    let mut page = 1;
    loop {
        let list: ListPage<PublicationSummary> = app
            .get_json(&format!("/api/v1/publications?per_page=100&page={page}"))
            .await;
        for item in &list.items {
            let slug = &item.slug;
            let full = app.get_json(&format!("/api/v1/publications/{slug}")).await;
            set.insert(slug.clone(), full);
        }
        if page >= list.total_pages.expect("total_pages") {
            return set;
        }
        page += 1;
    }
}

/// The path of the publication at `slug`, which the tests write with `If-Match: *` (they are
/// not about conflicts).
pub fn at(slug: &str) -> String {
    format!("/api/v1/publications/{slug}")
}

pub fn statement(slug: &str, title: &str, published_at: &str, status: &str) -> Value {
    json!({
        "slug": slug, "kind": "statement", "title": title,
        "lead": "A lead with <angle brackets> & an ampersand.",
        "published_at": published_at, "status": status,
        "body": [{"type": "paragraph", "text": "One paragraph."}],
    })
}

/// Moves the clock on by `seconds` (past the feed's one-second settling time).
pub fn tick(clock: &Clock, seconds: i64) -> DateTime<Utc> {
    let next = clock.now() + Duration::seconds(seconds);
    clock.set(next);
    next
}
