//! 年度报告叙述栏 — the narrative paragraphs of annual reports, per org unit, year and slot.

use std::collections::BTreeMap;

use fazhi_domain::audit::AuditAction;

use crate::audit::{AuditPlace, audit_append};
use crate::db::{in_tx, on_db};
use crate::{ScopedStore, StoreError};

impl ScopedStore {
    /// The saved narrative of `org_code`'s report for `year`, by slot key.
    pub async fn report_narratives(
        &self,
        org_code: &str,
        year: i32,
    ) -> Result<BTreeMap<String, String>, StoreError> {
        let org = self.get_org(org_code).await?;
        on_db!(&self.db, pool => {
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT slot, body FROM report_narrative WHERE org_id = $1 AND year = $2",
            )
            .bind(org.id.get())
            .bind(year)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().collect())
        })
    }

    /// Saves narrative slots (an empty text removes the slot's row), in one audited
    /// transaction. Slots not named are left as they are.
    pub async fn save_report_narratives(
        &self,
        org_code: &str,
        year: i32,
        slots: &BTreeMap<String, String>,
    ) -> Result<(), StoreError> {
        self.require(self.principal().role.can_write_records(), "编辑年度报告")?;
        let org = self.get_org(org_code).await?;
        let before = self.report_narratives(org_code, year).await?;
        let changed: BTreeMap<&String, &String> = slots
            .iter()
            .filter(|(k, v)| before.get(*k).map(String::as_str).unwrap_or("") != v.trim())
            .collect();
        if changed.is_empty() {
            return Ok(());
        }
        let now = crate::clock::now_rfc3339();
        let actor = self.principal().username.clone();
        let entity_id = format!("{}-{year}", org.code);
        let reports: Vec<(String, String)> = self
            .data_sets()
            .await?
            .all()
            .iter()
            // A submitted report locks its own slots only (the 法治政府建设年度报告's, or the
            // 政府信息公开工作年度报告's).
            .filter(|s| s.report && changed.keys().any(|slot| s.text.owns_slot(slot)))
            .map(|s| (s.code.clone(), s.name.clone()))
            .collect();
        let is_postgres = self.db.backend() == crate::Backend::Postgres;
        in_tx!(&self.db, conn => {
            // A submitted or accepted report is locked like a form's values (the same per-unit
            // lock as the review steps on PostgreSQL; SQLite's write transaction on SQLite).
            if is_postgres {
                sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(org.id.get())
                    .execute(&mut *conn).await?;
            }
            let states: Vec<(String, String)> = sqlx::query_as(
                "SELECT data_set, status FROM submission WHERE org_id = $1 AND period = $2",
            )
            .bind(org.id.get()).bind(year.to_string())
            .fetch_all(&mut *conn).await?;
            for (set, status) in &states {
                let Some((_, name)) = reports.iter().find(|(code, _)| code == set) else {
                    continue;
                };
                if matches!(status.as_str(), "submitted" | "approved") {
                    return Err(StoreError::Conflict(format!(
                        "《{name}》已上报或已接收,报告内容已锁定;如需修改请先撤回或由审核单位退回"
                    )));
                }
            }
            for (slot, body) in &changed {
                sqlx::query("DELETE FROM report_narrative WHERE org_id = $1 AND year = $2 AND slot = $3")
                    .bind(org.id.get()).bind(year).bind(slot.as_str())
                    .execute(&mut *conn).await?;
                if !body.trim().is_empty() {
                    sqlx::query(
                        "INSERT INTO report_narrative (org_id, year, slot, body, updated_at, updated_by) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(org.id.get()).bind(year).bind(slot.as_str()).bind(body.trim())
                    .bind(&now).bind(&actor)
                    .execute(&mut *conn).await?;
                }
            }
            let old: BTreeMap<&String, Option<&String>> =
                changed.keys().map(|k| (*k, before.get(*k))).collect();
            audit_append!(conn, actor, AuditAction::Update, "report_narrative", entity_id,
                AuditPlace::new(&org.region_code, org.id), Some(&serde_json::json!(old)),
                Some(&serde_json::json!(changed)));
            Ok::<(), StoreError>(())
        })
    }
}
