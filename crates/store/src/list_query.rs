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
    /// the records in that range bound a text search's matches ([`ListQuery::id_range`]).
    period_bounds: Option<String>,
    /// With a deadline filter: where its condition is among `conditions`, the same condition as
    /// a set of ids to drive the page from, and — when the units are the only other condition —
    /// the count's SQL over the kept due dates alone (its cap, if any, is the next parameter).
    due: Option<DueFilter>,
    pub(crate) binds: Vec<Bind>,
}

#[derive(Debug)]
struct DueFilter {
    at: usize,
    as_set: String,
    count_from: Option<String>,
}

/// Most records of a deadline filter for which the page is driven from their ids (looked up
/// and sorted) rather than from the list index, whose entries are then tested one by one.
pub(crate) const DRIVE_FROM_DUE_MOST: i64 = 2_000;

/// A text search looked up in FTS5: the table, the phrase's placeholder, the phrase.
#[derive(Debug)]
struct TextLookup {
    fts: String,
    param: String,
    phrase: String,
}

/// Where a list page's ids come from, the conditions on them and their order.
pub(crate) struct PageSource {
    pub(crate) from: String,
    pub(crate) where_clause: String,
    pub(crate) order: String,
    /// The same order over `r` alone, for the rows of the page's ids.
    pub(crate) outer_order: String,
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

    /// The source of a list page's ids. A text search is ordered newest entry first. Looked up
    /// in the FTS5 table, it drives the page from there — a page of a common word reads 20
    /// matches instead of sorting all of them — unless filters other than the unit tree are
    /// set and the word has more than [`DRIVE_FROM_TEXT_MOST`] matches (`text_matches`, from
    /// [`ListQuery::text_probe`]): each match would cost a row read to test those filters, so
    /// the matches become a set of ids tested while the other filters' index is scanned.
    /// Without a text search: the period field, newest first, from the `(period, id)` index.
    pub(crate) fn page_source(&self, def: &RegisterDef, text_matches: Option<i64>) -> PageSource {
        let table = def.table;
        let many = text_matches.is_some_and(|n| n > DRIVE_FROM_TEXT_MOST);
        match &self.text {
            Some(_) if many => PageSource {
                from: format!("{table} r"),
                where_clause: self.where_clause(),
                order: "r.id DESC".to_owned(),
                outer_order: "r.id DESC".to_owned(),
            },
            Some(TextLookup { fts, param, .. }) => PageSource {
                from: format!("{fts} JOIN {table} r ON r.id = {fts}.rowid"),
                where_clause: where_of(
                    self.conditions
                        .iter()
                        .cloned()
                        .chain(self.id_range(def, fts))
                        .chain([format!("{fts} MATCH {param}")]),
                ),
                order: format!("{fts}.rowid DESC"),
                outer_order: "r.id DESC".to_owned(),
            },
            None => {
                let order = if self.searches_text {
                    "r.id DESC".to_owned()
                } else {
                    format!("r.{} DESC, r.id DESC", def.period_field)
                };
                PageSource {
                    from: format!("{table} r"),
                    where_clause: where_of(self.conditions.iter().cloned()),
                    outer_order: order.clone(),
                    order,
                }
            }
        }
    }
}

