//! 列表查询 — the SQL of a register list, its export and its API page, built from the filter
//! with a condition only for what is set: no `($n IS NULL OR …)` catch-alls, which keep both
//! planners from using an index. One builder for the list page, the export and the API, so
//! they hold the same records.
//!
//! SQL is assembled from the register definition's `'static` names; every value is a bound
//! parameter.

use fazhi_domain::register::RegisterDef;
use sqlx::AssertSqlSafe;

use crate::db::{Db, on_db};
use crate::indicators::{Bind, filter_sql};
use crate::{Backend, RecordFilter, StoreError};

mod id_bounds;
mod unit_merge;

/// A list's conditions and parameters.
#[derive(Debug, Default)]
pub(crate) struct ListQuery {
    conditions: Vec<String>,
    /// The text search, when it is looked up in the register's FTS5 table (SQLite, three or
    /// more characters).
    text: Option<TextLookup>,
    /// Whether a text search is set (the page is then ordered newest entry first).
    searches_text: bool,
    /// Whether a condition other than the unit tree is set (a period, status, deadline or
    /// field filter), which may leave few of a common word's matches.
    narrowing: bool,
    /// The period conditions over `r2`, when the period field's range is filtered: the ids of
    /// the records in that range bound a text search's matches ([`ListQuery::id_range_probe`]).
    period_bounds: Option<String>,
    /// PostgreSQL, the period field's range closed at both ends and at most
    /// [`id_bounds::DAYS_PROBED_MOST`] days: the placeholders of its first and last day, whose
    /// ids are probed day by day.
    period_days: Option<(String, String)>,
    /// The placeholders of the list's units (when it is limited to some), whose records'
    /// ids also bound a text search's matches.
    unit_list: Option<String>,
    /// The placeholders of the smallest and largest id of the period's and the units'
    /// records, once probed.
    id_bounds: Option<(String, String)>,
    /// With a deadline filter: the kept due dates it reads, and where its condition is among
    /// `conditions` ([`DueFilter`]).
    due: Option<DueFilter>,
    /// The page in the opposite of the list's order ([`RecordFilter::reverse`]).
    reverse: bool,
    /// Whether the list runs on PostgreSQL.
    postgres: bool,
    /// Whether the list is limited to some units (its first condition).
    limited: bool,
    /// The placeholder of each of the list's units (when it is limited to some).
    unit_params: Vec<String>,
    /// Where the text search's `LIKE` condition is among `conditions`.
    like_at: Option<usize>,
    pub(crate) binds: Vec<Bind>,
}

/// 期限筛选 — a deadline filter over the records' kept earliest open due dates (migration
/// 0017, `deadline_record_due o`, whose unit is the record's: both are replaced with the
/// record's clocks on every write).
#[derive(Debug)]
struct DueFilter {
    /// Where its `EXISTS` condition is among `conditions` (it serves a text search's plans
    /// and exports).
    at: usize,
    /// Whether `conditions` starts with the units' condition.
    units_first: bool,
    /// The condition over `o`: register, due dates and the list's units.
    kept: String,
    /// The register's placeholder.
    register: String,
    /// Whether the units are the only other condition: the kept dates alone answer the count.
    kept_alone: bool,
}

/// A text search looked up in FTS5: the table, the phrase's placeholder, the phrase, and the
/// same search as a `LIKE` condition over the search fields, for a row at hand.
#[derive(Debug)]
struct TextLookup {
    fts: String,
    param: String,
    phrase: String,
    like: String,
}

/// How a text search looked up in FTS5 meets the list's other conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextPlan {
    /// The page is driven from the FTS5 table, newest match first; each match's row is tested
    /// against the other conditions.
    FromMatches,
    /// The other conditions leave few records (and the word is common): they are found by
    /// their index and each is tested by `LIKE`.
    OnTheirRows,
}

/// Most records left by the other conditions for which a common word is tested row by row
/// ([`TextPlan::OnTheirRows`]).
pub(crate) const TEST_ROWS_MOST: i64 = 20_000;

/// Where a list page's ids come from, the conditions on them and their order.
pub(crate) struct PageSource {
    /// The id of the records in `from`.
    pub(crate) id: String,
    pub(crate) from: String,
    pub(crate) where_clause: String,
    pub(crate) order: String,
    /// The same order over `r` alone, for the rows of the page's ids.
    pub(crate) outer_order: String,
    /// Whether a capped count walks `order` too: the FTS5 matches, whose own order it is
    /// (ascending, a count of a current status read the oldest matches first).
    pub(crate) count_in_order: bool,
}

