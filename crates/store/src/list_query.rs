//! 列表查询 — the SQL of a register list, its export and its API page, built from the filter
//! with a condition only for what is set: no `($n IS NULL OR …)` catch-alls, which keep both
//! planners from using an index. One builder for the list page, the export and the API, so
//! they hold the same records.
//!
//! SQL is assembled from the register definition's `'static` names; every value is a bound
//! parameter.

use crate::RecordFilter;
use crate::indicators::{Bind, filter_sql};
use fazhi_domain::register::RegisterDef;

/// A list's `WITH` clause (empty when no unit tree is needed), `WHERE` clause and parameters.
#[derive(Debug, Default)]
pub(crate) struct ListQuery {
    pub(crate) ctes: String,
    pub(crate) where_clause: String,
    pub(crate) binds: Vec<Bind>,
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
}

/// The records of `def` that `scope` (root unit id, scope kind) sees and `filter` admits, the
/// filter's unit already resolved to its id `filter_org`.
pub(crate) fn list_query(
    def: &RegisterDef,
    filter: &RecordFilter,
    scope: (i64, &'static str),
    filter_org: Option<i64>,
) -> ListQuery {
    let mut query = ListQuery::default();
    let mut ctes = Vec::new();
    let mut conditions = Vec::new();
    if scope.1 != "all" {
        let root = query.param(Bind::Int(scope.0));
        let kind = query.param(Bind::Text(scope.1.to_owned()));
        ctes.push(tree_cte("scope_ids", &root, Some(&kind)));
        conditions.push("r.org_id IN (SELECT id FROM scope_ids)".to_owned());
    }
    if let Some(org) = filter_org {
        let root = query.param(Bind::Int(org));
        ctes.push(tree_cte("filter_ids", &root, None));
        conditions.push("r.org_id IN (SELECT id FROM filter_ids)".to_owned());
    }
    let date = filter
        .date_field
        .and_then(|k| def.field(k))
        .map_or(def.period_field, |f| f.key);
    if let Some(from) = filter.from {
        conditions.push(format!("r.{date} >= {}", query.param(Bind::Date(from))));
    }
    if let Some(to) = filter.to {
        conditions.push(format!("r.{date} <= {}", query.param(Bind::Date(to))));
    }
    if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
        && !def.search_fields.is_empty()
    {
        let pattern = query.param(Bind::Text(format!("%{q}%")));
        let any: Vec<String> = def
            .search_fields
            .iter()
            .map(|f| format!("r.{f} LIKE {pattern}"))
            .collect();
        conditions.push(format!("({})", any.join(" OR ")));
    }
    if let (Some(status), Some(field)) = (&filter.status, def.status_field) {
        conditions.push(format!(
            "r.{field} = {}",
            query.param(Bind::Text(status.clone()))
        ));
    }
    if let Some((from, to)) = filter.due {
        let register = query.param(Bind::Text(def.key.to_owned()));
        let to = query.param(Bind::Date(to));
        let from = from.map_or(String::new(), |from| {
            format!(" AND d.due_date >= {}", query.param(Bind::Date(from)))
        });
        conditions.push(format!(
            "r.id IN (SELECT d.record_id FROM deadline d WHERE d.register = {register} \
             AND d.done_date IS NULL AND d.due_date <= {to}{from})"
        ));
    }
    for field in &filter.fields {
        let mut next = query.next_param();
        conditions.push(filter_sql(field, &mut next, &mut query.binds));
    }
    if !ctes.is_empty() {
        query.ctes = format!("WITH RECURSIVE {}", ctes.join(", "));
    }
    if !conditions.is_empty() {
        query.where_clause = format!("WHERE {}", conditions.join(" AND "));
    }
    query
}

/// A recursive CTE `name(id)` of unit `root` and its current sub-units; with `kind`, the sub-units
/// only when that parameter is `subtree` (a principal's scope).
fn tree_cte(name: &str, root: &str, kind: Option<&str>) -> String {
    let subtree = kind.map_or(String::new(), |k| format!(" AND {k} = 'subtree'"));
    format!(
        "{name}(id) AS (SELECT CAST({root} AS BIGINT) UNION SELECT v.org_id FROM org_version v \
         JOIN {name} s ON v.parent_id = s.id WHERE v.valid_to IS NULL{subtree})"
    )
}

#[cfg(test)]
mod tests {
    use super::list_query;
    use crate::RecordFilter;
    use fazhi_domain::register::by_key;

    #[test]
    fn only_what_is_set_becomes_a_condition() {
        let def = by_key("mediations").expect("register");
        let none = list_query(def, &RecordFilter::default(), (0, "all"), None);
        assert_eq!((none.ctes.as_str(), none.where_clause.as_str()), ("", ""));
        assert!(none.binds.is_empty());

        let filter = RecordFilter {
            status: Some("成功".into()),
            q: Some(" 张 ".into()),
            ..RecordFilter::default()
        };
        let some = list_query(def, &filter, (7, "subtree"), Some(9));
        assert!(
            some.ctes.starts_with("WITH RECURSIVE scope_ids(id)"),
            "{}",
            some.ctes
        );
        assert!(
            some.ctes
                .contains("filter_ids(id) AS (SELECT CAST($3 AS BIGINT)")
        );
        assert!(
            some.where_clause.contains("LIKE $4"),
            "{}",
            some.where_clause
        );
        assert!(
            some.where_clause.contains("r.outcome = $5"),
            "{}",
            some.where_clause
        );
        assert_eq!(some.binds.len(), 5);
        assert!(!some.where_clause.contains("IS NULL OR"));
    }
}
