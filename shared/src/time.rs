//! Calendar rules in IANA time zones: the local date at an instant, where a local day starts,
//! whole days since an event, the next UTC-offset change, and the date line.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// Parses an IANA zone name such as `Europe/Moscow`.
pub fn parse_zone(name: &str) -> Result<Tz, UnknownZone> {
    name.parse::<Tz>().map_err(|_| UnknownZone(name.to_owned()))
}

/// A time zone name that is not in the IANA database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an IANA time zone")]
pub struct UnknownZone(pub String);

/// The calendar date in `zone` at the instant `at`.
pub fn local_date(zone: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&zone).date_naive()
}

/// The first instant of `date` in `zone`. Where midnight falls in a DST gap the day starts when
/// the clocks resume; where it is repeated, at its first occurrence.
pub fn start_of_day(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    let mut local = date.and_time(chrono::NaiveTime::MIN);
    // Real gaps are whole quarter-hours and never longer than a day (Samoa, 2011).
    for _ in 0..=(4 * 48) {
        match zone.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => return t.with_timezone(&Utc),
            LocalResult::None => local += Duration::minutes(15),
        }
    }
    // Unreachable with the real tz database; fall back to reading midnight as UTC.
    date.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// Whole calendar days from `event` to the local date at `at`, and when that number next changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCount {
    /// The local date the count is for.
    pub as_of: NaiveDate,
    /// Days from the event date to `as_of`; negative before the event.
    pub days: i64,
    /// The instant the local date next rolls over, when `days` goes up by one.
    pub next_change_at: DateTime<Utc>,
}

/// Counts whole days since `event` as the calendar in `zone` reads at `at`.
pub fn days_since(event: NaiveDate, zone: Tz, at: DateTime<Utc>) -> DayCount {
    days_since_on(event, zone, local_date(zone, at))
}

/// Counts whole days since `event` on the local date `as_of` in `zone`.
pub fn days_since_on(event: NaiveDate, zone: Tz, as_of: NaiveDate) -> DayCount {
    let next_day = as_of.succ_opt().unwrap_or(as_of);
    DayCount {
        as_of,
        days: (as_of - event).num_days(),
        next_change_at: start_of_day(zone, next_day),
    }
}

