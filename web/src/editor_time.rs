//! The editor's times: a `datetime-local` field shows the publication time in the browser's
//! own zone, the API takes and gives UTC, and staff see both before they schedule. The
//! browser's `Date` does the zone arithmetic, so no time-zone database ships in the wasm.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use wasm_bindgen::JsValue;

// Dates are written and read by hand: chrono's general `format`/`parse_from_str` machinery
// would add tens of KiB to the bundle for a few fixed formats.

/// `at` in the browser's zone as `yyyy-mm-ddThh:mm`, what a `datetime-local` input takes.
pub(crate) fn local_minutes(at: DateTime<Utc>) -> String {
    // Whole milliseconds since 1970 fit an f64 exactly.
    let local = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        local.get_full_year(),
        local.get_month() + 1,
        local.get_date(),
        local.get_hours(),
        local.get_minutes()
    )
}

/// `at` in UTC as `yyyy-mm-dd hh:mm`, for saying which instant a local time is.
pub(crate) fn utc_minutes(at: DateTime<Utc>) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// The instant a `datetime-local` value names in the browser's zone.
pub(crate) fn utc_of_local(text: &str) -> Option<DateTime<Utc>> {
    let at = parse_local(text)?;
    let local = js_sys::Date::new_with_year_month_day_hr_min_sec(
        u32::try_from(at.year()).ok()?,
        i32::try_from(at.month0()).ok()?,
        i32::try_from(at.day()).ok()?,
        i32::try_from(at.hour()).ok()?,
        i32::try_from(at.minute()).ok()?,
        i32::try_from(at.second()).ok()?,
    );
    let millis = local.get_time();
    if millis.is_nan() {
        return None;
    }
    // The fraction is zero: the fields above are whole seconds.
    DateTime::from_timestamp_millis(millis as i64)
}

/// A `datetime-local` value (`yyyy-mm-ddThh:mm`, seconds optional).
pub(crate) fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let (date, time) = text.trim().split_once('T')?;
    let mut time = time.splitn(3, ':');
    let hour = time.next()?.parse().ok()?;
    let minute = time.next()?.parse().ok()?;
    // Seconds may carry a fraction (`05.250`); whole seconds are enough here.
    let second = match time.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    parse_date(date)?.and_hms_opt(hour, minute, second)
}

/// A `date` input's value, `yyyy-mm-dd`.
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().splitn(3, '-').map(str::parse::<u32>);
    let (year, month, day) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// RFC 3339 in UTC, as the API takes `published_at`.
pub(crate) fn rfc3339(at: DateTime<Utc>) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}
