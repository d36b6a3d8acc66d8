//! Publishing: every write to publications, whether staff make it over HTTP or the command
//! line imports it (`chancery import`, the demo content, the synthetic seed). Each operation
//! owns its transaction and the rules of the write: who may make it, the `If-Match` version it
//! was based on, the numbered revision it saves, the audit entry that records it, and the
//! publication as it then stands. A write, its revision and its audit entry commit together or
//! not at all. Who may *see* what is `access.rs`; who may edit agrees with it.

use chancery_shared::page::FieldError;
use chancery_shared::publication::{Publication, PublicationRecord, Status};
use chancery_shared::slug::Slug;
use chancery_shared::staff::{Actor, Role};
use chrono::{DateTime, Utc};
use diesel::{Connection, QueryResult};
use serde_json::Value;

use crate::access::{Staff, TooWeak};
use crate::body::{merge_patch, shape};
use crate::clock::Clock;
use crate::db::audit::{self, AuditAction, AuditRecord};
use crate::db::conn::BadRow;
use crate::db::publications::{self as q, FullRow};
use crate::db::status::StoredStatus;
use crate::db::write::{
    WriteError, delete_publication, insert_publication, save_revision, update_publication,
};
use crate::db::{Conn, site};
use crate::error::ApiError;
use crate::etag::{IfMatch, Stale};

/// Why a write was refused; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The body does not fit a record's shape.
    #[error("the body is not a record: {}: {}", .0.field, .0.message)]
    BadRecord(FieldError),
    /// Fields break the rules; each is listed.
    #[error("the record breaks the rules")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Forbidden(#[from] TooWeak),
    #[error("no publication has the slug `{0}`")]
    NotFound(Slug),
    #[error(transparent)]
    Stale(#[from] Stale),
    /// Another publication has the slug.
    #[error("the slug `{0}` is already taken")]
    SlugTaken(String),
    #[error(transparent)]
    BadRow(#[from] BadRow),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

impl From<WriteError> for PublishError {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::SlugTaken(slug) => PublishError::SlugTaken(slug),
            WriteError::Database(error) => PublishError::Database(error),
        }
    }
}

impl From<PublishError> for ApiError {
    fn from(error: PublishError) -> Self {
        match error {
            PublishError::BadRecord(field) => ApiError::InvalidBody(vec![field]),
            PublishError::Invalid(fields) => ApiError::Validation(fields),
            PublishError::Forbidden(refusal) => refusal.into(),
            PublishError::NotFound(slug) => crate::access::not_found(slug),
            PublishError::Stale(stale) => stale.into(),
            PublishError::SlugTaken(slug) => WriteError::SlugTaken(slug).into(),
            PublishError::BadRow(bad) => bad.into(),
            PublishError::Database(error) => error.into(),
        }
    }
}

/// A change to one publication, as the client sent it.
#[derive(Debug, Clone)]
pub enum Change {
    /// The whole record (`PUT`); an absent `slug` or `status` keeps the current one.
    Replace(Value),
    /// An RFC 7396 merge patch of the current record (`PATCH`).
    Merge(Value),
}

/// What a removal did.
#[derive(Debug)]
pub enum Removed {
    /// A draft is gone.
    Deleted,
    /// Anything else is withdrawn: this is it now.
    Withdrawn(Box<Publication>),
}

/// Who may put a piece in front of readers (publish, schedule, withdraw): editors and admins;
/// contributors write drafts.
fn may_publish(staff: &Staff, status: Status) -> Result<(), TooWeak> {
    match status {
        Status::Draft => Ok(()),
        _ => staff.require(Role::Editor),
    }
}

/// Who may change a stored publication: exactly whoever reads it as stored
/// ([`Staff::reads_as_stored`]: editors and admins anything, contributors their own drafts),
/// so no one changes what they cannot see, and everyone may change what they see as staff.
fn may_edit(staff: &Staff, row: &FullRow) -> Result<(), TooWeak> {
    if staff.reads_as_stored(row) {
        Ok(())
    } else {
        staff.require(Role::Editor)
    }
}

/// Who is writing, and when: what the revisions and the audit log record of every write.
struct Writer {
    actor: Actor,
    now: DateTime<Utc>,
}

impl Writer {
    fn new(actor: Actor, clock: &Clock) -> Self {
        Writer {
            actor,
            now: clock.now(),
        }
    }

    /// How a save is recorded, in its transaction: `record` as publication `id`'s next
    /// revision (saying why, if `note` does), and an audit entry of `action` on `slug`.
    fn saved(
        &self,
        conn: &mut Conn,
        action: AuditAction,
        (id, slug): (i64, &Slug),
        record: &PublicationRecord,
        note: Option<&str>,
    ) -> QueryResult<()> {
        save_revision(conn, id, &self.actor.name, note, record, self.now)?;
        self.audited(conn, action, slug)
    }

    /// The audit entry alone, for a deletion, which leaves no revision to keep.
    fn audited(&self, conn: &mut Conn, action: AuditAction, slug: &Slug) -> QueryResult<()> {
        let entry = AuditRecord::new(self.now, &self.actor, action, slug.as_str());
        audit::write(conn, &entry)
    }
}

