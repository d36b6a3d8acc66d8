//! How the publication list finds one page: newest first by page number (seeking from the
//! list's memoised index when deep) or just after the position a signed cursor carries, with or
//! without counting the total, or a search's results in relevance order by page number; and
//! those cursors, which hold a position and the fingerprint of the filter it was taken in.

use std::sync::Arc;

use chancery_shared::page::FieldError;
use chrono::{DateTime, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::cache::{ListIndexCache, RankingCache};
use crate::cursor::{self, CursorError, CursorKey};
use crate::db::Conn;
use crate::db::keyset::{self, Key};
use crate::db::publications::{self as q, Filter, SummaryRow};
use crate::db::search;
use crate::error::ApiError;
use crate::routes::paging::check_page;

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

/// What the request asked for, once checked.
#[derive(Debug, Clone, Copy)]
pub struct Ask<'a> {
    /// Where the page starts: after a cursor's position, or at `page`.
    pub start: Option<&'a CursorStart>,
    pub page: u32,
    pub per_page: u32,
    pub include_total: bool,
}

/// One page's rows, whether more follow, the total when it was counted, and the cursor of the
/// next page (in date order only).
pub struct Listed {
    pub rows: Vec<SummaryRow>,
    pub has_more: bool,
    pub total: Option<u64>,
    pub next_cursor: Option<String>,
    /// The remembered ranking a relevance-ordered page came from (it also keeps snippets).
    pub ranking: Option<Arc<search::Ranking>>,
}

/// The page asked for, newest first, reading one row past it to learn whether more follow.
/// A cursor must have been made for `filter`.
pub fn newest(
    conn: &mut Conn,
    cache: &ListIndexCache,
    key: &CursorKey,
    filter: &Filter,
    ask: Ask<'_>,
    (version, now): (i64, NaiveDateTime),
) -> Result<Listed, ApiError> {
    let fingerprint = keyset::fingerprint(filter);
    if ask.start.is_some_and(|s| s.fingerprint != fingerprint) {
        return Err(ApiError::invalid(
            "cursor",
            "was made for a list with other filters: keep the filters it was made with",
        ));
    }
    let (page, per_page) = (ask.page, ask.per_page);
    let (offset, limit) = ((page as usize - 1) * per_page as usize, per_page as usize);
    // Counting needs the list's index; so do deep numbered pages, to seek rather than skip.
    // A cursor page without a total needs neither.
    let index = if ask.include_total || (ask.start.is_none() && offset >= q::STRIDE) {
        Some(cache.get_or_compute(filter.memo_key(), version, now, || {
            q::list_index(conn, filter)
        })?)
    } else {
        None
    };
    let mut rows = match (ask.start, &index) {
        (Some(start), _) => keyset::after(conn, filter, start.after, 0, limit + 1)?,
        (None, Some(index)) => {
            check_page(page, per_page, index.total)?;
            q::list(conn, filter, Some(index), offset, limit + 1)?
        }
        (None, None) => {
            let rows = q::list(conn, filter, None, offset, limit + 1)?;
            if rows.is_empty() && page > 1 {
                return Err(ApiError::InvalidQuery(vec![FieldError::new(
                    "page",
                    "is past the last page",
                )]));
            }
            rows
        }
    };
    let has_more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = rows
        .last()
        .filter(|_| has_more)
        .map(|last| encode_cursor(key, keyset::key_of(last), &fingerprint));
    Ok(Listed {
        rows,
        has_more,
        total: index.map(|i| i.total),
        next_cursor,
        ranking: None,
    })
}

/// The page asked for of a search's results in relevance order (numbered pages only).
pub fn ranked(
    conn: &mut Conn,
    rankings: &RankingCache,
    filter: &Filter,
    ask: Ask<'_>,
    (version, now): (i64, NaiveDateTime),
) -> Result<Listed, ApiError> {
    let (page, per_page) = (ask.page, ask.per_page);
    let (offset, limit) = ((page as usize - 1) * per_page as usize, per_page as usize);
    let ranking = if offset + limit <= search::RANKED_KEPT {
        rankings.get_or_compute(filter.memo_key(), version, now, || {
            search::ranking(conn, filter, search::RANKED_KEPT)
        })?
    } else {
        Arc::new(search::ranking(conn, filter, offset + limit)?)
    };
    check_page(page, per_page, ranking.total)?;
    let ids: Vec<i64> = ranking
        .ids
        .iter()
        .skip(offset)
        .take(limit)
        .copied()
        .collect();
    Ok(Listed {
        rows: q::by_ids(conn, &ids)?,
        has_more: ((offset + limit) as u64) < ranking.total,
        total: Some(ranking.total),
        next_cursor: None,
        ranking: Some(ranking),
    })
}

/// A position in the publication list as a cursor carries it: just after the row with this
/// key, in the listing whose filter has this fingerprint. Serialised as a JSON array.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
struct ListCursor(String, i64, u32, i64, String);

/// Marks a cursor as one for the publication list, not another listing's.
const LIST_CURSOR: &str = "publications";

/// Where a cursor says its page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorStart {
    pub after: Key,
    /// The fingerprint of the filter the cursor was made for.
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
