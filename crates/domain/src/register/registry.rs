//! 登记簿目录 — every register, in the order menus and templates list them.

use crate::register::RegisterDef;
use crate::register::{
    certificate, enforcement, litigation, major_decision, mediation, normative_document, publicity,
    reconsideration,
};

static ALL: [&RegisterDef; 8] = [
    &enforcement::ENFORCEMENT_CASES,
    &certificate::CERTIFICATES,
    &publicity::PUBLICITY_RECORDS,
    &reconsideration::RECONSIDERATIONS,
    &litigation::LITIGATIONS,
    &normative_document::NORMATIVE_DOCUMENTS,
    &major_decision::MAJOR_DECISIONS,
    &mediation::MEDIATIONS,
];

/// Every register definition.
pub fn all() -> &'static [&'static RegisterDef] {
    &ALL
}

/// The register with this URL key (`enforcement-cases` …).
pub fn by_key(key: &str) -> Option<&'static RegisterDef> {
    ALL.iter().copied().find(|def| def.key == key)
}

#[cfg(test)]
mod tests;
