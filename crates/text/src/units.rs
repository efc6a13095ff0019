//! 单位词 — the unit words read after a number, with the dimension each gives, and the
//! characters that show a unit character is really the start of a longer word.

use crate::scan::Dimension;

/// Unit words recognised after a number, longest first, with the dimension they give.
pub(crate) struct UnitTable {
    words: Vec<(String, Dimension)>,
    /// For each first char (sorted), the indices of the words that start with it, longest
    /// first: a look-up tries only those.
    by_first: Vec<(char, Vec<usize>)>,
}

impl UnitTable {
    pub fn new(units: &fazhi_catalog::Units) -> UnitTable {
        let mut words: Vec<(String, Dimension)> = Vec::new();
        words.extend(units.count.iter().map(|u| (u.clone(), Dimension::Count)));
        words.extend(units.amount.iter().map(|u| (u.clone(), Dimension::Amount)));
        words.extend(units.rate.iter().map(|u| (u.clone(), Dimension::Rate)));
        words.extend(units.points.iter().map(|u| (u.clone(), Dimension::Points)));
        words.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let mut by_first: Vec<(char, Vec<usize>)> = Vec::new();
        for (i, (w, _)) in words.iter().enumerate() {
            let Some(c) = w.chars().next() else {
                continue;
            };
            match by_first.binary_search_by_key(&c, |g| g.0) {
                Ok(g) => by_first[g].1.push(i),
                Err(g) => by_first.insert(g, (c, vec![i])),
            }
        }
        UnitTable { words, by_first }
    }

    /// The longest unit word `rest` starts with (that is not the start of a longer word).
    pub(crate) fn lookup(&self, rest: &str) -> Option<(&str, Dimension)> {
        let first = rest.chars().next()?;
        let g = self.by_first.binary_search_by_key(&first, |g| g.0).ok()?;
        self.by_first[g]
            .1
            .iter()
            .filter_map(|&i| self.words.get(i))
            .find(|(w, _)| rest.starts_with(w.as_str()) && !unit_is_word_start(w, &rest[w.len()..]))
            .map(|(w, d)| (w.as_str(), *d))
    }
}

/// A unit character that is really the first character of a longer word (处罚, 部门, 人民).
fn unit_is_word_start(unit: &str, after: &str) -> bool {
    let Some(next) = after.chars().next() else {
        return false;
    };
    let blocked: &str = match unit {
        "处" => "罚理置级长室",
        "部" => "门署分位长",
        "期" => "间限末满",
        "项" => "目",
        "名" => "单称义额录",
        "家" => "庭属长乡",
        "所" => "有以属在得长",
        "条" => "例款件线",
        "台" => "账阶风湾",
        "场" => "所地景面馆",
        "次" => "要序",
        "位" => "于置数列居",
        "起" => "草诉来步",
        "人" => "民大员才",
        "户" => "籍口外",
        "宗" => "教旨",
        "本" => "级地市",
        "类" => "型别似",
        "张" => "网",
        "批" => "准复示",
        "个" => "人体性案",
        "元" => "旦素",
        "座" => "谈",
        "市" => "民场级委政直属区县本辖内外长里容值",
        "县" => "级域委政区城长市直",
        "倍" => "数",
        "轮" => "换岗训流",
        _ => return false,
    };
    blocked.contains(next)
}
