//! In-process memos of what is derived from the publications (each list filter's
//! [`ListIndex`], a search's [`Ranking`], facet counts, and whole rendered responses: the feeds,
//! the change feed's first page and the reader's pages), each valid for one
//! `publications_version` and until it says it stops being true. The version is read from the database on every request, so nodes
//! sharing one database never serve anything derived from stale data. Each memo is a `moka`
//! cache: a value is computed once however many ask for it at the same time, and those asking
//! for other keys never wait for it (so the computation, not the caller, takes a database
//! connection); the least recently used values go first when a memo passes its budget of bytes.

use std::future::Future;
use std::mem::size_of;
use std::sync::Arc;

use actix_web::web::Bytes;
use chrono::NaiveDateTime;
use moka::future::Cache;
use moka::ops::compute::Op;
use moka::policy::EvictionPolicy;

use crate::db::archive::MonthCount;
use crate::db::facets::{Tally, ValueCount};
use crate::db::list::{ListIndex, Ranking};
use crate::error::ApiError;

/// A value worth memoising.
pub trait Memoised: Send + Sync + 'static {
    /// When the value stops being true with no write (a scheduled piece going public).
    fn valid_until(&self) -> Option<NaiveDateTime>;
    /// Roughly how many bytes it holds, counted against the memo's budget.
    fn weight(&self) -> usize;
}

/// (version, key) → value, within a budget of bytes.
pub struct Memo<V> {
    cache: Cache<(i64, String), Arc<V>>,
}

/// Each list filter's index.
pub type ListIndexCache = Memo<ListIndex>;

/// Each search's ranking.
pub type RankingCache = Memo<Ranking>;

/// Rendered responses.
pub type ResponseCache = Memo<Rendered>;

/// Counts of kinds, tags and speakers.
pub type ValueMemo = Memo<Tally<ValueCount>>;

/// Counts per month.
pub type MonthMemo = Memo<Tally<MonthCount>>;

/// Bytes of list indexes remembered at once (one over 100,000 publications is about 13 KB).
pub const LIST_INDEX_BYTES: u64 = 8 << 20;

/// Bytes of search rankings remembered at once (one with its snippets is up to about 110 KB).
pub const RANKING_BYTES: u64 = 24 << 20;

/// Bytes of facet counts remembered at once.
pub const TALLY_BYTES: u64 = 4 << 20;

/// Bytes of rendered responses remembered at once (a feed is 0.1–1 MB).
pub const RESPONSE_BYTES: u64 = 32 << 20;

/// Bytes of rendered pages remembered at once (a page is 10–150 KB).
pub const PAGE_BYTES: u64 = 32 << 20;

/// What a key costs beyond its text: the version, the entry and moka's bookkeeping.
const ENTRY_BYTES: usize = 128;

impl<V: Memoised> Memo<V> {
    /// An empty memo holding at most `budget` bytes.
    pub fn new(budget: u64) -> Self {
        Memo {
            cache: Cache::builder()
                .max_capacity(budget)
                .weigher(|(_, key): &(i64, String), value: &Arc<V>| {
                    u32::try_from(ENTRY_BYTES + key.len() + value.weight()).unwrap_or(u32::MAX)
                })
                // A new version's values must get in even while the old version's, no longer
                // asked for, still have a history of use: least recently used goes first.
                .eviction_policy(EvictionPolicy::lru())
                .build(),
        }
    }

    /// The value for `key` at `version`, computed by `compute` when it is not remembered or has
    /// stopped being true by `now`. However many ask at once, one computation runs per key;
    /// the others wait for it (and get its error if it fails). Read `version` before the data
    /// `compute` reads, so a value is never labelled newer than what it was computed from.
    pub async fn get_or_compute(
        &self,
        key: String,
        version: i64,
        now: NaiveDateTime,
        compute: impl Future<Output = Result<V, ApiError>>,
    ) -> Result<Arc<V>, ApiError> {
        let key = (version, key);
        if let Some(value) = self.cache.get(&key).await {
            if value.valid_until().is_none_or(|t| now < t) {
                return Ok(value);
            }
            // A scheduled piece has gone public since: drop this value, unless someone has
            // already put a fresh one in its place.
            self.cache
                .entry_by_ref(&key)
                .and_compute_with(|entry| {
                    let stale = entry.is_some_and(|e| Arc::ptr_eq(e.value(), &value));
                    std::future::ready(if stale { Op::Remove } else { Op::Nop })
                })
                .await;
        }
        self.cache
            .try_get_with(key, async { compute.await.map(Arc::new) })
            .await
            .map_err(|e| Arc::try_unwrap(e).unwrap_or_else(ApiError::Shared))
    }
}