impl ListQuery {
    /// The placeholder of the next parameter, `value` bound to it.
    fn param(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    /// The placeholder the next parameter will get.
    pub(crate) fn next_param(&self) -> usize {
        self.binds.len() + 1
    }

    /// The `WHERE` clause over `{table} r` alone (empty when nothing is filtered), for
    /// exports: the text search as a set of ids that rows found by the other conditions are
    /// tested against (`+r.id` keeps SQLite from looking every match up by id instead).
    pub(crate) fn where_clause(&self) -> String {
        let text = self.text.as_ref().map(|TextLookup { fts, param, .. }| {
            format!("+r.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH {param})")
        });
        where_of(self.conditions.iter().cloned().chain(text))
    }

    /// The FTS5 lookup to count before choosing a plan ([`ListQuery::page_source`]): its SQL
    /// (the phrase's parameter is `$1`) and the phrase; `None` when there is no choice to make.
    pub(crate) fn text_probe(&self) -> Option<(String, &str)> {
        let TextLookup { fts, phrase, .. } = self.text.as_ref()?;
        if !self.narrowing || self.period_bounds.is_some() {
            return None;
        }
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {fts} WHERE {fts} MATCH $1 LIMIT {})",
            DRIVE_FROM_TEXT_MOST + 1
        );
        Some((sql, phrase))
    }

    /// The count, up to one more than [`TEST_ROWS_MOST`], of the records the conditions other
    /// than the text leave (over the list's parameters), asked when a common word meets them.
    pub(crate) fn others_probe(&self, def: &RegisterDef) -> String {
        format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {} r {} LIMIT {}) c",
            def.table,
            where_of(self.other_conditions()),
            TEST_ROWS_MOST + 1
        )
    }

    /// The conditions but the text search's `LIKE` (an FTS5 lookup is not among them).
    fn other_conditions(&self) -> impl Iterator<Item = String> + '_ {
        (self.conditions.iter().enumerate())
            .filter(|(i, _)| Some(*i) != self.like_at)
            .map(|(_, c)| c.clone())
    }

    /// The source of a list page's ids. A text search is ordered newest entry first. Looked up
    /// in the FTS5 table, it drives the page from there — a page of a common word reads 20
    /// matches instead of sorting all of them — unless the plan says the other conditions
    /// leave few records ([`TextPlan::OnTheirRows`]: a common word among them is tested by
    /// `LIKE` on each, where driving from the matches would read many to find a page).
    /// Without a text search: the period field, newest first, from the `(period, id)` index.
    pub(crate) fn page_source(&self, def: &RegisterDef, plan: TextPlan) -> PageSource {
        let table = def.table;
        match &self.text {
            Some(TextLookup { like, .. }) if plan == TextPlan::OnTheirRows => PageSource {
                id: "r.id".to_owned(),
                from: format!("{table} r"),
                where_clause: where_of(self.conditions.iter().cloned().chain([like.clone()])),
                order: self.newest_first(&["r.id"]),
                outer_order: self.newest_first(&["r.id"]),
                count_in_order: false,
            },
            Some(TextLookup { fts, param, .. }) => PageSource {
                id: "r.id".to_owned(),
                // CROSS JOIN: the matches are the outer loop. Given the choice, SQLite drove
                // a common status's index and looked each record up in FTS5 (32 s).
                from: format!("{fts} CROSS JOIN {table} r ON r.id = {fts}.rowid"),
                where_clause: where_of(
                    self.conditions
                        .iter()
                        .cloned()
                        .chain(self.id_range(fts))
                        .chain([format!("{fts} MATCH {param}")]),
                ),
                order: self.newest_first(&[&format!("{fts}.rowid")]),
                outer_order: self.newest_first(&["r.id"]),
                count_in_order: true,
            },
            None => match &self.due {
                Some(due) if !self.searches_text => self.due_source(def, due),
                _ => self.plain_source(def, plan),
            },
        }
    }

    /// A list without a text search or deadline filter: newest period first (on PostgreSQL,
    /// a page of a few units is merged from each unit's index: [`ListQuery::unit_merge`]). A
    /// text search by `LIKE` (PostgreSQL's trigrams, SQLite's short texts): newest entry first.
    fn plain_source(&self, def: &RegisterDef, plan: TextPlan) -> PageSource {
        let order = if self.searches_text {
            self.newest_first(&["r.id"])
        } else {
            self.newest_first(&[&format!("r.{}", def.period_field), "r.id"])
        };
        PageSource {
            id: "r.id".to_owned(),
            from: format!("{} r", def.table),
            where_clause: where_of(self.conditions.iter().cloned()),
            outer_order: order.clone(),
            order,
            // A capped count of a `LIKE` search walks newest first too: PostgreSQL otherwise
            // read the table from its oldest rows for a word with a status of current cases
            // (257 ms on the full demo). Not when the other conditions leave few records
            // ([`ListQuery::rows_probe`]): the walk then passes most rows by (a rare status
            // at a province, 342 ms), where their own index finds them.
            count_in_order: self.searches_text && plan != TextPlan::OnTheirRows,
        }
    }
}

