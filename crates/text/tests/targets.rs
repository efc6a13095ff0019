//! The quality targets of issue 23 as the issue states them, on the seeds and the development
//! corpus together (read from ../shared): detection F1 ≥ 0.97 over the 25 reports with gold.
//! Core-key accuracy ≥ 0.95, cross-validated by report, is asserted in `key_model_cv.rs`.
//!
//! Detection is the number grammar's alone: the learned key scorer only chooses keys and
//! never adds or drops a statistic (asserted below on all 45 reports), so the detection figure
//! of the shipped reader is also its cross-validated one. The grammar was developed while
//! reading these texts, so it is a development figure, not a held-out one.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::path::Path;

use fazhi_text::{Reader, Statistic};

#[test]
fn pooled_detection_f1_meets_the_target() {
    let shared = Path::new(common::SHARED);
    let seeds = common::score(&shared.join("seeds"), &shared.join("gold"));
    let corpus = common::score(&shared.join("corpus/reports"), &shared.join("corpus/gold"));
    let (Some(seeds), Some(corpus)) = (seeds, corpus) else {
        return;
    };
    let gold = seeds.counts.0 + corpus.counts.0;
    let predicted = seeds.counts.1 + corpus.counts.1;
    let matched = seeds.counts.2 + corpus.counts.2;
    assert!(gold >= 500, "only {gold} gold rows read");
    let f1 = 2.0 * matched as f64 / (gold + predicted) as f64;
    println!("seeds + corpus: gold {gold} predicted {predicted} matched {matched} F1 {f1:.3}");
    assert!(f1 >= 0.97, "detection F1 {f1:.3} on seeds + corpus");
}

/// What detection gives of a statistic: everything but its key (span, value, upper end of a
/// range, unit, qualifier).
type Detected<'a> = (usize, usize, f64, Option<f64>, &'a str, &'a str);

fn detected(stats: &[Statistic]) -> Vec<Detected<'_>> {
    stats
        .iter()
        .map(|s| {
            (
                s.start,
                s.end,
                s.value,
                s.value_max,
                &*s.unit,
                &*s.qualifier,
            )
        })
        .collect()
}

#[test]
fn the_key_scorer_does_not_change_detection() {
    let shared = Path::new(common::SHARED);
    let dirs = [shared.join("seeds"), shared.join("corpus/reports")];
    if !dirs.iter().all(|d| d.is_dir()) {
        println!("skipped: {} not found", shared.display());
        return;
    }
    let with_model = Reader::embedded().unwrap();
    let rules_only = Reader::embedded().unwrap().with_key_model(None);
    let mut reports = 0;
    for dir in &dirs {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let (a, b) = (with_model.extract(&text), rules_only.extract(&text));
            assert_eq!(detected(&a), detected(&b), "{}", path.display());
            reports += 1;
        }
    }
    assert_eq!(reports, 45, "5 seeds and 40 corpus openings");
}
