//! Bounds on search work, so that a burst of searches nobody asked for before cannot take the
//! site off the air: a few slots for the searches that scan every match (computing a ranking
//! or a search's list index, or a page in date order), waited for without a connection or a
//! thread and given up after a while; and a time budget on every statement a search runs.
//! Either bound ends in a 503 with `Retry-After`. Other requests never wait for a search.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::web;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::db::budget::{self, BudgetError};
use crate::db::{Conn, DbPool};
use crate::error::ApiError;

/// How much search work the server takes on.
#[derive(Debug, Clone)]
pub struct SearchLimits {
    /// Searches that may scan their matches at once; `None`: a quarter of the connections.
    pub slots: Option<usize>,
    /// How long all of one search's statements together may run.
    pub time_budget: Duration,
    /// How long a search may wait for a free slot before it is turned away.
    pub queue_wait: Duration,
}

impl Default for SearchLimits {
    fn default() -> Self {
        SearchLimits {
            slots: None,
            time_budget: Duration::from_secs(3),
            queue_wait: Duration::from_secs(2),
        }
    }
}

/// Seconds a client is asked to wait after finding every slot taken.
const RETRY_BUSY: u64 = 2;
/// Seconds a client is asked to wait after its search ran out of time.
const RETRY_SLOW: u64 = 10;

/// The search slots and budget of one server, shared by its workers.
#[derive(Debug)]
pub struct SearchGate {
    pool: DbPool,
    slots: Arc<Semaphore>,
    time_budget: Duration,
    queue_wait: Duration,
    waiting: AtomicUsize,
    admitted: AtomicU64,
}

/// A search slot, held while its work runs (and freed when the work ends, even if the request
/// that asked for it has gone).
#[derive(Debug)]
pub struct Slot(#[allow(dead_code)] OwnedSemaphorePermit);

impl SearchGate {
    /// A gate over `pool` with `limits`; `pool_size` sizes the default number of slots.
    pub fn new(pool: DbPool, pool_size: usize, limits: &SearchLimits) -> Self {
        let slots = limits.slots.unwrap_or(pool_size / 4).max(1);
        SearchGate {
            pool,
            slots: Arc::new(Semaphore::new(slots)),
            time_budget: limits.time_budget,
            queue_wait: limits.queue_wait,
            waiting: AtomicUsize::new(0),
            admitted: AtomicU64::new(0),
        }
    }

    /// A free slot, waited for at most the configured time; a 503 after that.
    pub async fn slot(&self) -> Result<Slot, ApiError> {
        self.waiting.fetch_add(1, Ordering::Relaxed);
        let permit =
            actix_web::rt::time::timeout(self.queue_wait, Arc::clone(&self.slots).acquire_owned())
                .await;
        self.waiting.fetch_sub(1, Ordering::Relaxed);
        match permit {
            Ok(Ok(permit)) => {
                self.admitted.fetch_add(1, Ordering::Relaxed);
                Ok(Slot(permit))
            }
            // The semaphore is never closed.
            Ok(Err(_)) | Err(_) => Err(ApiError::SearchUnavailable(
                "Too many searches are running; try again shortly, or narrow the search \
                 with filters."
                    .to_owned(),
                RETRY_BUSY,
            )),
        }
    }

    /// Runs search work that scans every match: in a slot, with a connection taken only once
    /// the slot is had, within the time budget.
    pub async fn heavy<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Conn) -> diesel::QueryResult<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let slot = self.slot().await?;
        self.run(Some(slot), work).await
    }

    /// Runs search work bounded by its size (a page's rows and snippets): no slot, but within
    /// the time budget.
    pub async fn light<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Conn) -> diesel::QueryResult<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.run(None, work).await
    }

    async fn run<T: Send + 'static>(
        &self,
        slot: Option<Slot>,
        work: impl FnOnce(&mut Conn) -> diesel::QueryResult<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let (pool, time_budget) = (self.pool.clone(), self.time_budget);
        let result = web::block(move || {
            let _slot = slot;
            let mut conn = pool.get()?;
            Ok::<_, ApiError>(budget::within(&mut conn, time_budget, work))
        })
        .await??;
        result.map_err(|e| match e {
            BudgetError::Exceeded => ApiError::SearchUnavailable(
                format!(
                    "The search ran out of time ({} ms); narrow it with filters or fewer \
                     words, or try again later.",
                    time_budget.as_millis()
                ),
                RETRY_SLOW,
            ),
            BudgetError::Query(e) => ApiError::Database(e),
        })
    }

    /// Searches waiting for a slot now.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// Slots handed out since the server started.
    pub fn admitted(&self) -> u64 {
        self.admitted.load(Ordering::Relaxed)
    }
}
