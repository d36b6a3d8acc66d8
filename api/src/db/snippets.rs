//! Highlighted snippets for search results: each field's best stretch around the words found,
//! marked by the database (SQLite `snippet()`, PostgreSQL `ts_headline`) with private-use
//! characters and split into plain-text parts, and the field that shows the most words.

use std::collections::HashMap;

use chancery_shared::snippet::{MARK_END, MARK_START, Snippet, SnippetField, SnippetPart};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Text};

use super::budget;
use super::conn::Conn;
use super::list::Matches;

/// The words of a search shown where they were found, for each of `ids` that matches. Titles
/// and speakers come whole; leads and bodies as a stretch of about 24 words around them.
pub fn snippets(
    conn: &mut Conn,
    matches: &Matches,
    ids: &[i64],
) -> QueryResult<HashMap<i64, Snippet>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    budget::arm(conn)?;
    let rows: Vec<Marked> = match conn {
        Conn::Sqlite(c) => diesel::sql_query(
            "SELECT rowid AS id, \
             highlight(publication_search, 0, '\u{E000}', '\u{E001}') AS title, \
             snippet(publication_search, 1, '\u{E000}', '\u{E001}', '…', 24) AS lead, \
             highlight(publication_search, 2, '\u{E000}', '\u{E001}') AS speakers, \
             snippet(publication_search, 3, '\u{E000}', '\u{E001}', '…', 24) AS body, \
             '' AS full_title, '' AS full_lead, '' AS full_speakers, '' AS full_body \
             FROM publication_search WHERE publication_search MATCH ? \
             AND rowid IN (SELECT value FROM json_each(?)) AND chancery_within_budget()",
        )
        .bind::<Text, _>(&matches.fts5)
        .bind::<Text, _>(serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned()))
        .load(c)?,
        // ts_headline leaves no ellipsis where it cut, so the full text comes too.
        Conn::Pg(c) => diesel::sql_query(
            "SELECT publication_id AS id, \
             ts_headline('english', title, query, $4) AS title, \
             ts_headline('english', lead, query, $2) AS lead, \
             ts_headline('english', speakers, query, $4) AS speakers, \
             ts_headline('english', body, query, $2) AS body, \
             title AS full_title, lead AS full_lead, speakers AS full_speakers, \
             body AS full_body \
             FROM publication_search, to_tsquery('english', $1) query \
             WHERE publication_id = ANY($3) AND document @@ query",
        )
        .bind::<Text, _>(&matches.tsquery)
        .bind::<Text, _>("StartSel=\u{E000}, StopSel=\u{E001}, MaxWords=24, MinWords=12")
        .bind::<Array<BigInt>, _>(ids)
        .bind::<Text, _>("StartSel=\u{E000}, StopSel=\u{E001}, HighlightAll=true")
        .load(c)?,
    };
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let id = row.id;
            let candidates = [
                (SnippetField::Body, row.body, row.full_body),
                (SnippetField::Lead, row.lead, row.full_lead),
                (SnippetField::Title, row.title, row.full_title),
                (SnippetField::Speakers, row.speakers, row.full_speakers),
            ]
            .map(|(field, marked, full)| {
                with_ellipses(Snippet::from_marked(field, &marked), &full)
            });
            Snippet::best(candidates).map(|snippet| (id, snippet))
        })
        .collect())
}

#[derive(QueryableByName)]
struct Marked {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    lead: String,
    #[diesel(sql_type = Text)]
    speakers: String,
    #[diesel(sql_type = Text)]
    body: String,
    #[diesel(sql_type = Text)]
    full_title: String,
    #[diesel(sql_type = Text)]
    full_lead: String,
    #[diesel(sql_type = Text)]
    full_speakers: String,
    #[diesel(sql_type = Text)]
    full_body: String,
}

/// Marks where a snippet was cut from `full` with `…` (when `full` is given: SQLite's
/// snippets already carry them).
fn with_ellipses(mut snippet: Snippet, full: &str) -> Snippet {
    if full.is_empty() || snippet.parts.is_empty() {
        return snippet;
    }
    let text = snippet.text();
    let plain = |highlight| SnippetPart {
        text: "…".to_owned(),
        highlight,
    };
    if !full.starts_with(text.as_str()) {
        snippet.parts.insert(0, plain(false));
    }
    if !full.ends_with(text.as_str()) {
        snippet.parts.push(plain(false));
    }
    // Neighbouring plain parts read as one.
    Snippet::from_marked(snippet.field, &marked_text(&snippet))
}

/// The snippet back as marked text.
fn marked_text(snippet: &Snippet) -> String {
    snippet
        .parts
        .iter()
        .map(|p| {
            if p.highlight {
                format!("{MARK_START}{}{MARK_END}", p.text)
            } else {
                p.text.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_snippets_get_ellipses() {
        let s = Snippet::from_marked(SnippetField::Body, "b \u{E000}c\u{E001} d");
        let cut = with_ellipses(s.clone(), "a b c d e");
        assert_eq!(cut.text(), "…b c d…");
        assert_eq!(cut.parts.len(), 3);
        assert_eq!(with_ellipses(s.clone(), "b c d").text(), "b c d");
        assert_eq!(with_ellipses(s, "").text(), "b c d");
    }
}
