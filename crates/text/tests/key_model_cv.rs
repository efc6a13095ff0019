//! The learned key scorer, cross-validated by report on the gold of the seeds and the
//! development corpus (read from ../shared): it must not be worse than the catalog rules
//! alone, and must keep the level reached in issue 23. Also checks that the shipped weights
//! are the ones training gives today (else: retrain, see the message).
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

#[path = "common/cv.rs"]
mod cv;

use std::collections::HashSet;
use std::path::Path;

use fazhi_text::{KeyModel, Reader, Training};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn ratio((a, b): (usize, usize)) -> f64 {
    a as f64 / b.max(1) as f64
}

#[test]
fn cross_validated_keys_beat_the_rules() {
    let shared = Path::new(SHARED);
    if !shared.join("corpus/gold").is_dir() {
        println!("skipped: {} not found", shared.display());
        return;
    }
    let reader = Reader::embedded().expect("catalog").with_key_model(None);
    let core: HashSet<&str> = reader.catalog().core_keys().collect();
    let reports = cv::load(shared, &reader).expect("gold of ../shared");
    let (rules, model) = cv::cross_validate(&reports, "all", 5, Training::default(), &core);
    println!(
        "rules all {} core {}; model all {} core {}",
        cv::ratio(rules.all),
        cv::ratio(rules.core),
        cv::ratio(model.all),
        cv::ratio(model.core)
    );
    assert!(ratio(model.all) >= ratio(rules.all), "model below rules");
    assert!(
        ratio(model.core) >= ratio(rules.core),
        "model below rules (core)"
    );
    assert!(
        ratio(model.all) >= 0.84,
        "CV all-key accuracy {}",
        ratio(model.all)
    );
    assert!(
        ratio(model.core) >= 0.95,
        "CV core-key accuracy {}",
        ratio(model.core)
    );

    let all: Vec<&cv::Report> = reports.iter().collect();
    let trained = KeyModel::train(&cv::pairs(&all), Training::default()).to_tsv();
    let shipped = include_str!("../data/key_model.tsv");
    assert!(
        trained == shipped,
        "data/key_model.tsv is stale: cargo run --release -p fazhi-text --example train_keys -- \
         ../shared --write crates/text/data/key_model.tsv"
    );
}
