//! The browser's clock as a signal that changes once a minute. Clocks tick from it and the home
//! page rolls over its date line and counters with it; the browser, not the server, keeps time
//! between requests.

use std::time::Duration;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use leptos::prelude::*;

/// The current instant from the browser (`Date.now()`: chrono's own clock needs features the
/// wasm build leaves out).
pub fn now() -> DateTime<Utc> {
    #[cfg(feature = "browser")]
    {
        // Milliseconds since 1970 fit an i64 with room to spare; the fraction is dropped.
        DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
    }
    // On the server nothing ticks: pages show the instant their data was read at.
    #[cfg(not(feature = "browser"))]
    Utc::now()
}

/// The current minute, updated when the minute turns. Checking every second (rather than
/// every 60 s) keeps the display right after the tab sleeps or the timer drifts.
pub fn use_minute() -> ReadSignal<DateTime<Utc>> {
    let (minute, set_minute) = signal(this_minute());
    if cfg!(feature = "ssr") {
        return minute;
    }
    let interval = set_interval_with_handle(
        move || {
            let current = this_minute();
            if minute.get_untracked() != current {
                set_minute.set(current);
            }
        },
        Duration::from_secs(1),
    );
    match interval {
        Ok(handle) => on_cleanup(move || handle.clear()),
        Err(e) => leptos::logging::error!("the clock could not start: {e:?}"),
    }
    minute
}

fn this_minute() -> DateTime<Utc> {
    let now = now();
    now.duration_trunc(TimeDelta::minutes(1)).unwrap_or(now)
}
