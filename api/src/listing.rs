//! How the publication list finds one page: newest first by page number (seeking from the
//! list's memoised index when deep) or just after the position a signed cursor carries, with or
//! without counting the total, or a search's results in relevance order by page number, as
//! deep as relevance order goes; and those cursors, which hold a position and the fingerprint
//! of the selection it was taken in. A search's work goes through the search gate; a
//! connection is taken only by the work itself, never while waiting for another's.

use std::collections::HashMap;

use chancery_shared::page::FieldError;
use chancery_shared::search::{RELEVANCE_DEPTH, deepest_relevance_page};
use chancery_shared::snippet::Snippet;
use chrono::{DateTime, NaiveDateTime};
use chrono_tz::Tz;
use diesel::QueryResult;
use serde::{Deserialize, Serialize};

use crate::cursor::{self, CursorError, CursorKey};
use crate::db::list::keyset::{self, Key};
use crate::db::list::{index, ranking};
use crate::db::publications::{self as q, SummaryRow};
use crate::db::{self, Conn, snippets};
use crate::error::ApiError;
use crate::paging::check_page;
use crate::selection::Selection;
use crate::state::AppState;

/// Why a search in relevance order cannot be paged by cursor.
const RELEVANCE_CURSOR: &str = "pages only lists in date order: relevance ranks shift as \
     publications are added, so a position in them does not hold; give `sort=newest` with \
     `q`, or page by number";

/// Where a page starts, as the request said: the `cursor` checked and read, or `None` for
/// numbered paging. A cursor with `page`, or in relevance order, is refused.
pub fn start(
    key: &CursorKey,
    cursor: Option<&str>,
    page_given: bool,
    by_relevance: bool,
) -> Result<Option<CursorStart>, ApiError> {
    match cursor {
        None => Ok(None),
        Some(_) if page_given => Err(ApiError::invalid(
            "cursor",
            "cannot be combined with `page`: the cursor already says where its page starts",
        )),
        Some(_) if by_relevance => Err(ApiError::invalid("cursor", RELEVANCE_CURSOR)),
        Some(text) => decode_cursor(key, text).map(Some),
    }
}

/// Relevance order ranks the best [`RELEVANCE_DEPTH`] results only: a page reaching past them
/// is a 400 naming `page`, refused before any work.
pub fn check_depth(page: u32, per_page: u32) -> Result<(), ApiError> {
    if page <= deepest_relevance_page(per_page) {
        return Ok(());
    }
    Err(ApiError::invalid(
        "page",
        &format!(
            "reaches past the best {RELEVANCE_DEPTH} results, as deep as relevance order goes \
             (page × per_page at most {RELEVANCE_DEPTH}): narrow the search with filters, or \
             give `sort=newest`, which pages through every result (by cursor, too)"
        ),
    ))
}

/// What the request asked for, once checked.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    /// Where the page starts: after a cursor's position, or at `page`.
    pub start: Option<&'a CursorStart>,
    pub page: u32,
    pub per_page: u32,
    pub include_total: bool,
}

/// One page's rows, whether more follow, the total when it was counted, the cursor of the
/// next page (in date order only), and a search's snippets of the rows.
pub struct Listed {
    pub rows: Vec<SummaryRow>,
    pub has_more: bool,
    pub total: Option<u64>,
    pub next_cursor: Option<String>,
    pub snippets: HashMap<i64, Snippet>,
}

/// Runs list work: a search's through the gate (it scans every match), any other directly.
async fn run<T: Send + 'static>(
    state: &AppState,
    searching: bool,
    work: impl FnOnce(&mut Conn) -> QueryResult<T> + Send + 'static,
) -> Result<T, ApiError> {
    if searching {
        state.search_gate.heavy(work).await
    } else {
        db::run(&state.pool, move |conn| Ok(work(conn)?)).await
    }
}

/// The page asked for of `selection` with dates read in `zone`, newest first, reading one row
/// past it to learn whether more follow. A cursor must have been made for `selection`.
pub async fn newest(
    state: &AppState,
    (selection, zone): (&Selection, Tz),
    ask: Ask<'_>,
    (version, now): (i64, NaiveDateTime),
) -> Result<Listed, ApiError> {
    let fingerprint = selection.fingerprint();
    if ask.start.is_some_and(|s| s.fingerprint != fingerprint) {
        return Err(ApiError::invalid(
            "cursor",
            "was made for a list with other filters: keep the filters it was made with",
        ));
    }
    let filter = selection.filter(zone, now);
    let searching = filter.search.is_some();
    let (page, per_page) = (ask.page, ask.per_page);
    let (offset, limit) = ((page as usize - 1) * per_page as usize, per_page as usize);
    // Counting needs the list's index; so do deep numbered pages, to seek rather than skip.
    // A cursor page without a total needs neither.
    let index = if ask.include_total || (ask.start.is_none() && offset >= index::STRIDE) {
        let for_index = filter.clone();
        let compute = run(state, searching, move |conn| index::build(conn, &for_index));
        let indexes = &state.memos.list_indexes;
        Some(
            indexes
                .get_or_compute(selection.memo_key(zone), version, now, compute)
                .await?,
        )
    } else {
        None
    };
    if let (None, Some(index)) = (ask.start, &index) {
        check_page(page, per_page, index.total)?;
    }
    let (after, for_page, for_rows) = (ask.start.map(|s| s.after), filter.clone(), index.clone());
    let (mut rows, snippets) = run(state, searching, move |conn| {
        let rows = match after {
            Some(after) => keyset::after(conn, &for_page, after, 0, limit + 1)?,
            None => index::page(conn, &for_page, for_rows.as_deref(), offset, limit + 1)?,
        };
        let snippets = match &for_page.search {
            Some(matches) => {
                let ids: Vec<i64> = rows.iter().take(limit).map(|r| r.id).collect();
                snippets::snippets(conn, matches, &ids)?
            }
            None => HashMap::new(),
        };
        Ok((rows, snippets))
    })
    .await?;
    if rows.is_empty() && page > 1 && ask.start.is_none() && index.is_none() {
        return Err(ApiError::InvalidQuery(vec![FieldError::new(
            "page",
            "is past the last page",
        )]));
    }
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = rows
        .last()
        .filter(|_| has_more)
        .map(|last| encode_cursor(&state.cursor_key, keyset::key_of(last), &fingerprint));
    Ok(Listed {
        rows,
        has_more,
        total: index.map(|i| i.total),
        next_cursor,
        snippets,
    })
}

