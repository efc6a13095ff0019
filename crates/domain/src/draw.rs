//! 随机抽取 — a draw of records (案卷评查 case files, 双随机 objects) that anyone can re-run and
//! get the same list. Nothing in it is secret or stateful:
//!
//! - the **seed** is SHA-256 of `fazhi-draw-v1`, the campaign's name and a seed source fixed
//!   before the draw (a value published later, such as a lottery number or an index's closing
//!   figure on a named day, so that nobody can know the seed when the parameters are set);
//! - each candidate's **lot** is SHA-256 of the seed and the record's number (案件编号), as hex;
//! - in each unit, the candidates with the smallest lots are drawn, `per_unit` of them.
//!
//! The same parameters and the same population give the same lots on any machine and in any
//! language that has SHA-256 (a spreadsheet with a hash function will do); a changed parameter
//! changes every lot. The population is fingerprinted (count and a digest of its sorted
//! numbers) so a re-run can tell a changed register from a changed draw.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::error::DomainError;

pub mod officers;

/// Version tag hashed into every seed: a change of method gets a new tag.
const METHOD: &str = "fazhi-draw-v1";

/// The largest sample per unit (a campaign reviews a few dozen files per unit).
pub const MAX_PER_UNIT: usize = 1_000;

/// What a draw is asked to do, fixed and recorded before it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawSpec {
    /// 活动名称, e.g. 2025年度行政执法案卷评查.
    pub campaign: String,
    /// 随机种子来源, e.g. 「2025年3月3日福彩3D第2025056期开奖号码」 and its value.
    pub seed_source: String,
    /// 每单位抽取件数.
    pub per_unit: usize,
}

/// One record that may be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    /// The unit the record belongs to (its code): the draw takes `per_unit` from each.
    pub unit: String,
    /// The record's number (natural key), which its lot is computed from.
    pub number: String,
}

/// A drawn record with its lot.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Drawn {
    pub id: i64,
    pub unit: String,
    pub number: String,
    /// SHA-256(seed ‖ number), hex: the smallest lots of a unit are drawn.
    pub lot: String,
    /// 双随机: the certificate numbers of the officers sent to this object
    /// ([`officers::send_officers`]); empty for a draw of case files.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub officers: Vec<String>,
}

/// The outcome of a draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawOutcome {
    /// The seed, hex.
    pub seed: String,
    /// How many records the population held.
    pub population: usize,
    /// SHA-256 of the population's sorted numbers (one per line), hex.
    pub population_digest: String,
    /// Drawn records, by unit code and then lot.
    pub drawn: Vec<Drawn>,
}

impl DrawSpec {
    /// Checks the parameters a clerk typed (name, seed source, size).
    pub fn check(&self) -> Result<(), DomainError> {
        if self.campaign.trim().is_empty() || self.campaign.chars().count() > 200 {
            return Err(DomainError::invalid("活动名称", "必须填写,不超过200字"));
        }
        if self.seed_source.trim().chars().count() < 4 || self.seed_source.chars().count() > 500 {
            return Err(DomainError::invalid(
                "随机种子来源",
                "必须写明事先确定的公开来源及其数值(4至500字),如 2025年3月3日福彩3D开奖号码 385",
            ));
        }
        if !(1..=MAX_PER_UNIT).contains(&self.per_unit) {
            return Err(DomainError::invalid(
                "每单位抽取件数",
                format!("应为1至{MAX_PER_UNIT}之间的整数"),
            ));
        }
        Ok(())
    }

    /// The seed: SHA-256 of the method tag, the campaign and the seed source, hex.
    pub fn seed(&self) -> String {
        hex::encode(Sha256::digest(
            format!(
                "{METHOD}\n{}\n{}",
                self.campaign.trim(),
                self.seed_source.trim()
            )
            .as_bytes(),
        ))
    }
}

/// The lot of record `number` under `seed` (hex): SHA-256 of `seed`, a newline and `number`.
pub fn lot(seed: &str, number: &str) -> String {
    hex::encode(lot_bytes(seed, number))
}

/// [`lot`] as its 32 bytes (ordered as their hex is).
fn lot_bytes(seed: &str, number: &str) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(seed.as_bytes());
    hash.update(b"\n");
    hash.update(number.as_bytes());
    hash.finalize().into()
}

/// SHA-256 of the sorted numbers, one per line, hex.
pub fn population_digest(candidates: &[Candidate]) -> String {
    let mut numbers: Vec<&str> = candidates.iter().map(|c| c.number.as_str()).collect();
    numbers.sort_unstable();
    let mut hash = Sha256::new();
    for n in numbers {
        hash.update(n.as_bytes());
        hash.update(b"\n");
    }
    hex::encode(hash.finalize())
}

/// Draws `spec.per_unit` records of each unit from `candidates`. A unit with fewer records
/// gives all it has; an empty population, or a sample larger than the whole population, is
/// refused.
pub fn draw(spec: &DrawSpec, candidates: &[Candidate]) -> Result<DrawOutcome, DomainError> {
    spec.check()?;
    if candidates.is_empty() {
        return Err(DomainError::invalid(
            "抽取范围",
            "内没有可抽取的记录,请检查单位和年度",
        ));
    }
    let seed = spec.seed();
    // A city-year holds over a million candidates: each keeps its 32-byte lot and its index,
    // and only the drawn ones are written out.
    let lots: Vec<[u8; 32]> = candidates
        .iter()
        .map(|c| lot_bytes(&seed, &c.number))
        .collect();
    let mut by_unit: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in candidates.iter().enumerate() {
        by_unit.entry(&c.unit).or_default().push(i);
    }
    let asked = spec.per_unit.saturating_mul(by_unit.len());
    if asked > candidates.len() && by_unit.values().all(|v| v.len() < spec.per_unit) {
        return Err(DomainError::invalid(
            "每单位抽取件数",
            format!(
                "{}件超过了每个单位的记录数(共{}件),请减少",
                spec.per_unit,
                candidates.len()
            ),
        ));
    }
    let drawn = by_unit
        .into_values()
        .flat_map(|mut indices| {
            indices.sort_by(|&a, &b| {
                lots[a]
                    .cmp(&lots[b])
                    .then_with(|| candidates[a].number.cmp(&candidates[b].number))
            });
            indices.truncate(spec.per_unit);
            indices
        })
        .map(|i| Drawn {
            id: candidates[i].id,
            unit: candidates[i].unit.clone(),
            number: candidates[i].number.clone(),
            lot: hex::encode(lots[i]),
            officers: Vec::new(),
        })
        .collect();
    Ok(DrawOutcome {
        seed,
        population: candidates.len(),
        population_digest: population_digest(candidates),
        drawn,
    })
}

#[cfg(test)]
mod tests;
