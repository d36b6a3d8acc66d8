//! Site information and the home page: the mission's name, home time zone and date line, its
//! contacts, and the one-request bundle the home page renders from.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::ClockReading;
use crate::counter::Counter;
use crate::publication::{Publication, PublicationSummary};

/// A way to reach the mission, e.g. the consular line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({
    "label": "Consular queries", "phone": "+44 (0) 203 668 7474", "tel": "tel:+442036687474"
})))]
pub struct Contact {
    /// What the number is for.
    pub label: String,
    /// The number as printed.
    pub phone: String,
    /// An RFC 3966 `tel:` URI for dialling.
    pub tel: String,
}

/// Site-wide information at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Site {
    /// The mission's name.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Embassy of the Russian Federation in the United Kingdom")
    )]
    pub name: String,
    /// IANA zone whose calendar the site follows (date line, list dates, date filters).
    #[cfg_attr(feature = "openapi", schema(example = "Europe/Moscow"))]
    pub home_time_zone: String,
    /// Today's date in the home time zone.
    #[cfg_attr(feature = "openapi", schema(example = "2020-07-15"))]
    pub today: NaiveDate,
    /// Today's date as the page prints it.
    #[cfg_attr(feature = "openapi", schema(example = "15 July 2020"))]
    pub date_line: String,
    /// When `today` next changes.
    pub next_change_at: DateTime<Utc>,
    /// Phone numbers and other ways to reach the mission, in display order.
    pub contacts: Vec<Contact>,
}

/// Everything the home page shows, in one response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Home {
    /// The instant the page is rendered for: its clocks, counters and date line.
    pub at: DateTime<Utc>,
    /// The instant the publications are read at. It is `at`, except that without editor
    /// rights a future `at` reads them as of now: scheduled pieces stay embargoed.
    pub publications_at: DateTime<Utc>,
    /// Name, date line and contacts.
    pub site: Site,
    /// The clocks, in display order.
    pub clocks: Vec<ClockReading>,
    /// The day counters, in display order.
    pub counters: Vec<Counter>,
    /// The featured publication in full, if one is featured.
    pub featured: Option<Publication>,
    /// The latest publications, newest first, without the featured one.
    pub latest: Vec<PublicationSummary>,
}

/// Turns a printed number into a `tel:` URI: `+44 (0) 203 668 7474` → `tel:+442036687474`.
/// The `(0)` trunk prefix is dropped from international numbers, as dialling requires.
pub fn tel_uri(phone: &str) -> String {
    let international = phone.trim_start().starts_with('+');
    let cleaned = if international {
        phone.replace("(0)", "")
    } else {
        phone.to_owned()
    };
    let digits: String = cleaned.chars().filter(char::is_ascii_digit).collect();
    if international {
        format!("tel:+{digits}")
    } else {
        format!("tel:{digits}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consular_number_dials_without_trunk_zero() {
        assert_eq!(tel_uri("+44 (0) 203 668 7474"), "tel:+442036687474");
        assert_eq!(tel_uri("020 3668 7474"), "tel:02036687474");
    }
}
