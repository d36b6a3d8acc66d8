//! The change feed's log, kept in step by every write that can change what the public sees.
//! It is compacted per slug, like CouchDB's `_changes`: a slug keeps only its latest entry in
//! effect, plus, for a scheduled piece, the entry that makes it public at its `published_at`.
//! An entry's position is (effective instant, sequence number); a rewrite always lands after
//! everything already in effect, so a mirror reading in order never misses the last word on
//! a slug. Entries are served only once their instant is [`SETTLE`] old, by which time the
//! write that made them has committed.

use chancery_shared::changes::ChangeKind;
use chancery_shared::publication::Status;
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use diesel::prelude::*;

use super::conn::Conn;
use super::schema::{changes, publications};
use super::status::StoredStatus;
use crate::clock::Clock;

/// How old an entry's instant must be before it is served. A write takes its instant after
/// locking the log, just before it commits, so this is ample for the commit to land first.
pub const SETTLE: TimeDelta = TimeDelta::seconds(1);

/// One stored entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = changes)]
pub struct Entry {
    pub seq: i64,
    pub slug: String,
    /// The publication a `published`/`updated` entry carries; `None` for tombstones.
    pub publication_id: Option<i64>,
    pub change: String,
    pub effective_at: NaiveDateTime,
}

impl Entry {
    /// The stored change; `None` only if the row was written by something else.
    pub fn kind(&self) -> Option<ChangeKind> {
        self.change.parse().ok()
    }

    fn is_upsert(&self) -> bool {
        self.kind().is_some_and(ChangeKind::is_upsert)
    }
}

/// An instant as the log stores it: whole microseconds, which both databases keep exactly.
pub fn stored_instant(at: DateTime<Utc>) -> NaiveDateTime {
    DateTime::from_timestamp_micros(at.timestamp_micros())
        .unwrap_or(at)
        .naive_utc()
}

/// Brings the log in step with what the public now sees at each of `slugs` (every slug the
/// write touched: before and after a rename). Call inside the write's transaction, after it.
pub fn note(conn: &mut Conn, clock: &Clock, slugs: &[&str]) -> QueryResult<()> {
    lock(conn)?;
    // Taken after the lock, so no later commit can carry an earlier instant.
    let now = stored_instant(clock.now());
    for (i, slug) in slugs.iter().enumerate() {
        if !slugs[..i].contains(slug) {
            reconcile(conn, now, slug)?;
        }
    }
    Ok(())
}

/// Re-issues every entry in effect that carries a publication as `updated` now: for a change
/// outside the publications that alters how each one reads (the home time zone dates
/// `published_on`), so mirrors fetch them again.
pub fn reissue_public(conn: &mut Conn, clock: &Clock) -> QueryResult<()> {
    lock(conn)?;
    let now = stored_instant(clock.now());
    let last: Option<i64> = changes::table
        .select(diesel::dsl::max(changes::seq))
        .first(conn)?;
    let Some(last) = last else { return Ok(()) };
    let upserts = [ChangeKind::Published.as_str(), ChangeKind::Updated.as_str()];
    let current = changes::table
        .filter(changes::effective_at.le(now))
        .filter(changes::change.eq_any(upserts))
        .order((changes::effective_at.asc(), changes::seq.asc()))
        .select((
            changes::slug,
            changes::publication_id,
            ChangeKind::Updated
                .as_str()
                .into_sql::<diesel::sql_types::Text>(),
            now.into_sql::<diesel::sql_types::Timestamp>(),
        ));
    diesel::insert_into(changes::table)
        .values(current)
        .into_columns((
            changes::slug,
            changes::publication_id,
            changes::change,
            changes::effective_at,
        ))
        .execute(conn)?;
    diesel::delete(
        changes::table
            .filter(changes::seq.le(last))
            .filter(changes::effective_at.le(now))
            .filter(changes::change.eq_any(upserts)),
    )
    .execute(conn)?;
    Ok(())
}

