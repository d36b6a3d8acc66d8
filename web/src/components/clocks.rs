//! The clocks (`Moscow 21:08  London 19:08`), the home page's one island: the only part of the
//! reader with code in the browser. Live clocks tick from each reading's UTC offset, with no
//! tz database in the bundle. When an offset runs out (a DST change) or the date line and
//! counters turn over (`refresh_at`), the page is read again from the server. A page shown "as
//! at" an instant keeps the API's reading.

use chancery_shared::clock::{ClockReading, tick};
use chrono::{DateTime, TimeDelta, Utc};
use leptos::prelude::*;

use crate::now::use_minute;

/// The clocks in display order; `live` makes them tick, and read the page again once the
/// minute passes `refresh_at` or any clock's offset change.
#[island]
pub fn Clocks(
    readings: Vec<ClockReading>,
    live: bool,
    refresh_at: Option<DateTime<Utc>>,
) -> impl IntoView {
    let minute = live.then(use_minute);
    let list = NodeRef::<leptos::html::Ul>::new();
    if let Some(minute) = minute {
        let offsets = readings.iter().filter_map(|r| r.next_offset_change_at);
        if let Some(due) = offsets.chain(refresh_at).min() {
            reload_when_due(minute, due, list);
        }
    }
    view! {
        <ul class="clocks" node_ref=list>
            {readings
                .into_iter()
                .map(|reading| view! { <Clock reading minute /> })
                .collect_view()}
        </ul>
    }
}

/// One clock: its caption and the time it shows.
#[component]
fn Clock(reading: ClockReading, minute: Option<ReadSignal<DateTime<Utc>>>) -> impl IntoView {
    let zone = reading.time_zone.clone();
    let label = reading.label.clone();
    // Past its offset change a reading keeps ticking on the old offset until the page is read
    // again (an hour out for a moment beats a stopped clock).
    let expired = ClockReading {
        next_offset_change_at: None,
        ..reading.clone()
    };
    let time = move || match minute {
        Some(minute) => tick(&reading, minute.get())
            .or_else(|| tick(&expired, minute.get()))
            .map_or_else(|| reading.local_time.clone(), |(time, _)| time),
        None => reading.local_time.clone(),
    };
    let datetime = time.clone();
    view! {
        <li class="clock" data-zone=zone>
            <span class="clock-label">{label}</span>
            " "
            <time class="clock-time" datetime=datetime>
                {time}
            </time>
        </li>
    }
}

/// Reloads the page a minute after `due`: the grace covers a browser clock that runs ahead of
/// the server's. Only a change seen while the page is open counts, so a page that arrives
/// already past it (the clocks disagree by more) never reloads in a loop; nor does a page
/// navigated away from, whose clocks (`list`) have left the document.
fn reload_when_due(
    minute: ReadSignal<DateTime<Utc>>,
    due: DateTime<Utc>,
    list: NodeRef<leptos::html::Ul>,
) {
    let due = due + TimeDelta::minutes(1);
    if minute.get_untracked() >= due {
        return;
    }
    Effect::new(move || {
        let shown = list.get_untracked().is_some_and(|list| list.is_connected());
        if minute.get() >= due && shown {
            let _ = window().location().reload();
        }
    });
}
