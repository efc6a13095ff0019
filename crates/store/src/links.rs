//! 关联记录 — a link field's text (the linked record's number, e.g. 案件编号, or `#id`; see
//! [`fazhi_domain::register::link`]) resolved to the id of a record **in the caller's scope**,
//! and stored ids written back as numbers for forms and exports, so that an export imports
//! again. The decision is pure ([`judge`]); the form path ([`ScopedStore::resolve_link`]) and
//! the import (`import/plan.rs`) run its lookups on their own connections.

use std::collections::{HashMap, HashSet};

use fazhi_domain::register::link::{LinkRef, id_text};
use fazhi_domain::register::{LinkCheck, Record, RegisterDef, Value};
use sqlx::AssertSqlSafe;

use crate::db::on_db;
use crate::scope::SCOPE_CTE;
use crate::{ScopedStore, StoreError};

/// Records named alike that are listed in a problem.
const LISTED: i64 = 5;

/// One lookup of a link's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup<'a> {
    /// By the target register's number.
    Number(&'a str),
    /// By record id.
    Id(i64),
}

/// What a lookup's result means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Judged {
    Linked(i64),
    /// What is wrong and what is expected, in Chinese.
    Problem(String),
    /// Look again, by id (a number of digits only that no record has).
    Then(i64),
}

/// The statements of one link field: `$1`, `$2` scope, `$3` the number or the id. Each row is
/// a record's id and its unit's code.
#[derive(Debug, Clone)]
pub(crate) struct LinkSql {
    pub(crate) field: &'static str,
    pub(crate) target: &'static RegisterDef,
    by_number: String,
    by_id: String,
}

impl LinkSql {
    /// The statements of `def`'s record links.
    pub(crate) fn of(def: &RegisterDef) -> Vec<Self> {
        def.links
            .iter()
            .filter_map(|link| match *link {
                LinkCheck::Record { field, target } => {
                    let target = fazhi_domain::register::by_key(target)?;
                    Some(Self::new(field, target))
                }
                LinkCheck::ValidCertificates { .. } | LinkCheck::Evidence { .. } => None,
            })
            .collect()
    }

    fn new(field: &'static str, target: &'static RegisterDef) -> Self {
        let select = format!(
            "{SCOPE_CTE} SELECT r.id, u.code FROM {} r JOIN org_unit u ON u.id = r.org_id WHERE",
            target.table
        );
        let in_scope = "($2 = 'all' OR r.org_id IN (SELECT id FROM scope_ids))";
        Self {
            field,
            target,
            // The regions first: the natural key's unique index is (region_code, key).
            by_number: format!(
                "{select} r.region_code IN (SELECT DISTINCT region_code FROM org_unit) \
                 AND r.{} = $3 AND {in_scope} ORDER BY r.id LIMIT {}",
                target.natural_key,
                LISTED + 1
            ),
            by_id: format!("{select} r.id = $3 AND {in_scope}"),
        }
    }

    /// The statement of `lookup`.
    pub(crate) fn sql(&self, lookup: Lookup<'_>) -> &str {
        match lookup {
            Lookup::Number(_) => &self.by_number,
            Lookup::Id(_) => &self.by_id,
        }
    }
}

/// A link field's value as text to resolve: as typed, or a stored id as `#id` (a record built
/// in code), which is checked for scope like any other (`None`: no link).
pub(crate) fn link_text(value: &Value) -> Option<String> {
    match value {
        Value::Text(text) => Some(text.clone()),
        Value::Int(id) => Some(id_text(*id)),
        _ => None,
    }
}

/// The first lookup of a link's `text`.
pub(crate) fn first_lookup(text: &str) -> Lookup<'_> {
    match LinkRef::read(text) {
        LinkRef::Id(id) => Lookup::Id(id),
        LinkRef::Number(number) => Lookup::Number(number),
    }
}

/// What the records `found` by `lookup` (id, unit code) mean for the link `text` to `target`.
pub(crate) fn judge(
    target: &RegisterDef,
    text: &str,
    lookup: Lookup<'_>,
    found: &[(i64, String)],
) -> Judged {
    let number = target.field(target.natural_key).map_or("编号", |f| f.label);
    match (found, lookup) {
        ([(id, _)], _) => Judged::Linked(*id),
        ([], Lookup::Number(_)) => match LinkRef::read(text).fallback_id() {
            Some(id) => Judged::Then(id),
            None => Judged::Problem(unknown(target, number)),
        },
        ([], Lookup::Id(_)) => Judged::Problem(unknown(target, number)),
        (many, _) => {
            let units: Vec<&str> = many.iter().map(|(_, unit)| unit.as_str()).collect();
            let ids: Vec<String> = many.iter().map(|(id, _)| id_text(*id)).collect();
            Judged::Problem(format!(
                "对应多条{}(单位 {}),「{number}」不唯一:应改填记录号,如 {}",
                target.label,
                units.join("、"),
                ids.join(" 或 ")
            ))
        }
    }
}

fn unknown(target: &RegisterDef, number: &str) -> String {
    format!(
        "没有对应的{0}:应为您数据范围内已登记的{0}的「{number}」,或以 # 开头的记录号",
        target.label
    )
}