/// One log writer at a time, so sequence numbers and instants follow commit order (SQLite
/// has one writer anyway). Readers are not blocked.
fn lock(conn: &mut Conn) -> QueryResult<()> {
    if let Conn::Pg(pg) = conn {
        diesel::sql_query("LOCK TABLE changes IN EXCLUSIVE MODE").execute(pg)?;
    }
    Ok(())
}

/// A new entry: its change, the publication it carries, and when it takes effect.
type NewEntry = (ChangeKind, Option<i64>, NaiveDateTime);

fn reconcile(conn: &mut Conn, now: NaiveDateTime, slug: &str) -> QueryResult<()> {
    let current: Option<AtSlug> = publications::table
        .filter(publications::slug.eq(slug))
        .select(AtSlug::as_select())
        .first(conn)
        .optional()?;
    let entries: Vec<Entry> = changes::table
        .filter(changes::slug.eq(slug))
        .order((changes::effective_at.asc(), changes::seq.asc()))
        .select(Entry::as_select())
        .load(conn)?;
    let (add, keep) = plan(current, &entries, now);
    let stale: Vec<i64> = entries
        .iter()
        .map(|e| e.seq)
        .filter(|seq| Some(*seq) != keep)
        .collect();
    if !stale.is_empty() {
        diesel::delete(changes::table.filter(changes::seq.eq_any(stale))).execute(conn)?;
    }
    for (kind, publication_id, at) in add {
        diesel::insert_into(changes::table)
            .values((
                changes::slug.eq(slug),
                changes::publication_id.eq(publication_id),
                changes::change.eq(kind.as_str()),
                changes::effective_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// What the log needs to know of the publication now at a slug.
#[derive(Debug, Clone, Copy, Queryable, Selectable)]
#[diesel(table_name = publications)]
struct AtSlug {
    id: i64,
    #[diesel(deserialize_as = String)]
    status: StoredStatus,
    published_at: NaiveDateTime,
}

/// What a slug's log should become, given the publication now at it and its entries: the
/// entries to add, and the one existing entry to keep (every other is replaced).
fn plan(
    current: Option<AtSlug>,
    entries: &[Entry],
    now: NaiveDateTime,
) -> (Vec<NewEntry>, Option<i64>) {
    let in_effect = entries.iter().rfind(|e| e.effective_at <= now);
    // A mirror may hold the slug: the last word in effect put it there.
    let shown = in_effect.is_some_and(Entry::is_upsert);
    // A tombstone in effect stays where it is: a lagging mirror still needs it, and moving it
    // would only repeat it.
    let kept_tombstone = in_effect.filter(|e| !e.is_upsert()).map(|e| e.seq);
    match current.map(|c| (c.id, c.status.at(c.published_at, now), c.published_at)) {
        Some((id, Status::Published, _)) => {
            let kind = if shown {
                ChangeKind::Updated
            } else {
                ChangeKind::Published
            };
            (vec![(kind, Some(id), now)], None)
        }
        // Scheduled: out of sight now (if it was in sight), public at its instant.
        Some((id, Status::Scheduled, at)) => {
            let mut add = Vec::new();
            if shown {
                add.push((ChangeKind::Removed, None, now));
            }
            add.push((ChangeKind::Published, Some(id), at));
            (add, kept_tombstone)
        }
        other => {
            let kind = match other {
                Some((_, Status::Withdrawn, _)) => ChangeKind::Withdrawn,
                _ => ChangeKind::Removed,
            };
            if shown {
                (vec![(kind, None, now)], None)
            } else {
                // Never public, or already gone: only a pending entry (if any) is dropped.
                (Vec::new(), kept_tombstone)
            }
        }
    }
}

/// Up to `limit` entries after position `after` (all from the start when `None`), in effect
/// by `horizon`, in order.
pub fn page(
    conn: &mut Conn,
    after: Option<(NaiveDateTime, i64)>,
    horizon: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    let mut query = changes::table
        .filter(changes::effective_at.le(horizon))
        .into_boxed();
    if let Some((at, seq)) = after {
        // The plain lower bound lets the planner seek on the ordering index.
        query = query.filter(changes::effective_at.ge(at)).filter(
            changes::effective_at
                .gt(at)
                .or(changes::effective_at.eq(at).and(changes::seq.gt(seq))),
        );
    }
    query
        .order((changes::effective_at.asc(), changes::seq.asc()))
        .limit(limit)
        .select(Entry::as_select())
        .load(conn)
}

/// When the next entry after `horizon` takes effect (a scheduled piece going public).
pub fn next_due(conn: &mut Conn, horizon: NaiveDateTime) -> QueryResult<Option<NaiveDateTime>> {
    changes::table
        .filter(changes::effective_at.gt(horizon))
        .select(diesel::dsl::min(changes::effective_at))
        .first(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        s.parse::<DateTime<Utc>>().expect("instant").naive_utc()
    }

    fn entry(seq: i64, change: ChangeKind, when: &str) -> Entry {
        Entry {
            seq,
            slug: "s".to_owned(),
            publication_id: change.is_upsert().then_some(7),
            change: change.as_str().to_owned(),
            effective_at: at(when),
        }
    }

    const NOW: &str = "2020-07-15T12:00:00Z";

    fn stored(status: StoredStatus, when: &str) -> Option<AtSlug> {
        Some(AtSlug {
            id: 7,
            status,
            published_at: at(when),
        })
    }

    fn published(when: &str) -> Option<AtSlug> {
        stored(StoredStatus::Published, when)
    }

    #[test]
    fn a_draft_never_public_leaves_no_trace() {
        let draft = stored(StoredStatus::Draft, NOW);
        assert_eq!(plan(draft, &[], at(NOW)), (vec![], None));
    }

    #[test]
    fn publishing_then_editing_publishes_then_updates() {
        let now = at(NOW);
        let (add, _) = plan(published("2020-07-01T00:00:00Z"), &[], now);
        assert_eq!(add, vec![(ChangeKind::Published, Some(7), now)]);
        let log = [entry(1, ChangeKind::Published, "2020-07-15T11:00:00Z")];
        let (add, keep) = plan(published("2020-07-01T00:00:00Z"), &log, now);
        assert_eq!(add, vec![(ChangeKind::Updated, Some(7), now)]);
        assert_eq!(keep, None);
    }

    #[test]
    fn rescheduling_a_public_piece_hides_it_until_its_new_time() {
        let log = [entry(1, ChangeKind::Published, "2020-07-15T11:00:00Z")];
        let later = "2020-07-20T09:00:00Z";
        let (add, keep) = plan(published(later), &log, at(NOW));
        assert_eq!(
            add,
            vec![
                (ChangeKind::Removed, None, at(NOW)),
                (ChangeKind::Published, Some(7), at(later)),
            ]
        );
        assert_eq!(keep, None);
    }

    #[test]
    fn a_pending_entry_is_replaced_and_a_tombstone_kept() {
        let log = [
            entry(3, ChangeKind::Withdrawn, "2020-07-15T10:00:00Z"),
            entry(4, ChangeKind::Published, "2020-07-19T09:00:00Z"),
        ];
        let (add, keep) = plan(published("2020-07-21T09:00:00Z"), &log, at(NOW));
        assert_eq!(
            add,
            vec![(ChangeKind::Published, Some(7), at("2020-07-21T09:00:00Z"))]
        );
        assert_eq!(keep, Some(3));
        let (add, keep) = plan(None, &log, at(NOW));
        assert_eq!((add, keep), (vec![], Some(3)));
    }

    #[test]
    fn withdrawing_or_deleting_a_public_piece_leaves_a_tombstone() {
        let log = [entry(1, ChangeKind::Updated, "2020-07-15T11:00:00Z")];
        let withdrawn = stored(StoredStatus::Withdrawn, "2020-07-01T00:00:00Z");
        let (add, _) = plan(withdrawn, &log, at(NOW));
        assert_eq!(add, vec![(ChangeKind::Withdrawn, None, at(NOW))]);
        let (add, _) = plan(None, &log, at(NOW));
        assert_eq!(add, vec![(ChangeKind::Removed, None, at(NOW))]);
    }
}