impl ListQuery {
    /// The count's SQL when the kept due dates alone answer it (a deadline filter and units,
    /// nothing else): with `capped`, it counts up to the parameter [`ListQuery::next_param`].
    pub(crate) fn due_count_sql(&self, capped: bool) -> Option<String> {
        let from = self.due.as_ref()?.count_from.as_ref()?;
        Some(if capped {
            format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM {from} LIMIT ${}) c",
                self.next_param()
            )
        } else {
            format!("SELECT COUNT(*) FROM {from}")
        })
    }

    /// Drives the page from the ids of the deadline filter's records (few of them: each is
    /// looked up and the page sorted) instead of testing the list index's entries in order.
    pub(crate) fn drive_from_due(&mut self) {
        if let Some(due) = &self.due {
            self.conditions[due.at] = due.as_set.clone();
        }
    }

    /// With a period range, a text search's matches bounded by the smallest and largest id of
    /// the records in that range (read from the period index): FTS5 skips the matches outside
    /// it. Ids follow the order records were written, which follows their dates closely, so a
    /// month of a word in 645,182 records reads about that month's matches (0.4 s → 60 ms);
    /// were they unrelated, the bound would only be wide, never wrong.
    fn id_range(&self, def: &RegisterDef, fts: &str) -> Option<String> {
        let bounds = self.period_bounds.as_ref()?;
        let table = def.table;
        Some(format!(
            "{fts}.rowid BETWEEN (SELECT MIN(r2.id) FROM {table} r2 WHERE {bounds}) \
             AND (SELECT MAX(r2.id) FROM {table} r2 WHERE {bounds})"
        ))
    }
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
    let mut query = ListQuery::default();
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
    }
    let date = filter
        .date_field
        .and_then(|k| def.field(k))
        .map_or(def.period_field, |f| f.key);
    let mut bounds = Vec::new();
    if let Some(from) = filter.from {
        let from = query.param(Bind::Date(from));
        conditions.push(format!("r.{date} >= {from}"));
        bounds.push(format!("r2.{date} >= {from}"));
    }
    if let Some(to) = filter.to {
        let to = query.param(Bind::Date(to));
        conditions.push(format!("r.{date} <= {to}"));
        bounds.push(format!("r2.{date} <= {to}"));
    }
    if date == def.period_field && !bounds.is_empty() {
        query.period_bounds = Some(bounds.join(" AND "));
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
        let only_units = !others_set && !query.searches_text && filter.fields.is_empty();
        // The kept dates of the records in the list's units.
        let kept = match &unit_list {
            Some(list) if !list.is_empty() => {
                format!("deadline_record_due o WHERE {due} AND o.org_id IN ({list})")
            }
            Some(_) => "deadline_record_due o WHERE 1 = 0".to_owned(),
            None => format!("deadline_record_due o WHERE {due}"),
        };
        query.due = Some(DueFilter {
            at: conditions.len() - 1,
            as_set: format!("r.id IN (SELECT o.record_id FROM {kept})"),
            count_from: only_units.then_some(kept),
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

/// Most text matches for which a filtered page is driven from the FTS5 table.
const DRIVE_FROM_TEXT_MOST: i64 = 5_000;

/// Shortest search text the trigram indexes serve; a shorter one is matched by `LIKE` over the
/// records the other conditions leave.
const TRIGRAM: usize = 3;

/// 全文检索 — records with `q` inside one of the register's search fields. On SQLite a text of
/// three or more characters is looked up in the register's FTS5 trigram table (migration
/// 0013; kept in `query.text`, `None` returned); otherwise a `LIKE` condition — on PostgreSQL
/// over the expression of the register's trigram GIN index.
fn text_condition(
    def: &RegisterDef,
    q: &str,
    backend: Backend,
    query: &mut ListQuery,
) -> Option<String> {
    if backend == Backend::Sqlite && q.chars().count() >= TRIGRAM {
        // A phrase in double quotes: FTS5 query syntax inside it is literal text.
        let phrase = format!("\"{}\"", q.replace('"', "\"\""));
        let param = query.param(Bind::Text(phrase.clone()));
        query.text = Some(TextLookup {
            fts: format!("{}_fts", def.table),
            param,
            phrase,
        });
        return None;
    }
    let pattern = query.param(Bind::Text(format!("%{q}%")));
    if backend == Backend::Postgres {
        // The expression of the register's trigram index (migration 0013), character for
        // character: the fields joined by chr(1), which no search text holds.
        let joined: Vec<String> = def
            .search_fields
            .iter()
            .map(|f| format!("coalesce(r.{f}, '')"))
            .collect();
        return Some(format!(
            "({}) LIKE {pattern}",
            joined.join(" || chr(1) || ")
        ));
    }
    let any: Vec<String> = def
        .search_fields
        .iter()
        .map(|f| format!("r.{f} LIKE {pattern}"))
        .collect();
    Some(format!("({})", any.join(" OR ")))
}

/// A recursive CTE `name(id)` of unit `root` and its current sub-units.
fn tree_cte(name: &str, root: &str) -> String {
    format!(
        "{name}(id) AS (SELECT CAST({root} AS BIGINT) UNION SELECT v.org_id FROM org_version v \
         JOIN {name} s ON v.parent_id = s.id WHERE v.valid_to IS NULL)"
    )
}

#[cfg(test)]
mod tests {
    use super::list_query;
    use crate::{Backend, RecordFilter};
    use fazhi_domain::register::by_key;

    #[test]
    fn only_what_is_set_becomes_a_condition() {
        let def = by_key("mediations").expect("register");
        let none = list_query(def, &RecordFilter::default(), None, Backend::Postgres);
        assert_eq!(none.where_clause(), "");
        assert!(none.binds.is_empty());

        let filter = RecordFilter {
            status: Some("成功".into()),
            q: Some(" 张 ".into()),
            ..RecordFilter::default()
        };
        let some = list_query(def, &filter, Some(&[7, 9]), Backend::Postgres);
        let clause = some.where_clause();
        assert!(
            clause.starts_with("WHERE r.org_id IN ($1, $2) AND "),
            "{clause}"
        );
        assert!(clause.contains("LIKE $3"), "{clause}");
        assert!(clause.contains("r.outcome = $4"), "{clause}");
        assert_eq!(some.binds.len(), 4);
        let nothing = list_query(def, &RecordFilter::default(), Some(&[]), Backend::Postgres);
        assert_eq!(nothing.where_clause(), "WHERE 1 = 0", "no unit: no record");
        assert!(!clause.contains("IS NULL OR"));
    }

    #[test]
    fn a_text_search_on_sqlite_drives_the_page_from_its_fts_table() {
        let def = by_key("enforcement-cases").expect("register");
        let filter = RecordFilter {
            q: Some("有限公司".into()),
            ..RecordFilter::default()
        };
        let list = list_query(def, &filter, None, Backend::Sqlite);
        assert!(list.text_probe().is_none(), "no other filter: no choice");
        let scoped = list_query(def, &filter, Some(&[7, 9]), Backend::Sqlite);
        assert!(
            scoped.text_probe().is_none(),
            "the unit tree alone: no choice"
        );
        let page = list.page_source(def, None);
        assert_eq!(
            page.from,
            "enforcement_case_fts JOIN enforcement_case r ON r.id = enforcement_case_fts.rowid"
        );
        assert_eq!(page.where_clause, "WHERE enforcement_case_fts MATCH $1");
        assert_eq!(page.order, "enforcement_case_fts.rowid DESC");
        assert_eq!(
            list.where_clause(),
            "WHERE +r.id IN (SELECT rowid FROM enforcement_case_fts \
             WHERE enforcement_case_fts MATCH $1)"
        );
        // Two characters: no trigram, a LIKE over the search fields, newest entry first.
        let short = RecordFilter {
            q: Some("徐磊".into()),
            ..RecordFilter::default()
        };
        let list = list_query(def, &short, None, Backend::Sqlite);
        let page = list.page_source(def, None);
        assert!(page.where_clause.contains("r.party_name LIKE $1"));
        assert_eq!(page.order, "r.id DESC");

        // With a period filter, the matches are bounded by the ids of the period's records.
        let month = RecordFilter {
            q: Some("有限公司".into()),
            from: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
            to: chrono::NaiveDate::from_ymd_opt(2024, 3, 31),
            ..RecordFilter::default()
        };
        let list = list_query(def, &month, None, Backend::Sqlite);
        assert!(list.text_probe().is_none(), "the period bounds the matches");
        let page = list.page_source(def, None);
        assert!(
            page.where_clause.contains(
                "enforcement_case_fts.rowid BETWEEN (SELECT MIN(r2.id) FROM enforcement_case r2 \
                 WHERE r2.filed_date >= $1 AND r2.filed_date <= $2)"
            ),
            "{}",
            page.where_clause
        );

        // With another filter, a common word's matches become a set of ids.
        let filtered = RecordFilter {
            q: Some("有限公司".into()),
            status: Some("已立案".into()),
            ..RecordFilter::default()
        };
        let list = list_query(def, &filtered, None, Backend::Sqlite);
        let (probe, phrase) = list.text_probe().expect("a choice");
        assert!(probe.contains("MATCH $1 LIMIT 5001"), "{probe}");
        assert_eq!(phrase, "\"有限公司\"");
        assert!(list.page_source(def, Some(40)).from.contains("JOIN"));
        let many = list.page_source(def, Some(5_001));
        assert_eq!(many.from, "enforcement_case r");
        assert!(many.where_clause.contains("+r.id IN (SELECT rowid"));
    }
}
