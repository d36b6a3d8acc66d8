//! What the site reads at an instant: its name, date line and contacts, each clock, and each
//! "N days since" counter, computed from the stored settings by the rules in `shared`. The
//! endpoints of each and the home page, which shows them all, read them here alike.

use chancery_shared::clock::{ClockReading, read_clock};
use chancery_shared::counter::{Counter, counter_text};
use chancery_shared::site::{Contact, Site, tel_uri};
use chancery_shared::time::{date_line, days_since, days_since_on, local_date, start_of_day};
use chrono::{DateTime, Duration, DurationRound, Utc};
use chrono_tz::Tz;

use crate::db::conn::BadRow;
use crate::db::counters::CounterRow;
use crate::db::{Conn, clocks, counters, site as stored};
use crate::error::ApiError;
use crate::query::{At, resolve_at};

/// The site as it reads at `at` (default `now`), with its home zone and that instant.
pub fn site(
    conn: &mut Conn,
    at: Option<At>,
    now: DateTime<Utc>,
) -> Result<(Site, Tz, DateTime<Utc>), ApiError> {
    let row = stored::current(conn)?;
    let zone = row.zone()?;
    let at = resolve_at(at, zone, now);
    // The date line rolls over at the home zone's midnight, wherever the reader is.
    let today = local_date(zone, at);
    let next_change_at = start_of_day(zone, today.succ_opt().unwrap_or(today));
    let contacts = stored::contacts(conn)?
        .into_iter()
        .map(|c| Contact {
            tel: tel_uri(&c.phone),
            label: c.label,
            phone: c.phone,
        })
        .collect();
    let site = Site {
        name: row.name,
        home_time_zone: row.home_time_zone,
        today,
        date_line: date_line(today),
        next_change_at,
        contacts,
    };
    Ok((site, zone, at))
}

/// Every clock read at the instant `at`, in display order.
pub fn clocks(conn: &mut Conn, at: DateTime<Utc>) -> Result<Vec<ClockReading>, ApiError> {
    clocks::all(conn)?
        .into_iter()
        .map(|row| Ok(read_clock(&row.label, row.zone()?, at)))
        .collect()
}

/// When a "now" reading of the clocks goes stale: at the next whole minute.
pub fn next_minute(now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    now.duration_trunc(Duration::minutes(1))
        .ok()
        .map(|t| t + Duration::minutes(1))
}

/// One stored counter read at `at` (default `now`): a date means that date in the counter's
/// own zone.
pub fn counter(row: CounterRow, at: Option<At>, now: DateTime<Utc>) -> Result<Counter, BadRow> {
    let zone = row.zone()?;
    let count = match at {
        Some(At::Date(date)) => days_since_on(row.event_date, zone, date),
        Some(At::Instant(t)) => days_since(row.event_date, zone, t),
        None => days_since(row.event_date, zone, now),
    };
    Ok(Counter {
        text: counter_text(count.days, &row.label, &row.caption),
        slug: row.slug,
        label: row.label,
        caption: row.caption,
        event_date: row.event_date,
        time_zone: row.time_zone,
        as_of: count.as_of,
        days: count.days,
        next_change_at: count.next_change_at,
    })
}

/// Every counter read at `at`, in display order.
pub fn counters(
    conn: &mut Conn,
    at: Option<At>,
    now: DateTime<Utc>,
) -> Result<Vec<Counter>, ApiError> {
    counters::all(conn)?
        .into_iter()
        .map(|row| Ok(counter(row, at, now)?))
        .collect()
}
