//! Scoring extractions with the shared python scorer (`../shared/tools/score_extraction.py`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// `../shared`, seen from the workspace root.
pub const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

/// The scorer's metrics.
#[derive(Debug)]
#[allow(dead_code)] // each test file compiles this module and reads only some fields
pub struct Scores {
    pub detection_f1: f64,
    pub unit_agreement: f64,
    pub key_accuracy: f64,
    pub core_precision: f64,
    /// Gold rows, predicted statistics and matched pairs, summed over the reports.
    pub counts: (usize, usize, usize),
}

fn metric(output: &str, name: &str) -> Option<f64> {
    let at = output.rfind(name)? + name.len();
    let rest = output[at..].trim_start_matches([' ', '=']);
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// The scorer's `overall: gold G predicted P matched M` line.
fn counts(output: &str) -> Option<(usize, usize, usize)> {
    let line = output.lines().find(|l| l.starts_with("overall:"))?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let after = |name: &str| -> Option<usize> {
        let at = words.iter().position(|w| *w == name)?;
        words.get(at + 1)?.parse().ok()
    };
    Some((after("gold")?, after("predicted")?, after("matched")?))
}

/// Extracts every `.txt` of `reports` and scores it against `gold`; `None` (with a message)
/// when ../shared or python3 is absent.
pub fn score(reports: &Path, gold: &Path) -> Option<Scores> {
    let scorer = PathBuf::from(SHARED).join("tools/score_extraction.py");
    if !reports.is_dir() || !gold.is_dir() || !scorer.is_file() {
        println!("skipped: {} not found", reports.display());
        return None;
    }
    if Command::new("python3").arg("--version").output().is_err() {
        println!("skipped: python3 not found");
        return None;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let reader = fazhi_text::Reader::embedded().expect("catalog");
    for entry in std::fs::read_dir(reports).expect("reports dir") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("report text");
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("stem");
        let jsonl = fazhi_text::to_jsonl(&reader.extract(&text));
        std::fs::write(out.path().join(format!("{stem}.jsonl")), jsonl).expect("write");
    }
    let result = Command::new("python3")
        .arg(&scorer)
        .arg("--reports")
        .arg(reports)
        .arg("--gold")
        .arg(gold)
        .arg("--predictions")
        .arg(out.path())
        .output()
        .expect("run scorer");
    let report = String::from_utf8_lossy(&result.stdout);
    println!("{report}");
    Some(Scores {
        detection_f1: metric(&report, "detection_f1").expect("f1 in output"),
        unit_agreement: metric(&report, "unit agreement").expect("unit agreement in output"),
        key_accuracy: metric(&report, "key_accuracy").expect("key accuracy in output"),
        core_precision: metric(&report, "core_precision").expect("core precision in output"),
        counts: counts(&report).expect("overall counts in output"),
    })
}
