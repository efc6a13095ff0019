//! 政府信息公开工作年度报告 — a unit's report for a year, drafted from what the store holds: 表三
//! and 表四 counted from the register of 政府信息公开申请 of the unit and its sub-units (in the
//! caller's scope), 表二 from indicator values, the text sections from the saved narratives.

use chrono::NaiveDate;
use fazhi_calendar::DeadlineOptions;
use fazhi_domain::RecordId;
use fazhi_domain::disclosure_annual::{self, DisclosureTables};
use fazhi_domain::org::OrgKind;
use fazhi_domain::register::information_request::INFORMATION_REQUESTS;
use fazhi_report::{DisclosureReport, Report, Table};

use crate::deadline::read_engine;
use crate::{RecordFilter, ScopedStore, StoreError};

/// Rows of 表二 (国办公开办函〔2021〕30号; LEGAL-RULES-2 §9, some rows 「未经证实」): (block,
/// item, column, the catalog indicator that holds the figure — `None` where the catalog has
/// none yet, printed as 「—」 for the unit to fill in by hand).
const PROACTIVE_ROWS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "第二十条第(一)项",
        "规章",
        "本年制发件数",
        Some("legislation.rules"),
    ),
    ("第二十条第(一)项", "规章", "本年废止件数", None),
    (
        "第二十条第(一)项",
        "规章",
        "现行有效件数",
        Some("legislation.rules_total"),
    ),
    (
        "第二十条第(一)项",
        "行政规范性文件",
        "本年制发件数",
        Some("normative_docs.issued"),
    ),
    (
        "第二十条第(一)项",
        "行政规范性文件",
        "本年废止件数",
        Some("normative_docs.repealed"),
    ),
    ("第二十条第(一)项", "行政规范性文件", "现行有效件数", None),
    (
        "第二十条第(五)项",
        "行政许可",
        "本年处理决定数量",
        Some("enforcement.licensing_cases"),
    ),
    (
        "第二十条第(六)项",
        "行政处罚",
        "本年处理决定数量",
        Some("enforcement.penalty_cases"),
    ),
    (
        "第二十条第(六)项",
        "行政强制",
        "本年处理决定数量",
        Some("enforcement.coercion_cases"),
    ),
    (
        "第二十条第(八)项",
        "行政事业性收费",
        "本年收费金额(万元)",
        None,
    ),
];

/// A drafted report and what its check found (empty when the tables balance).
#[derive(Debug, Clone)]
pub struct DraftedDisclosure {
    pub report: Report,
    pub tables: DisclosureTables,
    /// The format's check, in Chinese: a report with problems is not exported.
    pub problems: Vec<String>,
    /// 公布期限 (条例第四十九条): 1月31日 for a department, 3月31日 for a government's
    /// report; `None` when the rule book cannot compute it.
    pub due: Option<ReportDue>,
}

/// When the report must be published, and why.
#[derive(Debug, Clone)]
pub struct ReportDue {
    pub rule_name: String,
    pub due: NaiveDate,
    pub explanation: Vec<String>,
}

/// The rule of a unit's report: a 县级以上 government's (the summary its 主管部门 publishes by
/// 31 March) or any other organ's (by 31 January).
fn due_rule(kind: OrgKind) -> &'static str {
    if matches!(kind, OrgKind::Province | OrgKind::City | OrgKind::County) {
        "disclosure.annual_report_government"
    } else {
        "disclosure.annual_report"
    }
}

impl ScopedStore {
    /// 表三、表四 of `org_code` and its sub-units for `year`, counted over every request in the
    /// caller's scope (the carried-over ones come from earlier years).
    pub async fn disclosure_tables(
        &self,
        org_code: &str,
        year: i32,
    ) -> Result<DisclosureTables, StoreError> {
        // Requests received after the year count in none of its rows (a challenge follows a
        // reply, which follows the receipt); earlier ones may be carried over, so no lower bound.
        let filter = RecordFilter {
            org_code: Some(org_code.to_owned()),
            to: NaiveDate::from_ymd_opt(year, 12, 31),
            ..RecordFilter::default()
        };
        let mut records = Vec::new();
        let mut after = RecordId::new(0);
        loop {
            let page = self
                .export_page(&INFORMATION_REQUESTS, &filter, after, 5_000)
                .await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            records.extend(page.into_iter().map(|r| r.record));
        }
        Ok(disclosure_annual::count(&records, year))
    }

    /// 政府信息公开工作年度报告 of `org_code` for `year`.
    pub async fn draft_disclosure_report(
        &self,
        org_code: &str,
        year: i32,
    ) -> Result<DraftedDisclosure, StoreError> {
        let org = self.get_org(org_code).await?;
        let tables = self.disclosure_tables(org_code, year).await?;
        let data = self.indicator_data().await?;
        let values = data.compute(org.id, fazhi_indicators::Period::Year(year), true);
        let proactive = Table {
            caption: "表二 主动公开政府信息情况".to_owned(),
            header: ["信息内容", "项目", "指标", "数量"]
                .map(String::from)
                .to_vec(),
            rows: PROACTIVE_ROWS
                .iter()
                .map(|(block, item, column, key)| {
                    let value = key
                        .and_then(|k| values.value(k))
                        .map_or_else(|| "—".to_owned(), |v| format!("{v}"));
                    vec![(*block).into(), (*item).into(), (*column).into(), value]
                })
                .collect(),
        };
        let applications = Table {
            caption: "表三 收到和处理政府信息公开申请情况".to_owned(),
            header: disclosure_annual::application_header(),
            rows: disclosure_annual::application_rows(&tables.applications),
        };
        let challenges = Table {
            caption: "表四 政府信息公开行政复议、行政诉讼情况".to_owned(),
            header: disclosure_annual::challenge_header(),
            rows: disclosure_annual::challenge_rows(&tables.challenges),
        };
        let report = fazhi_report::disclosure_report(&DisclosureReport {
            author: org.name.clone(),
            year,
            date: crate::clock::beijing_today()
                .format("%Y年%-m月%-d日")
                .to_string(),
            proactive,
            applications,
            challenges,
            narratives: self.report_narratives(org_code, year).await?,
        });
        let problems = tables.applications.check();
        let due = NaiveDate::from_ymd_opt(year, 12, 31).and_then(|last| {
            let engine = read_engine(&self.engine);
            let d = engine
                .compute_or_provisional(due_rule(org.kind), last, &DeadlineOptions::default())
                .ok()?;
            Some(ReportDue {
                rule_name: d.rule_name,
                due: d.due,
                explanation: d.explanation,
            })
        });
        Ok(DraftedDisclosure {
            report,
            tables,
            problems,
            due,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::PROACTIVE_ROWS;

    /// 表二 names its figures by catalog key: a misspelt key would print 「—」 for ever.
    #[test]
    fn proactive_rows_name_catalog_indicators() {
        let catalog = crate::review::catalog().expect("the embedded catalog");
        for (_, item, column, key) in PROACTIVE_ROWS {
            if let Some(key) = key {
                assert!(catalog.contains(key), "{item} {column}: {key}");
            }
        }
    }
}
