//! `chancery import` and `chancery export`: publications as JSON (an array) or NDJSON (one per
//! line) in the API's own shape. Import holds records to the API's rules: it checks every
//! record first and reports each bad one with its line number, then hands them all to the
//! publishing service, which writes each with its first revision and an audit entry (actor
//! `cli`) in one transaction, so a failure leaves the database as it was. Records come in as
//! drafts, and unfeatured, unless the operator says `--publish`; a dry run does everything
//! but commit.

use std::collections::HashMap;
use std::io::Write;

use chancery_shared::publication::{PublicationRecord, Status};
use chancery_shared::slug::Slug;
use diesel::prelude::*;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::value::RawValue;

use crate::clock::Clock;
use crate::db::Conn;
use crate::db::publications::FullRow;
use crate::db::schema::publications;
use crate::publishing::{self, PublishError};

/// Most problems listed before an import gives up reading.
const MAX_REPORTED: usize = 20;

/// A record that could not be imported, located in its file.
#[derive(Debug, PartialEq, Eq)]
pub struct RecordError {
    pub line: usize,
    pub message: String,
}

/// Why an import failed; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}", render(.0))]
    Records(Vec<RecordError>),
    #[error(transparent)]
    Write(#[from] PublishError),
}

fn render(errors: &[RecordError]) -> String {
    errors
        .iter()
        .map(|e| format!("line {}: {}", e.line, e.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses a file's text into records with their starting lines, checking each one.
pub fn parse(text: &str) -> Result<Vec<(usize, PublicationRecord, Slug)>, ImportError> {
    let raw = split_records(text)?;
    let mut records = Vec::with_capacity(raw.len());
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, json) in raw {
        if errors.len() >= MAX_REPORTED {
            break;
        }
        let record: PublicationRecord = match serde_json::from_str(json) {
            Ok(r) => r,
            Err(e) => {
                errors.push(RecordError {
                    line: line + e.line() - 1,
                    message: e.to_string(),
                });
                continue;
            }
        };
        match record.validate() {
            Ok(slug) => {
                if let Some(first) = seen.insert(slug.to_string(), line) {
                    errors.push(RecordError {
                        line,
                        message: format!("slug: `{slug}` is also used on line {first}"),
                    });
                }
                records.push((line, record, slug));
            }
            Err(fields) => errors.extend(fields.into_iter().map(|f| RecordError {
                line,
                message: format!("{}: {}", f.field, f.message),
            })),
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(ImportError::Records(errors))
    }
}

/// Splits a JSON array or NDJSON into raw records and the line each starts on.
fn split_records(text: &str) -> Result<Vec<(usize, &str)>, ImportError> {
    let line_of = |part: &str| {
        let offset = part.as_ptr() as usize - text.as_ptr() as usize;
        text[..offset].bytes().filter(|&b| b == b'\n').count() + 1
    };
    if text.trim_start().starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| {
            ImportError::Records(vec![RecordError {
                line: e.line(),
                message: e.to_string(),
            }])
        })?;
        Ok(items
            .into_iter()
            .map(|raw| (line_of(raw.get()), raw.get()))
            .collect())
    } else {
        Ok(text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, l))
            .collect())
    }
}

/// What the operator asked of an import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Keep each record's `status` (`published` when absent) and `featured`. Without it every
    /// record is imported as a draft and none is featured, as a contributor's would be: an
    /// import never puts anything in front of readers unless asked to.
    pub publish: bool,
    /// Check everything, the database's slugs included, then roll back: nothing is written.
    pub dry_run: bool,
}

/// What an import wrote, or with `dry_run` would have written.
#[derive(Debug)]
pub struct Report {
    /// Each record's line, slug and state as stored (`scheduled` when published ahead).
    pub records: Vec<(usize, Slug, Status)>,
    /// Lines whose `featured: true` was dropped because they came in as drafts.
    pub unfeatured: Vec<usize>,
    pub dry_run: bool,
}

impl Report {
    /// One line per record, for a dry run to show what it would write.
    pub fn plan(&self) -> String {
        self.records
            .iter()
            .map(|(line, slug, status)| format!("line {line}: {slug} ({})\n", status.as_str()))
            .collect()
    }

    /// What happened, in words: dropped `featured` flags by line, then the count by state.
    pub fn summary(&self) -> String {
        let mut text = String::new();
        let shown = &self.unfeatured[..self.unfeatured.len().min(MAX_REPORTED)];
        for line in shown {
            text.push_str(&format!(
                "line {line}: `featured` dropped, as it comes in as a draft (--publish keeps it)\n"
            ));
        }
        if self.unfeatured.len() > shown.len() {
            let more = self.unfeatured.len() - shown.len();
            text.push_str(&format!(
                "… and {more} more lines with `featured` dropped\n"
            ));
        }
        let mut counts: Vec<(Status, usize)> = Vec::new();
        for (_, _, status) in &self.records {
            match counts.iter_mut().find(|(s, _)| s == status) {
                Some((_, n)) => *n += 1,
                None => counts.push((*status, 1)),
            }
        }
        let n = self.records.len();
        let noun = if n == 1 {
            "publication"
        } else {
            "publications"
        };
        let states = match counts.as_slice() {
            [] => "no publications".to_owned(),
            [(Status::Draft, _)] => format!("{n} {noun} as drafts"),
            _ => {
                let each: Vec<String> = counts
                    .iter()
                    .map(|(status, n)| format!("{n} {}", status.as_str()))
                    .collect();
                format!("{n} {noun} ({})", each.join(", "))
            }
        };
        if self.dry_run {
            text.push_str(&format!(
                "dry run: would import {states}; nothing was written\n"
            ));
        } else {
            text.push_str(&format!("imported {states}\n"));
        }
        text
    }
}

