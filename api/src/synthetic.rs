//! `chancery seed --synthetic N`: realistic fake publications for benchmarks — a spread of
//! kinds, tags and speakers, dates over twenty years, bodies of about 5 KB (interviews as
//! question/answer turns), one in a thousand mentioning a rare word for search benchmarks —
//! imported through the publishing service in batches of a transaction each, with a progress
//! bar.

use chancery_shared::publication::{Block, Kind, PublicationRecord};
use chancery_shared::slug::Slug;
use chrono::{Duration, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use crate::clock::Clock;
use crate::db::Conn;
use crate::import::progress;
use crate::publishing;

const SPEAKERS: [&str; 14] = [
    "Sergey Lavrov",
    "Vladimir Putin",
    "Maria Zakharova",
    "Andrei Kelin",
    "Sergey Ryabkov",
    "Alexander Grushko",
    "Dmitry Peskov",
    "Vassily Nebenzia",
    "Mikhail Bogdanov",
    "Alexey Overchuk",
    "Sergei Vershinin",
    "Igor Morgulov",
    "Andrey Rudenko",
    "Oleg Syromolotov",
];

const TAGS: [&str; 24] = [
    "united-kingdom",
    "usa",
    "china",
    "european-union",
    "united-nations",
    "osce",
    "nato",
    "syria",
    "iran",
    "jcpoa",
    "arms-control",
    "cybersecurity",
    "climate",
    "coronavirus",
    "culture",
    "consular",
    "trade",
    "energy",
    "arctic",
    "africa",
    "belarus",
    "serbia",
    "history",
    "media",
];

const WORDS: [&str; 48] = [
    "the",
    "of",
    "and",
    "cooperation",
    "security",
    "dialogue",
    "international",
    "partners",
    "we",
    "our",
    "position",
    "agreement",
    "talks",
    "ministers",
    "relations",
    "sovereignty",
    "development",
    "region",
    "initiative",
    "law",
    "principles",
    "interests",
    "mutual",
    "respect",
    "consultations",
    "statement",
    "support",
    "situation",
    "council",
    "resolution",
    "peace",
    "stability",
    "economic",
    "humanitarian",
    "a",
    "to",
    "in",
    "is",
    "that",
    "on",
    "with",
    "for",
    "as",
    "this",
    "between",
    "countries",
    "today",
    "future",
];

const KINDS: [(Kind, u32); 9] = [
    (Kind::Statement, 20),
    (Kind::Comment, 18),
    (Kind::NewsConference, 14),
    (Kind::Article, 10),
    (Kind::Interview, 10),
    (Kind::Speech, 8),
    (Kind::PressRelease, 10),
    (Kind::News, 8),
    (Kind::Appeal, 2),
];

/// One record in this many mentions [`RARE_WORD`], so a search for it finds about a thousandth
/// of the set while every word of [`WORDS`] is in nearly every record.
const RARE_EVERY: usize = 1_000;
/// A word no generated text uses otherwise.
pub const RARE_WORD: &str = "Vladivostok";

/// Records per transaction: large enough to be fast, small enough to keep the WAL modest.
const BATCH: usize = 1_000;

fn sentence(rng: &mut StdRng, words: usize) -> String {
    let mut s: Vec<&str> = (0..words)
        .map(|_| *WORDS.choose(rng).unwrap_or(&"the"))
        .collect();
    let first = s.first().map(|w| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    });
    if let Some(first) = &first {
        s[0] = first;
    }
    format!("{}.", s.join(" "))
}

