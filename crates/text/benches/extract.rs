//! Throughput of the whole reading pipeline (normalise + extract + classify) over the five seed
//! reports concatenated and repeated to at least 4 MB, beside a baseline in the same run: a plain
//! regex scan for numbers over the same text.
//!
//! `CARGO_TARGET_DIR=… cargo bench -p fazhi-text --bench extract`

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use regex::Regex;

const MIN_BYTES: usize = 4 << 20;

/// The seeds of `shared/seeds`, concatenated and repeated to ≥ 4 MB.
fn corpus() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let seeds: String = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect::<Vec<_>>()
        .join("\n\n");
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    let mut text = String::with_capacity(MIN_BYTES + seeds.len());
    while text.len() < MIN_BYTES {
        text.push_str(&seeds);
        text.push_str("\n\n");
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let reader = fazhi_text::Reader::embedded().unwrap_or_else(|e| panic!("catalog: {e}"));
    let numbers = Regex::new(r"[0-9]+(?:\.[0-9]+)?").unwrap_or_else(|e| panic!("regex: {e}"));
    let mut group = c.benchmark_group("reading");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("baseline_regex_numbers", |b| {
        b.iter(|| numbers.find_iter(black_box(&text)).count())
    });
    group.bench_function("read_pipeline", |b| {
        b.iter(|| reader.read(black_box(&text)).statistics.len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