impl ListQuery {
    /// The count's SQL when the kept due dates alone answer it (a deadline filter and units,
    /// nothing else): with `capped`, it counts up to the parameter [`ListQuery::next_param`].
    pub(crate) fn due_count_sql(&self, capped: bool) -> Option<String> {
        let due = self.due.as_ref().filter(|d| d.kept_alone)?;
        let from = format!("deadline_record_due o WHERE {}", due.kept);
        Some(if capped {
            format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM {from} LIMIT ${}) c",
                self.next_param()
            )
        } else {
            format!("SELECT COUNT(*) FROM {from}")
        })
    }

    /// 期限清单 — a deadline list without a text search: most overdue (or soonest due) first,
    /// driven from the kept due dates in their order (a page 1,000 skips index entries); the
    /// record's row is read only when a condition other than the units tests it.
    fn due_source(&self, def: &RegisterDef, due: &DueFilter) -> PageSource {
        let skipped = |i: usize| i == due.at || (due.units_first && i == 0);
        let others: Vec<String> = (self.conditions.iter().enumerate())
            .filter(|(i, _)| !skipped(*i))
            .map(|(_, c)| c.clone())
            .collect();
        let (id, from) = if others.is_empty() {
            ("o.record_id", "deadline_record_due o".to_owned())
        } else {
            let table = def.table;
            (
                "r.id",
                format!("deadline_record_due o JOIN {table} r ON r.id = o.record_id"),
            )
        };
        PageSource {
            id: id.to_owned(),
            from,
            where_clause: where_of(std::iter::once(due.kept.clone()).chain(others)),
            order: order_by(&["o.due_date", "o.record_id"], self.reverse),
            outer_order: order_by(
                &[
                    &format!(
                        "(SELECT o.due_date FROM deadline_record_due o WHERE o.register = {} \
                         AND o.record_id = r.id)",
                        due.register
                    ),
                    "r.id",
                ],
                self.reverse,
            ),
            count_in_order: false,
        }
    }

    /// `terms` newest first, or oldest first when the list is reversed.
    fn newest_first(&self, terms: &[&str]) -> String {
        order_by(terms, !self.reverse)
    }
}

/// An `ORDER BY` list of `terms`, each descending or each ascending.
fn order_by(terms: &[&str], descending: bool) -> String {
    let direction = if descending { " DESC" } else { "" };
    let terms: Vec<String> = terms.iter().map(|t| format!("{t}{direction}")).collect();
    terms.join(", ")
}

fn where_of(conditions: impl Iterator<Item = String>) -> String {
    let all: Vec<String> = conditions.collect();
    if all.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", all.join(" AND "))
    }
}

