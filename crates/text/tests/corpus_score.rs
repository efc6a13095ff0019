//! Extracts the development corpus (`../shared/corpus`, 40 report openings, gold for 20),
//! scores it with the shared python scorer and asserts the level reached in issue 23, so that
//! a change of the reader cannot lose it unnoticed. The shipped key model was trained on this
//! gold, so the key figures here are in-sample; `key_model_cv.rs` holds the honest ones.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::path::Path;

#[test]
fn corpus_gold_stays_at_the_reached_level() {
    let corpus = Path::new(common::SHARED).join("corpus");
    let Some(s) = common::score(&corpus.join("reports"), &corpus.join("gold")) else {
        return;
    };
    assert!(s.detection_f1 >= 0.99, "detection F1 {}", s.detection_f1);
    assert!(
        s.unit_agreement >= 0.99,
        "unit agreement {}",
        s.unit_agreement
    );
    assert!(
        s.key_accuracy >= 0.87,
        "core-key accuracy {}",
        s.key_accuracy
    );
    assert!(
        s.core_precision >= 0.93,
        "core-key precision {}",
        s.core_precision
    );
}