/// Every memo one server keeps, each within its own budget of bytes.
pub struct Memos {
    pub list_indexes: ListIndexCache,
    pub rankings: RankingCache,
    pub values: ValueMemo,
    pub months: MonthMemo,
    /// The feeds and the change feed's first page.
    pub responses: ResponseCache,
    /// The reader's pages, rendered.
    pub pages: Memo<Page>,
}

impl Default for Memos {
    fn default() -> Self {
        Memos {
            list_indexes: Memo::new(LIST_INDEX_BYTES),
            rankings: Memo::new(RANKING_BYTES),
            values: Memo::new(TALLY_BYTES),
            months: Memo::new(TALLY_BYTES),
            responses: Memo::new(RESPONSE_BYTES),
            pages: Memo::new(PAGE_BYTES),
        }
    }
}

/// A memo with a budget of [`TALLY_BYTES`], for counts.
impl<V: Memoised> Default for Memo<V> {
    fn default() -> Self {
        Memo::new(TALLY_BYTES)
    }
}

impl Memoised for ListIndex {
    fn valid_until(&self) -> Option<NaiveDateTime> {
        self.valid_until
    }

    fn weight(&self) -> usize {
        self.checkpoint_count() * size_of::<(NaiveDateTime, i64)>()
    }
}

impl Memoised for Ranking {
    fn valid_until(&self) -> Option<NaiveDateTime> {
        self.valid_until
    }

    fn weight(&self) -> usize {
        // The snippets it will keep are counted up front: they are made after it is stored.
        self.ids.len() * size_of::<i64>() + Ranking::SNIPPET_BYTES
    }
}

impl<T: Send + Sync + 'static> Memoised for Tally<T> {
    fn valid_until(&self) -> Option<NaiveDateTime> {
        self.valid_until
    }

    fn weight(&self) -> usize {
        // Names are short; a few dozen bytes each beyond the item itself.
        self.items.len() * (size_of::<T>() + 32)
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
            etag: crate::etag::etag_of(&body),
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
        self.body.len() + self.etag.len()
    }
}

/// A reader's page as sent: its document and ETag, the status it answers with, its
/// Content-Security-Policy (which names its inline scripts' hashes), and until when it holds.
#[derive(Debug, Clone)]
pub struct Page {
    pub document: Rendered,
    pub status: u16,
    pub policy: String,
}

impl Memoised for Page {
    fn valid_until(&self) -> Option<NaiveDateTime> {
        self.document.changes_at
    }

    fn weight(&self) -> usize {
        self.document.weight() + self.policy.len()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        s.parse::<chrono::DateTime<chrono::Utc>>()
            .expect("instant")
            .naive_utc()
    }

    fn rendered(size: usize, changes_at: Option<&str>) -> Rendered {
        Rendered::new(vec![b'x'; size], changes_at.map(at), 60)
    }

    const NOW: &str = "2020-07-15T12:00:00Z";

    /// Asks `memo` for `key`, counting the computations it runs in `computed`; a value
    /// computed at `now` holds for an hour.
    async fn ask(
        memo: &ResponseCache,
        key: &str,
        version: i64,
        now: &str,
        computed: &AtomicUsize,
    ) -> Arc<Rendered> {
        let until = (at(now) + chrono::Duration::hours(1))
            .and_utc()
            .to_rfc3339();
        memo.get_or_compute(key.to_owned(), version, at(now), async {
            computed.fetch_add(1, Ordering::SeqCst);
            Ok(rendered(10, Some(&until)))
        })
        .await
        .expect("computed")
    }

