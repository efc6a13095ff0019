//! 导入检查 — the checks that need no database, made as a chunk arrives: the row's unit (in
//! the importer's scope), its officers' certificates, natural keys repeated within the file;
//! and the row's statutory clocks. [`Ctx`] is the import's state apart from the connection.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use fazhi_calendar::DeadlineEngine;
use fazhi_domain::register::{LinkCheck, Record, RegisterDef, certificate};

use super::batch::IdRanges;
use super::rows::{Checked, ImportChunk, ImportOutcome, ImportProblem, ImportRow, ORG_FIELD, Unit};
use crate::bind::SharedTexts;
use crate::deadline::clocks;

/// The natural keys seen so far in a file, as 64-bit hashes with the row each came from, for
/// the duplicate check. Twelve bytes an entry (the hash's two halves and a `u32` row number,
/// align 4) instead of the sixteen of a `HashMap<u64, u64>`: the table is the one part of an
/// import's memory that grows with the file. By size, 10 M rows take ~220 MB (~330 MB while
/// the table doubles) against ~285 (~430) MB; measured, the peak of a 10 M-row import fell from
/// 621 to 525 MB.
#[derive(Default)]
pub(crate) struct SeenKeys(hashbrown::HashTable<[u32; 3]>);

impl SeenKeys {
    /// Notes `hash` at `line`; returns the first line it was seen at, if any.
    pub(crate) fn insert(&mut self, hash: u64, line: u64) -> Option<u64> {
        let halves = [(hash >> 32) as u32, hash as u32];
        if let Some(seen) = self.0.find(hash, |e| e[..2] == halves) {
            return Some(u64::from(seen[2]));
        }
        let line = u32::try_from(line).unwrap_or(u32::MAX);
        self.0
            .insert_unique(hash, [halves[0], halves[1], line], |e| {
                (u64::from(e[0]) << 32) | u64::from(e[1])
            });
        None
    }
}

/// The hash of a natural key in a region, as [`SeenKeys`] holds it.
pub(crate) fn key_hash(region: &str, key: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    (region, key).hash(&mut hasher);
    hasher.finish()
}

/// The import's state apart from the connection.
pub(crate) struct Ctx {
    pub(crate) def: &'static RegisterDef,
    pub(crate) units: HashMap<String, Unit>,
    pub(crate) default_unit: Option<Unit>,
    /// Issued certificates and their issue dates (registers that name officers only).
    pub(crate) certificates: Option<HashMap<String, Vec<Option<NaiveDate>>>>,
    /// Hashes of the natural keys seen so far in the file, with their row numbers.
    pub(crate) seen_keys: SeenKeys,
    /// Next sequence number per generated key prefix (region, `<org>-<year>-`).
    pub(crate) key_counters: HashMap<(String, String), i64>,
    pub(crate) engine: DeadlineEngine,
    pub(crate) dry_run: bool,
    pub(crate) outcome: ImportOutcome,
    pub(crate) created_ids: IdRanges,
    pub(crate) updated_ids: IdRanges,
    /// The before-image of every updated record ([`Ctx::before_image`]), for the audit.
    pub(crate) before_images: Vec<serde_json::Value>,
    /// SQLite: the next free id of the register table (read once, then counted here: the
    /// import holds the write lock from its first statement).
    pub(crate) next_id: Option<i64>,
    pub(crate) dates: SharedTexts,
    pub(crate) now: String,
    /// What the rows change in the indicator cells (applied with the batch).
    pub(crate) cells: crate::cells::CellDeltas,
    pub(crate) cell_plan: &'static fazhi_indicators::Plan,
}

impl Ctx {
    pub(crate) fn writing(&self) -> bool {
        !self.dry_run && self.outcome.problem_count == 0
    }

    /// Takes a chunk from the reader: its problems, and its rows checked with [`Ctx::check`].
    pub(crate) fn take(&mut self, chunk: ImportChunk) -> Vec<Checked> {
        for problem in chunk.problems {
            self.outcome.add_problem(problem);
        }
        self.outcome.rows += chunk.rows.len() as u64;
        chunk
            .rows
            .into_iter()
            .filter_map(|row| self.check(row))
            .collect()
    }

    /// Checks that need no database (unit, certificates, duplicate keys within the file) and
    /// computes the row's statutory clocks.
    fn check(&mut self, row: ImportRow) -> Option<Checked> {
        let unit = match &row.org_code {
            Some(code) => self.units.get(code.trim()).cloned().ok_or_else(|| {
                (
                    code.clone(),
                    "不存在或不在您的数据范围内,应为您可录入的单位代码".to_owned(),
                )
            }),
            None => self.default_unit.clone().ok_or_else(|| {
                (
                    String::new(),
                    "未填写单位代码,也未指定默认单位(--org)".to_owned(),
                )
            }),
        };
        let unit = match unit {
            Ok(unit) => unit,
            Err((value, message)) => {
                self.outcome.add_problem(ImportProblem {
                    line: row.line,
                    field: ORG_FIELD,
                    value,
                    message,
                });
                return None;
            }
        };
        let mut ok = self.check_certificates(row.line, &row.record);
        if let Some(key) = row.record.text(self.def.natural_key)
            && let Some(first) = self.seen_keys.insert(key_hash(&unit.region, key), row.line)
        {
            self.outcome.add_problem(ImportProblem {
                line: row.line,
                field: self.def.natural_key,
                value: key.to_owned(),
                message: format!("与第{first}行重复,同一编号在文件中只能出现一次"),
            });
            ok = false;
        }
        ok.then(|| Checked {
            line: row.line,
            clocks: clocks(&self.engine, self.def, &row.record),
            unit,
            record: row.record,
        })
    }

    fn check_certificates(&mut self, line: u64, record: &Record) -> bool {
        let Some(issued) = &self.certificates else {
            return true;
        };
        let mut ok = true;
        for link in self.def.links {
            let LinkCheck::ValidCertificates {
                field,
                on_date_field,
            } = *link
            else {
                continue;
            };
            let Some(list) = record.text(field) else {
                continue;
            };
            let on = record.date(on_date_field);
            for number in certificate::named_numbers(list) {
                let valid = issued.get(number).is_some_and(|dates| {
                    dates
                        .iter()
                        .any(|date| certificate::valid_for_casework(certificate::ISSUED, *date, on))
                });
                if !valid {
                    self.outcome.add_problem(ImportProblem {
                        line,
                        field,
                        value: number.to_owned(),
                        message: certificate::INVALID_FOR_CASEWORK.into(),
                    });
                    ok = false;
                }
            }
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::SeenKeys;

    #[test]
    fn seen_keys_name_the_first_line() {
        let mut seen = SeenKeys::default();
        // Same low half, different high half: distinct keys.
        assert_eq!(seen.insert(0x0000_0001_0000_00ff, 2), None);
        assert_eq!(seen.insert(0x0000_0002_0000_00ff, 3), None);
        for line in 4..10_000_u64 {
            let spread = line.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            assert_eq!(seen.insert(spread, line), None);
        }
        assert_eq!(seen.insert(0x0000_0002_0000_00ff, 10_000), Some(3));
        assert_eq!(seen.insert(0x0000_0002_0000_00ff, 10_001), Some(3));
        assert_eq!(seen.insert(0x0000_0001_0000_00ff, 10_002), Some(2));
    }
}
