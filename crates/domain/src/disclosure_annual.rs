//! 政府信息公开工作年度报告 — the tables of the national format (国办公开办函〔2021〕30号) that a
//! unit's register of 政府信息公开申请 fills: 表三 (applications received and handled, by
//! applicant column) and 表四 (复议 and 诉讼 over replies), with the format's own check
//! 「本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理」 on every column. 表二 (主动公开)
//! comes from indicator values, the text sections from narratives: the web edge puts them
//! together. No IO here.

use chrono::{Datelike, NaiveDate};

use crate::register::Record;
use crate::register::information_request::{APPLICANT_TYPES, OUTCOMES, RESULTS};

/// The columns of 表三: the six applicant types, then 总计.
pub const APPLICANT_COLUMNS: usize = 6;

/// One row of 表三: a count per applicant type.
pub type Counts = [u64; APPLICANT_COLUMNS];

/// 表三 — 收到和处理政府信息公开申请情况.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicationTable {
    /// 一、本年新收政府信息公开申请数量.
    pub received: Counts,
    /// 二、上年结转政府信息公开申请数量.
    pub carried_in: Counts,
    /// 三、本年度办理结果, one row per [`RESULTS`] code, in that order.
    pub results: Vec<Counts>,
    /// 四、结转下年度继续办理.
    pub carried_out: Counts,
    /// Requests replied in the year without a category (data the rules now refuse, kept from
    /// before): their numbers, so the check can name them.
    pub unclassified: Vec<String>,
}

/// 表四 — 政府信息公开行政复议、行政诉讼情况: three groups (行政复议, 未经复议直接起诉,
/// 复议后起诉) of [`OUTCOMES`] counts (结果维持, 结果纠正, 其他结果, 尚未审结).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChallengeTable {
    pub reconsideration: [u64; 4],
    pub direct_suit: [u64; 4],
    pub suit_after_reconsideration: [u64; 4],
}

/// The year's tables of one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureTables {
    pub year: i32,
    pub applications: ApplicationTable,
    pub challenges: ChallengeTable,
}

/// 总计 of a row.
pub fn total(row: &Counts) -> u64 {
    row.iter().sum()
}

fn column_of(record: &Record) -> Option<usize> {
    let code = record.text("applicant_type")?;
    APPLICANT_TYPES.iter().position(|o| o.code == code)
}

fn in_year(date: Option<NaiveDate>, year: i32) -> bool {
    date.is_some_and(|d| d.year() == year)
}

/// Counts the tables of `year` over the unit's requests (every year's: the carried-over
/// requests come from earlier years).
pub fn count(records: &[Record], year: i32) -> DisclosureTables {
    let mut a = ApplicationTable {
        results: vec![[0; APPLICANT_COLUMNS]; RESULTS.len()],
        ..ApplicationTable::default()
    };
    let mut c = ChallengeTable::default();
    for r in records {
        if in_year(r.date("challenge_date"), year) {
            count_challenge(&mut c, r);
        }
        let (Some(col), Some(received)) = (column_of(r), r.date("received_date")) else {
            continue;
        };
        let replied = r.date("reply_date");
        if received.year() == year {
            a.received[col] += 1;
        }
        let open_at = |y: i32| received.year() <= y && replied.is_none_or(|d| d.year() > y);
        if received.year() < year && open_at(year - 1) {
            a.carried_in[col] += 1;
        }
        if open_at(year) {
            a.carried_out[col] += 1;
        }
        if in_year(replied, year) {
            let row = r
                .text("result")
                .and_then(|code| RESULTS.iter().position(|o| o.code == code));
            match row {
                Some(row) => a.results[row][col] += 1,
                None => a
                    .unclassified
                    .push(r.text("request_no").unwrap_or("?").to_owned()),
            }
        }
    }
    DisclosureTables {
        year,
        applications: a,
        challenges: c,
    }
}

