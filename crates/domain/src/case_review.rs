//! 案卷评查标准 — the scoring sheet of a case-file review as data (`data/case_review_standard.toml`,
//! an example whose structure and sources are in its header): veto items (基本标准) that make a
//! file 不合格 with 0 points, parts with full marks and per-item deductions capped at the part
//! (扣完为止,不计负分), and grade bands. [`Standard::score`] turns the ticked items into points.

use serde::Deserialize;

use crate::error::DomainError;

const EMBEDDED: &str = include_str!("../data/case_review_standard.toml");

/// 评查标准.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub name: String,
    pub source: String,
    #[serde(rename = "part")]
    pub parts: Vec<Part>,
    #[serde(rename = "item")]
    pub items: Vec<Item>,
    #[serde(rename = "band")]
    pub bands: Vec<Band>,
}

/// 评查部分 (卷面标准, 内容标准) and its full marks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub key: String,
    pub name: String,
    pub points: u32,
}

/// 评查项目: a deduction within a part, or a veto item.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub code: String,
    #[serde(default)]
    pub part: Option<String>,
    pub text: String,
    #[serde(default)]
    pub deduct: u32,
    #[serde(default)]
    pub veto: bool,
}

/// 等次: the lowest total of a grade.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub min: u32,
    pub grade: String,
}

/// A scored case file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    pub total: u32,
    pub grade: String,
    /// A veto item was ticked.
    pub vetoed: bool,
}

impl Standard {
    /// The shipped example standard, parsed once.
    pub fn embedded() -> Result<&'static Standard, DomainError> {
        static PARSED: std::sync::OnceLock<Result<Standard, DomainError>> =
            std::sync::OnceLock::new();
        PARSED
            .get_or_init(|| Self::parse(EMBEDDED))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses and checks a standard: unique item codes, parts known, deductions only in parts,
    /// bands from high to low ending at 0.
    pub fn parse(text: &str) -> Result<Standard, DomainError> {
        let bad = |reason: String| DomainError::invalid("评查标准", reason);
        let s: Standard = toml::from_str(text).map_err(|e| bad(e.message().to_owned()))?;
        let mut codes = std::collections::BTreeSet::new();
        for item in &s.items {
            if !codes.insert(item.code.as_str()) {
                return Err(bad(format!("项目编号 {} 重复", item.code)));
            }
            match (&item.part, item.veto) {
                (Some(part), false) if s.parts.iter().any(|p| &p.key == part) => {}
                (None, true) => {}
                _ => {
                    return Err(bad(format!(
                        "项目 {} 应属于一个已定义的部分(扣分项)或为否决项",
                        item.code
                    )));
                }
            }
        }
        let descending = s.bands.windows(2).all(|w| w[0].min > w[1].min);
        if !descending || s.bands.last().is_none_or(|b| b.min != 0) {
            return Err(bad("等次应按分数从高到低排列,最后一档从0分起".into()));
        }
        Ok(s)
    }

    /// The full marks (the parts' points added).
    pub fn full_marks(&self) -> u32 {
        self.parts.iter().map(|p| p.points).sum()
    }

    /// Scores a file from the codes of the ticked items; an unknown code is refused.
    pub fn score(&self, ticked: &[&str]) -> Result<Scored, DomainError> {
        let mut items = Vec::new();
        for code in ticked {
            let item = self.items.iter().find(|i| i.code == *code).ok_or_else(|| {
                DomainError::invalid("评查项目", format!("{code} 不在《{}》中", self.name))
            })?;
            items.push(item);
        }
        let vetoed = items.iter().any(|i| i.veto);
        let total = if vetoed {
            0
        } else {
            self.parts
                .iter()
                .map(|part| {
                    let off: u32 = items
                        .iter()
                        .filter(|i| i.part.as_deref() == Some(part.key.as_str()))
                        .map(|i| i.deduct)
                        .sum();
                    part.points.saturating_sub(off)
                })
                .sum()
        };
        let grade = self
            .bands
            .iter()
            .find(|b| total >= b.min)
            .map_or_else(String::new, |b| b.grade.clone());
        Ok(Scored {
            total,
            grade,
            vetoed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores worked out by hand from the example sheet.
    #[test]
    fn the_example_sheet_scores_as_worked_by_hand() {
        let s = Standard::embedded().unwrap();
        assert_eq!(s.full_marks(), 100);
        let score = |ticked: &[&str]| {
            let r = s.score(ticked).unwrap();
            (r.total, r.grade)
        };
        assert_eq!(score(&[]), (100, "优秀".into()));
        // 卷面 −2 −1, 内容 −10: 17 + 70.
        assert_eq!(score(&["F1", "F3", "C5"]), (87, "合格".into()));
        // 内容 deductions 20+20+15+10+10+10 = 85 capped at 80: 20 + 0.
        assert_eq!(
            score(&["C3", "C4", "C2", "C1", "C6", "C7"]),
            (20, "不合格".into())
        );
        // A veto item: 0 whatever else.
        let r = s.score(&["V2"]).unwrap();
        assert_eq!((r.total, r.grade.as_str(), r.vetoed), (0, "不合格", true));
        // 90 is 优秀, 89 is not.
        assert_eq!(score(&["C1"]).1, "优秀");
        assert_eq!(score(&["C1", "F3"]).1, "合格");
        let err = s.score(&["X9"]).unwrap_err().to_string();
        assert!(err.contains("X9 不在"), "{err}");
    }

    #[test]
    fn a_malformed_standard_is_refused_in_chinese() {
        let err = Standard::parse(
            "name='x'\nsource='y'\n[[part]]\nkey='a'\nname='A'\npoints=10\n\
             [[item]]\ncode='1'\npart='b'\ntext='t'\ndeduct=1\n[[band]]\nmin=0\ngrade='g'",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("已定义的部分"), "{err}");
        let err = Standard::parse(
            "name='x'\nsource='y'\n[[part]]\nkey='a'\nname='A'\npoints=10\n\
             [[item]]\ncode='1'\npart='a'\ntext='t'\ndeduct=1\n[[band]]\nmin=5\ngrade='g'",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("最后一档从0分起"), "{err}");
    }
}
