//! The full-text index: what text of a publication is searchable (computed here, once, from the
//! record) and keeping the index in step inside each write's transaction. SQLite uses an FTS5
//! table, PostgreSQL a weighted `tsvector` with a GIN index. Which rows a search matches is a
//! list filter (`list/matches.rs`), how well they match is `list/ranking.rs`, and highlighted
//! snippets are `snippets.rs`.

use chancery_shared::publication::{Block, PublicationRecord};
use chancery_shared::snippet::strip_marks;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use super::conn::Conn;
use super::publications::FullRow;
use super::schema::{publications, search_backfill, site};

/// The searchable text of one publication, by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchText {
    pub title: String,
    pub lead: String,
    /// Speakers' names, comma-separated.
    pub speakers: String,
    /// Every paragraph, question and answer, one per line.
    pub body: String,
}

impl SearchText {
    /// What a record makes searchable. Highlight marks are stripped so stored text cannot
    /// forge a highlight.
    pub fn of(record: &PublicationRecord) -> SearchText {
        let mut body = String::new();
        for block in &record.body {
            let paragraphs = match block {
                Block::Paragraph { text } => std::slice::from_ref(text),
                Block::Question { paragraphs, .. } | Block::Answer { paragraphs, .. } => {
                    paragraphs.as_slice()
                }
            };
            for paragraph in paragraphs {
                if !body.is_empty() {
                    body.push('\n');
                }
                body.push_str(paragraph.trim());
            }
        }
        SearchText {
            title: strip_marks(record.title.trim()),
            lead: strip_marks(record.lead.trim()),
            speakers: strip_marks(&record.speakers.join(", ")),
            body: strip_marks(&body),
        }
    }
}

/// Indexes `record` as publication `id`, replacing what was indexed for it before.
pub fn index(conn: &mut Conn, id: i64, record: &PublicationRecord) -> QueryResult<()> {
    let text = SearchText::of(record);
    match conn {
        Conn::Sqlite(c) => {
            unindex_sqlite(c, id)?;
            diesel::sql_query(
                "INSERT INTO publication_search (rowid, title, lead, speakers, body) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind::<BigInt, _>(id)
            .bind::<Text, _>(&text.title)
            .bind::<Text, _>(&text.lead)
            .bind::<Text, _>(&text.speakers)
            .bind::<Text, _>(&text.body)
            .execute(c)?;
        }
        Conn::Pg(c) => {
            diesel::sql_query(
                "INSERT INTO publication_search (publication_id, title, lead, speakers, body) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (publication_id) DO UPDATE SET \
                 title = excluded.title, lead = excluded.lead, speakers = excluded.speakers, \
                 body = excluded.body",
            )
            .bind::<BigInt, _>(id)
            .bind::<Text, _>(&text.title)
            .bind::<Text, _>(&text.lead)
            .bind::<Text, _>(&text.speakers)
            .bind::<Text, _>(&text.body)
            .execute(c)?;
        }
    }
    Ok(())
}

/// Removes publication `id` from the index.
pub fn unindex(conn: &mut Conn, id: i64) -> QueryResult<()> {
    match conn {
        Conn::Sqlite(c) => unindex_sqlite(c, id),
        Conn::Pg(c) => {
            diesel::sql_query("DELETE FROM publication_search WHERE publication_id = $1")
                .bind::<BigInt, _>(id)
                .execute(c)
                .map(drop)
        }
    }
}

fn unindex_sqlite(c: &mut SqliteConnection, id: i64) -> QueryResult<()> {
    diesel::sql_query("DELETE FROM publication_search WHERE rowid = ?")
        .bind::<BigInt, _>(id)
        .execute(c)
        .map(drop)
}

/// Rows read at a time while filling the index.
const BACKFILL_BATCH: i64 = 500;

/// Fills the index from every stored record if the search migration asked for it, in one
/// transaction that also clears the request; returns how many publications were indexed.
pub fn backfill_if_pending(conn: &mut Conn) -> anyhow::Result<Option<usize>> {
    conn.transaction(|conn| {
        let pending: Option<bool> = search_backfill::table
            .select(search_backfill::pending)
            .first(conn)
            .optional()?;
        if pending != Some(true) {
            return Ok(None);
        }
        let mut after = 0_i64;
        let mut count = 0;
        loop {
            let rows: Vec<FullRow> = publications::table
                .filter(publications::id.gt(after))
                .order(publications::id.asc())
                .limit(BACKFILL_BATCH)
                .select(FullRow::as_select())
                .load(conn)?;
            let Some(last) = rows.last() else { break };
            after = last.summary.id;
            for row in &rows {
                index(conn, row.summary.id, &row.to_record()?)?;
            }
            count += rows.len();
        }
        diesel::delete(search_backfill::table).execute(conn)?;
        // Results remembered by running servers (keyed by this version) are stale now.
        diesel::update(site::table)
            .set(site::publications_version.eq(site::publications_version + 1))
            .execute(conn)?;
        Ok(Some(count))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searchable_text_covers_questions_answers_and_speakers() {
        let record: PublicationRecord = serde_json::from_value(serde_json::json!({
            "kind": "interview", "title": " Interview \u{E000}x ",
            "lead": "Lead.", "speakers": ["Sergey Lavrov", "Maria Zakharova"],
            "published_at": "2020-07-14T09:00:00Z",
            "body": [
                {"type": "paragraph", "text": "Intro."},
                {"type": "question", "speaker": "Question", "paragraphs": ["Why?"]},
                {"type": "answer", "speaker": "Sergey Lavrov", "paragraphs": ["One.", "Two."]}
            ]
        }))
        .expect("record");
        let text = SearchText::of(&record);
        assert_eq!(text.title, "Interview x");
        assert_eq!(text.speakers, "Sergey Lavrov, Maria Zakharova");
        assert_eq!(text.body, "Intro.\nWhy?\nOne.\nTwo.");
    }
}
