//! A clock's reading: what a labelled IANA zone shows at an instant, with enough about its
//! offset (and when that next changes) for a browser to keep ticking without a tz database.

use chrono::{DateTime, NaiveDate, Offset, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use serde::{Deserialize, Serialize};

use crate::time::next_offset_change;

/// What one clock on the site shows at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "label": "Moscow", "time_zone": "Europe/Moscow", "local_time": "21:08",
    "local_date": "2020-07-15", "utc_offset": "+03:00", "abbreviation": "MSK",
    "is_dst": false, "next_offset_change_at": null
})))]
pub struct ClockReading {
    /// The clock's caption, e.g. `Moscow`.
    pub label: String,
    /// IANA zone name.
    pub time_zone: String,
    /// Local wall time as `HH:MM` (24-hour).
    pub local_time: String,
    /// Local calendar date.
    pub local_date: NaiveDate,
    /// UTC offset as `+HH:MM`.
    pub utc_offset: String,
    /// Zone abbreviation in force, e.g. `BST`; numeric zones give the offset instead.
    pub abbreviation: String,
    /// Whether daylight saving time is in force.
    pub is_dst: bool,
    /// The next instant (within a year) when the offset changes, so clients can tick offline.
    pub next_offset_change_at: Option<DateTime<Utc>>,
}

/// Reads the clock labelled `label` for `zone` at `at`.
pub fn read_clock(label: &str, zone: Tz, at: DateTime<Utc>) -> ClockReading {
    let local = at.with_timezone(&zone);
    let offset = local.offset();
    let seconds = offset.fix().local_minus_utc();
    let utc_offset = format_offset(seconds);
    ClockReading {
        label: label.to_owned(),
        time_zone: zone.name().to_owned(),
        local_time: local.format("%H:%M").to_string(),
        local_date: local.date_naive(),
        abbreviation: offset
            .abbreviation()
            .map_or_else(|| utc_offset.clone(), str::to_owned),
        utc_offset,
        is_dst: !offset.dst_offset().is_zero(),
        next_offset_change_at: next_offset_change(zone, at),
    }
}

/// What a clock shows at `now`, from a reading taken earlier, without a tz database: the
/// reading's offset holds until `next_offset_change_at`. `None` past that (or for a reading
/// whose offset does not parse): read the clock again.
pub fn tick(reading: &ClockReading, now: DateTime<Utc>) -> Option<(String, NaiveDate)> {
    if reading
        .next_offset_change_at
        .is_some_and(|change| now >= change)
    {
        return None;
    }
    let offset = chrono::FixedOffset::east_opt(parse_offset(&reading.utc_offset)?)?;
    let local = now.with_timezone(&offset);
    Some((local.format("%H:%M").to_string(), local.date_naive()))
}

/// Reads `+03:00` or `-09:30` back as seconds east of UTC.
pub fn parse_offset(text: &str) -> Option<i32> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':')?;
    let (hours, minutes): (i32, i32) = (hours.parse().ok()?, minutes.parse().ok()?);
    (minutes < 60 && hours < 24).then_some(sign * (hours * 3600 + minutes * 60))
}

/// `+03:00`, `-09:30`, `+00:00`.
pub fn format_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("test instant")
            .with_timezone(&Utc)
    }

    const MOSCOW: Tz = chrono_tz::Europe::Moscow;
    const LONDON: Tz = chrono_tz::Europe::London;

    #[test]
    fn seed_instant_reads_2108_and_1908() {
        let at = utc("2020-07-15T18:08:00Z");
        let moscow = read_clock("Moscow", MOSCOW, at);
        let london = read_clock("London", LONDON, at);
        assert_eq!(moscow.local_time, "21:08");
        assert_eq!(london.local_time, "19:08");
        assert_eq!(
            (moscow.utc_offset.as_str(), moscow.is_dst),
            ("+03:00", false)
        );
        assert_eq!(
            (london.utc_offset.as_str(), london.is_dst),
            ("+01:00", true)
        );
        assert_eq!(moscow.abbreviation, "MSK");
        assert_eq!(london.abbreviation, "BST");
    }

    #[test]
    fn clocks_are_three_hours_apart_in_winter() {
        let at = utc("2020-01-15T12:00:00Z");
        assert_eq!(read_clock("Moscow", MOSCOW, at).local_time, "15:00");
        let london = read_clock("London", LONDON, at);
        assert_eq!(london.local_time, "12:00");
        assert_eq!(
            (london.abbreviation.as_str(), london.is_dst),
            ("GMT", false)
        );
    }

    #[test]
    fn london_springs_forward_on_29_march_2020() {
        let before = read_clock("London", LONDON, utc("2020-03-29T00:59:00Z"));
        let after = read_clock("London", LONDON, utc("2020-03-29T01:00:00Z"));
        assert_eq!(
            (before.local_time.as_str(), before.is_dst),
            ("00:59", false)
        );
        assert_eq!((after.local_time.as_str(), after.is_dst), ("02:00", true));
        assert_eq!(
            before.next_offset_change_at,
            Some(utc("2020-03-29T01:00:00Z"))
        );
    }

    #[test]
    fn london_falls_back_on_25_october_2020() {
        let before = read_clock("London", LONDON, utc("2020-10-25T00:59:00Z"));
        let after = read_clock("London", LONDON, utc("2020-10-25T01:00:00Z"));
        assert_eq!(
            (before.local_time.as_str(), before.abbreviation.as_str()),
            ("01:59", "BST")
        );
        assert_eq!(
            (after.local_time.as_str(), after.abbreviation.as_str()),
            ("01:00", "GMT")
        );
    }

    #[test]
    fn ticking_follows_the_offset_until_it_changes() {
        let reading = read_clock("London", LONDON, utc("2020-10-24T18:08:00Z"));
        let later = tick(&reading, utc("2020-10-25T00:30:00Z"));
        assert_eq!(later.map(|(t, _)| t), Some("01:30".to_owned()));
        // At 01:00 UTC on 25 October London falls back; the reading no longer holds.
        assert_eq!(tick(&reading, utc("2020-10-25T01:00:00Z")), None);
        let moscow = read_clock("Moscow", MOSCOW, utc("2020-07-15T18:08:00Z"));
        let midnight = tick(&moscow, utc("2020-07-15T21:00:00Z")).expect("Moscow has no DST");
        assert_eq!(midnight.0, "00:00");
        assert_eq!(midnight.1.to_string(), "2020-07-16");
    }

    #[test]
    fn offsets_parse_back() {
        for seconds in [0, 3 * 3600, -(9 * 3600 + 1800), 5 * 3600 + 2700] {
            assert_eq!(parse_offset(&format_offset(seconds)), Some(seconds));
        }
        assert_eq!(parse_offset("03:00"), None);
        assert_eq!(parse_offset("+3"), None);
    }

    #[test]
    fn offsets_format_with_sign_and_minutes() {
        assert_eq!(format_offset(0), "+00:00");
        assert_eq!(format_offset(-(9 * 3600 + 1800)), "-09:30");
        assert_eq!(format_offset(5 * 3600 + 2700), "+05:45");
    }
}
