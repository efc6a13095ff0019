//! 报告关系 — who signs an org unit's 法治政府建设年度报告 (发文机关) and to whom it goes (主送机关).
//!
//! Source: 《法治政府建设与责任落实督察工作规定》 (厅字〔2019〕28号) as restated by a provincial
//! 工作指引 (LEGAL-RULES.md §5, LEGAL-RULES-2.md "Reporting chain"): 省、市、县政府 report to the
//! 同级党委 and 人大常委会; 市、县、乡 governments (with their 党委) to the 上一级党委和政府; the
//! 省政府 to 党中央 and 国务院; 县级以上政府部门 to 本级党委和政府. The article numbers are
//! unconfirmed, so the document is cited, not an article. The report names the state organs it
//! goes to — the government above first, then the 人大常委会 of the same level; the party
//! committees it is also sent to are left to the clerk. A 议事协调机构 (依法治市办) drafts its
//! government's report rather than one of its own; when it does report, it reports as a
//! department does.

use crate::org::OrgKind;

/// 发文机关 and 主送机关 of one unit's annual report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportAddressing {
    /// 发文机关, e.g. 六盘水市人民政府 or 六盘水市司法局.
    pub author: String,
    /// 主送机关, e.g. 贵州省人民政府、市人大常委会.
    pub addressee: String,
}

/// The addressing of the report of unit `name` of `kind`. `government_above` names the
/// nearest government above the unit in the tree (六盘水市 for 钟山区 and for 六盘水市司法局),
/// when it has one: the 上一级政府 of a government, the 本级政府 of a department.
pub fn report_addressing(
    kind: OrgKind,
    name: &str,
    government_above: Option<&str>,
) -> ReportAddressing {
    let government_of = |fallback: &str| {
        government_above.map_or_else(|| fallback.to_owned(), |p| format!("{p}人民政府"))
    };
    let congress = format!("{}人大常委会", level_word(name));
    let author = match kind {
        OrgKind::Department | OrgKind::Office => name.to_owned(),
        _ => format!("{name}人民政府"),
    };
    let addressee = match kind {
        OrgKind::Province => format!("国务院、{congress}"),
        OrgKind::City => format!("{}、{congress}", government_of("省人民政府")),
        OrgKind::County => format!("{}、{congress}", government_of("市人民政府")),
        OrgKind::Township => government_of("县人民政府"),
        OrgKind::Department | OrgKind::Office => government_of("市人民政府"),
    };
    ReportAddressing { author, addressee }
}

/// The level word a government's name ends with (市, 区, 县, 州, 旗; 省 for a province), used
/// for 「市人大常委会」; 市 when the name ends otherwise.
fn level_word(name: &str) -> char {
    name.chars()
        .last()
        .filter(|c| "省市区县州旗".contains(*c))
        .unwrap_or('市')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn governments_report_to_the_government_above_and_their_standing_committee() {
        let city = report_addressing(OrgKind::City, "六盘水市", Some("贵州省"));
        assert_eq!(city.author, "六盘水市人民政府");
        assert_eq!(city.addressee, "贵州省人民政府、市人大常委会");
        let top_city = report_addressing(OrgKind::City, "六盘水市", None);
        assert_eq!(top_city.addressee, "省人民政府、市人大常委会");
        let county = report_addressing(OrgKind::County, "钟山区", Some("六盘水市"));
        assert_eq!(county.addressee, "六盘水市人民政府、区人大常委会");
        let province = report_addressing(OrgKind::Province, "贵州省", None);
        assert_eq!(province.addressee, "国务院、省人大常委会");
    }

    #[test]
    fn towns_and_departments_report_to_their_government() {
        let town = report_addressing(OrgKind::Township, "大湾镇", Some("钟山区"));
        assert_eq!(town.author, "大湾镇人民政府");
        assert_eq!(town.addressee, "钟山区人民政府");
        let bureau = report_addressing(OrgKind::Department, "六盘水市司法局", Some("六盘水市"));
        assert_eq!(bureau.author, "六盘水市司法局");
        assert_eq!(bureau.addressee, "六盘水市人民政府");
        let orphan = report_addressing(OrgKind::Office, "依法治市办", None);
        assert_eq!(orphan.addressee, "市人民政府");
    }
}
