//! 年度报告 — drafts an org unit's 法治政府建设年度报告 for a year from what the store holds: the
//! unit and its place in the tree (who signs, to whom it goes), the indicators in the caller's
//! scope with 同比, the saved narrative, and the records behind each figure. The web page and
//! `fazhi report` both draft through here.

use fazhi_domain::reporting::report_addressing;
use fazhi_report::{DraftContext, Drafted, LargeCounts, Outline};

use crate::{ScopedStore, StoreError};

impl ScopedStore {
    /// Drafts the report of `org_code` for `year` with its saved narrative, dated today
    /// (Beijing time).
    pub async fn draft_annual_report(
        &self,
        org_code: &str,
        year: i32,
        large_counts: LargeCounts,
    ) -> Result<Drafted, StoreError> {
        let org = self.get_org(org_code).await?;
        let parent = match &org.parent_code {
            Some(code) => self.get_org(code).await.ok(),
            None => None,
        };
        let addressing = report_addressing(
            org.kind,
            &org.name,
            parent.as_ref().map(|p| p.name.as_str()),
        );
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
