//! A search's results in relevance order: every match scored by its database (FTS5's bm25,
//! PostgreSQL's `ts_rank_cd`, both weighting title above lead and speakers above body), the
//! best kept, and the snippets made for them remembered with them.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chancery_shared::snippet::Snippet;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Text};

use super::filter::Filter;
use super::index::{keys, valid_until};
use crate::db::budget;
use crate::db::conn::Conn;

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
pub fn rank(conn: &mut Conn, filter: &Filter, keep: usize) -> QueryResult<Ranking> {
    let Some(matches) = &filter.search else {
        return Err(diesel::result::Error::QueryBuilderError(
            "ranking needs a search".into(),
        ));
    };
    let keys = keys(conn, filter)?;
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
        valid_until: valid_until(conn, filter)?,
        ids: ranked.into_iter().map(|(_, _, id)| id).collect(),
        snippets: Mutex::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
