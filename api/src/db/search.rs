//! The full-text index: what text of a publication is searchable (computed here, once, from the
//! record), keeping the index in step inside each write's transaction, and the queries a
//! search needs — which rows match (a filter the list queries reuse) and how well they match
//! (highlighted snippets are in `snippets.rs`). SQLite uses an FTS5 table, PostgreSQL a weighted
//! `tsvector` with a GIN index; the search syntax reaches either only as a bound parameter.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chancery_shared::publication::{Block, PublicationRecord};
use chancery_shared::search::SearchQuery;
use chancery_shared::snippet::{Snippet, strip_marks};
use chrono::NaiveDateTime;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Bool, Double, Text};
use diesel::sqlite::Sqlite;

use super::publications::{self as list, Filter};
use super::schema::{publications, search_backfill, site};
use super::{Conn, MultiBackend, budget};

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
            let rows: Vec<list::FullRow> = publications::table
                .filter(publications::id.gt(after))
                .order(publications::id.asc())
                .limit(BACKFILL_BATCH)
                .select(list::FullRow::as_select())
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

/// The rows a search matches: a condition the list queries add to their filters. It renders
/// the query for whichever database runs it, always as a bound parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matches {
    pub(super) fts5: String,
    pub(super) tsquery: String,
}

impl Matches {
    pub fn new(query: &SearchQuery) -> Matches {
        Matches {
            fts5: query.to_fts5(),
            tsquery: query.to_tsquery(),
        }
    }
}

impl Expression for Matches {
    type SqlType = Bool;
}

impl AppearsOnTable<publications::table> for Matches {}
impl SelectableExpression<publications::table> for Matches {}

impl ValidGrouping<()> for Matches {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl QueryId for Matches {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl QueryFragment<Sqlite> for Matches {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        out.push_sql(
            "publications.id IN (SELECT rowid FROM publication_search \
             WHERE publication_search MATCH ",
        );
        out.push_bind_param::<Text, _>(&self.fts5)?;
        out.push_sql(" AND ");
        out.push_sql(budget::SQLITE_CHECK);
        out.push_sql(")");
        Ok(())
    }
}

impl QueryFragment<Pg> for Matches {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(
            "publications.id IN (SELECT publication_id FROM publication_search \
             WHERE document @@ to_tsquery('english', ",
        );
        out.push_bind_param::<Text, _>(&self.tsquery)?;
        out.push_sql("))");
        Ok(())
    }
}

impl QueryFragment<MultiBackend> for Matches {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        MultiBackend::walk_variant_ast(self, pass)
    }
}

/// Most results of one search kept in rank order: as deep as relevance order goes.
pub const RANKED_KEPT: usize = chancery_shared::search::RELEVANCE_DEPTH;

/// Most snippets one remembered ranking keeps.
const SNIPPETS_KEPT: usize = 200;

/// A search's results in relevance order (best first, newest first among equals).
#[derive(Debug)]
pub struct Ranking {
    /// Results across all pages.
    pub total: u64,
    /// When a scheduled publication joins the results and this ranking stops being true.
    pub valid_until: Option<NaiveDateTime>,
    /// The ids of the best results, at most as many as were asked to be kept.
    pub ids: Vec<i64>,
    /// Snippets already made for some of `ids`: highlighting costs more than the rest of a
    /// page, and they hold as long as the ranking does (the same data).
    snippets: Mutex<HashMap<i64, Snippet>>,
}

impl Ranking {
    /// Roughly the most bytes the snippets one ranking keeps may take.
    pub const SNIPPET_BYTES: usize = SNIPPETS_KEPT * 512;

