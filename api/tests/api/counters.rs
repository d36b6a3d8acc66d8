//! Counters, clocks and the date line: values that depend on the instant, read in the right
//! time zone and rolling over exactly at local midnight.

use chancery_shared::clock::ClockReading;
use chancery_shared::counter::Counter;
use chancery_shared::page::Readings;
use chancery_shared::site::Site;
use chrono::NaiveDate;

use crate::helpers::{RequestHelper, TestApp, instant};

fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

#[tokio::test]
async fn counter_changes_exactly_at_moscow_midnight() {
    let app = TestApp::builder().spawn().await;
    let before: Counter = app
        .get_json("/api/v1/counters/salisbury-incident?at=2020-07-15T20:59:59Z")
        .await;
    let after: Counter = app
        .get_json("/api/v1/counters/salisbury-incident?at=2020-07-15T21:00:00Z")
        .await;
    assert_eq!(before.days, 864);
    assert_eq!(before.as_of, date("2020-07-15"));
    assert_eq!(before.next_change_at, instant("2020-07-15T21:00:00Z"));
    assert_eq!(after.days, 865);
    assert_eq!(after.as_of, date("2020-07-16"));
}

#[tokio::test]
async fn counters_list_in_page_order_and_accept_a_date() {
    let app = TestApp::builder().spawn().await;
    let readings: Readings<Counter> = app.get_json("/api/v1/counters?at=2020-07-15").await;
    let days: Vec<i64> = readings.items.iter().map(|c| c.days).collect();
    assert_eq!(days, [864, 856]);
    assert_eq!(
        readings.at,
        instant("2020-07-14T21:00:00Z"),
        "the date's start in Moscow"
    );
}

#[tokio::test]
async fn clocks_are_three_hours_apart_in_winter_and_two_in_summer() {
    let app = TestApp::builder().spawn().await;
    let winter: Readings<ClockReading> =
        app.get_json("/api/v1/clocks?at=2020-01-15T12:00:00Z").await;
    assert_eq!(winter.items[0].local_time, "15:00");
    assert_eq!(winter.items[1].local_time, "12:00");
    assert_eq!(winter.items[1].abbreviation, "GMT");
    let summer: Readings<ClockReading> =
        app.get_json("/api/v1/clocks?at=2020-07-15T18:08:00Z").await;
    assert_eq!(summer.items[1].utc_offset, "+01:00");
    assert!(summer.items[1].is_dst);
    assert_eq!(
        summer.items[1].next_offset_change_at,
        Some(instant("2020-10-25T01:00:00Z"))
    );
}

#[tokio::test]
async fn date_line_follows_moscow_not_london() {
    let app = TestApp::builder().spawn().await;
    // 21:30 UTC on 15 July is already 16 July in Moscow, still 15 July in London.
    let site: Site = app.get_json("/api/v1/site?at=2020-07-15T21:30:00Z").await;
    assert_eq!(site.date_line, "16 July 2020");
    assert_eq!(site.today, date("2020-07-16"));
    let clocks: Readings<ClockReading> =
        app.get_json("/api/v1/clocks?at=2020-07-15T21:30:00Z").await;
    assert_eq!(clocks.items[0].local_date, date("2020-07-16"));
    assert_eq!(clocks.items[1].local_date, date("2020-07-15"));
}

#[tokio::test]
async fn now_is_the_default_instant() {
    let app = TestApp::builder().spawn().await;
    let before = chrono::Utc::now();
    let readings: Readings<Counter> = app.get_json("/api/v1/counters").await;
    let at = readings.at;
    assert!(at >= before && at <= chrono::Utc::now() + chrono::Duration::seconds(1));
    assert!(readings.items[0].days > 3_000);
}
