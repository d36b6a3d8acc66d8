//! What one publication record may hold, and the one place that checks it: the caps (every
//! save keeps a whole copy as a revision, so they bound what a write can cost) and
//! [`PublicationRecord::validate`], which the API, the editor and `chancery import` share.
//! Each broken rule names its field.

use serde::Serialize;

use crate::page::FieldError;
use crate::publication::{Block, PublicationRecord, Status};
use crate::slug::Slug;

/// Longest title accepted, in characters.
pub const MAX_TITLE: usize = 500;
/// Longest lead accepted, in characters.
pub const MAX_LEAD: usize = 5_000;
/// Most tags one publication may carry.
pub const MAX_TAGS: usize = 20;
/// Most speakers one publication may credit.
pub const MAX_SPEAKERS: usize = 20;
/// Longest name or other short text (a speaker, the place, a translation group), in characters.
pub const MAX_NAME: usize = 200;
/// Longest language tag; RFC 5646 asks every implementation to take at least this many.
pub const MAX_LANG: usize = 35;
/// Most blocks in one body.
pub const MAX_BLOCKS: usize = 2_000;
/// Largest record, as JSON, in bytes. Every save keeps a whole copy as a revision, so this
/// bounds what one write can cost in storage.
pub const MAX_RECORD_BYTES: usize = 512 * 1024;

/// Collects a record's broken rules, each naming its field.
struct Rules(Vec<FieldError>);

impl Rules {
    fn check(&mut self, ok: bool, field: &str, message: &str) {
        if !ok {
            self.0.push(FieldError::new(field, message));
        }
    }

    /// At most `max` characters; true when within it.
    fn short(&mut self, text: &str, max: usize, field: &str) -> bool {
        let ok = text.chars().count() <= max;
        self.check(ok, field, &format!("must be at most {max} characters"));
        ok
    }

    /// At most `max` entries; true when within it. Entries of a list over its cap are not
    /// checked one by one, so 150,000 tags cost one error, not 150,000.
    fn few(&mut self, len: usize, max: usize, field: &str, what: &str) -> bool {
        let ok = len <= max;
        self.check(
            ok,
            field,
            &format!("may hold at most {max} {what} (it has {len})"),
        );
        ok
    }
}

impl PublicationRecord {
    /// Checks every field at once; the slug is resolved (made from the title if absent).
    pub fn validate(&self) -> Result<Slug, Vec<FieldError>> {
        let mut rules = Rules(Vec::new());
        // Whether every field but the body is within its cap: then only the body can make
        // the record too large, and the size is reported on it.
        let mut capped = self
            .slug
            .as_deref()
            .is_none_or(|slug| slug.len() <= crate::slug::MAX_SLUG);
        rules.check(!self.title.trim().is_empty(), "title", "must not be empty");
        capped &= rules.short(&self.title, MAX_TITLE, "title");
        capped &= rules.short(&self.lead, MAX_LEAD, "lead");
        rules.check(
            self.status != Status::Scheduled,
            "status",
            "use `published` with a future `published_at` to schedule",
        );
        let lang_ok = is_language_tag(&self.lang) && self.lang.len() <= MAX_LANG;
        capped &= lang_ok;
        rules.check(
            lang_ok,
            "lang",
            "must be a BCP 47 language tag such as `en` or `ru`, at most 35 characters",
        );
        if let Some(group) = &self.translation_group {
            capped &= rules.short(group, MAX_NAME, "translation_group");
        }
        if rules.few(self.speakers.len(), MAX_SPEAKERS, "speakers", "names") {
            for (i, speaker) in self.speakers.iter().enumerate() {
                let field = format!("speakers[{i}]");
                rules.check(!speaker.trim().is_empty(), &field, "must not be empty");
                capped &= rules.short(speaker, MAX_NAME, &field);
            }
        } else {
            capped = false;
        }
        if let Some(place) = &self.place {
            capped &= rules.short(place, MAX_NAME, "place");
        }
        if rules.few(self.tags.len(), MAX_TAGS, "tags", "tags") {
            for (i, tag) in self.tags.iter().enumerate() {
                let ok = Slug::parse(tag).is_ok();
                capped &= ok;
                rules.check(
                    ok,
                    &format!("tags[{i}]"),
                    "must be a slug (a-z, 0-9 and single hyphens), at most 120 characters",
                );
            }
        } else {
            capped = false;
        }
        if rules.few(self.body.len(), MAX_BLOCKS, "body", "blocks") {
            for (i, block) in self.body.iter().enumerate() {
                check_block(&mut rules, i, block);
            }
        }
        if capped {
            let size = json_size(self);
            rules.check(
                size <= MAX_RECORD_BYTES,
                "body",
                &format!(
                    "makes the record {} KiB as JSON; at most {} KiB is kept per save",
                    size.div_ceil(1024),
                    MAX_RECORD_BYTES / 1024
                ),
            );
        }
        let mut errors = rules.0;
        // (A given slug is held to 120 characters by `Slug::parse` below.)
        let slug = match &self.slug {
            Some(given) => Slug::parse(given).map_err(|e| e.to_string()),
            None => Slug::from_title(&self.title)
                .ok_or_else(|| "cannot be made from the title; give one".to_owned()),
        };
        match slug {
            Ok(slug) if errors.is_empty() => Ok(slug),
            Ok(_) => Err(errors),
            Err(message) => {
                errors.push(FieldError::new("slug", &message));
                Err(errors)
            }
        }
    }
}

