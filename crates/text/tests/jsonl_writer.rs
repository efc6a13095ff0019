//! `Reader::write_jsonl` (what `fazhi extract` prints) gives byte for byte the lines of
//! `to_jsonl` over the statistics, on the seeds, the corpus and texts written for the test.

use std::path::PathBuf;

/// `../shared`, seen from the workspace root.
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn both(reader: &fazhi_text::Reader<'_>, text: &str) -> (String, String) {
    let mut streamed = Vec::new();
    let n = reader
        .write_jsonl(text, &mut streamed)
        .expect("write to Vec");
    let stats = reader.extract(text);
    assert_eq!(n, stats.len());
    (
        String::from_utf8(streamed).expect("UTF-8 output"),
        fazhi_text::to_jsonl(&stats),
    )
}

#[test]
fn streamed_lines_are_the_statistics_lines() {
    let reader = fazhi_text::Reader::embedded().expect("catalog");
    for text in [
        "",
        "受理行政復議案件278件，辦結率達98.5％。",
        "办理 1.3 万件，满意率达\u{3000}99 %，缩短3—5个月；「引号\"与\\反斜杠」共12件\t。",
        "索 引 号 | 0594 | 主题分类 | \\ |\n成文日期 | 2025-01-17 |\n驻马店市人民政府\n受理5件",
    ] {
        let (streamed, listed) = both(&reader, text);
        assert_eq!(streamed, listed, "{text:?}");
    }
}

#[test]
fn streamed_lines_on_seeds_and_corpus() {
    let reader = fazhi_text::Reader::embedded().expect("catalog");
    let mut texts = 0;
    for dir in ["seeds", "corpus/reports"] {
        let dir = PathBuf::from(SHARED).join(dir);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("skipped: {} not found", dir.display());
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("report text");
            let (streamed, listed) = both(&reader, &text);
            assert!(streamed == listed, "{}", path.display());
            texts += 1;
        }
    }
    println!("{texts} texts");
}