/// Adds a publication written by `staff`, who becomes its author.
pub fn create(
    conn: &mut Conn,
    staff: &Staff,
    record: PublicationRecord,
    clock: &Clock,
) -> Result<Publication, PublishError> {
    may_publish(staff, record.status)?;
    let slug = record.validate().map_err(PublishError::Invalid)?;
    let writer = Writer::new(staff.actor(), clock);
    conn.transaction(|conn| {
        let id = insert_publication(conn, &record, &slug, Some(&staff.name), clock)?;
        let action = AuditAction::PublicationCreate;
        writer.saved(conn, action, (id, &slug), &record, None)?;
        reread(conn, &slug, writer.now)
    })
}

/// Changes the publication at `slug` as `change` says, if it is still the version `if_match`
/// names; `note` says why (shown with published corrections).
pub fn update(
    conn: &mut Conn,
    staff: &Staff,
    slug: &Slug,
    if_match: &IfMatch,
    change: Change,
    note: Option<&str>,
    clock: &Clock,
) -> Result<Publication, PublishError> {
    let writer = Writer::new(staff.actor(), clock);
    conn.transaction(|conn| {
        let row = current(conn, staff, slug, if_match, writer.now)?;
        let base = row.to_record()?;
        let record: PublicationRecord = match change {
            Change::Merge(patch) => {
                // A record is plain data, which always serialises.
                let mut merged = serde_json::to_value(&base).unwrap_or_default();
                merge_patch(&mut merged, &patch);
                shape(merged)
            }
            Change::Replace(mut replacement) => {
                if let Some(fields) = replacement.as_object_mut() {
                    fields.entry("slug").or_insert_with(|| slug.as_str().into());
                    fields
                        .entry("status")
                        .or_insert_with(|| base.status.as_str().into());
                }
                shape(replacement)
            }
        }
        .map_err(PublishError::BadRecord)?;
        may_publish(staff, record.status)?;
        let new_slug = record.validate().map_err(PublishError::Invalid)?;
        let id = row.summary.id;
        update_publication(conn, id, &record, &new_slug, note, clock)?;
        let action = AuditAction::PublicationUpdate;
        writer.saved(conn, action, (id, &new_slug), &record, note)?;
        reread(conn, &new_slug, writer.now)
    })
}

/// Removes a draft, or withdraws anything else (the public then gets a 410), if it is still
/// the version `if_match` names.
pub fn remove(
    conn: &mut Conn,
    staff: &Staff,
    slug: &Slug,
    if_match: &IfMatch,
    clock: &Clock,
) -> Result<Removed, PublishError> {
    let writer = Writer::new(staff.actor(), clock);
    conn.transaction(|conn| {
        let row = current(conn, staff, slug, if_match, writer.now)?;
        let id = row.summary.id;
        if row.summary.status == StoredStatus::Draft {
            delete_publication(conn, id, clock)?;
            writer.audited(conn, AuditAction::PublicationDelete, slug)?;
            return Ok(Removed::Deleted);
        }
        let mut record = row.to_record()?;
        record.status = Status::Withdrawn;
        may_publish(staff, record.status)?;
        // The stored change note stays: withdrawing is no correction.
        update_publication(conn, id, &record, slug, row.change_note.as_deref(), clock)?;
        let action = AuditAction::PublicationWithdraw;
        writer.saved(conn, action, (id, slug), &record, Some("Withdrawn"))?;
        Ok(Removed::Withdrawn(Box::new(reread(
            conn, slug, writer.now,
        )?)))
    })
}

/// Adds validated records (each with the slug its validation gave) as the command line, in
/// one transaction: each with its first revision ("Imported") and an audit entry, and no
/// author. `imported` hears of each as it is written. Answers each one's state as stored
/// (`scheduled` for a piece published ahead); a taken slug fails the whole import, naming it.
pub fn import(
    conn: &mut Conn,
    records: &[(PublicationRecord, Slug)],
    clock: &Clock,
    mut imported: impl FnMut(),
) -> Result<Vec<Status>, PublishError> {
    let writer = Writer::new(Actor::cli(), clock);
    let now = writer.now.naive_utc();
    conn.transaction(|conn| {
        let mut states = Vec::with_capacity(records.len());
        for (record, slug) in records {
            let id = insert_publication(conn, record, slug, None, clock)?;
            let action = AuditAction::PublicationImport;
            writer.saved(conn, action, (id, slug), record, Some("Imported"))?;
            let stored = StoredStatus::of(record.status);
            states.push(stored.at(record.published_at.naive_utc(), now));
            imported();
        }
        Ok(states)
    })
}

/// The publication at `slug`, if it is still the version `if_match` names and `staff` may
/// change it (in that order: a stale version is reported before a refusal).
fn current(
    conn: &mut Conn,
    staff: &Staff,
    slug: &Slug,
    if_match: &IfMatch,
    now: DateTime<Utc>,
) -> Result<FullRow, PublishError> {
    let row =
        q::by_slug(conn, slug.as_str())?.ok_or_else(|| PublishError::NotFound(slug.clone()))?;
    let zone = site::current(conn)?.zone()?;
    if_match.check(
        &row.clone().into_publication(zone, now)?,
        &format!("`{slug}`"),
    )?;
    may_edit(staff, &row)?;
    Ok(row)
}

/// The publication at `slug` as it stands after the write, as the API shows it.
fn reread(conn: &mut Conn, slug: &Slug, now: DateTime<Utc>) -> Result<Publication, PublishError> {
    let zone = site::current(conn)?.zone()?;
    // The write just put it there, in this transaction.
    let row = q::by_slug(conn, slug.as_str())?.ok_or(diesel::result::Error::NotFound)?;
    Ok(row.into_publication(zone, now)?)
}