/// The next instant after `at`, within about a year, at which `zone` changes its UTC offset.
pub fn next_offset_change(zone: Tz, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let offset_at = |secs: i64| {
        DateTime::from_timestamp(secs, 0)
            .map(|t| zone.offset_from_utc_datetime(&t.naive_utc()).fix())
    };
    let now = offset_at(at.timestamp())?;
    // Step a day at a time (zones never change twice in a day), then bisect to the second;
    // transitions fall on whole seconds.
    const DAY: i64 = 86_400;
    let mut lo = at.timestamp();
    for _ in 0..400 {
        let mut hi = lo + DAY;
        if offset_at(hi)? != now {
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_at(mid)? == now {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return DateTime::from_timestamp(hi, 0);
        }
        lo = hi;
    }
    None
}

/// The first and last day of a year, or of one month (1–12) in it: the archive's year/month
/// filters as a date range. `None` for a month outside 1–12 or a year chrono cannot represent.
pub fn calendar_span(year: i32, month: Option<u32>) -> Option<(NaiveDate, NaiveDate)> {
    match month {
        None => NaiveDate::from_ymd_opt(year, 1, 1).zip(NaiveDate::from_ymd_opt(year, 12, 31)),
        Some(month) => {
            let start = NaiveDate::from_ymd_opt(year, month, 1)?;
            let next = start.checked_add_months(chrono::Months::new(1))?;
            Some((start, next.pred_opt()?))
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The date line as the site prints it: `15 July 2020`.
pub fn date_line(date: NaiveDate) -> String {
    let month = MONTHS[date.month0() as usize];
    format!("{} {} {}", date.day(), month, date.year())
}

/// A list date as the site prints it: `14.07.2020`.
pub fn list_date(date: NaiveDate) -> String {
    format!("{:02}.{:02}.{}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("test instant")
            .with_timezone(&Utc)
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    const MOSCOW: Tz = chrono_tz::Europe::Moscow;
    const LONDON: Tz = chrono_tz::Europe::London;

    #[test]
    fn seed_counters_read_864_and_856() {
        let at = utc("2020-07-15T18:08:00Z");
        assert_eq!(days_since(date("2018-03-04"), MOSCOW, at).days, 864);
        assert_eq!(days_since(date("2018-03-12"), MOSCOW, at).days, 856);
    }

    #[test]
    fn counter_rolls_over_at_local_midnight() {
        let event = date("2018-03-04");
        let before = days_since(event, MOSCOW, utc("2020-07-15T20:59:59Z"));
        let after = days_since(event, MOSCOW, utc("2020-07-15T21:00:00Z"));
        assert_eq!((before.days, after.days), (864, 865));
        assert_eq!(before.next_change_at, utc("2020-07-15T21:00:00Z"));
        assert_eq!(after.next_change_at, utc("2020-07-16T21:00:00Z"));
    }

    #[test]
    fn london_and_moscow_can_be_on_different_dates() {
        let at = utc("2020-07-15T21:30:00Z");
        assert_eq!(local_date(MOSCOW, at), date("2020-07-16"));
        assert_eq!(local_date(LONDON, at), date("2020-07-15"));
        let event = date("2018-03-04");
        assert_eq!(days_since(event, MOSCOW, at).days, 865);
        assert_eq!(days_since(event, LONDON, at).days, 864);
    }

    #[test]
    fn leap_day_counts_as_a_day() {
        let count = days_since(date("2020-02-28"), LONDON, utc("2020-03-01T12:00:00Z"));
        assert_eq!(count.days, 2);
        let from_leap_day = days_since(date("2020-02-29"), LONDON, utc("2021-03-01T12:00:00Z"));
        assert_eq!(from_leap_day.days, 366);
    }

    #[test]
    fn next_change_follows_the_london_day_across_dst() {
        // 29 March 2020 has 23 hours in London; 25 October 2020 has 25.
        let spring = days_since(date("2020-01-01"), LONDON, utc("2020-03-29T12:00:00Z"));
        assert_eq!(spring.next_change_at, utc("2020-03-29T23:00:00Z"));
        let before_spring = days_since(date("2020-01-01"), LONDON, utc("2020-03-28T12:00:00Z"));
        assert_eq!(before_spring.next_change_at, utc("2020-03-29T00:00:00Z"));
        let autumn = days_since(date("2020-01-01"), LONDON, utc("2020-10-25T12:00:00Z"));
        assert_eq!(autumn.next_change_at, utc("2020-10-26T00:00:00Z"));
        let before_autumn = days_since(date("2020-01-01"), LONDON, utc("2020-10-24T12:00:00Z"));
        assert_eq!(before_autumn.next_change_at, utc("2020-10-24T23:00:00Z"));
    }

    #[test]
    fn start_of_day_skips_a_midnight_gap() {
        // Samoa skipped 30 December 2011 entirely; that "day" starts when 31 December does.
        let apia: Tz = chrono_tz::Pacific::Apia;
        assert_eq!(
            start_of_day(apia, date("2011-12-30")),
            utc("2011-12-30T10:00:00Z")
        );
        // São Paulo moved clocks from 00:00 to 01:00 on 4 November 2018.
        let sao_paulo: Tz = chrono_tz::America::Sao_Paulo;
        assert_eq!(
            start_of_day(sao_paulo, date("2018-11-04")),
            utc("2018-11-04T03:00:00Z")
        );
    }

    #[test]
    fn next_offset_change_finds_both_london_transitions() {
        assert_eq!(
            next_offset_change(LONDON, utc("2020-01-10T00:00:00Z")),
            Some(utc("2020-03-29T01:00:00Z"))
        );
        assert_eq!(
            next_offset_change(LONDON, utc("2020-07-15T18:08:00Z")),
            Some(utc("2020-10-25T01:00:00Z"))
        );
        assert_eq!(
            next_offset_change(MOSCOW, utc("2020-07-15T18:08:00Z")),
            None
        );
    }

    #[test]
    fn date_line_and_list_date_match_the_page() {
        assert_eq!(date_line(date("2020-07-15")), "15 July 2020");
        assert_eq!(date_line(date("2020-06-02")), "2 June 2020");
        assert_eq!(list_date(date("2020-06-02")), "02.06.2020");
    }

    #[test]
    fn calendar_spans_cover_whole_months_and_years() {
        assert_eq!(
            calendar_span(2020, Some(2)),
            Some((date("2020-02-01"), date("2020-02-29")))
        );
        assert_eq!(
            calendar_span(2021, Some(2)),
            Some((date("2021-02-01"), date("2021-02-28")))
        );
        assert_eq!(
            calendar_span(2020, Some(12)),
            Some((date("2020-12-01"), date("2020-12-31")))
        );
        assert_eq!(
            calendar_span(2020, None),
            Some((date("2020-01-01"), date("2020-12-31")))
        );
        assert_eq!(calendar_span(2020, Some(13)), None);
        assert_eq!(calendar_span(2020, Some(0)), None);
    }

    #[test]
    fn unknown_zone_is_rejected() {
        assert_eq!(parse_zone("Europe/Moscow"), Ok(MOSCOW));
        assert!(parse_zone("Mars/Olympus_Mons").is_err());
    }
}
