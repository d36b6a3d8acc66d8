//! An in-process memo of each list filter's [`ListIndex`] (its total and page checkpoints),
//! valid for one `publications_version`. The version is read from the database on every
//! request, so nodes sharing one database never serve totals or pages from stale data.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDateTime;

use crate::db::publications::ListIndex;

/// Most filters remembered at once; past this the memo starts again.
const CAPACITY: usize = 256;

/// Filter key → (version it was computed at, index).
#[derive(Debug, Default)]
pub struct ListIndexCache {
    entries: Mutex<HashMap<String, (i64, Arc<ListIndex>)>>,
    /// Held while an index is computed, so a burst of requests scans the table once.
    computing: Mutex<()>,
}

impl ListIndexCache {
    /// The index for `key` if it was computed at `version` and no scheduled publication has
    /// joined the list since.
    pub fn get(&self, key: &str, version: i64, now: NaiveDateTime) -> Option<Arc<ListIndex>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|(v, index)| *v == version && index.valid_until.is_none_or(|t| now < t))
            .map(|(_, index)| Arc::clone(index))
    }

    /// The index for `key` at `version`, computing it (once, however many ask at the same time)
    /// when it is not remembered.
    pub fn get_or_compute<E>(
        &self,
        key: String,
        version: i64,
        now: NaiveDateTime,
        compute: impl FnOnce() -> Result<ListIndex, E>,
    ) -> Result<Arc<ListIndex>, E> {
        if let Some(index) = self.get(&key, version, now) {
            return Ok(index);
        }
        let _computing = self
            .computing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(index) = self.get(&key, version, now) {
            return Ok(index);
        }
        let index = Arc::new(compute()?);
        self.put(key, version, Arc::clone(&index));
        Ok(index)
    }

    /// Remembers `index` for `key` at `version`, forgetting entries from other versions first
    /// when full.
    pub fn put(&self, key: String, version: i64, index: Arc<ListIndex>) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= CAPACITY {
            entries.retain(|_, (v, _)| *v == version);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(key, (version, index));
    }
}
