//! Gold-labelled key examples of the seeds and the development corpus, and k-fold
//! cross-validation of the learned key scorer by report (a report is never scored by a model
//! trained on it). Shared by `examples/train_keys.rs` and `tests/key_model_cv.rs`.

use std::collections::HashSet;
use std::path::Path;

use fazhi_text::{KeyExample, KeyModel, Reader, Training};

/// A report with gold: its examples and, for each, the right choice (when gold names one).
pub struct Report {
    pub part: &'static str,
    pub examples: Vec<KeyExample>,
    /// Per example: Some(index of the gold key among the choices, or None when the gold key
    /// is not among them) for examples matched with a gold row; None for unmatched ones.
    pub gold: Vec<Option<Option<usize>>>,
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

pub fn load(shared: &Path, reader: &Reader) -> Result<Vec<Report>, String> {
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
pub fn pairs<'a>(reports: &[&'a Report]) -> Vec<(&'a KeyExample, usize)> {
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
pub struct Tally {
    pub all: (usize, usize),
    pub core: (usize, usize),
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

pub fn ratio((a, b): (usize, usize)) -> String {
    format!("{a}/{b} = {:.3}", a as f64 / b.max(1) as f64)
}

/// Rules and model tallies of `part` ("seeds", "corpus" or "all"), `folds`-fold by report.
pub fn cross_validate(
    reports: &[Report],
    part: &str,
    folds: usize,
    training: Training,
    core: &HashSet<&str>,
) -> (Tally, Tally) {
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
            tally(r, core, |ex| ex.rule, &mut rules);
            tally(r, core, |ex| m.choose(ex), &mut model);
        }
    }
    (rules, model)
}
