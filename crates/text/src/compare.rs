//! 多报告比较 — the statistics of several reports side by side: one row per catalog key, one
//! column per report (issuing government and year from its metadata), and the catalog's
//! caveat (口径说明) for each key, since cities count some figures differently.

use serde::Serialize;

use crate::extract::{Reader, Statistic};
use crate::metadata::{Metadata, metadata};
use crate::output::json_number;

/// 报告列 — one compared report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportColumn {
    /// What the report is called on the command line or page (file name).
    pub source: String,
    pub metadata: Metadata,
    /// Column heading: 六盘水市人民政府 2024, or the source when the metadata is missing.
    pub heading: String,
}

/// 比较单元格 — one report's figure for one key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub value: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_max: Option<f64>,
    pub unit: String,
    pub qualifier: String,
    /// The figure as people write it: 1200余件, 超50万元, 3-5家, 97.73%.
    pub text: String,
    /// How many figures with this key the report states (the first is shown).
    pub occurrences: usize,
}

/// 比较行 — one catalog key across the reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComparisonRow {
    pub key: String,
    /// 指标名称.
    pub name: String,
    /// The catalog's unit.
    pub unit: String,
    /// One cell per report, in column order.
    pub cells: Vec<Option<Cell>>,
    /// 口径说明: the catalog's caveat, else its definition.
    pub caveat: String,
}

/// 比较表.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub columns: Vec<ReportColumn>,
    pub rows: Vec<ComparisonRow>,
}

/// Which keys get a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// Keys stated by at least one report.
    Stated,
    /// Every key of the catalog.
    All,
}

impl Reader<'_> {
    /// Compares reports given as `(source, original text)`.
    pub fn compare(&self, reports: &[(String, String)], rows: Rows) -> Comparison {
        let columns: Vec<ReportColumn> = reports
            .iter()
            .map(|(source, text)| column(source, metadata(text)))
            .collect();
        let stats: Vec<Vec<Statistic>> = reports.iter().map(|(_, t)| self.extract(t)).collect();
        let rows = self
            .catalog()
            .indicators()
            .iter()
            .map(|ind| ComparisonRow {
                key: ind.key.clone(),
                name: ind.name.clone(),
                unit: ind.unit.clone(),
                cells: stats.iter().map(|s| cell(s, &ind.key)).collect(),
                caveat: ind.caveat.clone().unwrap_or_else(|| ind.definition.clone()),
            })
            .filter(|r| rows == Rows::All || r.cells.iter().any(Option::is_some))
            .collect();
        Comparison { columns, rows }
    }
}

fn column(source: &str, metadata: Metadata) -> ReportColumn {
    let heading = match (&metadata.government, metadata.year) {
        (Some(g), Some(y)) => format!("{g} {y}"),
        (Some(g), None) => g.clone(),
        (None, Some(y)) => format!("{source} {y}"),
        (None, None) => source.to_string(),
    };
    ReportColumn {
        source: source.to_string(),
        metadata,
        heading,
    }
}

fn cell(stats: &[Statistic], key: &str) -> Option<Cell> {
    let mut found = stats.iter().filter(|s| s.key.as_deref() == Some(key));
    let first = found.next()?;
    Some(Cell {
        value: first.value,
        value_max: first.value_max,
        unit: first.unit.clone(),
        qualifier: first.qualifier.clone(),
        text: figure_text(first),
        occurrences: 1 + found.count(),
    })
}

/// The figure as people write it, with its qualifier where the genre puts it.
pub fn figure_text(s: &Statistic) -> String {
    let mut number = json_number(s.value).to_string();
    if let Some(max) = s.value_max {
        number = format!("{number}-{}", json_number(max));
    }
    match s.qualifier.as_str() {
        "余" | "多" => format!("{number}{}{}", s.qualifier, s.unit),
        "以上" => format!("{number}{}以上", s.unit),
        "" => format!("{number}{}", s.unit),
        q => format!("{q}{number}{}", s.unit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_columns_and_qualifiers() {
        let Ok(reader) = Reader::embedded() else {
            panic!("embedded catalog");
        };
        let a = "六盘水市人民政府关于2024年度法治政府建设情况的报告\n全年受理行政复议案件1200余件,纠错率12.5%。";
        let b = "株洲市人民政府2023年法治政府建设年度报告\n受理行政复议案件300件。";
        let c = reader.compare(
            &[("a.txt".into(), a.into()), ("b.txt".into(), b.into())],
            Rows::Stated,
        );
        assert_eq!(c.columns[0].heading, "六盘水市人民政府 2024");
        assert_eq!(c.columns[1].heading, "株洲市人民政府 2023");
        let row = |k: &str| c.rows.iter().find(|r| r.key == k);
        let Some(received) = row("reconsideration.received") else {
            panic!("received row: {:?}", c.rows);
        };
        let texts: Vec<_> = received
            .cells
            .iter()
            .map(|c| c.as_ref().map(|c| c.text.as_str()))
            .collect();
        assert_eq!(texts, [Some("1200余件"), Some("300件")]);
        let Some(rate) = row("reconsideration.correction_rate") else {
            panic!("rate row");
        };
        assert!(rate.caveat.contains("分母"));
        assert!(rate.cells[1].is_none());
        assert!(c.rows.len() < reader.catalog().indicators().len());
        let all = reader.compare(&[("a.txt".into(), a.into())], Rows::All);
        assert_eq!(all.rows.len(), reader.catalog().indicators().len());
    }
}
