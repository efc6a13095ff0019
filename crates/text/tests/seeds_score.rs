//! Extracts the five seed reports, scores them with the shared python scorer and asserts the
//! quality targets: detection F1 1.000 (no regression), core-key accuracy ≥ 0.90, unit
//! agreement ≥ 0.97.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::path::Path;

#[test]
fn seeds_meet_the_quality_targets() {
    let shared = Path::new(common::SHARED);
    let Some(s) = common::score(&shared.join("seeds"), &shared.join("gold")) else {
        return;
    };
    assert!(s.detection_f1 >= 0.999, "detection F1 {}", s.detection_f1);
    assert!(
        s.key_accuracy >= 0.90,
        "core-key accuracy {}",
        s.key_accuracy
    );
    assert!(
        s.unit_agreement >= 0.97,
        "unit agreement {}",
        s.unit_agreement
    );
    assert!(
        s.core_precision >= 0.95,
        "core-key precision {}",
        s.core_precision
    );
}
