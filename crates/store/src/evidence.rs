//! 佐证材料 — a record that [`LinkCheck::Evidence`](fazhi_domain::register::LinkCheck) says
//! must show evidence (a problem reported rectified) has it in its text field or as a file
//! attached to it. The domain judges the text ([`RegisterDef::missing_evidence`]); the files
//! are here. A new record has no files yet, so its evidence must be written; files cannot be
//! removed, so a file counted before the write still counts at the commit.

use fazhi_domain::RecordId;
use fazhi_domain::register::{FieldError, Record, RegisterDef};

use crate::db::on_db;
use crate::{ScopedStore, StoreError};

/// The number of files uploaded to record `$2` of register `$1`. A document the system
/// attached (`origin`: a 督办函 sent to the unit) is not the unit's evidence.
pub(crate) const FILE_COUNT_SQL: &str = "SELECT COUNT(*) FROM record_file \
     WHERE register = $1 AND record_id = $2 AND origin IS NULL";

/// Which of `count` record ids (`$2` …) of register `$1` have an uploaded file.
pub(crate) fn filed_sql(count: usize) -> String {
    let list: Vec<String> = (0..count).map(|i| format!("${}", i + 2)).collect();
    format!(
        "SELECT DISTINCT record_id FROM record_file WHERE register = $1 AND origin IS NULL \
         AND record_id IN ({})",
        list.join(", ")
    )
}

impl ScopedStore {
    /// The evidence problems of `record` of `def`, written as a new record (`stored: None`)
    /// or over stored record `stored`, whose files count as evidence.
    pub(crate) async fn evidence_problems(
        &self,
        def: &'static RegisterDef,
        record: &Record,
        stored: Option<RecordId>,
    ) -> Result<Vec<FieldError>, StoreError> {
        let missing = def.missing_evidence(record);
        let Some(id) = stored.filter(|_| !missing.is_empty()) else {
            return Ok(missing);
        };
        let files: i64 = on_db!(&self.db, pool => {
            sqlx::query_scalar(FILE_COUNT_SQL).bind(def.key).bind(id.get())
                .fetch_one(pool).await?
        });
        Ok(if files > 0 { Vec::new() } else { missing })
    }
}