/// The units whose records a list may show: those of the caller's `scope` (root unit id,
/// scope kind) within the subtree of the filter's unit `filter_org` (with `below` false, that
/// unit alone); `None` when every unit's records may be shown. Resolved before the list's query so that the query names the units
/// (`org_id IN (…)`): PostgreSQL then estimates from the column's statistics and walks the list
/// index in order — with a recursive CTE it guessed half the register and sorted it (a county
/// clerk's page 1,000: 510 ms against 10 ms).
pub(crate) async fn list_units(
    db: &Db,
    scope: (i64, &'static str),
    filter_org: Option<i64>,
    below: bool,
) -> Result<Option<Vec<i64>>, StoreError> {
    let mut units: Option<Vec<i64>> = None;
    if scope.1 != "all" {
        units = Some(subtree(db, scope.0, scope.1 == "subtree").await?);
    }
    if let Some(org) = filter_org {
        let wanted = subtree(db, org, below).await?;
        units = Some(match units {
            Some(seen) => wanted.into_iter().filter(|u| seen.contains(u)).collect(),
            None => wanted,
        });
    }
    Ok(units)
}

/// Unit `root` and, with `below`, every unit currently under it.
async fn subtree(db: &Db, root: i64, below: bool) -> Result<Vec<i64>, StoreError> {
    if !below {
        return Ok(vec![root]);
    }
    let sql = format!(
        "WITH RECURSIVE {} SELECT id FROM tree",
        tree_cte("tree", "$1")
    );
    Ok(on_db!(db, pool => {
        sqlx::query_scalar(AssertSqlSafe(sql)).bind(root).fetch_all(pool).await?
    }))
}

/// The records of `def` of `units` (all when `None`, see [`list_units`]) that `filter` admits.
pub(crate) fn list_query(
    def: &RegisterDef,
    filter: &RecordFilter,
    units: Option<&[i64]>,
    backend: Backend,
) -> ListQuery {
    let mut query = ListQuery {
        reverse: filter.reverse,
        postgres: backend == Backend::Postgres,
        limited: units.is_some(),
        ..ListQuery::default()
    };
    let mut conditions = Vec::new();
    let mut unit_list = None;
    if let Some(units) = units {
        let list: Vec<String> = units.iter().map(|&u| query.param(Bind::Int(u))).collect();
        conditions.push(if list.is_empty() {
            "1 = 0".to_owned()
        } else {
            format!("r.org_id IN ({})", list.join(", "))
        });
        unit_list = Some(list.join(", "));
        query.unit_list = unit_list.clone().filter(|l| !l.is_empty());
        query.unit_params = list;
    }
    let date = filter
        .date_field
        .and_then(|k| def.field(k))
        .map_or(def.period_field, |f| f.key);
    let mut bounds = Vec::new();
    let from = filter.from.map(|from| {
        let from = query.param(Bind::Date(from));
        conditions.push(format!("r.{date} >= {from}"));
        bounds.push(format!("r2.{date} >= {from}"));
        from
    });
    let to = filter.to.map(|to| {
        let to = query.param(Bind::Date(to));
        conditions.push(format!("r.{date} <= {to}"));
        bounds.push(format!("r2.{date} <= {to}"));
        to
    });
    if date == def.period_field && !bounds.is_empty() {
        query.period_bounds = Some(bounds.join(" AND "));
        let few_days = id_bounds::few_days(filter.from, filter.to);
        if let (Some(from), Some(to), true, true) = (from, to, few_days, query.postgres) {
            query.period_days = Some((from, to));
        }
    }
    if let Some(q) = filter
        .q
        .as_deref()
        .map(search_text)
        .filter(|q| !q.is_empty())
        && !def.search_fields.is_empty()
    {
        query.searches_text = true;
        if let Some(like) = text_condition(def, &q, backend, &mut query) {
            query.like_at = Some(conditions.len());
            conditions.push(like);
        }
    }
    if let (Some(status), Some(field)) = (&filter.status, def.status_field) {
        conditions.push(format!(
            "r.{field} = {}",
            query.param(Bind::Text(status.clone()))
        ));
    }
    let others_set = conditions.len() > usize::from(units.is_some());
    if let Some((from, to)) = filter.due {
        let register = query.param(Bind::Text(def.key.to_owned()));
        let to = query.param(Bind::Date(to));
        let from = from.map_or(String::new(), |from| {
            format!(" AND o.due_date >= {}", query.param(Bind::Date(from)))
        });
        // The records' earliest open due dates (migration 0017), as /alerts counts them.
        let due = format!("o.register = {register} AND o.due_date <= {to}{from}");
        // `+r.org_id`: the units are tested on the list index's entries in order; by the units'
        // index SQLite read and sorted every record of a county clerk's scope (183 ms → 2 ms).
        if let Some(first) = conditions.first_mut().filter(|_| units.is_some()) {
            *first = first.replacen("r.org_id IN", "+r.org_id IN", 1);
        }
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM deadline_record_due o WHERE o.record_id = r.id AND {due})"
        ));
        let kept_alone = !others_set && !query.searches_text && filter.fields.is_empty();
        // The kept dates of the records in the list's units.
        let kept = match &unit_list {
            Some(list) if !list.is_empty() => format!("{due} AND o.org_id IN ({list})"),
            Some(_) => "1 = 0".to_owned(),
            None => due,
        };
        query.due = Some(DueFilter {
            at: conditions.len() - 1,
            units_first: units.is_some(),
            kept,
            register,
            kept_alone,
        });
    }
    for field in &filter.fields {
        let mut next = query.next_param();
        conditions.push(filter_sql(field, &mut next, &mut query.binds));
    }
    // The unit condition comes first; a county is a large share of a city, so it alone never
    // makes a text search's plan worth probing.
    query.narrowing = conditions.len() > usize::from(units.is_some());
    query.conditions = conditions;
    query
}