/// The rules for body block `i`: text in every paragraph, and a named speaker for a turn.
fn check_block(rules: &mut Rules, i: usize, block: &Block) {
    let (empty_text, speaker) = match block {
        Block::Paragraph { text } => (text.trim().is_empty(), None),
        Block::Question {
            speaker,
            paragraphs,
        }
        | Block::Answer {
            speaker,
            paragraphs,
        } => (
            paragraphs.is_empty() || paragraphs.iter().any(|p| p.trim().is_empty()),
            Some(speaker),
        ),
    };
    rules.check(!empty_text, &format!("body[{i}]"), "text must not be empty");
    if let Some(speaker) = speaker {
        let field = format!("body[{i}].speaker");
        rules.check(!speaker.trim().is_empty(), &field, "must not be empty");
        rules.short(speaker, MAX_NAME, &field);
    }
}

/// The length of `value` as JSON, in bytes, without building the text.
fn json_size(value: &impl Serialize) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // A record always serialises (strings, numbers, lists, no maps with odd keys); were it
    // ever to fail, the count so far errs small and the database write reports the fault.
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

/// A loose BCP 47 check: a 2–3 letter language, then alphanumeric subtags of 1–8 characters.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    lang_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> PublicationRecord {
        serde_json::from_value(serde_json::json!({
            "kind": "statement",
            "title": "Foreign Ministry statement on the JCPOA",
            "published_at": "2020-07-14T09:00:00Z",
            "published_on": "2020-07-14",
        }))
        .expect("minimal record")
    }

    #[test]
    fn a_minimal_record_gets_a_slug_from_its_title() {
        let slug = record().validate().expect("valid");
        assert_eq!(slug.as_str(), "foreign-ministry-statement-on-the-jcpoa");
        assert_eq!(record().lang, "en");
    }

    #[test]
    fn validation_names_every_bad_field() {
        let mut bad = record();
        bad.title = " ".into();
        bad.lang = "English".into();
        bad.tags = vec!["Not A Slug".into()];
        bad.body = vec![Block::Answer {
            speaker: "".into(),
            paragraphs: vec![],
        }];
        let errors = bad.validate().expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "title",
                "lang",
                "tags[0]",
                "body[0]",
                "body[0].speaker",
                "slug"
            ]
        );
    }

    #[test]
    fn records_schedule_by_date_not_by_status() {
        let mut scheduled = record();
        scheduled.status = Status::Scheduled;
        let errors = scheduled.validate().expect_err("invalid");
        assert_eq!(errors[0].field, "status");
        assert_eq!(record().status, Status::Published, "the default");
    }

    #[test]
    fn lists_and_names_are_capped_and_over_long_lists_cost_one_error() {
        let mut full = record();
        full.tags = (0..MAX_TAGS).map(|i| format!("tag-{i}")).collect();
        full.speakers = vec!["S".repeat(MAX_NAME); MAX_SPEAKERS];
        full.place = Some("P".repeat(MAX_NAME));
        full.translation_group = Some("g".repeat(MAX_NAME));
        full.body = vec![
            Block::Answer {
                speaker: "A".repeat(MAX_NAME),
                paragraphs: vec!["Yes.".into()],
            };
            MAX_BLOCKS
        ];
        assert!(full.validate().is_ok(), "exactly at every cap is allowed");

        let mut over = full.clone();
        over.tags = vec!["Not A Slug".into(); 150_000];
        over.speakers.push("One too many".into());
        over.place = Some("P".repeat(MAX_NAME + 1));
        over.translation_group = Some("g".repeat(MAX_NAME + 1));
        over.body.push(Block::Paragraph { text: "x".into() });
        let errors = over.validate().expect_err("over the caps");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["translation_group", "speakers", "place", "tags", "body"]
        );
        assert!(
            errors[3].message.contains("150000"),
            "{}",
            errors[3].message
        );

        let mut long_names = full;
        long_names.speakers[3].push('S');
        if let Some(Block::Answer { speaker, .. }) = long_names.body.get_mut(7) {
            speaker.push('A');
        }
        let errors = long_names.validate().expect_err("names too long");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["speakers[3]", "body[7].speaker"]);
    }

    #[test]
    fn a_record_over_512_kib_is_refused_on_its_body() {
        let paragraph = |n: usize| Block::Paragraph {
            text: "x".repeat(n),
        };
        let mut record = record();
        record.body = vec![paragraph(1_000); 500];
        assert!(json_size(&record) < MAX_RECORD_BYTES);
        assert!(record.validate().is_ok());
        record.body.push(paragraph(10_000));
        assert!(json_size(&record) > MAX_RECORD_BYTES);
        let errors = record.validate().expect_err("too large");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "body");
        assert!(
            errors[0].message.contains("512 KiB"),
            "{}",
            errors[0].message
        );
        assert_eq!(
            json_size(&record),
            serde_json::to_vec(&record).expect("JSON").len()
        );
    }

    #[test]
    fn names_count_characters_not_bytes() {
        let mut record = record();
        record.speakers = vec!["Л".repeat(MAX_NAME)];
        record.title = "Ж".repeat(MAX_TITLE);
        record.slug = Some("a-title".into());
        assert!(record.validate().is_ok());
    }

    #[test]
    fn the_documented_language_pattern_is_the_rule() {
        let pattern = regex::Regex::new("^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$").expect("pattern");
        for case in [
            "en",
            "ru",
            "en-GB",
            "zh-Hant-TW",
            "EN",
            "",
            "en--GB",
            "e",
            "engl",
            "en-",
        ] {
            assert_eq!(pattern.is_match(case), is_language_tag(case), "{case}");
        }
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en"));
        assert!(is_language_tag("ru"));
        assert!(is_language_tag("en-GB"));
        assert!(!is_language_tag("EN"));
        assert!(!is_language_tag(""));
        assert!(!is_language_tag("en--GB"));
    }
}
