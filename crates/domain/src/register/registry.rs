//! 登记簿目录 — every register, in the order menus and templates list them.

use crate::register::RegisterDef;
use crate::register::{
    certificate, double_random, enforcement, information_request, legal_adviser, legality_review,
    litigation, major_decision, major_penalty_filing, mediation, normative_document, publicity,
    reconsideration, rectification, suggestion,
};

static ALL: [&RegisterDef; 16] = [
    &enforcement::ENFORCEMENT_CASES,
    &certificate::CERTIFICATES,
    &publicity::PUBLICITY_RECORDS,
    &reconsideration::RECONSIDERATIONS,
    &litigation::LITIGATIONS,
    &normative_document::NORMATIVE_DOCUMENTS,
    &major_decision::MAJOR_DECISIONS,
    &mediation::MEDIATIONS,
    &rectification::RECTIFICATIONS,
    &major_penalty_filing::MAJOR_PENALTY_FILINGS,
    &double_random::INSPECTION_OBJECTS,
    &double_random::RANDOM_INSPECTIONS,
    &suggestion::SUGGESTIONS,
    &information_request::INFORMATION_REQUESTS,
    &legality_review::LEGALITY_REVIEWS,
    &legal_adviser::LEGAL_ADVISERS,
];

/// Every register definition.
pub fn all() -> &'static [&'static RegisterDef] {
    &ALL
}

/// The register with this URL key (`enforcement-cases` …).
pub fn by_key(key: &str) -> Option<&'static RegisterDef> {
    ALL.iter().copied().find(|def| def.key == key)
}

/// Definition errors of the registers' rules: enum codes a rule tests that its field does not
/// offer (`c.is("kind", "penalty")` with no such option would silently never hold). Run at
/// start-up; each entry names the register and the `field=code` pairs.
pub fn definition_problems() -> Vec<String> {
    ALL.iter()
        .flat_map(|def| {
            (def.rules)(&crate::register::Record::default())
                .into_iter()
                .filter(|e| e.message == crate::register::rules::MISNAMED_CODE)
                .map(|e| format!("{}:{}", def.label, e.value))
        })
        .collect()
}

#[cfg(test)]
mod tests;
