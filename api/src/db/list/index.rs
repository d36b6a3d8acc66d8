//! Numbered pages of a list: one scan of the ordering index gives the total and a checkpoint
//! every [`STRIDE`] rows, so that any page, however deep, starts with a seek from the nearest
//! checkpoint instead of skipping every row before it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::filter::{Filter, filtered, newest_first};
use super::keyset::{self, Key};
use crate::db::budget;
use crate::db::conn::Conn;
use crate::db::publications::{self, SummaryRow};
use crate::db::schema::publications as columns;

/// Rows between checkpoints in a [`ListIndex`]: a page never skips more than this many.
pub const STRIDE: usize = 128;

/// What numbered paging needs to know about one filter's whole result, found in one scan of
/// the ordering index: the total, and the ordering key of every `STRIDE`-th row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListIndex {
    pub total: u64,
    /// When a scheduled publication joins a public list and this index stops being true.
    pub valid_until: Option<NaiveDateTime>,
    /// `checkpoints[j]` is the key of row `(j + 1) * STRIDE - 1`, newest first.
    checkpoints: Vec<Key>,
}

impl ListIndex {
    /// How many checkpoints it keeps (what it weighs in memory).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }
}

/// Scans the filter's result once to build its [`ListIndex`].
pub fn build(conn: &mut Conn, filter: &Filter) -> QueryResult<ListIndex> {
    let keys = keys(conn, filter)?;
    Ok(ListIndex {
        valid_until: valid_until(conn, filter)?,
        total: u64::try_from(keys.len()).unwrap_or(u64::MAX),
        checkpoints: keys.into_iter().skip(STRIDE - 1).step_by(STRIDE).collect(),
    })
}

/// The ordering key of every row the filter selects, newest first.
pub fn keys(conn: &mut Conn, filter: &Filter) -> QueryResult<Vec<Key>> {
    budget::arm(conn)?;
    filtered(filter)
        .select((columns::published_at, columns::id))
        .order((columns::published_at.desc(), columns::id.desc()))
        .load(conn)
}

/// When what the filter selects next changes without a write: public and scheduled lists
/// change when a scheduled piece's time comes.
pub fn valid_until(conn: &mut Conn, filter: &Filter) -> QueryResult<Option<NaiveDateTime>> {
    match filter.visible_at.or(filter.published_after) {
        None => Ok(None),
        Some(at) => publications::next_scheduled(conn, at),
    }
}

/// `limit` summaries after skipping `offset`, newest first. With the filter's `index`, the
/// skip starts from the nearest checkpoint, so it is never longer than [`STRIDE`] rows.
pub fn page(
    conn: &mut Conn,
    filter: &Filter,
    index: Option<&ListIndex>,
    offset: usize,
    limit: usize,
) -> QueryResult<Vec<SummaryRow>> {
    let checkpoint = (offset / STRIDE)
        .checked_sub(1)
        .and_then(|j| index.and_then(|i| i.checkpoints.get(j)));
    let Some(&key) = checkpoint else {
        budget::arm(conn)?;
        return newest_first(filtered(filter), limit, offset)
            .select(SummaryRow::as_select())
            .load(conn);
    };
    keyset::after(conn, filter, key, offset % STRIDE, limit)
}
