//! Keyset paging over the publication list: the query that starts a page just after a known
//! row (an index seek on `(published_at, id)`, so a deep page costs what the first does, and
//! rows published meanwhile above that row never shift what follows it), and a fingerprint
//! of the filter a position was taken in, so a position is never replayed in another listing.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::publications::{Filter, SummaryRow, filtered, page_query};
use super::schema::publications;
use super::{Conn, budget};

/// A row's place in the list's order: newest `published_at` first, then highest id.
pub type Key = (NaiveDateTime, i64);

/// `limit` summaries that come after `key` in the list's order, skipping `skip` of them first.
pub fn after(
    conn: &mut Conn,
    filter: &Filter,
    (at, id): Key,
    skip: usize,
    limit: usize,
) -> QueryResult<Vec<SummaryRow>> {
    // The seek needs exactly one upper bound on `published_at` for the planner to start from:
    // with two bound parameters (now, and the key) it cannot tell which is tighter and may
    // scan down from the looser. So the key tightens the visibility bound itself.
    budget::arm(conn)?;
    let bounded = Filter {
        visible_at: filter.visible_at.map(|now| now.min(at)),
        ..filter.clone()
    };
    let mut query = filtered(&bounded);
    if bounded.visible_at.is_none() {
        query = query.filter(publications::published_at.le(at));
    }
    let query = query.filter(
        publications::published_at
            .lt(at)
            .or(publications::published_at
                .eq(at)
                .and(publications::id.lt(id))),
    );
    page_query(query, limit, skip)
        .select(SummaryRow::as_select())
        .load(conn)
}

/// The key of a listed row.
pub fn key_of(row: &SummaryRow) -> Key {
    (row.published_at, row.id)
}

/// A short hash of what `filter` selects, independent of the instant it is read at and of
/// how the request spelled it (kinds in any order). Stable across restarts and nodes.
pub fn fingerprint(filter: &Filter) -> String {
    let mut kinds: Vec<&str> = filter.kinds.iter().map(|k| k.as_str()).collect();
    kinds.sort_unstable();
    let instant = |t: Option<NaiveDateTime>| t.map(|t| t.format("%FT%T%.f").to_string());
    let canonical = serde_json::json!([
        kinds,
        filter.tag,
        filter.speaker_key,
        instant(filter.published_from),
        instant(filter.published_before),
        filter.featured,
        filter.exclude_id,
        filter.visible_at.is_some(),
        filter.stored_status,
        filter.published_after.is_some(),
        filter.author,
        filter.search.as_ref().map(|m| [&m.fts5, &m.tsquery]),
    ]);
    let digest = Sha256::digest(canonical.to_string().as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chancery_shared::publication::{Kind, Status};

    fn at(s: &str) -> NaiveDateTime {
        s.parse::<chrono::DateTime<chrono::Utc>>()
            .expect("instant")
            .naive_utc()
    }

    #[test]
    fn fingerprints_ignore_the_instant_and_kind_order_but_not_the_selection() {
        let kinds = |kinds: Vec<Kind>, now| {
            Filter {
                kinds,
                ..Filter::default()
            }
            .showing(None, at(now))
        };
        let a = kinds(vec![Kind::Speech, Kind::Article], "2020-07-15T18:08:00Z");
        let b = kinds(vec![Kind::Article, Kind::Speech], "2020-07-16T00:00:00Z");
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a).len(), 16);
        let speeches = kinds(vec![Kind::Speech], "2020-07-15T18:08:00Z");
        assert_ne!(fingerprint(&a), fingerprint(&speeches));
        let drafts = Filter::default().showing(Some(Status::Draft), at("2020-07-15T18:08:00Z"));
        let public = Filter::default().showing(None, at("2020-07-15T18:08:00Z"));
        assert_ne!(fingerprint(&drafts), fingerprint(&public));
        let tagged = Filter {
            tag: Some("iran".to_owned()),
            ..public.clone()
        };
        assert_ne!(fingerprint(&tagged), fingerprint(&public));
        let from = Filter {
            published_from: Some(at("2020-06-01T00:00:00Z")),
            ..public.clone()
        };
        assert_ne!(fingerprint(&from), fingerprint(&public));
    }
}