fn count_challenge(c: &mut ChallengeTable, r: &Record) {
    let outcome = |field: &str| {
        r.text(field)
            .and_then(|code| OUTCOMES.iter().position(|o| o.code == code))
    };
    if let Some(i) = outcome("reconsideration_result") {
        c.reconsideration[i] += 1;
    }
    if let Some(i) = outcome("litigation_result") {
        match r.text("litigation_route") {
            Some("direct") => c.direct_suit[i] += 1,
            Some("after_reconsideration") => c.suit_after_reconsideration[i] += 1,
            _ => {}
        }
    }
}

impl ApplicationTable {
    /// （七）总计 of 办理结果.
    pub fn results_total(&self) -> Counts {
        let mut sum = [0; APPLICANT_COLUMNS];
        for row in &self.results {
            for (s, v) in sum.iter_mut().zip(row) {
                *s += v;
            }
        }
        sum
    }

    /// The format's check on every column and on 总计: 本年新收 + 上年结转 = 办理结果总计 +
    /// 结转下年度继续办理; and every reply classified. Each failure in Chinese.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !self.unclassified.is_empty() {
            problems.push(format!(
                "以下申请已答复但未填写办理结果,无法归入表三:{}",
                self.unclassified.join("、")
            ));
        }
        let results = self.results_total();
        let labels = APPLICANT_TYPES.iter().map(|o| o.label).chain(["总计"]);
        for (i, label) in labels.enumerate() {
            let pick = |row: &Counts| {
                if i < APPLICANT_COLUMNS {
                    row[i]
                } else {
                    total(row)
                }
            };
            let inflow = pick(&self.received) + pick(&self.carried_in);
            let outflow = pick(&results) + pick(&self.carried_out);
            if inflow != outflow {
                problems.push(format!(
                    "表三「{label}」列不平衡:本年新收 {} + 上年结转 {} = {inflow},办理结果总计 {} + 结转下年度 {} = {outflow}",
                    pick(&self.received),
                    pick(&self.carried_in),
                    pick(&results),
                    pick(&self.carried_out)
                ));
            }
        }
        problems
    }
}

/// The header of 表三 as printed: 项目, the applicant columns, 总计.
pub fn application_header() -> Vec<String> {
    std::iter::once("项目")
        .chain(APPLICANT_TYPES.iter().map(|o| o.label))
        .chain(["总计"])
        .map(String::from)
        .collect()
}

/// The rows of 表三 as printed (labels and counts, 总计 last in each row).
pub fn application_rows(a: &ApplicationTable) -> Vec<Vec<String>> {
    let row = |label: &str, counts: &Counts| {
        std::iter::once(label.to_owned())
            .chain(counts.iter().map(u64::to_string))
            .chain([total(counts).to_string()])
            .collect::<Vec<_>>()
    };
    let mut rows = vec![
        row("一、本年新收政府信息公开申请数量", &a.received),
        row("二、上年结转政府信息公开申请数量", &a.carried_in),
    ];
    for (option, counts) in RESULTS.iter().zip(&a.results) {
        rows.push(row(&format!("三、办理结果:{}", option.label), counts));
    }
    rows.push(row("三、办理结果:总计", &a.results_total()));
    rows.push(row("四、结转下年度继续办理", &a.carried_out));
    rows
}

/// The header of 表四 as printed here: the outcome columns of each group (the national
/// format prints the three groups side by side, 15 columns under merged headers; here each
/// group is a row, the same 15 numbers).
pub fn challenge_header() -> Vec<String> {
    std::iter::once("项目")
        .chain(OUTCOMES.iter().map(|o| o.label))
        .chain(["总计"])
        .map(String::from)
        .collect()
}

/// The rows of 表四: 行政复议, 行政诉讼 (未经复议直接起诉), 行政诉讼 (复议后起诉).
pub fn challenge_rows(c: &ChallengeTable) -> Vec<Vec<String>> {
    [
        ("行政复议", c.reconsideration),
        ("行政诉讼:未经复议直接起诉", c.direct_suit),
        ("行政诉讼:复议后起诉", c.suit_after_reconsideration),
    ]
    .iter()
    .map(|(label, group)| {
        std::iter::once((*label).to_owned())
            .chain(group.iter().map(u64::to_string))
            .chain([group.iter().sum::<u64>().to_string()])
            .collect()
    })
    .collect()
}

#[cfg(test)]
#[path = "disclosure_annual_tests.rs"]
mod tests;
