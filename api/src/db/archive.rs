//! The archive's counts per month of the site's home time zone, with exactly the bounds the
//! list's `from`/`to` use: one query grouping by month at a fixed UTC offset, then a count of
//! the few publications near a month boundary wherever the zone's offset differed.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::conn::Conn;
use super::facets::non_negative;
use super::list::filter::{Filter, predicate};
use super::schema::publications;

/// A year, a month (1–12) and how many publications it has.
pub type MonthCount = (i32, u32, u64);

/// Months as one number (`year * 12 + month - 1`), so the next month is `+ 1`.
fn month_number(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

fn first_day(month: i32) -> Option<NaiveDate> {
    let m = u32::try_from(month.rem_euclid(12)).ok()? + 1;
    NaiveDate::from_ymd_opt(month.div_euclid(12), m, 1)
}

/// The instant `month` starts in `zone`: the same bound the list's `from` uses.
fn starts_in(zone: Tz, month: i32) -> Option<NaiveDateTime> {
    first_day(month).map(|d| chancery_shared::time::start_of_day(zone, d).naive_utc())
}

/// The instant `month` starts at a fixed UTC offset of `shift` seconds.
fn starts_at_offset(month: i32, shift: i32) -> Option<NaiveDateTime> {
    Some(first_day(month)?.and_hms_opt(0, 0, 0)? - Duration::seconds(i64::from(shift)))
}

/// The SQL naming the month (`YYYY-MM`) of `published_at` at a fixed offset of `shift` seconds.
fn month_at_offset_sql(conn: &Conn, shift: i32) -> String {
    match conn {
        Conn::Sqlite(_) => format!("strftime('%Y-%m', published_at, '{shift:+} seconds')"),
        Conn::Pg(_) => format!("to_char(published_at + interval '{shift} seconds', 'YYYY-MM')"),
    }
}

fn parse_month(label: &str) -> QueryResult<i32> {
    let bad = || diesel::result::Error::DeserializationError(format!("month `{label}`").into());
    let (year, month) = label.rsplit_once('-').ok_or_else(bad)?;
    let date = NaiveDate::from_ymd_opt(
        year.parse().map_err(|_| bad())?,
        month.parse().map_err(|_| bad())?,
        1,
    )
    .ok_or_else(bad)?;
    Ok(month_number(date))
}

/// Publications per month in `zone`, newest first; `now` picks the offset to group by.
///
/// The database groups by month at one fixed UTC offset (the zone's at `now`), which is right
/// wherever the zone kept that offset. Where it did not (summer time, a changed standard
/// offset), a month starts a few hours apart at the fixed offset and in the zone; the
/// publications between the two instants are counted and moved to the month they are in.
pub fn months(
    conn: &mut Conn,
    filter: &Filter,
    zone: Tz,
    now: NaiveDateTime,
) -> QueryResult<Vec<MonthCount>> {
    let shift = zone.offset_from_utc_datetime(&now).fix().local_minus_utc();
    let month = month_at_offset_sql(conn, shift);
    let rows: Vec<(String, i64)> = publications::table
        .filter(predicate(filter))
        .group_by(sql::<Text>(&month))
        .select((sql::<Text>(&month), count_star()))
        .load(conn)?;
    let mut counts: BTreeMap<i32, i64> = BTreeMap::new();
    for (label, n) in rows {
        *counts.entry(parse_month(&label)?).or_default() += n;
    }
    // A month's rows can only belong to it or a neighbour, so only the starts of months with
    // rows and of the months after them matter.
    let starts: BTreeSet<i32> = counts.keys().flat_map(|&m| [m, m + 1]).collect();
    for m in starts {
        let (Some(fixed), Some(local)) = (starts_at_offset(m, shift), starts_in(zone, m)) else {
            continue;
        };
        // Before the zone's start of `m` is the month before, from it on is `m`.
        let (from, to, grouped, actual) = match fixed.cmp(&local) {
            Ordering::Equal => continue,
            Ordering::Less => (fixed, local, m, m - 1),
            Ordering::Greater => (local, fixed, m - 1, m),
        };
        // As in the list's seek: the visibility bound tightened to the range's end, so that
        // whichever upper bound the planner starts from, it scans only the range.
        let bounded = Filter {
            visible_at: filter.visible_at.map(|at| at.min(to)),
            ..filter.clone()
        };
        let moved: i64 = publications::table
            .filter(predicate(&bounded))
            .filter(publications::published_at.ge(from))
            .filter(publications::published_at.lt(to))
            .select(count_star())
            .first(conn)?;
        if moved > 0 {
            *counts.entry(grouped).or_default() -= moved;
            *counts.entry(actual).or_default() += moved;
        }
    }
    Ok(counts
        .into_iter()
        .rev()
        .filter(|&(_, n)| n > 0)
        .filter_map(|(m, n)| {
            let day = first_day(m)?;
            Some((day.year(), day.month(), non_negative(n)))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        s.parse::<chrono::DateTime<chrono::Utc>>()
            .expect("instant")
            .naive_utc()
    }

    fn month(y: i32, m: u32) -> i32 {
        month_number(NaiveDate::from_ymd_opt(y, m, 1).expect("date"))
    }

    #[test]
    fn month_numbers_round_trip_across_years() {
        let december = month(2019, 12);
        assert_eq!(december + 1, month(2020, 1));
        assert_eq!(first_day(december + 1), NaiveDate::from_ymd_opt(2020, 1, 1));
        assert_eq!(parse_month("2020-07").ok(), Some(month(2020, 7)));
        assert!(parse_month("2020-13").is_err());
        assert!(parse_month("July").is_err());
    }

    #[test]
    fn fixed_offset_bounds_differ_from_the_zone_only_where_the_offset_does() {
        let london: Tz = "Europe/London".parse().expect("zone");
        // Grouping at +00:00 (winter): January's bounds agree, July's are an hour apart.
        assert_eq!(
            starts_at_offset(month(2020, 1), 0),
            starts_in(london, month(2020, 1))
        );
        assert_eq!(
            starts_at_offset(month(2020, 7), 0),
            Some(at("2020-07-01T00:00:00Z"))
        );
        assert_eq!(
            starts_in(london, month(2020, 7)),
            Some(at("2020-06-30T23:00:00Z"))
        );
        let moscow: Tz = "Europe/Moscow".parse().expect("zone");
        assert_eq!(
            starts_in(moscow, month(2020, 2)),
            Some(at("2020-01-31T21:00:00Z"))
        );
        let kolkata: Tz = "Asia/Kolkata".parse().expect("zone");
        assert_eq!(
            starts_in(kolkata, month(2021, 1)),
            Some(at("2020-12-31T18:30:00Z"))
        );
    }
}
