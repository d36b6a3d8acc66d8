//! The settings form's state and its conversions from and to the settings document's JSON.
//! Contacts, clocks and counters are all described as data (a [`ListSpec`] of columns), so one
//! list editor and one pair of conversions serve all three; a column's key is its JSON field,
//! which is also how the API names it in errors (`counters[1].slug`).

use chancery_shared::page::FieldError;
use leptos::prelude::*;
use serde_json::{Map, Value};

/// One field of a list's rows.
pub struct Column {
    /// The JSON field, e.g. `time_zone`.
    pub key: &'static str,
    pub label: &'static str,
    /// The input's type: `text`, `tel`, `date`, or `zone` (text with zone suggestions).
    pub input: &'static str,
}

/// One of the settings' lists.
pub struct ListSpec {
    /// The JSON field, e.g. `clocks`.
    pub key: &'static str,
    pub legend: &'static str,
    /// What one row is called, for "Clock 2".
    pub item: &'static str,
    /// The add button's words.
    pub add: &'static str,
    pub columns: &'static [Column],
}

const fn column(key: &'static str, label: &'static str, input: &'static str) -> Column {
    Column { key, label, input }
}

/// The lists in the order the form shows them.
pub const LISTS: [ListSpec; 3] = [
    ListSpec {
        key: "contacts",
        legend: "Contacts",
        item: "Contact",
        add: "Add contact",
        columns: &[
            column("label", "Label", "text"),
            column("phone", "Phone", "tel"),
        ],
    },
    ListSpec {
        key: "clocks",
        legend: "Clocks",
        item: "Clock",
        add: "Add clock",
        columns: &[
            column("label", "Label", "text"),
            column("time_zone", "Time zone", "zone"),
        ],
    },
    ListSpec {
        key: "counters",
        legend: "Counters",
        item: "Counter",
        add: "Add counter",
        columns: &[
            column("slug", "Slug", "text"),
            column("label", "Days since…", "text"),
            column("caption", "Caption (optional)", "text"),
            column("event_date", "Event date", "date"),
            column("time_zone", "Counted in time zone", "zone"),
        ],
    },
];

/// One row's values, in its list's column order.
pub type Row = Vec<RwSignal<String>>;

/// Everything the form holds.
#[derive(Clone, Copy)]
pub struct Form {
    pub name: RwSignal<String>,
    pub zone: RwSignal<String>,
    /// Rows of each of [`LISTS`], in the same order.
    pub lists: [RwSignal<Vec<Row>>; 3],
}

impl Form {
    /// A form with nothing in it yet.
    pub fn empty() -> Self {
        Form {
            name: RwSignal::new(String::new()),
            zone: RwSignal::new(String::new()),
            lists: [(); 3].map(|()| RwSignal::new(Vec::new())),
        }
    }

    /// Puts a settings document into the form.
    pub fn fill(self, doc: &Value) {
        self.name.set(text(&doc["name"]));
        self.zone.set(text(&doc["home_time_zone"]));
        for (spec, rows) in LISTS.iter().zip(self.lists) {
            let filled = values(doc, spec)
                .into_iter()
                .map(|row| row.into_iter().map(RwSignal::new).collect())
                .collect();
            rows.set(filled);
        }
    }

    /// The document to save, or the fields the API could only refuse with a less helpful
    /// message (an empty date is not a date at all, so the API could not say which rule broke).
    pub fn to_json(self) -> Result<Value, Vec<FieldError>> {
        let mut doc = Map::new();
        let mut errors = Vec::new();
        doc.insert("name".into(), self.name.get_untracked().into());
        doc.insert("home_time_zone".into(), self.zone.get_untracked().into());
        for (spec, rows) in LISTS.iter().zip(self.lists) {
            let items = rows.with_untracked(|rows| {
                rows.iter()
                    .enumerate()
                    .map(|(i, row)| {
                        let mut item = Map::new();
                        for (column, value) in spec.columns.iter().zip(row) {
                            let value = value.get_untracked();
                            if column.input == "date" && value.is_empty() {
                                errors.push(FieldError::new(
                                    &format!("{}[{i}].{}", spec.key, column.key),
                                    "must be a date",
                                ));
                            }
                            item.insert(column.key.into(), value.into());
                        }
                        Value::Object(item)
                    })
                    .collect()
            });
            doc.insert(spec.key.into(), Value::Array(items));
        }
        if errors.is_empty() {
            Ok(Value::Object(doc))
        } else {
            Err(errors)
        }
    }
}

/// A list's rows in a settings document, as text in column order.
pub fn values(doc: &Value, spec: &ListSpec) -> Vec<Vec<String>> {
    doc[spec.key]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| spec.columns.iter().map(|c| text(&item[c.key])).collect())
                .collect()
        })
        .unwrap_or_default()
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// Words for a field the API names: `clocks[2].time_zone` → "Clock 3: Time zone".
pub fn field_label(field: &str) -> String {
    let top = match field {
        "name" => return "Site name".to_owned(),
        "home_time_zone" => return "Home time zone".to_owned(),
        _ => field.split(['[', '.']).next().unwrap_or(field),
    };
    let Some(spec) = LISTS.iter().find(|spec| spec.key == top) else {
        return field.to_owned();
    };
    let rest = &field[top.len()..];
    let index = rest
        .strip_prefix('[')
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse::<usize>().ok());
    let column = rest
        .rsplit('.')
        .next()
        .and_then(|key| spec.columns.iter().find(|c| c.key == key));
    match (index, column) {
        (Some(i), Some(column)) => format!("{} {}: {}", spec.item, i + 1, column.label),
        (Some(i), None) => format!("{} {}", spec.item, i + 1),
        _ => spec.legend.to_owned(),
    }
}
