//! Extracts the five seed reports, scores them with the shared python scorer and asserts the
//! quality targets: detection F1 ≥ 0.97, core-key accuracy ≥ 0.90, unit agreement ≥ 0.97.

use std::path::Path;
use std::process::Command;

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn metric(output: &str, name: &str) -> Option<f64> {
    let at = output.rfind(name)? + name.len();
    let rest = output[at..].trim_start_matches([' ', '=']);
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

#[test]
fn seeds_meet_the_quality_targets() {
    let shared = Path::new(SHARED);
    let seeds = shared.join("seeds");
    let scorer = shared.join("tools/score_extraction.py");
    if !seeds.is_dir() || !scorer.is_file() {
        println!("skipped: {} not found", shared.display());
        return;
    }
    if Command::new("python3").arg("--version").output().is_err() {
        println!("skipped: python3 not found");
        return;
    }
    let out = tempfile::tempdir().expect("temp dir");
    let reader = fazhi_text::Reader::embedded().expect("catalog");
    for entry in std::fs::read_dir(&seeds).expect("seeds dir") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("seed text");
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("stem");
        let jsonl = fazhi_text::to_jsonl(&reader.extract(&text));
        std::fs::write(out.path().join(format!("{stem}.jsonl")), jsonl).expect("write");
    }
    let result = Command::new("python3")
        .arg(&scorer)
        .arg("--reports")
        .arg(&seeds)
        .arg("--gold")
        .arg(shared.join("gold"))
        .arg("--predictions")
        .arg(out.path())
        .output()
        .expect("run scorer");
    let report = String::from_utf8_lossy(&result.stdout);
    println!("{report}");
    let f1 = metric(&report, "detection_f1").expect("f1 in output");
    let key = metric(&report, "key_accuracy").expect("key accuracy in output");
    let unit = metric(&report, "unit agreement").expect("unit agreement in output");
    assert!(f1 >= 0.97, "detection F1 {f1} < 0.97");
    assert!(key >= 0.90, "core-key accuracy {key} < 0.90");
    assert!(unit >= 0.97, "unit agreement {unit} < 0.97");
}
