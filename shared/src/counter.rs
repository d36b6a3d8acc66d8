//! The "N days have passed since…" counters: the wire type and how the page words them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A counter as read at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "slug": "salisbury-incident", "label": "the Salisbury incident",
    "caption": "no credible information or response from the British authorities",
    "event_date": "2018-03-04", "time_zone": "Europe/Moscow", "as_of": "2020-07-15",
    "days": 864, "next_change_at": "2020-07-15T21:00:00Z",
    "text": "864 days have passed since the Salisbury incident - no credible information or response from the British authorities"
})))]
pub struct Counter {
    /// Stable identifier used in `/counters/{slug}`.
    pub slug: String,
    /// What is being counted from, phrased to follow "since".
    pub label: String,
    /// Text after the dash; may be empty.
    pub caption: String,
    /// The event's calendar date in `time_zone`.
    pub event_date: NaiveDate,
    /// IANA zone whose midnight rolls the counter over.
    pub time_zone: String,
    /// The local date in `time_zone` the count is for.
    pub as_of: NaiveDate,
    /// Whole days from `event_date` to `as_of`.
    pub days: i64,
    /// When `days` next goes up (the next local midnight).
    pub next_change_at: DateTime<Utc>,
    /// The sentence as the page shows it.
    pub text: String,
}

/// Words a counter the way the source page does, with singular and future forms.
pub fn counter_text(days: i64, label: &str, caption: &str) -> String {
    let head = match days {
        1 => format!("1 day has passed since {label}"),
        d if d >= 0 => format!("{d} days have passed since {label}"),
        -1 => format!("1 day to go until {label}"),
        d => format!("{} days to go until {label}", -d),
    };
    if caption.is_empty() {
        head
    } else {
        format!("{head} - {caption}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_the_seed_counter_exactly() {
        assert_eq!(
            counter_text(
                864,
                "the Salisbury incident",
                "no credible information or response from the British authorities"
            ),
            "864 days have passed since the Salisbury incident - no credible information or response from the British authorities"
        );
    }

    #[test]
    fn words_singular_zero_and_future_counts() {
        assert_eq!(counter_text(1, "x", ""), "1 day has passed since x");
        assert_eq!(counter_text(0, "x", ""), "0 days have passed since x");
        assert_eq!(counter_text(-1, "x", ""), "1 day to go until x");
        assert_eq!(counter_text(-5, "x", "c"), "5 days to go until x - c");
    }
}
