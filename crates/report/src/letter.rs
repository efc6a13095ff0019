//! 督办函 — the letter the rule-of-law office sends a unit whose problems are past their
//! 整改时限: 发文字号, title, the unit as addressee, the problems in a table, what the unit must do
//! and by when, the office and the date. Built as a [`Report`] so that the same 公文 writer
//! (DOCX, HTML, Markdown) prints it.

use crate::model::{Block, Report, Section, Span, Table};

/// One overdue problem listed in the letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterProblem {
    /// 问题编号.
    pub number: String,
    /// 问题描述.
    pub description: String,
    /// 整改时限, as 2025-03-31.
    pub due: String,
    /// 逾期天数 on the letter's date.
    pub days_overdue: i64,
}

/// What a 督办函 says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupervisionLetter {
    /// 发文字号, e.g. 六盘水法督函〔2025〕3号.
    pub number: String,
    /// The unit written to (主送), e.g. 六盘水市市场监督管理局.
    pub addressee: String,
    /// The office that sends it (落款), e.g. 中共六盘水市委全面依法治市委员会办公室.
    pub issuer: String,
    /// 成文日期, e.g. 2025年4月8日.
    pub date: String,
    /// Working days the unit has to finish and report (如 10).
    pub reply_days: u32,
    pub problems: Vec<LetterProblem>,
}

/// The letter as a report model.
pub fn supervision_letter(letter: &SupervisionLetter) -> Report {
    let paragraph = |text: String| Block::Paragraph(vec![Span::Text(text)]);
    let count = letter.problems.len();
    let opening = format!(
        "经核查，你单位承担整改任务的以下{count}个问题已超过整改时限，至今未整改到位或未报送整改完成情况。"
    );
    let table = Table {
        caption: "逾期未整改问题清单".to_owned(),
        header: ["序号", "问题编号", "问题描述", "整改时限", "逾期天数"]
            .map(String::from)
            .to_vec(),
        rows: letter
            .problems
            .iter()
            .enumerate()
            .map(|(i, p)| {
                vec![
                    (i + 1).to_string(),
                    p.number.clone(),
                    p.description.clone(),
                    p.due.clone(),
                    p.days_overdue.to_string(),
                ]
            })
            .collect(),
    };
    let demand = format!(
        "请你单位高度重视，主要负责同志亲自督促，逐项落实整改措施，于收到本函之日起{}个工作日内整改到位，并将整改情况书面报送我办。逾期仍未整改到位的，将按规定予以约谈、通报。",
        letter.reply_days
    );
    Report {
        number: Some(letter.number.clone()),
        title: "关于督促整改逾期问题的督办函".to_owned(),
        addressee: letter.addressee.clone(),
        sections: vec![Section {
            level: 0,
            heading: String::new(),
            blocks: vec![paragraph(opening), Block::Table(table), paragraph(demand)],
        }],
        closing: "特此函告。".to_owned(),
        signature: letter.issuer.clone(),
        date: letter.date.clone(),
        gaps: Vec::new(),
        appendix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    fn letter() -> SupervisionLetter {
        SupervisionLetter {
            number: "六盘水法督函〔2025〕3号".into(),
            addressee: "六盘水市市场监督管理局".into(),
            issuer: "中共六盘水市委全面依法治市委员会办公室".into(),
            date: "2025年4月8日".into(),
            reply_days: 10,
            problems: vec![
                LetterProblem {
                    number: "六盘水督〔2024〕1-003".into(),
                    description: "处罚决定书未告知救济途径".into(),
                    due: "2025-03-31".into(),
                    days_overdue: 8,
                },
                LetterProblem {
                    number: "六盘水督〔2024〕2-017".into(),
                    description: "现场执法未音像记录".into(),
                    due: "2025-02-28".into(),
                    days_overdue: 39,
                },
            ],
        }
    }

    #[test]
    fn the_letter_lists_every_problem_and_its_delay() {
        let report = supervision_letter(&letter());
        assert_eq!(report.number.as_deref(), Some("六盘水法督函〔2025〕3号"));
        assert_eq!(report.addressee, "六盘水市市场监督管理局");
        let blocks = &report.sections[0].blocks;
        let Block::Paragraph(opening) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert!(plain_text(opening).contains("以下2个问题"));
        let Block::Table(table) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1][1], "六盘水督〔2024〕2-017");
        assert_eq!(table.rows[1][4], "39");
        let Block::Paragraph(demand) = &blocks[2] else {
            panic!("{blocks:?}")
        };
        assert!(plain_text(demand).contains("10个工作日内"));
    }

    #[test]
    fn the_letter_is_a_gongwen_docx() {
        let bytes = crate::to_docx(&supervision_letter(&letter())).expect("docx");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("word/document.xml").expect("doc"),
            &mut xml,
        )
        .expect("utf-8");
        for text in [
            "六盘水法督函〔2025〕3号",
            "关于督促整改逾期问题的督办函",
            "特此函告。",
            "2025年4月8日",
        ] {
            assert!(xml.contains(text), "{text}");
        }
        assert!(
            !xml.contains("待填写"),
            "a letter has nothing left to fill in"
        );
    }
}
