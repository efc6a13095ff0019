//! 年度报告 — drafts an org unit's 法治政府建设年度报告 for a year from what the store holds: the
//! unit and its place in the tree (who signs, to whom it goes), the indicators in the caller's
//! scope with 同比, the saved narrative, and the records behind each figure. The web page and
//! `fazhi report` both draft through here.

use std::collections::HashMap;

use fazhi_domain::OrgId;
use fazhi_domain::org::OrgKind;
use fazhi_domain::reporting::report_addressing;
use fazhi_report::{DraftContext, Drafted, LargeCounts, Outline};

use crate::db::on_db;
use crate::{OrgRow, ScopedStore, StoreError};

/// How many levels up a government is looked for (省 › 市 › 县 › 乡 › 部门 › 科室 and some slack).
const MAX_LEVELS: usize = 8;

impl ScopedStore {
    /// 本单位报告 — the unit whose report the user drafts by default: their own unit, or for a
    /// 议事协调机构 (依法治市办) the government it serves, when that is in scope — the office
    /// drafts the government's report rather than a report of its own.
    pub async fn default_report_org(&self) -> Result<OrgRow, StoreError> {
        let orgs = self.list_orgs().await?;
        let by_id: HashMap<OrgId, &OrgRow> = orgs.iter().map(|o| (o.id, o)).collect();
        let own = by_id
            .get(&self.principal().org_id)
            .copied()
            .or_else(|| orgs.first())
            .ok_or_else(|| StoreError::not_found("机构", "(数据范围内无机构)"))?;
        let mut unit = own;
        if own.kind == OrgKind::Office {
            for _ in 0..MAX_LEVELS {
                let Some(parent) = unit.parent_id.and_then(|p| by_id.get(&p).copied()) else {
                    break;
                };
                unit = parent;
                if unit.kind.is_government() {
                    return Ok(unit.clone());
                }
            }
        }
        Ok(own.clone())
    }

    /// The name of the nearest government above `org` (六盘水市 for 钟山区 and for
    /// 六盘水市司法局): the 主送机关 of its report. Read past the caller's scope — a county
    /// clerk addresses the city government by name — and only the name is read.
    async fn government_above(&self, org: &OrgRow) -> Result<Option<String>, StoreError> {
        let mut parent = org.parent_id;
        for _ in 0..MAX_LEVELS {
            let Some(id) = parent else {
                return Ok(None);
            };
            let row: Option<(String, String, Option<i64>)> = on_db!(&self.db, pool => {
                sqlx::query_as(
                    "SELECT u.kind, v.name, v.parent_id FROM org_unit u \
                     JOIN org_version v ON v.org_id = u.id \
                     WHERE u.id = $1 AND v.valid_to IS NULL",
                )
                .bind(id.get())
                .fetch_optional(pool)
                .await?
            });
            let Some((kind, name, next)) = row else {
                return Ok(None);
            };
            if OrgKind::parse(&kind).is_ok_and(OrgKind::is_government) {
                return Ok(Some(name));
            }
            parent = next.map(OrgId::new);
        }
        Ok(None)
    }

    /// Drafts the report of `org_code` for `year` with its saved narrative, dated today
    /// (Beijing time).
    pub async fn draft_annual_report(
        &self,
        org_code: &str,
        year: i32,
        large_counts: LargeCounts,
    ) -> Result<Drafted, StoreError> {
        let org = self.get_org(org_code).await?;
        let above = self.government_above(&org).await?;
        let addressing = report_addressing(org.kind, &org.name, above.as_deref());
        let data = self.indicator_data().await?;
        let outline =
            Outline::embedded(data.catalog).map_err(|e| StoreError::Database(e.to_string()))?;
        let period = fazhi_indicators::Period::Year(year);
        let values = data.compute(org.id, period, true);
        let records = values
            .indicators
            .keys()
            .filter_map(|key| {
                fazhi_indicators::drill_down(data.plan, key, &org.code, period)
                    .map(|url| (key.clone(), url))
            })
            .collect();
        let ctx = DraftContext {
            author: addressing.author,
            year,
            addressee: Some(addressing.addressee),
            date: crate::clock::beijing_today()
                .format("%Y年%-m月%-d日")
                .to_string(),
            large_counts,
            narratives: self.report_narratives(org_code, year).await?,
        };
        Ok(Drafted {
            report: fazhi_report::draft(data.catalog, &outline, &values, &ctx),
            records,
            dashboard: format!("/dashboard?org={}&period={year}", org.code),
        })
    }
}