/// The page asked for of a search's results in relevance order (numbered pages only, no
/// deeper than [`check_depth`] allows: the ranking keeps no more).
pub async fn ranked(
    state: &AppState,
    (selection, zone): (&Selection, Tz),
    ask: Ask<'_>,
    (version, now): (i64, NaiveDateTime),
) -> Result<Listed, ApiError> {
    let (page, per_page) = (ask.page, ask.per_page);
    check_depth(page, per_page)?;
    let (offset, limit) = ((page as usize - 1) * per_page as usize, per_page as usize);
    let filter = selection.filter(zone, now);
    let Some(matches) = filter.search.clone() else {
        return Err(ApiError::Internal(
            "relevance order needs a search".to_owned(),
        ));
    };
    let compute = state
        .search_gate
        .heavy(move |conn| ranking::rank(conn, &filter, ranking::RANKED_KEPT));
    let ranking = state
        .memos
        .rankings
        .get_or_compute(selection.memo_key(zone), version, now, compute)
        .await?;
    check_page(page, per_page, ranking.total)?;
    let ids: Vec<i64> = ranking
        .ids
        .iter()
        .skip(offset)
        .take(limit)
        .copied()
        .collect();
    let for_page = std::sync::Arc::clone(&ranking);
    // A page of a ranking is bounded by its size: no slot, but the time budget still holds.
    let (rows, snippets) = state
        .search_gate
        .light(move |conn| {
            let rows = q::by_ids(conn, &ids)?;
            let snippets =
                for_page.snippets(&ids, |missing| snippets::snippets(conn, &matches, missing))?;
            Ok((rows, snippets))
        })
        .await?;
    Ok(Listed {
        rows,
        has_more: ((offset + limit) as u64) < ranking.total,
        total: Some(ranking.total),
        next_cursor: None,
        snippets,
    })
}

/// A position in the publication list as a cursor carries it: just after the row with this
/// key, in the listing whose selection has this fingerprint. Serialised as a JSON array.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct ListCursor(String, i64, u32, i64, String);

/// Marks a cursor as one for the publication list, not another listing's.
const LIST_CURSOR: &str = "publications";

/// Where a cursor says its page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorStart {
    pub after: Key,
    /// The fingerprint of the selection the cursor was made for.
    pub fingerprint: String,
}

/// The opaque, signed cursor for the page after the row at `after`.
fn encode_cursor(key: &CursorKey, after: Key, fingerprint: &str) -> String {
    let (at, id) = after;
    let at = at.and_utc();
    let payload = ListCursor(
        LIST_CURSOR.to_owned(),
        at.timestamp(),
        at.timestamp_subsec_nanos(),
        id,
        fingerprint.to_owned(),
    );
    cursor::encode(key, &payload)
}

/// Reads a `cursor` parameter back; anything but a list cursor this server signed is a 400.
fn decode_cursor(key: &CursorKey, text: &str) -> Result<CursorStart, ApiError> {
    let refuse = |e: CursorError| e.for_param("cursor");
    let ListCursor(kind, secs, nanos, id, fingerprint) =
        cursor::decode(key, text).map_err(refuse)?;
    let at = DateTime::from_timestamp(secs, nanos)
        .filter(|_| kind == LIST_CURSOR)
        .ok_or_else(|| refuse(CursorError::WrongKind))?;
    Ok(CursorStart {
        after: (at.naive_utc(), id),
        fingerprint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_other_listings() {
        let key = CursorKey::from_bytes([3; 32]);
        let at = DateTime::from_timestamp(1_594_836_480, 123_456_789)
            .expect("instant")
            .naive_utc();
        let text = encode_cursor(&key, (at, 42), "0123456789abcdef");
        assert_eq!(
            decode_cursor(&key, &text).expect("decodes"),
            CursorStart {
                after: (at, 42),
                fingerprint: "0123456789abcdef".to_owned()
            }
        );
        let other = cursor::encode(&key, &ListCursor("changes".into(), 0, 0, 1, String::new()));
        let refused = |text: &str| match decode_cursor(&key, text) {
            Err(ApiError::InvalidQuery(errors)) => errors[0].field.clone(),
            other => panic!("expected a 400, got {other:?}"),
        };
        assert_eq!(refused(&other), "cursor");
        assert_eq!(refused("not a cursor"), "cursor");
        let mut tampered = text.clone().into_bytes();
        tampered[3] = if tampered[3] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            refused(&String::from_utf8(tampered).expect("ascii")),
            "cursor"
        );
    }
}
