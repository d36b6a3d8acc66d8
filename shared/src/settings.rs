//! The site's editable settings as one document: its name and home time zone, the contacts,
//! the clocks and the counter definitions, each list in display order. Staff read and replace
//! it whole (`/settings`), and every rule it must follow is checked here, field by field.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::page::FieldError;
use crate::slug::Slug;
use crate::time::parse_zone;

/// Everything about the site that staff can edit apart from publications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The mission's name.
    pub name: String,
    /// IANA zone of the date line, list dates and date filters.
    pub home_time_zone: String,
    pub contacts: Vec<ContactSetting>,
    pub clocks: Vec<ClockSetting>,
    pub counters: Vec<CounterSetting>,
}

/// A phone number to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactSetting {
    pub label: String,
    pub phone: String,
}

/// A clock to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClockSetting {
    pub label: String,
    /// IANA zone name.
    pub time_zone: String,
}

/// A "days since" counter to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CounterSetting {
    pub slug: String,
    /// Phrased to follow "since".
    pub label: String,
    /// Text after the dash; may be empty.
    #[serde(default)]
    pub caption: String,
    pub event_date: NaiveDate,
    /// IANA zone whose midnight rolls the counter over.
    pub time_zone: String,
}

/// Most entries in each list.
pub const MAX_ITEMS: usize = 20;

impl Settings {
    /// Every broken rule, each naming its field (`clocks[1].time_zone`).
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut text = |value: &str, field: String, max: usize| {
            if value.trim().is_empty() {
                errors.push(FieldError::new(&field, "must not be empty"));
            } else if value.chars().count() > max {
                errors.push(FieldError::new(
                    &field,
                    &format!("must be at most {max} characters"),
                ));
            }
        };
        text(&self.name, "name".to_owned(), 200);
        for (i, c) in self.contacts.iter().enumerate() {
            text(&c.label, format!("contacts[{i}].label"), 100);
            text(&c.phone, format!("contacts[{i}].phone"), 50);
        }
        for (i, c) in self.clocks.iter().enumerate() {
            text(&c.label, format!("clocks[{i}].label"), 100);
        }
        for (i, c) in self.counters.iter().enumerate() {
            text(&c.label, format!("counters[{i}].label"), 300);
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
        for (i, c) in self.clocks.iter().enumerate() {
            zone(&c.time_zone, format!("clocks[{i}].time_zone"));
        }
        for (i, c) in self.counters.iter().enumerate() {
            zone(&c.time_zone, format!("counters[{i}].time_zone"));
        }
        for (i, c) in self.counters.iter().enumerate() {
            if let Err(e) = Slug::parse(&c.slug) {
                errors.push(FieldError::new(
                    &format!("counters[{i}].slug"),
                    &e.to_string(),
                ));
            } else if self.counters[..i].iter().any(|other| other.slug == c.slug) {
                errors.push(FieldError::new(
                    &format!("counters[{i}].slug"),
                    "is used twice",
                ));
            }
        }
        for (field, len) in [
            ("contacts", self.contacts.len()),
            ("clocks", self.clocks.len()),
            ("counters", self.counters.len()),
        ] {
            if len > MAX_ITEMS {
                errors.push(FieldError::new(field, "may hold at most 20 entries"));
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
