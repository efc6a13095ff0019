//! 随机选派执法检查人员 — the second 随机 of 双随机: for each drawn object, two officers from
//! the pool of certificate holders (国办发〔2015〕58号: 「从执法检查人员名录库中随机选派执法检查
//! 人员」; 行政处罚法 (2021) 第五十五条: 不少于两人), by lots anyone can recompute:
//!
//! - an officer's **lot** for an object is SHA-256 of the draw's seed, a newline, the object's
//!   number (统一社会信用代码), a newline and the officer's certificate number, as hex;
//! - the two officers with the smallest lots that no avoidance rule (回避) excludes are sent.
//!
//! Avoidance, recorded with the draw so that a re-run applies the same:
//! - **交叉检查** (`cross_check`): no officer of the object's own 监管单位, against 熟人执法;
//! - **连续抽中回避**: no officer who was sent to the same object by an earlier draw (the
//!   store passes the pairs of the earlier draws it counts as recent).

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use crate::draw::Drawn;
use crate::error::DomainError;

/// Officers sent to each object.
pub const PER_OBJECT: usize = 2;

/// One certificate holder of the pool (名录库).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    /// 执法证号.
    pub certificate_no: String,
    /// The unit (code) whose certificate it is.
    pub unit: String,
}

/// The avoidance rules of one draw.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Avoidance {
    /// 交叉检查: officers of an object's own unit are not sent to it.
    pub cross_check: bool,
    /// (object number, certificate number) pairs of earlier draws: not sent again.
    pub earlier: BTreeSet<(String, String)>,
}

impl Avoidance {
    /// Whether `officer` may be sent to `object`.
    fn allows(&self, object: &Drawn, officer: &Officer) -> bool {
        let own_unit = self.cross_check && officer.unit == object.unit;
        let sent_before = self
            .earlier
            .contains(&(object.number.clone(), officer.certificate_no.clone()));
        !own_unit && !sent_before
    }
}

/// The lot of `officer` for `object` under `seed` (hex).
pub fn officer_lot(seed: &str, object: &str, certificate_no: &str) -> String {
    hex::encode(lot_bytes(seed, object, certificate_no))
}

fn lot_bytes(seed: &str, object: &str, certificate_no: &str) -> [u8; 32] {
    let mut hash = Sha256::new();
    for (i, part) in [seed, object, certificate_no].into_iter().enumerate() {
        if i > 0 {
            hash.update(b"\n");
        }
        hash.update(part.as_bytes());
    }
    hash.finalize().into()
}

/// SHA-256 of the pool's sorted `certificate number<TAB>unit` lines, hex: a re-run tells a
/// changed pool from a changed draw.
pub fn pool_digest(pool: &[Officer]) -> String {
    let mut lines: Vec<String> = pool
        .iter()
        .map(|o| format!("{}\t{}", o.certificate_no, o.unit))
        .collect();
    lines.sort_unstable();
    let mut hash = Sha256::new();
    for line in lines {
        hash.update(line.as_bytes());
        hash.update(b"\n");
    }
    hex::encode(hash.finalize())
}

/// Sends [`PER_OBJECT`] officers to each drawn object (in `drawn.officers`), or says which
/// object has too few officers left after avoidance.
pub fn send_officers(
    seed: &str,
    drawn: &mut [Drawn],
    pool: &[Officer],
    avoidance: &Avoidance,
) -> Result<(), DomainError> {
    for object in drawn.iter_mut() {
        let mut eligible: Vec<([u8; 32], &Officer)> = pool
            .iter()
            .filter(|o| avoidance.allows(object, o))
            .map(|o| (lot_bytes(seed, &object.number, &o.certificate_no), o))
            .collect();
        if eligible.len() < PER_OBJECT {
            return Err(DomainError::invalid(
                "执法检查人员名录库",
                format!(
                    "检查对象「{}」回避后可选派的持证人员只有{}名,每个对象需要{PER_OBJECT}名;请扩大人员范围或不选交叉检查",
                    object.number,
                    eligible.len()
                ),
            ));
        }
        eligible.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.certificate_no.cmp(&b.1.certificate_no))
        });
        object.officers = eligible
            .into_iter()
            .take(PER_OBJECT)
            .map(|(_, o)| o.certificate_no.clone())
            .collect();
    }
    Ok(())
}

#[cfg(test)]
mod tests;
