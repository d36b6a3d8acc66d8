//! The clocks (`Moscow 21:08  London 19:08`). Live clocks tick in the browser from each
//! reading's UTC offset, with no tz database in the bundle; when an offset runs out (a DST
//! change), they read `/clocks` again. A page shown "as at" an instant keeps the API's reading.

use chancery_shared::clock::{ClockReading, tick};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

/// The clocks in display order; `minute` makes them live (`None`: frozen at the reading).
#[component]
pub fn Clocks(
    readings: Vec<ClockReading>,
    minute: Option<ReadSignal<DateTime<Utc>>>,
) -> impl IntoView {
    let readings = RwSignal::new(readings);
    if let Some(minute) = minute {
        reread_when_offsets_change(readings, minute);
    }

    view! {
        <ul class="clocks">
            {move || {
                readings
                    .get()
                    .into_iter()
                    .map(|reading| view! { <Clock reading minute /> })
                    .collect_view()
            }}
        </ul>
    }
}

/// One clock: its caption and the time it shows.
#[component]
fn Clock(reading: ClockReading, minute: Option<ReadSignal<DateTime<Utc>>>) -> impl IntoView {
    let zone = reading.time_zone.clone();
    let label = reading.label.clone();
    // Past its offset change a reading keeps ticking on the old offset until the new reading
    // lands (an hour out for a moment beats a stopped clock).
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

/// Fetches fresh readings once any clock's offset has changed; at most one request a minute,
/// and a failure only waits for the next minute (the old time stays on show meanwhile).
fn reread_when_offsets_change(
    readings: RwSignal<Vec<ClockReading>>,
    minute: ReadSignal<DateTime<Utc>>,
) {
    let in_flight = StoredValue::new(false);
    Effect::new(move || {
        let now = minute.get();
        let stale = readings.with_untracked(|all| all.iter().any(|r| tick(r, now).is_none()));
        if !stale || in_flight.get_value() {
            return;
        }
        in_flight.set_value(true);
        spawn_local(async move {
            match api::clocks().await {
                Ok(fresh) => readings.set(fresh.items),
                Err(error) => leptos::logging::warn!("clocks not re-read: {error}"),
            }
            in_flight.set_value(false);
        });
    });
}
