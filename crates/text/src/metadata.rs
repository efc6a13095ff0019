//! 报告信息 — who issued a report, at what level, for which year, its 文号 and date.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::normalise::normalise;

/// 行政层级 — the level of the issuing government, read from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 省 (自治区, 直辖市 are read as 市).
    Province,
    /// 市 (州, 盟). County-level cities (县级市) are named 市 too and read as City.
    City,
    /// 县 (旗).
    County,
    /// 区.
    District,
}

/// 报告信息.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// 发布机关, e.g. 六盘水市人民政府.
    pub government: Option<String>,
    pub level: Option<Level>,
    /// 报告年度.
    pub year: Option<u16>,
    /// 文号, e.g. 驻政文〔2025〕3号.
    pub document_number: Option<String>,
    /// 成文日期, `YYYY-MM-DD`.
    pub date: Option<String>,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("static regex: {e}"))
}

static GOVERNMENT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(\p{Han}{2,10}?(?:自治区|自治州|省|市|州|盟|县|旗|区))人民政府"));
static REPORT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"([12][0-9]{3})年度?(?:法治政府建设|法治建设)"));
static ANY_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"([12][0-9]{3})年"));
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"\p{Han}{1,10}〔[0-9]{4}〕[0-9]+号"));
static DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"([12][0-9]{3})年([0-9]{1,2})月([0-9]{1,2})日"));
static CN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日",
    )
});
static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| re(r"([12][0-9]{3})-([0-9]{2})-([0-9]{2})"));

/// Reads the metadata of a report (original text; the metadata table, if any, is used too).
pub fn metadata(original: &str) -> Metadata {
    let n = normalise(original);
    let text = n.text();
    let head_end = text.find('。').unwrap_or(text.len());
    let head = &text[..head_end];
    let tail_start = text.char_indices().rev().nth(300).map_or(0, |(i, _)| i);
    let tail = &text[tail_start..];
    // The metadata table, if any, stands in the first 600 bytes, before the first blank line.
    let mut table_end = original
        .len()
        .min(original.find("\n\n").unwrap_or(600).min(600));
    while !original.is_char_boundary(table_end) {
        table_end -= 1;
    }
    let table = &original[..table_end];
    let government = government(head).or_else(|| government(tail));
    let level = government.as_deref().and_then(level_of);
    let year = REPORT_YEAR
        .captures(text)
        .or_else(|| ANY_YEAR.captures(head))
        .and_then(|c| c[1].parse().ok());
    let document_number = DOC_NUMBER
        .find(head)
        .or_else(|| DOC_NUMBER.find(table))
        .map(|m| m.as_str().to_string());
    let date = date(tail).or_else(|| ISO_DATE.captures(table).map(|c| iso(&c[1], &c[2], &c[3])));
    Metadata {
        government,
        level,
        year,
        document_number,
        date,
    }
}

fn government(text: &str) -> Option<String> {
    let name = GOVERNMENT.captures(text)?.get(1)?.as_str();
    let name = name.rsplit(['关', '于']).next().unwrap_or(name);
    (name.chars().count() >= 2).then(|| format!("{name}人民政府"))
}

fn level_of(government: &str) -> Option<Level> {
    let name = government.strip_suffix("人民政府")?;
    Some(if name.ends_with('省') || name.ends_with("自治区") {
        Level::Province
    } else if name.ends_with('市') || name.ends_with('州') || name.ends_with('盟') {
        Level::City
    } else if name.ends_with('县') || name.ends_with('旗') {
        Level::County
    } else {
        Level::District
    })
}

fn iso(y: &str, m: &str, d: &str) -> String {
    let num = |s: &str| s.parse::<u32>().unwrap_or(0);
    format!("{:04}-{:02}-{:02}", num(y), num(m), num(d))
}

fn date(tail: &str) -> Option<String> {
    if let Some(c) = DATE.captures_iter(tail).last() {
        return Some(iso(&c[1], &c[2], &c[3]));
    }
    let c = CN_DATE.captures_iter(tail).last()?;
    let digits = |s: &str| -> Option<u32> {
        let n = crate::number::parse_chinese(s)?;
        Some(n.value as u32)
    };
    let y = digits(&c[1])?;
    Some(format!(
        "{y:04}-{:02}-{:02}",
        digits(&c[2])?,
        digits(&c[3])?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_signature() {
        let m = metadata(
            "六盘水市人民政府关于2024年度法治政府建设情况的报告\n市人大常委会: 2024年,我市……\n特此报告。",
        );
        assert_eq!(m.government.as_deref(), Some("六盘水市人民政府"));
        assert_eq!(m.level, Some(Level::City));
        assert_eq!(m.year, Some(2024));
        let m = metadata("2024年,株洲深入贯彻。\n株洲市人民政府\n2025年2月6日\n");
        assert_eq!(m.government.as_deref(), Some("株洲市人民政府"));
        assert_eq!(m.date.as_deref(), Some("2025-02-06"));
    }

    #[test]
    fn long_first_paragraph_is_cut_at_a_char_boundary() {
        // 600 bytes fell inside a character of a report without a blank line (a panic once).
        let text = format!("六盘水市人民政府{}。", "法治".repeat(200));
        assert_eq!(
            metadata(&text).government.as_deref(),
            Some("六盘水市人民政府")
        );
    }

    #[test]
    fn table_document_number_and_chinese_date() {
        let m = metadata(
            "索 引 号 | 0594 |\n文 号 | 驻政文〔2025〕3号 |\n成文日期 | 2025-01-17 |\n驻马店市人民政府\n关于2024年度法治政府建设工作情况的\n报 告\n驻政文〔2025〕3号\n市人大常委会:\n正文。",
        );
        assert_eq!(m.document_number.as_deref(), Some("驻政文〔2025〕3号"));
        assert_eq!(m.date.as_deref(), Some("2025-01-17"));
        let m = metadata("新化县人民政府2024年法治政府建设报告。\n二〇二五年一月十五日");
        assert_eq!(m.level, Some(Level::County));
        assert_eq!(m.date.as_deref(), Some("2025-01-15"));
    }
}
