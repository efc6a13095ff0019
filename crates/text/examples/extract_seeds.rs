//! Extracts the statistics of the report files given on the command line and writes
//! `DIR/<stem>.jsonl` for each: `cargo run --example extract_seeds -- [--rules-only] DIR FILE...`
//! (`--rules-only`: keys by the catalog rules, without the learned scorer).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let rules_only = args.first().is_some_and(|a| a == "--rules-only");
    if rules_only {
        args.remove(0);
    }
    let Some((dir, files)) = args.split_first() else {
        eprintln!("用法: extract_seeds 输出目录 报告文件...");
        return ExitCode::from(2);
    };
    let reader = match fazhi_text::Reader::embedded() {
        Ok(r) if rules_only => r.with_key_model(None),
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("无法创建目录 {dir}: {e}");
        return ExitCode::FAILURE;
    }
    for file in files {
        let path = Path::new(file);
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("无法读取 {file}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("report");
        let out = Path::new(dir).join(format!("{stem}.jsonl"));
        let jsonl = fazhi_text::to_jsonl(&reader.extract(&text));
        if let Err(e) = std::fs::write(&out, jsonl) {
            eprintln!("无法写入 {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
