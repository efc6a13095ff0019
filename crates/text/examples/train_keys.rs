//! Trains the learned key scorer on the gold of the seeds and the development corpus, reports
//! k-fold cross-validated key accuracy (folds by report: a report is never scored by a model
//! trained on it) against the catalog rules alone, and writes the weights trained on all.
//!
//! `cargo run --release --example train_keys -- SHARED_DIR [--folds 5] [--write data/key_model.tsv]`

use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;

use fazhi_text::{KeyModel, Reader, Training};

#[path = "../tests/common/cv.rs"]
mod cv;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(shared) = args.first() else {
        eprintln!("用法: train_keys SHARED_DIR [--folds N] [--write FILE]");
        return ExitCode::from(2);
    };
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let folds: usize = flag("--folds").and_then(|f| f.parse().ok()).unwrap_or(5);
    let reader = match Reader::embedded() {
        Ok(r) => r.with_key_model(None),
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let core: HashSet<&str> = reader.catalog().core_keys().collect();
    let reports = match cv::load(Path::new(shared), &reader) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let reachable: usize = reports
        .iter()
        .flat_map(|r| &r.gold)
        .filter(|g| matches!(g, Some(Some(_))))
        .count();
    let matched: usize = reports.iter().flat_map(|r| &r.gold).flatten().count();
    println!("gold rows matched {matched}, with the gold key among the choices {reachable}");
    let training = Training {
        epochs: flag("--epochs").and_then(|f| f.parse().ok()).unwrap_or(30),
        l2: flag("--l2").and_then(|f| f.parse().ok()).unwrap_or(1e-4),
        ..Training::default()
    };
    for part in ["seeds", "corpus", "all"] {
        let (rules, model) = cv::cross_validate(&reports, part, folds, training, &core);
        println!(
            "{part}: rules all-key {} core {} | model ({folds}-fold by report) all-key {} core {}",
            cv::ratio(rules.all),
            cv::ratio(rules.core),
            cv::ratio(model.all),
            cv::ratio(model.core)
        );
    }
    if let Some(path) = flag("--write") {
        let all: Vec<&cv::Report> = reports.iter().collect();
        let m = KeyModel::train(&cv::pairs(&all), training);
        if let Err(e) = std::fs::write(path, m.to_tsv()) {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
