//! 导出 — reading a register's records page by page for the exchange crate's writers.

use chrono::NaiveDate;
use fazhi_domain::RecordId;
use fazhi_domain::register::{FieldKind, Record, RegisterDef, Value};
use sqlx::{AssertSqlSafe, Row};

use crate::list_query::{list_query, list_units};
use crate::register::decode_record;
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
            Some(code) => Some(self.get_org(code).await?.id.get()),
            None => None,
        };
        let units = list_units(&self.db, self.scope_params(), filter_org, !filter.org_only).await?;
        let list = list_query(def, filter, units.as_deref(), self.db.backend());
        let after_at = list.next_param();
        let where_clause = list.where_clause();
        let and = if where_clause.is_empty() {
            "WHERE"
        } else {
            "AND"
        };
        let sql = format!(
            "{} {} {and} r.id > ${after_at} ORDER BY r.id LIMIT ${}",
            crate::register::select_sql(def),
            where_clause,
            after_at + 1,
        );
        crate::db::on_db!(&self.db, pool => {
            let rows = crate::indicators::bind_all!(sqlx::query(AssertSqlSafe(sql)), &list.binds)
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
