//! 公示检索索引 — the public 双公示 decisions held in memory, newest first, with posting lists
//! of the two-character pieces of party names and decision numbers, of credit codes and of
//! deciding units. A search walks the shortest list that must contain every match, checks each
//! candidate, and stops counting at [`MAX_MATCHES`]: its cost is bounded by the list, never a
//! scan of the register.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;

use super::PublicUnit;

/// Matches counted at most; a search with more says 「1000 条以上」.
pub const MAX_MATCHES: usize = 1000;

/// 公示类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionKind {
    /// 行政许可.
    Licensing,
    /// 行政处罚.
    Penalty,
}

impl DecisionKind {
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "licensing" => Some(Self::Licensing),
            "penalty" => Some(Self::Penalty),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Licensing => "licensing",
            Self::Penalty => "penalty",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Licensing => "行政许可",
            Self::Penalty => "行政处罚",
        }
    }
}

/// 公示的决定 — only what a public page shows: the party's ID is a credit code or a masked
/// citizen ID, a natural person has no 法定代表人, and nothing else of the record is here.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicDecision {
    /// The record's id, the decision page's address.
    pub id: i64,
    pub kind: DecisionKind,
    pub decision_no: String,
    pub party_name: String,
    /// 行政相对人类别 (its Chinese label).
    pub party_category: &'static str,
    /// 统一社会信用代码, or a natural person's ID masked; empty when none may be shown.
    pub party_code: String,
    pub legal_rep: String,
    /// 许可类别/处罚类别.
    pub category: String,
    pub content: String,
    /// 罚没金额, in 分.
    pub amount_fen: Option<i64>,
    pub decision_date: NaiveDate,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// 公示截止期 under the rules (none: no end).
    pub public_until: Option<NaiveDate>,
    pub published_date: NaiveDate,
    /// 决定机关 and its code in the org tree.
    pub org_code: String,
    pub org_name: String,
    pub org_credit_code: String,
    pub data_source: String,
}

/// A search of the public decisions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionQuery {
    /// Part of a party name or decision number, or a whole 统一社会信用代码 (at least two
    /// characters; the web layer says so).
    pub text: String,
    pub kind: Option<DecisionKind>,
    /// 决定机关's org code.
    pub org: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Matches skipped (page × page size).
    pub offset: usize,
    pub limit: usize,
}

/// One page of matches.
#[derive(Debug, Clone)]
pub struct DecisionPage {
    pub items: Vec<Arc<PublicDecision>>,
    /// Matches counted (at most [`MAX_MATCHES`]).
    pub total: usize,
    /// There are more than [`MAX_MATCHES`].
    pub capped: bool,
}

/// The index: decisions newest first and posting lists of their positions.
#[derive(Debug, Default)]
pub struct DecisionIndex {
    items: Vec<Arc<PublicDecision>>,
    /// Lowercased party name and decision number, searched for the query text.
    haystacks: Vec<String>,
    by_id: HashMap<i64, u32>,
    pairs: HashMap<u64, Vec<u32>>,
    by_credit_code: HashMap<String, Vec<u32>>,
    by_org: HashMap<String, Vec<u32>>,
    /// The deciding units, by code.
    units: Vec<PublicUnit>,
}

