//! The site's editable settings as one document: its name and home time zone, the contacts,
//! the clocks and the counter definitions, each list in display order. Staff read and replace
//! it whole (`/settings`), and every rule it must follow is checked here, field by field.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::page::FieldError;
use crate::slug::Slug;
use crate::time::parse_zone;

// The `schema(...)` caps are literals (utoipa takes no constants there); a test in
// api/tests/api/caps.rs checks them against the constants below.

/// Everything about the site that staff can edit apart from publications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The mission's name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// IANA zone of the date line, list dates and date filters.
    pub home_time_zone: String,
    /// At most 20.
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub contacts: Vec<ContactSetting>,
    /// At most 20.
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub clocks: Vec<ClockSetting>,
    /// At most 20.
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    pub counters: Vec<CounterSetting>,
}

/// A phone number to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactSetting {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub label: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    pub phone: String,
}

/// A clock to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClockSetting {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub label: String,
    /// IANA zone name.
    pub time_zone: String,
}

/// A "days since" counter to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CounterSetting {
    #[cfg_attr(feature = "openapi", schema(value_type = Slug))]
    pub slug: String,
    /// Phrased to follow "since".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub label: String,
    /// Text after the dash; may be empty.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub caption: String,
    pub event_date: NaiveDate,
    /// IANA zone whose midnight rolls the counter over.
    pub time_zone: String,
}

/// Most entries in each list.
pub const MAX_ITEMS: usize = 20;
/// Longest site name, in characters.
pub const MAX_SITE_NAME: usize = 200;
/// Longest contact or clock label, in characters.
pub const MAX_LABEL: usize = 100;
/// Longest phone number as written, in characters.
pub const MAX_PHONE: usize = 50;
/// Longest counter label or caption, in characters.
pub const MAX_COUNTER_TEXT: usize = 300;

impl Settings {
    /// Every broken rule, each naming its field (`clocks[1].time_zone`). The entries of a list
    /// over its cap are not checked one by one, so an oversized list costs one error.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let over = |len: usize| len > MAX_ITEMS;
        for (field, len) in [
            ("contacts", self.contacts.len()),
            ("clocks", self.clocks.len()),
            ("counters", self.counters.len()),
        ] {
            if over(len) {
                errors.push(FieldError::new(
                    field,
                    &format!("may hold at most {MAX_ITEMS} entries (it has {len})"),
                ));
            }
        }
        let contacts = if over(self.contacts.len()) {
            &[][..]
        } else {
            &self.contacts[..]
        };
        let clocks = if over(self.clocks.len()) {
            &[][..]
        } else {
            &self.clocks[..]
        };
        let counters = if over(self.counters.len()) {
            &[][..]
        } else {
            &self.counters[..]
        };
        let mut text = |value: &str, field: String, max: usize, required: bool| {
            if required && value.trim().is_empty() {
                errors.push(FieldError::new(&field, "must not be empty"));
            } else if value.chars().count() > max {
                errors.push(FieldError::new(
                    &field,
                    &format!("must be at most {max} characters"),
                ));
            }
        };
        text(&self.name, "name".to_owned(), MAX_SITE_NAME, true);
        for (i, c) in contacts.iter().enumerate() {
            text(&c.label, format!("contacts[{i}].label"), MAX_LABEL, true);
            text(&c.phone, format!("contacts[{i}].phone"), MAX_PHONE, true);
        }
        for (i, c) in clocks.iter().enumerate() {
            text(&c.label, format!("clocks[{i}].label"), MAX_LABEL, true);
        }
        for (i, c) in counters.iter().enumerate() {
            let label = format!("counters[{i}].label");
            text(&c.label, label, MAX_COUNTER_TEXT, true);
            let caption = format!("counters[{i}].caption");
            text(&c.caption, caption, MAX_COUNTER_TEXT, false);
        }
        let mut zone = |name: &str, field: String| {
            if parse_zone(name).is_err() {
                errors.push(FieldError::new(
                    &field,
                    "must be an IANA time zone such as Europe/London",
                ));
            }
        };
        zone(&self.home_time_zone, "home_time_zone".to_owned());
        for (i, c) in clocks.iter().enumerate() {
            zone(&c.time_zone, format!("clocks[{i}].time_zone"));
        }
        for (i, c) in counters.iter().enumerate() {
            zone(&c.time_zone, format!("counters[{i}].time_zone"));
        }
        for (i, c) in counters.iter().enumerate() {
            if let Err(e) = Slug::parse(&c.slug) {
                errors.push(FieldError::new(
                    &format!("counters[{i}].slug"),
                    &e.to_string(),
                ));
            } else if counters[..i].iter().any(|other| other.slug == c.slug) {
                errors.push(FieldError::new(
                    &format!("counters[{i}].slug"),
                    "is used twice",
                ));
            }
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            name: "Embassy".into(),
            home_time_zone: "Europe/Moscow".into(),
            contacts: vec![ContactSetting {
                label: "Consular queries".into(),
                phone: "+44 20 1234".into(),
            }],
            clocks: vec![ClockSetting {
                label: "London".into(),
                time_zone: "Europe/London".into(),
            }],
            counters: vec![CounterSetting {
                slug: "salisbury-incident".into(),
                label: "the Salisbury incident".into(),
                caption: String::new(),
                event_date: "2018-03-04".parse().expect("date"),
                time_zone: "Europe/Moscow".into(),
            }],
        }
    }

    #[test]
    fn good_settings_pass() {
        assert!(settings().validate().is_empty());
    }

    #[test]
    fn lists_over_their_cap_cost_one_error_each() {
        let mut big = settings();
        big.contacts = vec![big.contacts[0].clone(); MAX_ITEMS];
        big.counters[0].caption = "c".repeat(MAX_COUNTER_TEXT);
        assert!(big.validate().is_empty(), "exactly at the cap is allowed");
        big.contacts = vec![
            ContactSetting {
                label: String::new(),
                phone: String::new(),
            };
            100_000
        ];
        big.counters[0].caption.push('c');
        let errors = big.validate();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["contacts", "counters[0].caption"]);
        assert!(
            errors[0].message.contains("100000"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn every_broken_rule_names_its_field() {
        let mut bad = settings();
        bad.name = " ".into();
        bad.clocks[0].time_zone = "Mars/Olympus_Mons".into();
        bad.counters.push(bad.counters[0].clone());
        bad.counters[0].time_zone = "Nowhere".into();
        let fields: Vec<String> = bad.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "clocks[0].time_zone",
                "counters[0].time_zone",
                "counters[1].slug"
            ]
        );
    }
}
