//! 问题整改通报 — the office's periodic notice of every unit's problems: how many were found,
//! closed, rectified and awaiting closure, still open, and past their 整改时限, as of a day;
//! units with overdue problems are named. Built as a [`Report`] for the 公文 writers.

use crate::model::{Block, Report, Section, Span, Table};

/// One unit's problems as of the bulletin's day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulletinLine {
    pub unit: String,
    pub found: usize,
    /// 已销号.
    pub closed: usize,
    /// 整改完成, 待销号.
    pub rectified: usize,
    /// 未整改完成 (overdue included).
    pub open: usize,
    /// Of `open`, past the 整改时限.
    pub overdue: usize,
    /// Problems that had a 督办函.
    pub supervised: usize,
}

/// What a 通报 says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bulletin {
    /// The period named in the title, e.g. 2024年第四季度.
    pub period: String,
    /// The day the figures stand at, e.g. 2024年12月31日.
    pub as_of: String,
    /// The sending office (落款).
    pub issuer: String,
    /// 主送, e.g. 各县(市、区)人民政府,市政府各部门.
    pub addressee: String,
    /// 成文日期.
    pub date: String,
    /// Units with problems, most overdue first.
    pub lines: Vec<BulletinLine>,
}

impl BulletinLine {
    /// The 合计 line of `lines`.
    pub fn total(lines: &[BulletinLine]) -> BulletinLine {
        let mut total = BulletinLine {
            unit: "合计".to_owned(),
            ..BulletinLine::default()
        };
        for line in lines {
            total.add(line);
        }
        total
    }

    fn add(&mut self, other: &BulletinLine) {
        self.found += other.found;
        self.closed += other.closed;
        self.rectified += other.rectified;
        self.open += other.open;
        self.overdue += other.overdue;
        self.supervised += other.supervised;
    }

    fn cells(&self) -> Vec<String> {
        let n = [
            self.found,
            self.closed,
            self.rectified,
            self.open,
            self.overdue,
            self.supervised,
        ];
        std::iter::once(self.unit.clone())
            .chain(n.iter().map(ToString::to_string))
            .collect()
    }
}

/// The bulletin as a report model.
pub fn bulletin(b: &Bulletin) -> Report {
    let paragraph = |text: String| Block::Paragraph(vec![Span::Text(text)]);
    let total = BulletinLine::total(&b.lines);
    let opening = format!(
        "截至{}，各单位共有交办整改问题{}个，已整改销号{}个，整改完成待销号{}个，尚未整改完成{}个，其中超过整改时限{}个。现将各单位问题整改情况通报如下：",
        b.as_of, total.found, total.closed, total.rectified, total.open, total.overdue
    );
    let mut rows: Vec<Vec<String>> = b.lines.iter().map(BulletinLine::cells).collect();
    rows.push(total.cells());
    let table = Table {
        caption: format!("{}问题整改情况", b.period),
        header: [
            "单位",
            "问题数",
            "已销号",
            "待销号",
            "未完成",
            "其中逾期",
            "已发督办函",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    };
    let late: Vec<String> = b
        .lines
        .iter()
        .filter(|l| l.overdue > 0)
        .map(|l| format!("{}({}个)", l.unit, l.overdue))
        .collect();
    let demand = if late.is_empty() {
        "各单位均无超过整改时限的问题。请继续按时限推进整改，整改完成后及时申请销号。".to_owned()
    } else {
        format!(
            "{}存在超过整改时限未整改完成的问题。请上述单位主要负责同志亲自督促，逐项明确整改措施和完成时限，尽快整改到位并申请销号；逾期仍未整改的，将按规定发出督办函或予以约谈。",
            late.join("、")
        )
    };
    Report {
        number: None,
        title: format!("关于{}问题整改情况的通报", b.period),
        addressee: b.addressee.clone(),
        sections: vec![Section {
            level: 0,
            heading: String::new(),
            blocks: vec![paragraph(opening), Block::Table(table), paragraph(demand)],
        }],
        closing: "特此通报。".to_owned(),
        signature: b.issuer.clone(),
        date: b.date.clone(),
        gaps: Vec::new(),
        appendix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    fn line(unit: &str, found: usize, closed: usize, open: usize, overdue: usize) -> BulletinLine {
        BulletinLine {
            unit: unit.into(),
            found,
            closed,
            rectified: found - closed - open,
            open,
            overdue,
            supervised: overdue / 2,
        }
    }

    #[test]
    fn the_bulletin_totals_and_names_the_late_units() {
        let b = Bulletin {
            period: "2024年第四季度".into(),
            as_of: "2024年12月31日".into(),
            issuer: "中共六盘水市委全面依法治市委员会办公室".into(),
            addressee: "各县(市、区)人民政府,市政府各部门".into(),
            date: "2025年1月10日".into(),
            lines: vec![
                line("六盘水市市场监督管理局", 9, 4, 4, 3),
                line("钟山区人民政府", 5, 5, 0, 0),
            ],
        };
        let report = bulletin(&b);
        assert_eq!(report.title, "关于2024年第四季度问题整改情况的通报");
        let blocks = &report.sections[0].blocks;
        let Block::Paragraph(opening) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert!(
            plain_text(opening).contains("共有交办整改问题14个，已整改销号9个，整改完成待销号1个，尚未整改完成4个，其中超过整改时限3个"),
            "{}",
            plain_text(opening)
        );
        let Block::Table(table) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert_eq!(
            table.rows.last().unwrap(),
            &["合计", "14", "9", "1", "4", "3", "1"]
        );
        let Block::Paragraph(demand) = &blocks[2] else {
            panic!("{blocks:?}")
        };
        let demand = plain_text(demand);
        assert!(
            demand.starts_with("六盘水市市场监督管理局(3个)存在超过整改时限"),
            "{demand}"
        );
        assert!(!demand.contains("钟山区"), "{demand}");
    }
}