fn paragraph(rng: &mut StdRng) -> String {
    let n = rng.random_range(3..7);
    (0..n)
        .map(|_| {
            let words = rng.random_range(8..20);
            sentence(rng, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn kind(rng: &mut StdRng) -> Kind {
    let total: u32 = KINDS.iter().map(|(_, w)| w).sum();
    let mut pick = rng.random_range(0..total);
    for (kind, weight) in KINDS {
        if pick < weight {
            return kind;
        }
        pick -= weight;
    }
    Kind::Statement
}

/// One synthetic record, deterministic for a given `rng` state.
pub fn record(rng: &mut StdRng, n: usize) -> PublicationRecord {
    let kind = kind(rng);
    let (speaker_count, tag_count) = (rng.random_range(0..3), rng.random_range(1..4));
    let speakers: Vec<String> = SPEAKERS
        .choose_multiple(rng, speaker_count)
        .map(|s| (*s).to_owned())
        .collect();
    let tags: Vec<String> = TAGS
        .choose_multiple(rng, tag_count)
        .map(|s| (*s).to_owned())
        .collect();
    let start = Utc
        .with_ymd_and_hms(2006, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let published_at = start + Duration::seconds(rng.random_range(0..20 * 365 * 86_400));
    let subject_words = rng.random_range(6..12);
    let subject = sentence(rng, subject_words);
    let title = format!(
        "{} {}",
        kind.label(),
        subject.trim_end_matches('.').to_lowercase()
    );
    let mut body = Vec::new();
    let mut size = 0;
    while size < 5_000 {
        let mut text = paragraph(rng);
        // Decided by `n`, not the generator, so every other word stays as it was.
        if body.is_empty() && n % RARE_EVERY == RARE_EVERY / 2 {
            text.push_str(&format!(
                " The delegation then travelled on to {RARE_WORD}."
            ));
        }
        size += text.len();
        body.push(match (kind, body.len() % 2) {
            (Kind::Interview, 0) => Block::Question {
                speaker: "Question".to_owned(),
                paragraphs: vec![text],
            },
            (Kind::Interview, _) => Block::Answer {
                speaker: speakers
                    .first()
                    .cloned()
                    .unwrap_or_else(|| SPEAKERS[0].to_owned()),
                paragraphs: vec![text],
            },
            _ => Block::Paragraph { text },
        });
    }
    let slug = Slug::from_title(&title).map(|s| {
        format!(
            "{}-{n}",
            s.as_str()
                .chars()
                .take(60)
                .collect::<String>()
                .trim_end_matches('-')
        )
    });
    PublicationRecord {
        slug,
        lang: "en".to_owned(),
        translation_group: None,
        status: chancery_shared::publication::Status::Published,
        kind,
        lead: paragraph(rng),
        title,
        speakers,
        place: ["Moscow", "London", "New York", "Geneva", "Minsk"]
            .choose(rng)
            .map(|p| (*p).to_owned()),
        occurred_on: Some(published_at.date_naive()),
        published_at,
        // About one interview in fifty is featured, so the home page's query has rows to find.
        featured: kind == Kind::Interview && rng.random_ratio(1, 50),
        tags,
        body,
    }
}

/// Adds `count` synthetic publications (seeded, so runs are repeatable), written at `clock`'s
/// "now".
pub fn seed(conn: &mut Conn, count: usize, clock: &Clock) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(20_200_715);
    let offset: usize = {
        use diesel::prelude::*;
        let n: i64 = crate::db::schema::publications::table
            .count()
            .get_result(conn)?;
        usize::try_from(n).unwrap_or(0)
    };
    let bar = progress(count as u64, "seeding");
    let mut done = 0;
    while done < count {
        let batch = (0..BATCH.min(count - done))
            .map(|i| {
                let record = record(&mut rng, offset + done + i);
                let slug = record
                    .validate()
                    .map_err(|e| anyhow::anyhow!("synthetic record is invalid: {e:?}"))?;
                Ok((record, slug))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        publishing::import(conn, &batch, clock, || bar.inc(1))?;
        done += batch.len();
    }
    bar.finish_and_clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bench searches for a word in nearly every record and one in a thousandth of them.
    #[test]
    fn a_common_and_a_rare_word_exist_for_the_search_bench() {
        let mut rng = StdRng::seed_from_u64(1);
        let texts: Vec<String> = (0..2_000)
            .map(|n| {
                let text = crate::db::search::SearchText::of(&record(&mut rng, n));
                format!("{} {} {}", text.title, text.lead, text.body).to_lowercase()
            })
            .collect();
        let with = |word: &str| texts.iter().filter(|t| t.contains(word)).count();
        assert_eq!(with(&RARE_WORD.to_lowercase()), 2);
        assert!(with("cooperation") > 1_900, "{}", with("cooperation"));
    }
}
