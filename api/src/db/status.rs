//! A publication's status as the `status` column stores it: draft, published or withdrawn.
//! Scheduled is never stored; it is a published piece whose `published_at` is still ahead, so
//! it goes public at that instant with no write. Rows read the column as a [`StoredStatus`]
//! and queries compare it with one, so no status is ever spelled out as a string.

use chancery_shared::publication::Status;
use chrono::NaiveDateTime;
use diesel::expression::AsExpression;
use diesel::sql_types::Text;

/// What the `status` column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StoredStatus {
    Draft,
    Published,
    Withdrawn,
}

impl StoredStatus {
    /// The stored text (the migrations' `CHECK` lists the same three).
    pub fn as_str(self) -> &'static str {
        match self {
            StoredStatus::Draft => "draft",
            StoredStatus::Published => "published",
            StoredStatus::Withdrawn => "withdrawn",
        }
    }

    /// How a record's status is stored: a published piece is stored as published whenever
    /// it goes public (a record is never `scheduled`; validation refuses it).
    pub fn of(status: Status) -> Self {
        match status {
            Status::Draft => StoredStatus::Draft,
            Status::Scheduled | Status::Published => StoredStatus::Published,
            Status::Withdrawn => StoredStatus::Withdrawn,
        }
    }

    /// The status as the API shows it at `now`: published but still ahead is scheduled.
    pub fn at(self, published_at: NaiveDateTime, now: NaiveDateTime) -> Status {
        match self {
            StoredStatus::Published if published_at > now => Status::Scheduled,
            other => Status::from(other),
        }
    }
}

/// The status a record keeps (import, export, revisions), which never says `scheduled`.
impl From<StoredStatus> for Status {
    fn from(stored: StoredStatus) -> Self {
        match stored {
            StoredStatus::Draft => Status::Draft,
            StoredStatus::Published => Status::Published,
            StoredStatus::Withdrawn => Status::Withdrawn,
        }
    }
}

/// A stored status the server does not know (the column's `CHECK` keeps them out).
#[derive(Debug, thiserror::Error)]
#[error("unknown status `{0}`")]
pub struct UnknownStatus(String);

/// Rows read the column through this (`#[diesel(deserialize_as = String)]`).
impl TryFrom<String> for StoredStatus {
    type Error = UnknownStatus;

    fn try_from(text: String) -> Result<Self, UnknownStatus> {
        match text.as_str() {
            "draft" => Ok(StoredStatus::Draft),
            "published" => Ok(StoredStatus::Published),
            "withdrawn" => Ok(StoredStatus::Withdrawn),
            _ => Err(UnknownStatus(text)),
        }
    }
}

/// Queries compare the column with a status as with its text.
impl AsExpression<Text> for StoredStatus {
    type Expression = <&'static str as AsExpression<Text>>::Expression;

    fn as_expression(self) -> Self::Expression {
        AsExpression::<Text>::as_expression(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_piece_reads_as_scheduled_until_its_time() {
        let (at, before, after): (NaiveDateTime, NaiveDateTime, NaiveDateTime) = (
            "2020-07-15T12:00:00".parse().expect("instant"),
            "2020-07-15T11:59:59".parse().expect("instant"),
            "2020-07-15T12:00:00".parse().expect("instant"),
        );
        assert_eq!(StoredStatus::Published.at(at, before), Status::Scheduled);
        assert_eq!(StoredStatus::Published.at(at, after), Status::Published);
        assert_eq!(StoredStatus::Draft.at(at, before), Status::Draft);
        for status in [
            StoredStatus::Draft,
            StoredStatus::Published,
            StoredStatus::Withdrawn,
        ] {
            let text = status.as_str().to_owned();
            assert_eq!(StoredStatus::try_from(text).expect("known"), status);
            assert_eq!(StoredStatus::of(Status::from(status)), status);
        }
        assert_eq!(StoredStatus::of(Status::Scheduled), StoredStatus::Published);
    }
}