    /// The snippets of `ids`, making (with `make`) only those not remembered yet.
    pub fn snippets<E>(
        &self,
        ids: &[i64],
        make: impl FnOnce(&[i64]) -> Result<HashMap<i64, Snippet>, E>,
    ) -> Result<HashMap<i64, Snippet>, E> {
        let mut found = HashMap::new();
        let mut missing = Vec::new();
        {
            let known = self.snippets.lock().unwrap_or_else(PoisonError::into_inner);
            for id in ids {
                match known.get(id) {
                    Some(snippet) => {
                        found.insert(*id, snippet.clone());
                    }
                    None => missing.push(*id),
                }
            }
        }
        if missing.is_empty() {
            return Ok(found);
        }
        let made = make(&missing)?;
        let mut known = self.snippets.lock().unwrap_or_else(PoisonError::into_inner);
        for (id, snippet) in made {
            if known.len() < SNIPPETS_KEPT {
                known.insert(id, snippet.clone());
            }
            found.insert(id, snippet);
        }
        Ok(found)
    }
}

#[derive(QueryableByName)]
struct Scored {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Double)]
    score: f64,
}

/// Ranks what `filter` (which must carry a search) selects, keeping the best `keep` ids.
/// Weights: title above lead and speakers above body.
pub fn ranking(conn: &mut Conn, filter: &Filter, keep: usize) -> QueryResult<Ranking> {
    let Some(matches) = &filter.search else {
        return Err(diesel::result::Error::QueryBuilderError(
            "ranking needs a search".into(),
        ));
    };
    let keys = list::keys(conn, filter)?;
    budget::arm(conn)?;
    let scores: Vec<Scored> = match conn {
        Conn::Sqlite(c) => diesel::sql_query(
            "SELECT rowid AS id, -bm25(publication_search, 5.0, 2.0, 2.0, 1.0) AS score \
             FROM publication_search WHERE publication_search MATCH ? \
             AND chancery_within_budget()",
        )
        .bind::<Text, _>(&matches.fts5)
        .load(c)?,
        Conn::Pg(c) => diesel::sql_query(
            "SELECT publication_id AS id, \
             ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', document, query)::float8 AS score \
             FROM publication_search, to_tsquery('english', $1) query WHERE document @@ query",
        )
        .bind::<Text, _>(&matches.tsquery)
        .load(c)?,
    };
    let scores: HashMap<i64, f64> = scores.into_iter().map(|s| (s.id, s.score)).collect();
    let mut ranked: Vec<(f64, NaiveDateTime, i64)> = keys
        .iter()
        .map(|&(at, id)| (scores.get(&id).copied().unwrap_or(0.0), at, id))
        .collect();
    let order = |a: &(f64, NaiveDateTime, i64), b: &(f64, NaiveDateTime, i64)| {
        b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2))
    };
    if ranked.len() > keep && keep > 0 {
        ranked.select_nth_unstable_by(keep - 1, order);
        ranked.truncate(keep);
    }
    ranked.sort_unstable_by(order);
    ranked.truncate(keep);
    Ok(Ranking {
        total: u64::try_from(keys.len()).unwrap_or(u64::MAX),
        valid_until: list::valid_until(conn, filter)?,
        ids: ranked.into_iter().map(|(_, _, id)| id).collect(),
        snippets: Mutex::default(),
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

    #[test]
    fn a_ranking_makes_each_snippet_once() {
        let ranking = Ranking {
            total: 3,
            valid_until: None,
            ids: vec![1, 2, 3],
            snippets: Mutex::default(),
        };
        let snippet = |id: i64| {
            chancery_shared::snippet::Snippet::from_marked(
                chancery_shared::snippet::SnippetField::Body,
                &format!("\u{E000}{id}\u{E001}"),
            )
        };
        let make = |ids: &[i64]| -> Result<HashMap<i64, Snippet>, ()> {
            Ok(ids.iter().map(|&id| (id, snippet(id))).collect())
        };
        let first = ranking.snippets(&[1, 2], make).expect("made");
        assert_eq!(first.len(), 2);
        let mut asked = Vec::new();
        let second = ranking
            .snippets(&[2, 3], |ids: &[i64]| {
                asked.extend_from_slice(ids);
                make(ids)
            })
            .expect("made");
        assert_eq!(asked, [3], "2 was remembered");
        assert_eq!(second[&2], snippet(2));
    }
}
