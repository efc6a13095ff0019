//! `fazhi extract`, `fazhi check` and `fazhi compare` on the seed reports of `shared/seeds`.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod binary;

use binary::fazhi;
use std::path::PathBuf;
use std::process::Output;

use calamine::{Data, Reader, Xlsx, open_workbook};

fn seeds() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("shared/seeds")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "five seeds in {}", dir.display());
    files
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "status {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn extract_writes_one_jsonl_file_per_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_dir = dir.path().join("out");
    let mut args = vec![
        "extract",
        "--out-dir",
        out_dir.to_str().expect("utf-8 path"),
    ];
    let files = seeds();
    args.extend(files.iter().map(String::as_str));
    ok(&fazhi(&args));
    let written: Vec<_> = std::fs::read_dir(&out_dir).expect("out dir").collect();
    assert_eq!(written.len(), 5);
    for entry in written {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("jsonl");
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("json line"))
            .collect();
        assert!(lines.len() > 10, "statistics in every seed");
        assert!(lines.iter().all(|l| l["value"].is_number()));
    }
}

#[test]
fn check_prints_verdicts() {
    let files = seeds();
    let out = fazhi(&["check", &files[0]]);
    // Exit 1 means an inconsistency was found: still a verdict, not an error.
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.starts_with("类型\t指标\t所述\t结论\t说明"));
    let out = fazhi(&["check", "--format", "json", &files[0]]);
    let checks: serde_json::Value = serde_json::from_slice(&out.stdout).expect("checks as JSON");
    let statuses: Vec<&str> = checks
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|c| c["verdict"]["status"].as_str())
        .collect();
    assert!(!statuses.is_empty());
    assert!(
        statuses
            .iter()
            .all(|s| ["consistent", "inconsistent", "uncheckable"].contains(s))
    );
}

#[test]
fn compare_writes_csv_xlsx_and_html() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = seeds();
    let run = |format: &str| {
        let out = dir.path().join(format!("compare.{format}"));
        let path = out.to_str().expect("utf-8 path").to_string();
        let mut args = vec!["compare", "--format", format, "-o", &path];
        args.extend(files.iter().map(String::as_str));
        ok(&fazhi(&args));
        out
    };

    let csv = std::fs::read_to_string(run("csv")).expect("csv");
    let csv = csv
        .strip_prefix('\u{feff}')
        .expect("byte-order mark for spreadsheets");
    let header = csv.lines().next().expect("header");
    assert!(header.starts_with("指标键,指标,单位,"));
    assert!(header.ends_with(",口径说明"));
    assert_eq!(header.split(',').count(), 3 + 5 + 1);
    let rate = csv
        .lines()
        .find(|l| l.starts_with("reconsideration.correction_rate,"))
        .expect("纠错率 row");
    assert!(rate.contains("分母"), "caveat: {rate}");

    let mut book: Xlsx<_> = open_workbook(run("xlsx")).expect("xlsx");
    let sheet = book.worksheet_range("指标比较").expect("sheet");
    assert_eq!(
        sheet.get_value((0, 0)),
        Some(&Data::String("指标键".into()))
    );
    assert_eq!(
        sheet.get_value((0, 8)),
        Some(&Data::String("口径说明".into()))
    );
    let rows: Vec<_> = sheet.rows().collect();
    assert_eq!(rows.len(), csv.lines().count());
    let row = rows
        .iter()
        .find(|r| r[0] == Data::String("reconsideration.received".into()))
        .expect("复议 row");
    let figures = row[3..8]
        .iter()
        .filter(|c| matches!(c, Data::Float(_) | Data::Int(_) | Data::String(_)))
        .count();
    assert!(figures >= 2, "several cities state 复议 cases: {row:?}");

    let html = std::fs::read_to_string(run("html")).expect("html");
    assert!(html.contains("<table>"));
    assert!(html.contains("<td><code>reconsideration.received</code></td>"));
    assert!(!html.contains("<script"));
}

#[test]
fn compare_rejects_unknown_format_in_chinese() {
    let files = seeds();
    let out = fazhi(&["compare", "--format", "pdf", "-o", "/dev/null", &files[0]]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("不支持的输出格式"));
}

/// A text several times longer than `fazhi extract`'s read buffer: a metadata table, the
/// seeds twelve times over, a number cut off and a blank tail.
fn long_text() -> String {
    let mut text =
        String::from("索 引 号 | 0594 | 主题分类 | 政务公开 |\n成文日期 | 2025-01-17 |\n");
    for _ in 0..12 {
        for file in seeds() {
            text.push_str(&std::fs::read_to_string(file).expect("seed"));
            text.push('\n');
        }
    }
    text.push_str("挽回损失6.2万\n\u{3000}\n  \n");
    text
}

#[test]
fn extract_reads_a_long_file_a_buffer_at_a_time_as_the_library_reads_it_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = long_text();
    assert!(
        text.len() > 2 * fazhi_text::PIECE_BYTES,
        "{} bytes",
        text.len()
    );
    let path = dir.path().join("long.txt");
    std::fs::write(&path, &text).expect("write");
    let printed = ok(&fazhi(&["extract", path.to_str().expect("utf-8 path")]));
    let reader = fazhi_text::Reader::embedded().expect("catalog");
    let whole = fazhi_text::to_jsonl(&reader.extract(&text));
    assert_eq!(printed.lines().count(), whole.lines().count());
    assert!(
        printed == whole,
        "streamed lines differ from the whole text's"
    );
}

#[test]
fn extract_of_a_file_that_is_not_utf8_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = long_text().into_bytes();
    let bad = bytes.len() - 20;
    bytes[bad] = 0xFF;
    let path = dir.path().join("bad.txt");
    std::fs::write(&path, &bytes).expect("write");
    let path = path.to_str().expect("utf-8 path");
    let out = fazhi(&["extract", path]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("不是 UTF-8 文本"), "{stderr}");
    assert!(stderr.contains(&format!("第 {} 字节", bad + 1)), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing printed for a bad file");
    let out_dir = dir.path().join("out");
    let out_dir = out_dir.to_str().expect("utf-8 path");
    let out = fazhi(&["extract", "--out-dir", out_dir, path]);
    assert_eq!(out.status.code(), Some(2));
    let left: Vec<_> = std::fs::read_dir(out_dir).expect("out dir").collect();
    assert!(left.is_empty(), "no file left behind: {left:?}");
}
