//! In-process memos of what is derived from the whole public list — each filter's
//! [`ListIndex`] (its total and page checkpoints), a search's [`Ranking`], and facet counts —
//! valid for one `publications_version`. The version is read from the database on every
//! request, so nodes sharing one database never serve totals, pages or counts from stale data.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDateTime;

use crate::db::publications::ListIndex;
use crate::db::search::Ranking;

/// A memoised value that may stop being true at a known instant without any write.
pub trait Expiring {
    /// When a scheduled publication joins the result and the value goes stale.
    fn valid_until(&self) -> Option<NaiveDateTime>;
}

impl Expiring for ListIndex {
    fn valid_until(&self) -> Option<NaiveDateTime> {
        self.valid_until
    }
}

impl Expiring for Ranking {
    fn valid_until(&self) -> Option<NaiveDateTime> {
        self.valid_until
    }
}

/// Each list filter's [`ListIndex`].
pub type ListIndexCache = Memo<ListIndex>;
/// Each search's [`Ranking`].
pub type RankingCache = Memo<Ranking>;

/// Most filters remembered at once; past this the memo starts again.
const CAPACITY: usize = 256;

/// Filter key → (version it was computed at, value).
#[derive(Debug)]
pub struct Memo<T> {
    entries: Mutex<HashMap<String, (i64, Arc<T>)>>,
    /// Held while a value is computed, so a burst of requests scans the table once.
    computing: Mutex<()>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            entries: Mutex::default(),
            computing: Mutex::default(),
        }
    }
}

impl<T: Expiring> Memo<T> {
    /// The value for `key` if it was computed at `version` and no scheduled publication has
    /// joined the list since.
    pub fn get(&self, key: &str, version: i64, now: NaiveDateTime) -> Option<Arc<T>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|(v, value)| *v == version && value.valid_until().is_none_or(|t| now < t))
            .map(|(_, value)| Arc::clone(value))
    }

    /// The value for `key` at `version`, computing it (once, however many ask at the same time)
    /// when it is not remembered.
    pub fn get_or_compute<E>(
        &self,
        key: String,
        version: i64,
        now: NaiveDateTime,
        compute: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
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

    /// Remembers `value` for `key` at `version`, forgetting entries from other versions first
    /// when full.
    pub fn put(&self, key: String, version: i64, value: Arc<T>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= CAPACITY {
            entries.retain(|_, (v, _)| *v == version);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(key, (version, value));
    }
}