/// Why the import transaction ends: a failure, or a dry run's results, which roll it back too.
enum Abort {
    Failed(PublishError),
    DryRun(Vec<Status>),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Abort::Failed(error.into())
    }
}

/// Imports every record, in one transaction, with a progress bar on a terminal; a dry run
/// rolls that transaction back. Without `--publish` every record comes in as an unfeatured
/// draft, as a contributor's would.
pub fn import(
    conn: &mut Conn,
    records: &[(usize, PublicationRecord, Slug)],
    options: Options,
    clock: &Clock,
) -> Result<Report, ImportError> {
    let mut unfeatured = Vec::new();
    let prepared: Vec<(PublicationRecord, Slug)> = records
        .iter()
        .map(|(line, given, slug)| {
            let mut record = given.clone();
            if !options.publish {
                record.status = Status::Draft;
                if record.featured {
                    record.featured = false;
                    unfeatured.push(*line);
                }
            }
            (record, slug.clone())
        })
        .collect();
    let bar = progress(records.len() as u64, "importing");
    let result = conn.transaction(|conn| {
        let states =
            publishing::import(conn, &prepared, clock, || bar.inc(1)).map_err(Abort::Failed)?;
        if options.dry_run {
            Err(Abort::DryRun(states))
        } else {
            Ok(states)
        }
    });
    bar.finish_and_clear();
    let states = match result {
        Ok(states) | Err(Abort::DryRun(states)) => states,
        // A taken slug is the record's fault: say which line holds it.
        Err(Abort::Failed(PublishError::SlugTaken(taken))) => {
            let line = records.iter().find(|(_, _, slug)| slug.as_str() == taken);
            return Err(ImportError::Records(vec![RecordError {
                line: line.map_or(0, |(line, _, _)| *line),
                message: format!("slug: slug `{taken}` is already taken"),
            }]));
        }
        Err(Abort::Failed(error)) => return Err(error.into()),
    };
    Ok(Report {
        records: records
            .iter()
            .zip(states)
            .map(|((line, _, slug), state)| (*line, slug.clone(), state))
            .collect(),
        unfeatured,
        dry_run: options.dry_run,
    })
}

/// A progress bar drawn only when stderr is a terminal.
pub fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{msg} {wide_bar} {pos}/{len} ({eta})") {
        bar.set_style(style);
    }
    bar.set_message(what.to_owned());
    bar
}

/// Writes every publication, oldest first, as NDJSON (or a JSON array) that `import` reads.
pub fn export(conn: &mut Conn, out: &mut dyn Write, json_array: bool) -> anyhow::Result<usize> {
    let rows: Vec<FullRow> = publications::table
        .order((publications::published_at.asc(), publications::id.asc()))
        .select(FullRow::as_select())
        .load(conn)?;
    if json_array {
        out.write_all(b"[\n")?;
    }
    for (i, row) in rows.iter().enumerate() {
        if json_array && i > 0 {
            out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *out, &row.to_record()?)?;
        if !json_array {
            out.write_all(b"\n")?;
        }
    }
    if json_array {
        out.write_all(b"\n]\n")?;
    }
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        r#"{"kind":"statement","title":"One","published_at":"2020-07-14T09:00:00Z"}"#;

    #[test]
    fn ndjson_errors_carry_their_line() {
        let text = format!(
            "{GOOD}\n\n{{\"kind\":\"memo\",\"title\":\"Two\",\"published_at\":\"2020-07-14T09:00:00Z\"}}\n"
        );
        match parse(&text) {
            Err(ImportError::Records(errors)) => {
                assert_eq!(errors.len(), 1);
                assert_eq!(errors[0].line, 3);
                assert!(errors[0].message.contains("memo"), "{}", errors[0].message);
            }
            other => panic!("expected a record error, got {other:?}"),
        }
    }

    #[test]
    fn json_array_records_know_their_lines() {
        let text = format!(
            "[\n  {GOOD},\n  {{\"kind\":\"statement\",\"title\":\"\",\"published_at\":\"2020-07-14T09:00:00Z\"}}\n]"
        );
        match parse(&text) {
            Err(ImportError::Records(errors)) => {
                assert_eq!(errors[0].line, 3);
                assert!(
                    errors[0].message.starts_with("title:"),
                    "{}",
                    errors[0].message
                );
            }
            other => panic!("expected a record error, got {other:?}"),
        }
    }

    #[test]
    fn duplicate_slugs_in_one_file_are_reported() {
        let text = format!("{GOOD}\n{GOOD}\n");
        match parse(&text) {
            Err(ImportError::Records(errors)) => {
                assert_eq!(errors[0].line, 2);
                assert!(errors[0].message.contains("line 1"));
            }
            other => panic!("expected a record error, got {other:?}"),
        }
    }
}
