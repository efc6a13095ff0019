//! 合计 — the sum of an amount or integer field over the records a list holds, every record
//! counted (an amount indicator's drill-down is checked against it).

use fazhi_domain::register::{FieldDef, FieldKind, RegisterDef};
use sqlx::AssertSqlSafe;

use crate::db::on_db;
use crate::indicators::bind_all;
use crate::list_query::PageSource;
use crate::{RecordFilter, ScopedStore, StoreError};

impl ScopedStore {
    /// The sum of `field` over the records `filter` lists within the caller's scope (blank
    /// values add nothing; amounts in 分). Paging and the count cap are ignored: this reads
    /// every matching record.
    pub async fn list_total(
        &self,
        def: &'static RegisterDef,
        filter: &RecordFilter,
        field: &'static FieldDef,
    ) -> Result<i64, StoreError> {
        let summable = matches!(field.kind, FieldKind::Amount | FieldKind::Integer { .. });
        if !summable || def.field(field.key).is_none() {
            return Err(StoreError::Conflict(format!(
                "「{}」不是{}可合计的金额或数量字段",
                field.label, def.label
            )));
        }
        let (list, text_plan) = self.planned_list(def, filter).await?;
        let PageSource {
            id,
            from,
            where_clause,
            ..
        } = list.page_source(def, text_plan);
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(t.{}), 0) AS BIGINT) FROM {} t \
             WHERE t.id IN (SELECT {id} FROM {from} {where_clause})",
            field.key, def.table
        );
        on_db!(&self.db, pool => {
            Ok(bind_all!(sqlx::query_scalar(AssertSqlSafe(sql)), &list.binds)
                .fetch_one(pool)
                .await?)
        })
    }
}