fn pair_key(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// The text as searched: lowercase, without whitespace of any width.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

impl DecisionIndex {
    /// Builds the index of `decisions` (in any order), judged public by the caller.
    pub fn build(mut decisions: Vec<PublicDecision>) -> Self {
        decisions.sort_by(|a, b| b.decision_date.cmp(&a.decision_date).then(b.id.cmp(&a.id)));
        let mut index = DecisionIndex::default();
        for (position, decision) in decisions.into_iter().enumerate() {
            let at = u32::try_from(position).unwrap_or(u32::MAX);
            let haystack = normalize(&format!(
                "{}\u{1}{}",
                decision.party_name, decision.decision_no
            ));
            let chars: Vec<char> = haystack.chars().collect();
            let mut keys: Vec<u64> = chars.windows(2).map(|w| pair_key(w[0], w[1])).collect();
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                index.pairs.entry(key).or_default().push(at);
            }
            if decision.party_code.len() == 18 && !decision.party_code.contains('*') {
                index
                    .by_credit_code
                    .entry(decision.party_code.to_ascii_uppercase())
                    .or_default()
                    .push(at);
            }
            index
                .by_org
                .entry(decision.org_code.clone())
                .or_default()
                .push(at);
            index.by_id.insert(decision.id, at);
            index.haystacks.push(haystack);
            index.items.push(Arc::new(decision));
        }
        let mut units: Vec<PublicUnit> = index
            .by_org
            .values()
            .filter_map(|list| list.first())
            .map(|&at| {
                let item = &index.items[at as usize];
                PublicUnit {
                    code: item.org_code.clone(),
                    name: item.org_name.clone(),
                    kind: String::new(),
                }
            })
            .collect();
        units.sort_by(|a, b| a.code.cmp(&b.code));
        index.units = units;
        index
    }

    /// The deciding units, by code.
    pub fn units(&self) -> &[PublicUnit] {
        &self.units
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// One public decision by id (still public on `today`).
    pub fn get(&self, id: i64, today: NaiveDate) -> Option<Arc<PublicDecision>> {
        let item = &self.items[*self.by_id.get(&id)? as usize];
        still_public(item, today).then(|| item.clone())
    }

    /// The decisions of `query` public on `today`, newest first.
    pub fn search(&self, query: &DecisionQuery, today: NaiveDate) -> DecisionPage {
        let text = normalize(&query.text);
        let code = text.to_ascii_uppercase();
        let all: Vec<u32>;
        let (candidates, check_text): (&[u32], bool) = if let Some(list) = (code.len() == 18)
            .then(|| self.by_credit_code.get(&code))
            .flatten()
        {
            (list, false)
        } else if text.chars().count() >= 2 {
            let chars: Vec<char> = text.chars().collect();
            let shortest = chars
                .windows(2)
                .map(|w| {
                    self.pairs
                        .get(&pair_key(w[0], w[1]))
                        .map_or(&[][..], Vec::as_slice)
                })
                .min_by_key(|list| list.len())
                .unwrap_or(&[]);
            (shortest, true)
        } else if let Some(org) = &query.org {
            (self.by_org.get(org).map_or(&[][..], Vec::as_slice), false)
        } else {
            all = (0..u32::try_from(self.items.len()).unwrap_or(u32::MAX)).collect();
            (&all, false)
        };
        let mut items = Vec::new();
        let mut total = 0;
        let mut capped = false;
        for &at in candidates {
            let item = &self.items[at as usize];
            if !self.matches(at, item, query, &text, check_text, today) {
                continue;
            }
            if total == MAX_MATCHES {
                capped = true;
                break;
            }
            if total >= query.offset && items.len() < query.limit {
                items.push(item.clone());
            }
            total += 1;
        }
        DecisionPage {
            items,
            total,
            capped,
        }
    }

    fn matches(
        &self,
        at: u32,
        item: &PublicDecision,
        query: &DecisionQuery,
        text: &str,
        check_text: bool,
        today: NaiveDate,
    ) -> bool {
        still_public(item, today)
            && query.kind.is_none_or(|k| k == item.kind)
            && query.org.as_ref().is_none_or(|o| *o == item.org_code)
            && query.from.is_none_or(|d| item.decision_date >= d)
            && query.to.is_none_or(|d| item.decision_date <= d)
            && (!check_text || self.haystacks[at as usize].contains(text))
    }
}

/// Public on `today`: its period has not ended since the index was built.
fn still_public(item: &PublicDecision, today: NaiveDate) -> bool {
    item.public_until.is_none_or(|end| end >= today)
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