    #[tokio::test]
    async fn a_value_holds_for_its_version_until_it_says_it_changes() {
        let memo = ResponseCache::new(1 << 20);
        let computed = AtomicUsize::new(0);
        let first = ask(&memo, "a", 3, NOW, &computed).await;
        let again = ask(&memo, "a", 3, NOW, &computed).await;
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(computed.load(Ordering::SeqCst), 1);
        ask(&memo, "a", 4, NOW, &computed).await;
        assert_eq!(computed.load(Ordering::SeqCst), 2, "another version");
        ask(&memo, "b", 3, NOW, &computed).await;
        assert_eq!(computed.load(Ordering::SeqCst), 3, "another key");
        let later = ask(&memo, "a", 3, "2020-07-15T13:00:00Z", &computed).await;
        assert_eq!(computed.load(Ordering::SeqCst), 4, "no longer true");
        assert!(!Arc::ptr_eq(&first, &later));
        ask(&memo, "a", 3, "2020-07-15T13:00:00Z", &computed).await;
        assert_eq!(
            computed.load(Ordering::SeqCst),
            4,
            "the fresh value is kept"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_key_is_computed_once_however_many_ask_at_once() {
        let memo = Arc::new(ResponseCache::new(1 << 20));
        let computed = Arc::new(AtomicUsize::new(0));
        let asked = Arc::new(AtomicUsize::new(0));
        let release = Arc::new(tokio::sync::Semaphore::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..16 {
            let (memo, computed, asked, release) = (
                Arc::clone(&memo),
                Arc::clone(&computed),
                Arc::clone(&asked),
                Arc::clone(&release),
            );
            tasks.spawn(async move {
                asked.fetch_add(1, Ordering::SeqCst);
                memo.get_or_compute("k".to_owned(), 1, at(NOW), async move {
                    computed.fetch_add(1, Ordering::SeqCst);
                    release.acquire().await.expect("open").forget();
                    Ok(rendered(10, None))
                })
                .await
            });
        }
        while asked.load(Ordering::SeqCst) < 16 {
            tokio::task::yield_now().await;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        release.add_permits(16);
        while let Some(done) = tasks.join_next().await {
            done.expect("joined").expect("computed");
        }
        assert_eq!(computed.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn other_keys_never_wait_for_a_computation() {
        let memo = ResponseCache::new(1 << 20);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        // `a` can only finish once `b` has been computed: one lock for all keys would hang.
        let a = memo.get_or_compute("a".to_owned(), 1, at(NOW), async {
            rx.await.expect("b computed");
            Ok(rendered(10, None))
        });
        let b = memo.get_or_compute("b".to_owned(), 1, at(NOW), async {
            tx.send(()).expect("a waits");
            Ok(rendered(10, None))
        });
        let both = tokio::time::timeout(Duration::from_secs(10), async { tokio::join!(a, b) });
        let (a, b) = both.await.expect("neither key waited for the other");
        assert!(a.is_ok() && b.is_ok());
    }

    #[tokio::test]
    async fn a_failure_is_answered_as_it_was_and_not_kept() {
        use actix_web::ResponseError;
        let memo = ResponseCache::new(1 << 20);
        let failed = memo
            .get_or_compute("a".to_owned(), 1, at(NOW), async {
                Err(ApiError::SearchUnavailable("slow".to_owned(), 7))
            })
            .await
            .expect_err("failed");
        let response = failed.error_response();
        assert_eq!(response.status(), 503);
        let retry = response.headers().get("retry-after").expect("Retry-After");
        assert_eq!(retry, "7");
        assert_eq!(failed.problem().code, "search_unavailable");
        assert_eq!(failed.problem().detail, "slow");
        let computed = AtomicUsize::new(0);
        ask(&memo, "a", 1, NOW, &computed).await;
        assert_eq!(computed.load(Ordering::SeqCst), 1, "a failure is not kept");
    }

    #[tokio::test]
    async fn the_budget_keeps_recent_values_and_never_one_heavier_than_itself() {
        let memo = ResponseCache::new(1_000);
        let computed = AtomicUsize::new(0);
        let heavy = memo
            .get_or_compute("huge".to_owned(), 1, at(NOW), async {
                Ok(rendered(2_000, None))
            })
            .await
            .expect("still answered");
        assert_eq!(heavy.body.len(), 2_000);
        for key in ["a", "b", "c", "d", "e", "f"] {
            ask(&memo, key, 1, NOW, &computed).await;
        }
        memo.cache.run_pending_tasks().await;
        assert!(memo.cache.weighted_size() <= 1_000);
        assert!(!memo.cache.contains_key(&(1, "huge".to_owned())));
        assert!(
            memo.cache.contains_key(&(1, "f".to_owned())),
            "the newest stays"
        );
    }
}