/// The text to search for: without control characters (no stored field holds one; a NUL is
/// refused by PostgreSQL's text and ends an FTS5 query string), trimmed.
fn search_text(q: &str) -> String {
    let kept: String = q.chars().filter(|c| !c.is_control()).collect();
    kept.trim().to_owned()
}

/// Most text matches for which a filtered page is driven from the FTS5 table without asking
/// how many records the other conditions leave.
pub(crate) const DRIVE_FROM_TEXT_MOST: i64 = 5_000;

/// Shortest search text the trigram indexes serve; a shorter one is matched by `LIKE` over the
/// records the other conditions leave, unless it is a pair of letters or digits.
const TRIGRAM: usize = 3;

/// The FTS5 table of `def` that serves the search text `q` on SQLite: the trigram table
/// (migration 0013) for three or more characters, the pair table (migration 0018) for two
/// letters or digits — one of its tokens, as unicode61 splits text: a pair with a mark or a
/// space in it would not be one token. `None`: `q` is matched by `LIKE`.
fn fts_table(def: &RegisterDef, q: &str) -> Option<String> {
    let chars = q.chars().count();
    if chars >= TRIGRAM {
        Some(format!("{}_fts", def.table))
    } else if chars == 2 && q.chars().all(char::is_alphanumeric) {
        Some(format!("{}_pairs", def.table))
    } else {
        None
    }
}

/// 全文检索 — records with `q` inside one of the register's search fields. On SQLite a text of
/// three or more characters is looked up in the register's FTS5 trigram table (migration
/// 0013), one of two letters or digits in its pair table (0018) — kept in `query.text`,
/// `None` returned; otherwise a `LIKE` condition — on PostgreSQL over the expression of the
/// register's trigram GIN index.
fn text_condition(
    def: &RegisterDef,
    q: &str,
    backend: Backend,
    query: &mut ListQuery,
) -> Option<String> {
    let texts = fazhi_domain::register::bracket_variants(q);
    if let Some(fts) = fts_table(def, q).filter(|_| backend == Backend::Sqlite) {
        // Phrases in double quotes: FTS5 query syntax inside them is literal text.
        let phrases: Vec<String> = (texts.iter())
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect();
        let phrase = phrases.join(" OR ");
        let param = query.param(Bind::Text(phrase.clone()));
        let like = like_condition(def, &texts, backend, query);
        query.text = Some(TextLookup {
            fts,
            param,
            phrase,
            like,
        });
        return None;
    }
    Some(like_condition(def, &texts, backend, query))
}

/// Records with one of `texts` inside one of the search fields, by `LIKE` (their patterns the
/// next parameters).
fn like_condition(
    def: &RegisterDef,
    texts: &[String],
    backend: Backend,
    query: &mut ListQuery,
) -> String {
    let patterns: Vec<String> = (texts.iter())
        .map(|t| query.param(Bind::Text(format!("%{t}%"))))
        .collect();
    if backend == Backend::Postgres {
        // The expression of the register's trigram index (migration 0013), character for
        // character: the fields joined by chr(1), which no search text holds.
        let joined: Vec<String> = def
            .search_fields
            .iter()
            .map(|f| format!("coalesce(r.{f}, '')"))
            .collect();
        let expression = joined.join(" || chr(1) || ");
        let like: Vec<String> = (patterns.iter())
            .map(|p| format!("({expression}) LIKE {p}"))
            .collect();
        return match texts {
            // The pairs' GIN index (migration 0018) finds a two-character text; pg_trgm's
            // serves three or more.
            [q] if q.chars().count() == 2 => {
                let pair = query.param(Bind::Text(q.clone()));
                format!(
                    "text_pairs({expression}) @> ARRAY[CAST({pair} AS TEXT)] AND {}",
                    like[0]
                )
            }
            [_] => like[0].clone(),
            _ => format!("({})", like.join(" OR ")),
        };
    }
    let any: Vec<String> = (def.search_fields.iter())
        .flat_map(|f| patterns.iter().map(move |p| format!("r.{f} LIKE {p}")))
        .collect();
    format!("({})", any.join(" OR "))
}

/// A recursive CTE `name(id)` of unit `root` and its current sub-units.
fn tree_cte(name: &str, root: &str) -> String {
    format!(
        "{name}(id) AS (SELECT CAST({root} AS BIGINT) UNION SELECT v.org_id FROM org_version v \
         JOIN {name} s ON v.parent_id = s.id WHERE v.valid_to IS NULL)"
    )
}

#[cfg(test)]
mod tests;
