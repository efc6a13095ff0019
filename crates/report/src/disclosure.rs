//! 政府信息公开工作年度报告 — a unit's yearly report on government information disclosure in the
//! national format (国办公开办函〔2021〕30号): six sections whose text people write (narrative
//! slots) and whose tables 二、三、四 the caller fills (表二 from indicator values, 表三、表四
//! from the register of requests). Rendered by the same writers as every report.

use std::collections::BTreeMap;

use crate::model::{Block, Report, Section, Slot, Span, Table};

/// The narrative slots of the format's text sections: (key, heading, what belongs there).
pub const DISCLOSURE_SLOTS: [(&str, &str, &str); 3] = [
    (
        "disclosure_report.overview",
        "一、总体情况",
        "主动公开、依申请公开、政府信息管理、平台建设、监督保障等工作情况(条例第五十条)",
    ),
    (
        "disclosure_report.problems",
        "五、存在的主要问题及改进情况",
        "上一年度问题的整改情况,本年度存在的主要问题及改进措施",
    ),
    (
        "disclosure_report.other",
        "六、其他需要报告的事项",
        "信息处理费收取情况、人大代表建议和政协提案办理结果公开情况、年度工作要点落实情况等",
    ),
];

/// What the report is made of.
#[derive(Debug, Clone)]
pub struct DisclosureReport {
    /// The unit, e.g. 株洲市司法局.
    pub author: String,
    pub year: i32,
    /// 成文日期, e.g. 2025年1月20日.
    pub date: String,
    /// 表二 — 主动公开政府信息情况.
    pub proactive: Table,
    /// 表三 — 收到和处理政府信息公开申请情况.
    pub applications: Table,
    /// 表四 — 政府信息公开行政复议、行政诉讼情况.
    pub challenges: Table,
    /// Saved narratives by slot key.
    pub narratives: BTreeMap<String, String>,
}

/// The report as a report model.
pub fn disclosure_report(input: &DisclosureReport) -> Report {
    let slot = |i: usize| {
        let (key, heading, hint) = DISCLOSURE_SLOTS[i];
        Section {
            level: 1,
            heading: heading.to_owned(),
            blocks: vec![Block::Slot(Slot {
                key: key.to_owned(),
                hint: hint.to_owned(),
                text: input.narratives.get(key).cloned(),
            })],
        }
    };
    let table = |heading: &str, table: &Table| Section {
        level: 1,
        heading: heading.to_owned(),
        blocks: vec![Block::Table(table.clone())],
    };
    let opening = format!(
        "本报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)和《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号)要求编制,报告所列数据的统计期限为{}年1月1日至12月31日。",
        input.year
    );
    Report {
        number: None,
        title: format!("{}{}年政府信息公开工作年度报告", input.author, input.year),
        addressee: String::new(),
        sections: vec![
            Section {
                level: 0,
                heading: String::new(),
                blocks: vec![Block::Paragraph(vec![Span::Text(opening)])],
            },
            slot(0),
            table("二、主动公开政府信息情况", &input.proactive),
            table("三、收到和处理政府信息公开申请情况", &input.applications),
            table("四、政府信息公开行政复议、行政诉讼情况", &input.challenges),
            slot(1),
            slot(2),
        ],
        closing: String::new(),
        signature: input.author.clone(),
        date: input.date.clone(),
        gaps: Vec::new(),
        appendix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(caption: &str) -> Table {
        Table {
            caption: caption.to_owned(),
            header: vec!["项目".into(), "总计".into()],
            rows: vec![vec!["一、本年新收政府信息公开申请数量".into(), "4".into()]],
        }
    }

    #[test]
    fn the_report_follows_the_national_sections() {
        let mut narratives = BTreeMap::new();
        narratives.insert(
            "disclosure_report.overview".to_owned(),
            "全年主动公开信息1200条。".to_owned(),
        );
        let report = disclosure_report(&DisclosureReport {
            author: "某市司法局".into(),
            year: 2024,
            date: "2025年1月20日".into(),
            proactive: table("表二"),
            applications: table("表三"),
            challenges: table("表四"),
            narratives,
        });
        assert_eq!(report.title, "某市司法局2024年政府信息公开工作年度报告");
        let headings: Vec<&str> = report.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            headings[1..],
            [
                "一、总体情况",
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况",
                "五、存在的主要问题及改进情况",
                "六、其他需要报告的事项"
            ]
        );
        let slots: Vec<_> = report.slots().collect();
        assert_eq!(slots.len(), 3);
        assert_eq!(slots[0].display(), "全年主动公开信息1200条。");
        assert!(slots[1].display().starts_with("【待填写"));
        // Published to the public: no 主送机关 line.
        let html = crate::to_html_fragment(&report, &|_: &str| String::new());
        assert!(!html.contains("addressee"), "{html}");
        assert!(!crate::to_markdown(&report).contains("\n："));
        let docx = crate::to_docx(&report).expect("a DOCX");
        assert!(docx.starts_with(b"PK"), "a zip package");
    }
}
