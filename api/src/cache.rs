//! In-process memos of what is derived from the publications (each list filter's
//! [`ListIndex`], a search's [`Ranking`], facet counts, and whole rendered responses: the feeds
//! and the change feed's first page),
//! each valid for one `publications_version` and until it says it stops being true. The
//! version is read from the database on every request, so nodes sharing one database never
//! serve anything derived from stale data.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::web::Bytes;
use chrono::NaiveDateTime;

use crate::db::publications::ListIndex;
use crate::db::search::Ranking;

/// A value worth memoising.
pub trait Memoised {
    /// When the value stops being true with no write (a scheduled piece going public).
    fn valid_until(&self) -> Option<NaiveDateTime>;
    /// What it counts for against the memo's budget.
    fn weight(&self) -> usize {
        1
    }
}

/// Key → (version it was computed at, value), within a budget of total weight.
#[derive(Debug)]
pub struct Memo<V> {
    budget: usize,
    entries: Mutex<Entries<V>>,
    /// Held while a value is computed, so a burst of requests computes it once.
    computing: Mutex<()>,
}

#[derive(Debug)]
struct Entries<V> {
    map: HashMap<String, (i64, Arc<V>)>,
    weight: usize,
}

/// Each list filter's index; a count of filters.
pub type ListIndexCache = Memo<ListIndex>;

/// Each search's ranking; a count of searches.
pub type RankingCache = Memo<Ranking>;

/// Rendered responses; a budget in bytes.
pub type ResponseCache = Memo<Rendered>;

/// Most list filters remembered at once.
pub const LIST_INDEXES: usize = 256;

/// Most bytes of rendered responses remembered at once (a feed is 0.1–1 MB).
pub const RESPONSE_BYTES: usize = 32 << 20;

/// A memo of at most [`LIST_INDEXES`] values of weight 1 each.
impl<V: Memoised> Default for Memo<V> {
    fn default() -> Self {
        Memo::new(LIST_INDEXES)
    }
}

impl<V: Memoised> Memo<V> {
    /// An empty memo holding at most `budget` weight.
    pub fn new(budget: usize) -> Self {
        Memo {
            budget,
            entries: Mutex::new(Entries {
                map: HashMap::new(),
                weight: 0,
            }),
            computing: Mutex::new(()),
        }
    }

    /// The value for `key` if it was computed at `version` and is still true at `now`.
    pub fn get(&self, key: &str, version: i64, now: NaiveDateTime) -> Option<Arc<V>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .map
            .get(key)
            .filter(|(v, value)| *v == version && value.valid_until().is_none_or(|t| now < t))
            .map(|(_, value)| Arc::clone(value))
    }

    /// The value for `key` at `version`, computing it (once, however many ask at the same
    /// time) when it is not remembered. Read `version` before the data `compute` reads, so a
    /// value is never labelled newer than what it was computed from.
    pub fn get_or_compute<E>(
        &self,
        key: String,
        version: i64,
        now: NaiveDateTime,
        compute: impl FnOnce() -> Result<V, E>,
    ) -> Result<Arc<V>, E> {
        if let Some(value) = self.get(&key, version, now) {
            return Ok(value);
        }
        let _computing = self
            .computing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(value) = self.get(&key, version, now) {
            return Ok(value);
        }
        let value = Arc::new(compute()?);
        self.put(key, version, Arc::clone(&value));
        Ok(value)
    }

    /// Remembers `value` for `key` at `version`. When that would pass the budget, entries from
    /// other versions go first, then all; a value heavier than the whole budget is not kept.
    pub fn put(&self, key: String, version: i64, value: Arc<V>) {
        let weight = value.weight();
        if weight > self.budget {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, old)) = entries.map.remove(&key) {
            entries.weight -= old.weight();
        }
        if entries.weight + weight > self.budget {
            entries.map.retain(|_, (v, _)| *v == version);
            entries.weight = entries.map.values().map(|(_, v)| v.weight()).sum();
            if entries.weight + weight > self.budget {
                entries.map.clear();
                entries.weight = 0;
            }
        }
        entries.weight += weight;
        entries.map.insert(key, (version, value));
    }
}

impl Memoised for ListIndex {
    fn valid_until(&self) -> Option<NaiveDateTime> {
        self.valid_until
    }
}

impl Memoised for Ranking {
    fn valid_until(&self) -> Option<NaiveDateTime> {
        self.valid_until
    }
}

/// A response body with its ETag, as sent.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub body: Bytes,
    pub etag: String,
    /// When it may next change with no write; also where its freshness ends.
    pub changes_at: Option<NaiveDateTime>,
    /// How many seconds it stays fresh at most.
    pub max_age: i64,
}

impl Rendered {
    /// `body` with its ETag computed once.
    pub fn new(body: Vec<u8>, changes_at: Option<NaiveDateTime>, max_age: i64) -> Self {
        Rendered {
            etag: crate::http::etag_of(&body),
            body: Bytes::from(body),
            changes_at,
            max_age,
        }
    }
}

impl Memoised for Rendered {
    fn valid_until(&self) -> Option<NaiveDateTime> {
        self.changes_at
    }

    fn weight(&self) -> usize {
        self.body.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        s.parse::<chrono::DateTime<chrono::Utc>>()
            .expect("instant")
            .naive_utc()
    }

    fn rendered(size: usize, changes_at: Option<&str>) -> Arc<Rendered> {
        Arc::new(Rendered::new(vec![b'x'; size], changes_at.map(at), 60))
    }

    const NOW: &str = "2020-07-15T12:00:00Z";

    #[test]
    fn a_value_holds_for_its_version_until_it_says_it_changes() {
        let memo = ResponseCache::new(1000);
        memo.put("a".into(), 3, rendered(10, Some("2020-07-15T13:00:00Z")));
        assert!(memo.get("a", 3, at(NOW)).is_some());
        assert!(memo.get("a", 4, at(NOW)).is_none(), "another version");
        assert!(memo.get("a", 3, at("2020-07-15T13:00:00Z")).is_none());
        assert!(memo.get("b", 3, at(NOW)).is_none());
    }

    #[test]
    fn the_budget_drops_other_versions_first_then_everything() {
        let memo = ResponseCache::new(300);
        memo.put("old".into(), 1, rendered(100, None));
        memo.put("a".into(), 2, rendered(100, None));
        memo.put("b".into(), 2, rendered(150, None));
        assert!(memo.get("old", 1, at(NOW)).is_none(), "made room");
        assert!(memo.get("a", 2, at(NOW)).is_some());
        memo.put("c".into(), 2, rendered(100, None));
        assert!(memo.get("a", 2, at(NOW)).is_none(), "cleared when full");
        assert!(memo.get("c", 2, at(NOW)).is_some());
        memo.put("huge".into(), 2, rendered(400, None));
        assert!(memo.get("huge", 2, at(NOW)).is_none(), "never kept");
        assert!(memo.get("c", 2, at(NOW)).is_some());
    }

    #[test]
    fn replacing_a_key_frees_its_weight() {
        let memo = ResponseCache::new(250);
        for _ in 0..10 {
            memo.put("a".into(), 1, rendered(100, None));
        }
        memo.put("b".into(), 1, rendered(100, None));
        assert!(memo.get("a", 1, at(NOW)).is_some());
        assert!(memo.get("b", 1, at(NOW)).is_some());
    }
}
