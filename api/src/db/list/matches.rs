//! The rows a full-text search matches, as a condition a list's filter carries. It renders
//! the search for whichever database runs it (SQLite's FTS5 table, PostgreSQL's `tsvector`),
//! always as a bound parameter, so the search syntax never reaches the SQL text.

use chancery_shared::search::SearchQuery;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Text};
use diesel::sqlite::Sqlite;

use crate::db::budget;
use crate::db::conn::MultiBackend;
use crate::db::schema::publications;

/// A search, as each database's full-text index reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matches {
    pub(in crate::db) fts5: String,
    pub(in crate::db) tsquery: String,
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
