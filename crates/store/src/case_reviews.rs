//! 案卷评查评分 — each drawn case file scored by the office against the scoring standard
//! (`fazhi_domain::case_review`, migration 0026). Only a file the draw drew can be scored, only
//! by the office or an administrator with the draw in scope; a re-score keeps its before-image
//! in the audit.

use fazhi_domain::audit::AuditAction;
use fazhi_domain::case_review::{Scored, Standard};
use serde::Serialize;

use crate::audit::{AuditPlace, audit_append};
use crate::db::{in_tx, on_db};
use crate::{ScopedStore, StoreError};

/// The score of one drawn file.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CaseScore {
    pub record_id: i64,
    /// The ticked items' codes, comma-separated.
    pub items: String,
    pub total: i64,
    pub grade: String,
    pub comment: String,
    pub scored_at: String,
    pub scored_by: String,
}

impl ScopedStore {
    /// The scores of draw `draw`'s files.
    pub async fn case_scores(&self, draw: i64) -> Result<Vec<CaseScore>, StoreError> {
        self.get_draw(draw).await?;
        Ok(on_db!(&self.db, pool => {
            sqlx::query_as(
                "SELECT record_id, items, total, grade, comment, scored_at, scored_by \
                 FROM case_review_score WHERE draw_id = $1 ORDER BY record_id",
            )
            .bind(draw)
            .fetch_all(pool).await?
        }))
    }

    /// Scores drawn file `record` of draw `draw` by the ticked item codes (replacing an earlier
    /// score, audited with it).
    pub async fn score_case(
        &self,
        draw: i64,
        record: i64,
        ticked: &[&str],
        comment: &str,
    ) -> Result<Scored, StoreError> {
        let p = self.principal();
        self.require(
            matches!(
                p.role,
                fazhi_domain::account::Role::Admin | fazhi_domain::account::Role::Office
            ),
            "案卷评查评分",
        )?;
        let d = self.get_draw(draw).await?;
        let drawn = d
            .drawn
            .iter()
            .find(|x| x.id == record)
            .ok_or_else(|| StoreError::not_found("抽中的案卷", record.to_string()))?;
        let org = self.get_org(&drawn.unit).await?;
        let standard = Standard::embedded()?;
        let scored = standard.score(ticked)?;
        let items = ticked.join(",");
        let comment = comment.trim().chars().take(2000).collect::<String>();
        let before = self
            .case_scores(draw)
            .await?
            .into_iter()
            .find(|s| s.record_id == record);
        let now = crate::clock::now_rfc3339();
        let actor = p.username.clone();
        let after = serde_json::json!({
            "draw": draw, "record_id": record, "number": drawn.number, "items": items,
            "total": scored.total, "grade": scored.grade, "comment": comment,
        });
        let action = if before.is_some() {
            AuditAction::Update
        } else {
            AuditAction::Create
        };
        let before_json = before.as_ref().map(|b| serde_json::json!(b));
        in_tx!(&self.db, conn => {
            sqlx::query("DELETE FROM case_review_score WHERE draw_id = $1 AND record_id = $2")
                .bind(draw).bind(record)
                .execute(&mut *conn).await?;
            sqlx::query(
                "INSERT INTO case_review_score (draw_id, record_id, region_code, org_id, items, \
                 total, grade, comment, scored_at, scored_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(draw).bind(record).bind(&org.region_code).bind(org.id.get()).bind(&items)
            .bind(i64::from(scored.total)).bind(&scored.grade).bind(&comment)
            .bind(&now).bind(&actor)
            .execute(&mut *conn).await?;
            audit_append!(conn, actor, action, "case_review_score", format!("{draw}-{record}"),
                AuditPlace::new(&org.region_code, org.id), before_json.as_ref(), Some(&after));
            Ok::<(), StoreError>(())
        })?;
        Ok(scored)
    }
}
