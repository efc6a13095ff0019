//! 导入批次的记录 — a committed import batch as its importer and the units above read it: the
//! file, the counts, and the records it created or updated (from the ids its audit entry
//! lists), a page at a time, each only when it lies in the reader's scope. What the import
//! page's success message links to, so the imported records can be found.

use chrono::NaiveDate;
use fazhi_domain::register::{FieldKind, Record, RegisterDef, Value};
use serde::Serialize;
use sqlx::{AssertSqlSafe, Row};

use crate::db::on_db;
use crate::register::{StoredRecord, decode_record, decode_row, select_sql};
use crate::scope::SCOPE_CTE;
use crate::{ScopedStore, StoreError};

/// register, file name, actor, time, rows, created, updated, unchanged, the audit after-image.
type BatchColumns = (String, String, String, String, i64, i64, i64, i64, String);

/// 导入批次 — one committed import.
#[derive(Debug, Clone, Serialize)]
pub struct ImportBatch {
    pub id: i64,
    /// The register's key (`enforcement-cases`).
    pub register: String,
    pub file_name: String,
    pub actor: String,
    /// When it was committed (RFC 3339, UTC).
    pub at: String,
    pub rows: i64,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    /// The ids created, then those updated, as ascending inclusive ranges.
    pub ids: Vec<(i64, i64)>,
}

impl ImportBatch {
    /// The number of records the batch created or updated.
    pub fn touched(&self) -> i64 {
        self.ids.iter().map(|(a, b)| b - a + 1).sum()
    }

    /// The ids from position `offset` (in the order created, then updated), at most `limit`.
    fn page_ids(&self, offset: i64, limit: i64) -> Vec<i64> {
        let mut skip = offset.max(0);
        let mut ids = Vec::new();
        for (first, last) in &self.ids {
            let len = last - first + 1;
            if skip >= len {
                skip -= len;
                continue;
            }
            let mut id = first + skip;
            skip = 0;
            while id <= *last && (ids.len() as i64) < limit {
                ids.push(id);
                id += 1;
            }
            if ids.len() as i64 >= limit {
                break;
            }
        }
        ids
    }
}

/// `1-3,7` → `[(1, 3), (7, 7)]`; parts that do not read are skipped.
fn ranges(text: &str) -> Vec<(i64, i64)> {
    text.split(',')
        .filter_map(|part| {
            let part = part.trim();
            match part.split_once('-') {
                Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
                None => part.parse().ok().map(|id| (id, id)),
            }
        })
        .filter(|(a, b)| a <= b)
        .collect()
}

impl ScopedStore {
    /// 导入批次 — batch `id`, when its audit entry's unit lies in the caller's scope (the
    /// importer's own unit; not found otherwise).
    pub async fn import_batch(&self, id: i64) -> Result<ImportBatch, StoreError> {
        let (root, scope) = self.scope_params();
        let sql = format!(
            "{SCOPE_CTE} SELECT b.register, b.file_name, b.actor, b.created_at, b.rows_total, \
             b.created_count, b.updated_count, b.unchanged_count, a.after_json \
             FROM import_batch b JOIN audit_log a ON a.entity = 'import_batch' AND a.entity_id = $3 \
             WHERE b.id = $4 AND ($2 = 'all' OR a.org_id IN (SELECT id FROM scope_ids))"
        );
        let row: Option<BatchColumns> = on_db!(&self.db, pool => {
            sqlx::query_as(AssertSqlSafe(sql)).bind(root).bind(scope)
                .bind(id.to_string()).bind(id).fetch_optional(pool).await?
        });
        let Some((register, file_name, actor, at, rows, created, updated, unchanged, after)) = row
        else {
            return Err(StoreError::not_found("导入批次", id.to_string()));
        };
        let after: serde_json::Value = serde_json::from_str(&after).unwrap_or_default();
        let listed = |key: &str| ranges(after.get(key).and_then(|v| v.as_str()).unwrap_or(""));
        let mut ids = listed("created_ids");
        ids.extend(listed("updated_ids"));
        Ok(ImportBatch {
            id,
            register,
            file_name,
            actor,
            at,
            rows,
            created,
            updated,
            unchanged,
            ids,
        })
    }

    /// The records of `batch` (of register `def`) from position `offset`, at most `limit`, in
    /// the order created then updated; those since deleted or outside the caller's scope are
    /// left out.
    pub async fn batch_records(
        &self,
        def: &'static RegisterDef,
        batch: &ImportBatch,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        let ids = batch.page_ids(offset, limit.clamp(0, 1000));
        if ids.is_empty() || batch.register != def.key {
            return Ok(Vec::new());
        }
        let (root, scope) = self.scope_params();
        let list = (0..ids.len())
            .map(|i| format!("${}", i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "{SCOPE_CTE} {} WHERE r.id IN ({list}) \
             AND ($2 = 'all' OR r.org_id IN (SELECT id FROM scope_ids)) ORDER BY r.id",
            select_sql(def)
        );
        let mut records: Vec<StoredRecord> = on_db!(&self.db, pool => {
            let mut query = sqlx::query(AssertSqlSafe(sql)).bind(root).bind(scope);
            for id in &ids {
                query = query.bind(id);
            }
            let rows = query.fetch_all(pool).await?;
            let mut records = Vec::with_capacity(rows.len());
            for row in &rows {
                records.push(decode_row!(def, row));
            }
            records
        });
        // In the batch's order: created first, then updated.
        records.sort_by_key(|r| ids.iter().position(|id| *id == r.id.get()));
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(ids: &str) -> ImportBatch {
        ImportBatch {
            id: 1,
            register: "enforcement-cases".into(),
            file_name: String::new(),
            actor: String::new(),
            at: String::new(),
            rows: 0,
            created: 0,
            updated: 0,
            unchanged: 0,
            ids: ranges(ids),
        }
    }

    #[test]
    fn ranges_are_read_and_paged() {
        assert_eq!(ranges("1-3,7, 9-10,x"), vec![(1, 3), (7, 7), (9, 10)]);
        let b = batch("1-3,7,9-10");
        assert_eq!(b.touched(), 6);
        assert_eq!(b.page_ids(0, 4), vec![1, 2, 3, 7]);
        assert_eq!(b.page_ids(2, 3), vec![3, 7, 9]);
        assert_eq!(b.page_ids(5, 10), vec![10]);
        assert!(b.page_ids(6, 10).is_empty());
    }
}
