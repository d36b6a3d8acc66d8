//! Facet counts over what a list filter selects: publications per kind, tag and speaker, each
//! one grouped query (two for speakers), so no count loads the rows it counts.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::{count, count_star};
use diesel::expression::{ValidGrouping, is_aggregate};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Bool};

use super::conn::{Conn, MultiBackend};
use super::list::filter::{Filter, predicate};
use super::schema::{publication_speakers, publication_tags, publications, tags};

/// Counts as computed, with the instant they stop being true without a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally<T> {
    pub items: Vec<T>,
    /// When the next scheduled publication goes live (and may change the counts).
    pub valid_until: Option<NaiveDateTime>,
}

/// A value (kind, tag or speaker name) and how many publications have it.
pub type ValueCount = (String, u64);

pub(super) fn non_negative(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Most first, then by name.
fn by_count(mut items: Vec<ValueCount>) -> Vec<ValueCount> {
    items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    items
}

/// Publications per kind (by its wire name).
pub fn kinds(conn: &mut Conn, filter: &Filter) -> QueryResult<Vec<ValueCount>> {
    let rows: Vec<(String, i64)> = publications::table
        .filter(predicate(filter))
        .group_by(publications::kind)
        .select((publications::kind, count_star()))
        .load(conn)?;
    Ok(by_count(
        rows.into_iter()
            .map(|(k, n)| (k, non_negative(n)))
            .collect(),
    ))
}

/// `column IN (the ids `filter` selects)`. diesel's own `eq_any` renders each backend's
/// syntax separately, which a subquery built for both at once (as [`predicate`] is) cannot
/// give, so this fragment writes the one syntax both share.
struct SelectedBy<C> {
    column: C,
    ids: publications::BoxedQuery<'static, MultiBackend, BigInt>,
}

impl<C> SelectedBy<C> {
    fn new(column: C, filter: &Filter) -> Self {
        let ids = publications::table
            .into_boxed()
            .filter(predicate(filter))
            .select(publications::id);
        SelectedBy { column, ids }
    }
}

impl<C: Expression> Expression for SelectedBy<C> {
    type SqlType = Bool;
}

impl<C: QueryFragment<MultiBackend>> QueryFragment<MultiBackend> for SelectedBy<C> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" IN (");
        QueryFragment::<MultiBackend>::walk_ast(&self.ids, out.reborrow())?;
        out.push_sql(")");
        Ok(())
    }
}

impl<C> QueryId for SelectedBy<C> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<C: AppearsOnTable<QS>, QS> AppearsOnTable<QS> for SelectedBy<C> where Self: Expression {}

impl<C: SelectableExpression<QS>, QS> SelectableExpression<QS> for SelectedBy<C> where
    Self: Expression
{
}

impl<C, GB> ValidGrouping<GB> for SelectedBy<C> {
    type IsAggregate = is_aggregate::Never;
}

/// Publications per tag slug.
pub fn tags(conn: &mut Conn, filter: &Filter) -> QueryResult<Vec<ValueCount>> {
    let rows: Vec<(String, i64)> = publication_tags::table
        .inner_join(tags::table)
        .filter(SelectedBy::new(publication_tags::publication_id, filter))
        .group_by(tags::slug)
        .select((tags::slug, count_star()))
        .load(conn)?;
    Ok(by_count(
        rows.into_iter()
            .map(|(t, n)| (t, non_negative(n)))
            .collect(),
    ))
}

/// Publications per speaker, names that differ only in letter case counted as one and shown
/// as most publications spell them.
pub fn speakers(conn: &mut Conn, filter: &Filter) -> QueryResult<Vec<ValueCount>> {
    let selected = || SelectedBy::new(publication_speakers::publication_id, filter);
    let per_key: Vec<(String, i64)> = publication_speakers::table
        .filter(selected())
        .group_by(publication_speakers::name_key)
        .select((
            publication_speakers::name_key,
            count(publication_speakers::publication_id).aggregate_distinct(),
        ))
        .load(conn)?;
    let spellings: Vec<(String, String, i64)> = publication_speakers::table
        .filter(selected())
        .group_by((publication_speakers::name_key, publication_speakers::name))
        .select((
            publication_speakers::name_key,
            publication_speakers::name,
            count_star(),
        ))
        .load(conn)?;
    // The commonest spelling; among equals, the first in code-point order (capitals first),
    // chosen here so both databases agree.
    let mut shown: HashMap<String, (i64, String)> = HashMap::new();
    for (key, name, n) in spellings {
        let best = shown.entry(key).or_insert((n, name.clone()));
        if (n, std::cmp::Reverse(&name)) > (best.0, std::cmp::Reverse(&best.1)) {
            *best = (n, name);
        }
    }
    let mut items: Vec<(String, String, u64)> = per_key
        .into_iter()
        .map(|(key, n)| {
            let name = shown
                .remove(&key)
                .map_or_else(|| key.clone(), |(_, name)| name);
            (key, name, non_negative(n))
        })
        .collect();
    items.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    Ok(items.into_iter().map(|(_, name, n)| (name, n)).collect())
}
