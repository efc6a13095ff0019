//! 被关联 — the records of other registers whose link fields point at a record (a problem found
//! by a 复议纠错 names its reconsideration case; the case's page lists the problem), within the
//! caller's scope: the other half of a link, read from the link columns, never stored twice.

use fazhi_domain::RecordId;
use fazhi_domain::register::{LinkCheck, RegisterDef};
use serde::Serialize;
use sqlx::AssertSqlSafe;

use crate::db::on_db;
use crate::scope::{IN_SCOPE, SCOPE_CTE};
use crate::{ScopedStore, StoreError};

/// At most this many linking records are listed per register and field.
const LIMIT: i64 = 50;

/// The records of one register that link to a record through one field.
#[derive(Debug, Clone, Serialize)]
pub struct LinkedFrom {
    /// The linking register's key (`rectifications`).
    pub register: &'static str,
    /// Its Chinese name (问题整改).
    pub register_label: &'static str,
    /// The link field's label (关联复议案件).
    pub field_label: &'static str,
    /// (id, number) of each linking record, newest first.
    pub records: Vec<(i64, String)>,
}

/// The (register, link field) pairs that point at `target`.
fn fields_pointing_at(
    target: &RegisterDef,
) -> impl Iterator<Item = (&'static RegisterDef, &'static str)> + '_ {
    fazhi_domain::register::all().iter().flat_map(move |def| {
        def.links.iter().filter_map(move |link| match link {
            LinkCheck::Record { field, target: t } if *t == target.key => Some((*def, *field)),
            _ => None,
        })
    })
}

impl ScopedStore {
    /// The records in scope whose link fields point at record `id` of `target`.
    pub async fn records_linking_to(
        &self,
        target: &'static RegisterDef,
        id: RecordId,
    ) -> Result<Vec<LinkedFrom>, StoreError> {
        let (root, scope) = self.scope_params();
        let mut found = Vec::new();
        for (def, field) in fields_pointing_at(target) {
            let sql = format!(
                "{SCOPE_CTE} SELECT r.id, r.{key} FROM {table} r JOIN org_unit u ON u.id = r.org_id \
                 WHERE {IN_SCOPE} AND r.{field} = $3 ORDER BY r.id DESC LIMIT {LIMIT}",
                key = def.natural_key,
                table = def.table,
            );
            let records: Vec<(i64, String)> = on_db!(&self.db, pool => {
                sqlx::query_as(AssertSqlSafe(sql)).bind(root).bind(scope).bind(id.get())
                    .fetch_all(pool).await?
            });
            if !records.is_empty() {
                found.push(LinkedFrom {
                    register: def.key,
                    register_label: def.label,
                    field_label: def.field(field).map_or(field, |f| f.label),
                    records,
                });
            }
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::fields_pointing_at;

    #[test]
    fn a_reconsideration_is_pointed_at_by_litigations_and_problems() {
        let target = fazhi_domain::register::by_key("reconsiderations").expect("register");
        let pairs: Vec<(&str, &str)> = fields_pointing_at(target)
            .map(|(d, f)| (d.key, f))
            .collect();
        assert!(
            pairs.contains(&("litigations", "reconsideration_case_id")),
            "{pairs:?}"
        );
        assert!(
            pairs.contains(&("rectifications", "reconsideration_case_id")),
            "{pairs:?}"
        );
    }
}