impl ScopedStore {
    /// The id of the record of `link.target` that `text` names in the caller's scope, or what
    /// is wrong (the form's and the API's path; the import runs the same lookups).
    pub(crate) async fn resolve_link(
        &self,
        link: &LinkSql,
        text: &str,
    ) -> Result<Result<i64, String>, StoreError> {
        let (root, scope) = self.scope_params();
        let mut lookup = first_lookup(text);
        loop {
            let sql = link.sql(lookup).to_owned();
            let found: Vec<(i64, String)> = on_db!(&self.db, pool => {
                let query = sqlx::query_as(AssertSqlSafe(sql)).bind(root).bind(scope);
                match lookup {
                    Lookup::Number(number) => query.bind(number).fetch_all(pool).await?,
                    Lookup::Id(id) => query.bind(id).fetch_all(pool).await?,
                }
            });
            match judge(link.target, text, lookup, &found) {
                Judged::Linked(id) => return Ok(Ok(id)),
                Judged::Problem(message) => return Ok(Err(message)),
                Judged::Then(id) => lookup = Lookup::Id(id),
            }
        }
    }

    /// 关联记录写作编号 — rewrites the stored ids of `records`' link fields as the linked
    /// records' numbers (`Value::Text`), as a clerk types them: what forms show and exports
    /// write, so that they read back to the same records. A record outside the caller's
    /// scope, or whose number is not unique in it, is written `#id`.
    pub async fn number_links<'r>(
        &self,
        def: &RegisterDef,
        records: impl IntoIterator<Item = &'r mut Record>,
    ) -> Result<(), StoreError> {
        let mut records: Vec<&mut Record> = records.into_iter().collect();
        for link in LinkSql::of(def) {
            let ids: HashSet<i64> = (records.iter())
                .filter_map(|r| r.get(link.field).as_int())
                .collect();
            if ids.is_empty() {
                continue;
            }
            let numbers = self.numbers_of(link.target, ids).await?;
            for record in &mut records {
                if let Some(id) = record.get(link.field).as_int() {
                    let text = numbers.get(&id).cloned().unwrap_or_else(|| id_text(id));
                    record.set(link.field, Value::Text(text));
                }
            }
        }
        Ok(())
    }

    /// The numbers of the records `ids` of `target` in scope, where they name one record.
    async fn numbers_of(
        &self,
        target: &RegisterDef,
        ids: HashSet<i64>,
    ) -> Result<HashMap<i64, String>, StoreError> {
        let (root, scope) = self.scope_params();
        let ids: Vec<i64> = ids.into_iter().collect();
        let key = target.natural_key;
        let in_scope = "($2 = 'all' OR r.org_id IN (SELECT id FROM scope_ids))";
        let mut numbers: HashMap<i64, String> = HashMap::new();
        for part in ids.chunks(500) {
            let list = placeholders(part.len());
            let sql = format!(
                "{SCOPE_CTE} SELECT r.id, r.{key} FROM {} r WHERE r.id IN ({list}) AND {in_scope}",
                target.table
            );
            let rows: Vec<(i64, Option<String>)> = on_db!(&self.db, pool => {
                let mut query = sqlx::query_as(AssertSqlSafe(sql)).bind(root).bind(scope);
                for id in part {
                    query = query.bind(id);
                }
                query.fetch_all(pool).await?
            });
            numbers.extend(rows.into_iter().filter_map(|(id, n)| Some((id, n?))));
        }
        let texts: Vec<String> = numbers
            .values()
            .cloned()
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut shared: HashSet<String> = HashSet::new();
        for part in texts.chunks(500) {
            let list = placeholders(part.len());
            let sql = format!(
                "{SCOPE_CTE} SELECT r.{key} FROM {} r \
                 WHERE r.region_code IN (SELECT DISTINCT region_code FROM org_unit) \
                 AND r.{key} IN ({list}) AND {in_scope} GROUP BY r.{key} HAVING COUNT(*) > 1",
                target.table
            );
            let rows: Vec<String> = on_db!(&self.db, pool => {
                let mut query = sqlx::query_scalar(AssertSqlSafe(sql)).bind(root).bind(scope);
                for text in part {
                    query = query.bind(text);
                }
                query.fetch_all(pool).await?
            });
            shared.extend(rows);
        }
        // A number that reads as `#id`, or names several records, is written by id.
        numbers.retain(|_, n| {
            !shared.contains(n.as_str()) && !matches!(LinkRef::read(n), LinkRef::Id(_))
        });
        Ok(numbers)
    }
}

/// `$3, $4, …` for `n` values after the scope's two.
fn placeholders(n: usize) -> String {
    (0..n)
        .map(|i| format!("${}", i + 3))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;

    fn found(rows: &[(i64, &str)]) -> Vec<(i64, String)> {
        rows.iter().map(|(id, u)| (*id, (*u).to_owned())).collect()
    }

    #[test]
    fn one_record_links_none_falls_back_or_is_unknown_several_are_ambiguous() {
        let t = &ENFORCEMENT_CASES;
        let n = Lookup::Number("LPS-1");
        assert_eq!(
            judge(t, "LPS-1", n, &found(&[(7, "520201")])),
            Judged::Linked(7)
        );
        assert_eq!(judge(t, "17", Lookup::Number("17"), &[]), Judged::Then(17));
        let Judged::Problem(unknown) = judge(t, "LPS-1", n, &[]) else {
            panic!("unknown number")
        };
        assert!(unknown.contains("没有对应的行政执法案件") && unknown.contains("「案件编号」"));
        let Judged::Problem(gone) = judge(t, "#9", Lookup::Id(9), &[]) else {
            panic!("unknown id")
        };
        assert!(gone.contains("没有对应的"), "{gone}");
        let two = found(&[(7, "520201"), (9, "520203")]);
        let Judged::Problem(ambiguous) = judge(t, "LPS-1", n, &two) else {
            panic!("ambiguous")
        };
        assert!(
            ambiguous.contains("520201、520203") && ambiguous.contains("#7 或 #9"),
            "{ambiguous}"
        );
    }
}
