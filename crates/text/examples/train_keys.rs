//! Trains the learned key scorer on the gold of the seeds and the development corpus, reports
//! k-fold cross-validated key accuracy (folds by report: a report is never scored by a model
//! trained on it) against the catalog rules alone, and writes the weights trained on all.
//!
//! `cargo run --release --example train_keys -- SHARED_DIR [--folds 5] [--write data/key_model.tsv]`

use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;

use fazhi_text::{KeyExample, KeyModel, Reader, Training};

/// A report with gold: its examples and, for each, the right choice (when gold names one).
struct Report {
    part: &'static str,
    examples: Vec<KeyExample>,
    /// Per example: Some(index of the gold key among the choices, or None when the gold key
    /// is not among them) for examples matched with a gold row; None for unmatched ones.
    gold: Vec<Option<Option<usize>>>,
    /// Per example matched with gold: the gold key.
    gold_key: Vec<Option<String>>,
}

struct GoldRow {
    key: String,
    value: f64,
    phrase: String,
}

fn read_gold(path: &Path) -> Result<Vec<GoldRow>, String> {
    let tsv = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut rows = Vec::new();
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(key), Some(value), Some(phrase)) = (cols.first(), cols.get(1), cols.get(4))
        else {
            return Err(format!("{}: short line {line}", path.display()));
        };
        let value = value.parse().map_err(|_| format!("bad value {value}"))?;
        rows.push(GoldRow {
            key: key.to_string(),
            value,
            phrase: phrase.to_string(),
        });
    }
    Ok(rows)
}

/// Char spans of every occurrence of `phrase` in `text`.
fn occurrences(text: &str, phrase: &str) -> Vec<(usize, usize)> {
    let n = phrase.chars().count();
    text.match_indices(phrase)
        .map(|(b, _)| {
            let s = text[..b].chars().count();
            (s, s + n)
        })
        .collect()
}

/// Matches gold rows with examples as the shared scorer does: same value, overlapping span,
/// each at most once, gold rows in order.
fn label(text: &str, gold: &[GoldRow], examples: &[KeyExample]) -> Report {
    let mut used = vec![false; examples.len()];
    let mut labels = vec![None; examples.len()];
    let mut keys = vec![None; examples.len()];
    for g in gold {
        let spans = occurrences(text, &g.phrase);
        let same = |v: f64| (v - g.value).abs() <= 1e-9 * v.abs().max(g.value.abs()).max(1.0);
        let hit = examples.iter().enumerate().find(|(j, ex)| {
            !used[*j] && same(ex.value) && spans.iter().any(|&(s, e)| ex.start < e && s < ex.end)
        });
        if let Some((j, ex)) = hit {
            used[j] = true;
            let right = ex
                .choices
                .iter()
                .position(|c| c.key.as_deref() == Some(g.key.as_str()));
            labels[j] = Some(right);
            keys[j] = Some(g.key.clone());
        }
    }
    Report {
        part: "",
        examples: examples.to_vec(),
        gold: labels,
        gold_key: keys,
    }
}

fn load(shared: &Path, reader: &Reader) -> Result<Vec<Report>, String> {
    let mut out = Vec::new();
    let parts = [
        ("seeds", shared.join("seeds"), shared.join("gold")),
        (
            "corpus",
            shared.join("corpus/reports"),
            shared.join("corpus/gold"),
        ),
    ];
    for (part, reports, gold) in parts {
        let mut names: Vec<String> = std::fs::read_dir(&gold)
            .map_err(|e| format!("{}: {e}", gold.display()))?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".tsv").map(str::to_string))
            .collect();
        names.sort();
        for name in names {
            let path = reports.join(format!("{name}.txt"));
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let rows = read_gold(&gold.join(format!("{name}.tsv")))?;
            let mut report = label(&text, &rows, &reader.key_examples(&text));
            report.part = part;
            out.push(report);
        }
    }
    Ok(out)
}

/// Training pairs: matched examples whose gold key is a choice, and unmatched ones as "no key".
fn pairs<'a>(reports: &[&'a Report]) -> Vec<(&'a KeyExample, usize)> {
    let mut out = Vec::new();
    for r in reports {
        for (ex, g) in r.examples.iter().zip(&r.gold) {
            match g {
                Some(Some(right)) => out.push((ex, *right)),
                Some(None) => {}
                None => out.push((ex, 0)),
            }
        }
    }
    out
}

/// Right keys among matched gold rows: (all keys, core keys) as (right, total).
#[derive(Default, Clone, Copy)]
struct Tally {
    all: (usize, usize),
    core: (usize, usize),
}

fn tally(r: &Report, core: &HashSet<&str>, choose: impl Fn(&KeyExample) -> usize, t: &mut Tally) {
    for ((ex, g), key) in r.examples.iter().zip(&r.gold).zip(&r.gold_key) {
        let (Some(g), Some(key)) = (g, key) else {
            continue;
        };
        let right = g.is_some_and(|g| choose(ex) == g);
        t.all.0 += usize::from(right);
        t.all.1 += 1;
        if core.contains(key.as_str()) {
            t.core.0 += usize::from(right);
            t.core.1 += 1;
        }
    }
}

fn ratio((a, b): (usize, usize)) -> String {
    format!("{a}/{b} = {:.3}", a as f64 / b.max(1) as f64)
}

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
    let reports = match load(Path::new(shared), &reader) {
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
        let (mut rules, mut model) = (Tally::default(), Tally::default());
        for fold in 0..folds {
            let train: Vec<&Report> = reports
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != fold)
                .map(|(_, r)| r)
                .collect();
            let m = KeyModel::train(&pairs(&train), training);
            for (_, r) in reports
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds == fold)
            {
                if part != "all" && r.part != part {
                    continue;
                }
                tally(r, &core, |ex| ex.rule, &mut rules);
                tally(r, &core, |ex| m.choose(ex), &mut model);
            }
        }
        println!(
            "{part}: rules all-key {} core {} | model ({folds}-fold by report) all-key {} core {}",
            ratio(rules.all),
            ratio(rules.core),
            ratio(model.all),
            ratio(model.core)
        );
    }
    if let Some(path) = flag("--write") {
        let all: Vec<&Report> = reports.iter().collect();
        let m = KeyModel::train(&pairs(&all), training);
        if let Err(e) = std::fs::write(path, m.to_tsv()) {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
