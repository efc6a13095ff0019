//! 导出 — reading a register's records page by page for the exchange crate's writers.

use chrono::NaiveDate;
use fazhi_domain::RecordId;
use fazhi_domain::register::{FieldKind, Record, RegisterDef, Value};
use sqlx::{AssertSqlSafe, Row};

use crate::register::decode_record;
use crate::scope::SCOPE_CTE;
use crate::{ScopedStore, StoreError, StoredRecord};

impl ScopedStore {
    /// 导出 — a page of the records in scope matching `filter` (its paging ignored), in id
    /// order after `after_id`: keyset paging, so exporting a million records stays linear.
    pub async fn export_page(
        &self,
        def: &'static RegisterDef,
        filter: &crate::RecordFilter,
        after_id: RecordId,
        limit: i64,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        let filter_org = match &filter.org_code {
            Some(code) => Some(self.get_org(code).await?.id),
            None => None,
        };
        let (root, scope) = self.scope_params();
        let mut binds = Vec::new();
        let where_clause = crate::register::where_sql(def, filter, &mut binds);
        let after_at = 11 + binds.len();
        let sql = format!(
            "{SCOPE_CTE}{} {} {where_clause} AND r.id > ${after_at} ORDER BY r.id LIMIT ${}",
            crate::register::FILTER_CTE,
            crate::register::select_sql(def),
            after_at + 1,
        );
        let q = filter.q.as_ref().map(|q| format!("%{}%", q.trim()));
        let (due_from, due_to) = match filter.due {
            Some((from, to)) => (from, Some(to)),
            None => (None, None),
        };
        crate::db::on_db!(&self.db, pool => {
            let rows = crate::indicators::bind_all!(sqlx::query(AssertSqlSafe(sql))
                .bind(root).bind(scope).bind(filter_org.map(|id| id.get())).bind(filter.from).bind(filter.to)
                .bind(q).bind(filter.status.clone())
                .bind(due_to).bind(def.key).bind(due_from), &binds)
                .bind(after_id.get()).bind(limit.clamp(1, 10_000))
                .fetch_all(pool).await?;
            let mut records = Vec::with_capacity(rows.len());
            for row in &rows {
                records.push(crate::register::decode_row!(def, row));
            }
            Ok(records)
        })
    }
}
