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
/// A place name ending in its level word; at least two characters so 全省, 我县 are not names
/// (and those are refused in [`publisher`] when the match starts with 全, 我, 在 …).
const PLACE: &str = r"\p{Han}{1,12}?(?:自治区|自治州|开发区|新区|省|市|州|盟|县|旗|区|镇|乡)";
/// A department after its place: 司法局, 司法厅, …委员会, …办公室.
const DEPARTMENT: &str = r"\p{Han}{0,8}?(?:局|厅|委员会|办公室)";
/// 标题 — 吉林市2022年度…, 阜城县关于2022年度…, 峄城区司法局2022年度…, 中共X委、X市人民政府….
static TITLE_PUBLISHER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?:中共[^、\n]{{1,12}}委、)?(?P<place>{PLACE})(?P<dept>{DEPARTMENT})?(?:人民政府)?(?:关于)?[12][0-9]{{3}}年"
    ))
});
/// 年份在前的标题 — 2022年如东县法治政府建设情况报告.
static YEAR_TITLE_PUBLISHER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^[12][0-9]{{3}}年度?(?P<place>{PLACE})(?P<dept>{DEPARTMENT})?(?:人民政府)?(?:法治|关于)"
    ))
});
/// 开篇句 — 2019年,汉源县法治政府建设工作…; 2022年,在省、市党委的领导下,上城区深入…
static OPENING_PUBLISHER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^[12][0-9]{{3}}年(?:以来)?[,，、]?(?:在[^,，。\n]*[,，])*(?P<place>{PLACE})(?P<dept>{DEPARTMENT})?"
    ))
});
/// The 发布机构 of a page's metadata table: 发布机构:徐庄镇.
static TABLE_PUBLISHER: LazyLock<Regex> =
    LazyLock::new(|| re(r"发布机构\s*[:：|]\s*(\p{Han}{2,20})"));
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
    // Named with 人民政府 at the head, else by its place in the title or opening sentence
    // (吉林市2022年度…), else in the page's metadata table, else at the signature.
    let government = government(head)
        .or_else(|| title_publisher(text))
        .or_else(|| {
            TABLE_PUBLISHER
                .captures(table)
                .and_then(|c| publisher(&c[1], None))
        })
        .or_else(|| government(tail));
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
    GOVERNMENT.captures_iter(text).find_map(|c| {
        let name = c.get(1)?.as_str();
        let name = name.rsplit(['关', '于']).next().unwrap_or(name);
        // 「在自治区党委、自治区人民政府的领导下」 names the level above, not a publisher.
        let bare = matches!(name, "自治区" | "自治州");
        (name.chars().count() >= 2 && !bare).then(|| format!("{name}人民政府"))
    })
}

/// The publisher named in the first lines (title, opening sentence) without 人民政府.
fn title_publisher(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(3)
        .find_map(|line| {
            [&TITLE_PUBLISHER, &YEAR_TITLE_PUBLISHER, &OPENING_PUBLISHER]
                .iter()
                .find_map(|re| re.captures(line))
                .and_then(|c| {
                    publisher(
                        c.name("place")?.as_str(),
                        c.name("dept").map(|d| d.as_str()),
                    )
                })
        })
}

/// 发布机关 of a place (and department): 吉林市 → 吉林市人民政府, 伊春市+司法局 → 伊春市司法局,
/// a development zone → its 管理委员会; `None` for words that are not names (全省, 我县).
fn publisher(place: &str, department: Option<&str>) -> Option<String> {
    // Not names: 全省, 我县, 本市 …; and 在省委… is a clause, not a place.
    let not_names = [
        '全', '我', '本', '各', '该', '在', '于', '对', '按', '经', '从', '由',
    ];
    if place.starts_with(not_names) || place.chars().count() < 2 {
        return None;
    }
    Some(match department {
        Some(d) => format!("{place}{d}"),
        None if place.ends_with("人民政府") || place.ends_with("政府") => place.to_owned(),
        None if place.ends_with("开发区") || place.ends_with("新区") => {
            format!("{place}管理委员会")
        }
        None if place.ends_with(['省', '市', '州', '盟', '县', '旗', '区', '镇', '乡']) => {
            format!("{place}人民政府")
        }
        None => place.to_owned(),
    })
}

fn level_of(government: &str) -> Option<Level> {
    let name = government.strip_suffix("人民政府")?;
    if name.ends_with(['镇', '乡']) {
        return None;
    }
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
    fn publisher_from_the_opening_line_when_no_government_is_named() {
        let named = |text: &str| metadata(text).government;
        let cases = [
            (
                "吉林市2022年度法治政府建设工作报告\n2022年,吉林市坚持。",
                "吉林市人民政府",
            ),
            (
                "阜城县关于2022年度法治政府建设情况报告\n2022年,我县坚持。",
                "阜城县人民政府",
            ),
            (
                "宝鸡市陈仓区2025年度法治政府建设工作总结\n正文。",
                "宝鸡市陈仓区人民政府",
            ),
            ("2022年如东县法治政府建设情况报告\n正文。", "如东县人民政府"),
            (
                "峄城区司法局2022年度法治政府建设情况的报告\n正文。",
                "峄城区司法局",
            ),
            (
                "2019年,汉源县法治政府建设工作以习近平法治思想为指导。",
                "汉源县人民政府",
            ),
            (
                "2023年,伊春市司法局坚持以习近平法治思想为指导。",
                "伊春市司法局",
            ),
            (
                "2022年,在省、市党委、政府的正确领导下,上城区深入学习贯彻习近平法治思想。",
                "上城区人民政府",
            ),
            (
                "2016年,內蒙古自治區法治政府建設工作在自治區黨委的領導下推進。",
                "内蒙古自治区人民政府",
            ),
            (
                "2025年天津经济技术开发区法治政府建设情况报告\n正文。",
                "天津经济技术开发区管理委员会",
            ),
            (
                "• 发布机构:徐庄镇\n• 文  号:无\n\n2025年,全镇坚持。",
                "徐庄镇人民政府",
            ),
        ];
        for (text, government) in cases {
            assert_eq!(named(text).as_deref(), Some(government), "{text}");
        }
        assert_eq!(named("2023年,全省法治政府建设工作坚持依法行政。"), None);
        assert_eq!(named("2022年以来,我县坚持依法行政。"), None);
        assert_eq!(
            named("2024年,在自治区党委、自治区人民政府的坚强领导下,吐鲁番市坚持。").as_deref(),
            Some("吐鲁番市人民政府")
        );
        // The leading clause is no place; the signature names the government.
        assert_eq!(
            named(
                "2024年,在省委、省人民政府的坚强领导下,株洲深入贯彻。\n株洲市人民政府\n2025年2月6日"
            ),
            Some("株洲市人民政府".into())
        );
        assert_eq!(
            metadata("2022年如东县法治政府建设情况报告").level,
            Some(Level::County)
        );
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
