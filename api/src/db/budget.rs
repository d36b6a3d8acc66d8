//! A time budget for database work, so that no search can hold a connection for long. The
//! budget is a deadline for the thread running the work: PostgreSQL is told what is left of it
//! as each statement's `statement_timeout` ([`arm`]); SQLite, whose progress handler diesel does
//! not expose (and reaching it would take `unsafe`), checks it on every row the search's
//! statements read, through `chancery_within_budget()`, an SQL function that fails the
//! statement once the deadline has passed.

use std::cell::Cell;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::Bool;
use diesel::sqlite::Sqlite;

use super::conn::Conn;

thread_local! {
    /// When the budgeted work running on this thread must stop; `None` outside [`within`].
    static DEADLINE: Cell<Option<Instant>> = const { Cell::new(None) };
}

#[diesel::declare_sql_function]
extern "SQL" {
    /// True while the work on this thread is within its budget; fails the statement after.
    fn chancery_within_budget() -> Bool;
}

/// The SQL that SQLite statements of a search add to their conditions.
pub const SQLITE_CHECK: &str = "chancery_within_budget()";

/// What the check's failure says (and what tells it apart from other errors).
const EXCEEDED: &str = "the time budget for this work ran out";

/// Why budgeted work did not finish.
#[derive(Debug, thiserror::Error)]
pub enum BudgetError {
    /// It ran past its budget and was stopped.
    #[error("{EXCEEDED}")]
    Exceeded,
    /// It failed for another reason.
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

/// Registers the budget check on a new SQLite connection.
pub fn register(conn: &mut SqliteConnection) -> QueryResult<()> {
    // Not deterministic: SQLite would otherwise evaluate it once per statement.
    chancery_within_budget_utils::register_nondeterministic_impl(conn, || {
        Check(
            DEADLINE
                .get()
                .is_none_or(|deadline| Instant::now() < deadline),
        )
    })
}

/// Runs `work` in a transaction on `conn`, stopping it once `budget` has passed.
pub fn within<T>(
    conn: &mut Conn,
    budget: Duration,
    work: impl FnOnce(&mut Conn) -> QueryResult<T>,
) -> Result<T, BudgetError> {
    let deadline = Instant::now() + budget;
    let _armed = Armed(DEADLINE.replace(Some(deadline)));
    let result = conn.transaction(|conn| {
        arm(conn)?;
        work(conn)
    });
    match result {
        Ok(value) => Ok(value),
        // PostgreSQL cancels a statement once its timeout (what was left) runs out, and the
        // SQLite check fails only past the deadline: either way the deadline has passed, in
        // whatever language the database words its error.
        Err(e) if Instant::now() >= deadline || e.to_string().contains(EXCEEDED) => {
            Err(BudgetError::Exceeded)
        }
        Err(e) => Err(BudgetError::Query(e)),
    }
}

/// Call before each statement of budgeted work: on PostgreSQL it may run only for what is left
/// of the budget. Outside [`within`] it does nothing.
pub fn arm(conn: &mut Conn) -> QueryResult<()> {
    let (Some(deadline), Conn::Pg(c)) = (DEADLINE.get(), conn) else {
        return Ok(());
    };
    let left = deadline.saturating_duration_since(Instant::now());
    // `statement_timeout = 0` would mean no limit at all.
    if left.is_zero() {
        return Err(diesel::result::Error::QueryBuilderError(EXCEEDED.into()));
    }
    // Rounded up and a millisecond more: the server times the statement from when it starts,
    // so its timeout must not fire before our deadline, or the error would look like another.
    let millis = left.as_micros().div_ceil(1000) + 1;
    diesel::sql_query(format!("SET LOCAL statement_timeout = {millis}"))
        .execute(c)
        .map(drop)
}

/// Restores the thread's previous deadline when budgeted work ends, however it ends.
struct Armed(Option<Instant>);

impl Drop for Armed {
    fn drop(&mut self) {
        DEADLINE.set(self.0);
    }
}

/// The check's answer: true, or an error that fails the statement.
#[derive(Debug)]
struct Check(bool);

impl ToSql<Bool, Sqlite> for Check {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        if self.0 {
            out.set_value(1);
            Ok(IsNull::No)
        } else {
            Err(EXCEEDED.into())
        }
    }
}
