//! 双随机、一公开 — what a 双随机 draw needs beyond a draw of records (`crate::draws`): the
//! officers' pool (the certificates valid on the day of the draw under the draw's unit), the
//! officers earlier draws sent to each object (avoided again), and the 抽查 records a draw
//! hands out, written all or nothing through the import ([`ScopedStore::import_records`]).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use fazhi_domain::account::Role;
use fazhi_domain::draw::Drawn;
use fazhi_domain::draw::officers::Officer;
use fazhi_domain::register::RegisterDef;
use fazhi_domain::register::double_random::{INSPECTION_OBJECTS, RANDOM_INSPECTIONS};
use sqlx::AssertSqlSafe;

use crate::db::on_db;
use crate::draws::UNDER_CTE;
use crate::import::{ImportChunk, ImportOptions, ImportOutcome, ImportProblem, ImportRow};
use crate::scope::{IN_SCOPE, SCOPE_CTE};
use crate::{ScopedStore, StoreError};

/// How many years of earlier draws count as recent for 连续抽中回避: the draw's and the one
/// before.
const RECENT_YEARS: i32 = 1;

/// What a clerk gives to hand out a draw's inspections.
#[derive(Debug, Clone)]
pub struct InspectionTask {
    /// 抽查事项 (an item of the 随机抽查事项清单).
    pub matter: String,
    /// 计划检查日期.
    pub planned_date: String,
}

impl ScopedStore {
    /// The officers' pool of a draw under `under` on `day`: every certificate of a unit of the
    /// subtree (in the caller's scope) issued on or before `day` and not revoked by then.
    pub(crate) async fn officer_pool(
        &self,
        under: &str,
        day: NaiveDate,
    ) -> Result<Vec<Officer>, StoreError> {
        let org = self.get_org(under).await?;
        let sql = format!(
            "{SCOPE_CTE}{UNDER_CTE} SELECT r.certificate_no, u.code \
             FROM enforcement_certificate r JOIN org_unit u ON u.id = r.org_id \
             WHERE {IN_SCOPE} AND r.org_id IN (SELECT id FROM under_ids) \
             AND r.certificate_no IS NOT NULL AND r.status IN ('issued', 'revoked') \
             AND r.issued_date <= $4 AND (r.revoked_date IS NULL OR r.revoked_date > $5)"
        );
        let (root, scope) = self.scope_params();
        let rows: Vec<(String, String)> = on_db!(&self.db, pool => {
            sqlx::query_as(AssertSqlSafe(sql))
                .bind(root).bind(scope).bind(org.id.get()).bind(day).bind(day)
                .fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(certificate_no, unit)| Officer {
                certificate_no,
                unit,
            })
            .collect())
    }

    /// The (object, officer) pairs of the 双随机 draws of `region` in `year` and
    /// the year before, made before draw `before` (all of them when `None`).
    pub(crate) async fn earlier_pairs(
        &self,
        region: &str,
        year: i32,
        before: Option<i64>,
    ) -> Result<BTreeSet<(String, String)>, StoreError> {
        let rows: Vec<String> = on_db!(&self.db, pool => {
            sqlx::query_scalar(
                "SELECT drawn FROM record_draw WHERE register = $1 AND region_code = $2 \
                 AND year >= $3 AND year <= $4 AND id < $5",
            )
            .bind(INSPECTION_OBJECTS.key).bind(region)
            .bind(year - RECENT_YEARS).bind(year).bind(before.unwrap_or(i64::MAX))
            .fetch_all(pool).await?
        });
        let mut pairs = BTreeSet::new();
        for json in rows {
            let drawn: Vec<Drawn> = serde_json::from_str(&json)
                .map_err(|_| StoreError::Conflict("早先的双随机抽取记录无法读取".into()))?;
            for d in drawn {
                pairs.extend(d.officers.into_iter().map(|o| (d.number.clone(), o)));
            }
        }
        Ok(pairs)
    }

    /// How many 抽查 records draw `draw_id` (in the caller's scope) has handed out.
    pub async fn inspections_handed_out(&self, draw_id: i64) -> Result<i64, StoreError> {
        self.get_draw(draw_id).await?;
        Ok(on_db!(&self.db, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM random_inspection WHERE draw_id = $1")
                .bind(draw_id).fetch_one(pool).await?
        }))
    }

    /// 生成抽查任务 — writes one 抽查 record per object of 双随机 draw `draw_id` (抽查编号
    /// `<draw>-<n>`, the officers it sent, the unit of the object), all or nothing. A draw hands
    /// out its inspections once.
    pub async fn register_inspections(
        &self,
        draw_id: i64,
        task: &InspectionTask,
    ) -> Result<ImportOutcome, StoreError> {
        // Handing out a draw is the office's, as running one is.
        let role = self.principal().role;
        self.require(matches!(role, Role::Admin | Role::Office), "生成抽查任务")?;
        let draw = self.get_draw(draw_id).await?;
        if draw.officers.is_none() {
            return Err(StoreError::Conflict(
                "只有双随机抽取(检查对象名录库)才能生成抽查任务".into(),
            ));
        }
        let handed_out = self.inspections_handed_out(draw_id).await?;
        if handed_out > 0 {
            return Err(StoreError::Conflict(format!(
                "第{draw_id}号抽取已生成抽查任务({handed_out}条),请在双随机抽查登记簿中查看"
            )));
        }
        let chunk = inspection_rows(
            &RANDOM_INSPECTIONS,
            draw_id,
            &draw.campaign,
            &draw.drawn,
            task,
        );
        let (sender, receiver) = tokio::sync::mpsc::channel(1);
        sender
            .send(chunk)
            .await
            .map_err(|_| StoreError::Database("抽查任务未能写入".into()))?;
        drop(sender);
        self.import_records(&RANDOM_INSPECTIONS, &ImportOptions::default(), receiver)
            .await
    }
}

/// The 抽查 rows of a draw, parsed as a clerk's rows would be: line n is the n-th object.
fn inspection_rows(
    def: &'static RegisterDef,
    draw_id: i64,
    campaign: &str,
    drawn: &[Drawn],
    task: &InspectionTask,
) -> ImportChunk {
    let mut chunk = ImportChunk::default();
    for (n, object) in (1u64..).zip(drawn) {
        let raw: BTreeMap<String, String> = [
            ("inspection_no", format!("{draw_id}-{n:03}")),
            ("task_name", campaign.to_owned()),
            ("draw_id", draw_id.to_string()),
            (
                "object_id",
                fazhi_domain::register::link::id_text(object.id),
            ),
            ("matter", task.matter.clone()),
            ("officers", object.officers.join("、")),
            ("planned_date", task.planned_date.clone()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        match def.parse(&raw) {
            Ok(record) => chunk.rows.push(ImportRow {
                line: n,
                org_code: Some(object.unit.clone()),
                record,
            }),
            Err(errors) => chunk
                .problems
                .extend(errors.into_iter().map(|e| ImportProblem {
                    line: n,
                    field: e.field,
                    value: e.value,
                    message: e.message,
                })),
        }
    }
    chunk
}
