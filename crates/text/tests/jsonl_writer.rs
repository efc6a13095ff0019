//! `Reader::write_jsonl` (what `fazhi extract` prints) gives byte for byte the lines of
//! `to_jsonl` over the statistics, on the seeds, the corpus and texts written for the test:
//! with its own pieces, and with pieces so small that every few lines end one.

use std::path::PathBuf;

/// `../shared`, seen from the workspace root.
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

/// Piece sizes tried besides `write_jsonl`'s own: every line, and a few lines.
const SMALL_PIECES: [usize; 2] = [1, 300];

fn both(reader: &fazhi_text::Reader<'_>, text: &str) -> (String, String) {
    let mut streamed = Vec::new();
    let n = reader
        .write_jsonl(text, &mut streamed)
        .expect("write to Vec");
    let stats = reader.extract(text);
    assert_eq!(n, stats.len());
    let streamed = String::from_utf8(streamed).expect("UTF-8 output");
    for size in SMALL_PIECES {
        let mut by_pieces = Vec::new();
        reader
            .write_jsonl_by_pieces(text, size, &mut by_pieces)
            .expect("write to Vec");
        assert!(
            by_pieces == streamed.as_bytes(),
            "pieces of {size} bytes differ on {:?}",
            text.chars().take(40).collect::<String>()
        );
    }
    assert_eq!(
        fed_in_chunks(reader, text, 7),
        streamed,
        "fed 7 bytes at a time"
    );
    (streamed, fazhi_text::to_jsonl(&stats))
}

/// The lines of `text` fed to a [`fazhi_text::JsonlStream`] `chunk` bytes at a time (chars
/// cut between chunks), with pieces of a few lines, as `fazhi extract` feeds a file.
fn fed_in_chunks(reader: &fazhi_text::Reader<'_>, text: &str, chunk: usize) -> String {
    let start = fazhi_text::body_start(text);
    let body = &text.as_bytes()[start.1..];
    let sample = fazhi_text::script_sample(body.len());
    let convert = fazhi_text::is_traditional(sample.into_iter().map(|r| &body[r]));
    let mut stream = fazhi_text::JsonlStream::new(reader, convert, start, 300);
    let mut out = Vec::new();
    for part in body.chunks(chunk) {
        stream.feed(part, &mut out).expect("write to Vec");
    }
    stream.finish(&mut out).expect("write to Vec");
    String::from_utf8(out).expect("UTF-8 output")
}

#[test]
fn bytes_that_are_not_utf8_are_refused_with_their_offset() {
    let reader = fazhi_text::Reader::embedded().expect("catalog");
    let mut stream = fazhi_text::JsonlStream::new(&reader, false, (0, 0), 4);
    let mut out = Vec::new();
    let mut bytes = "受理5件\n办结3件\n".as_bytes().to_vec();
    bytes.extend_from_slice(&[0xE5, 0x8F, b'\n', b'x']);
    let fed = stream.feed(&bytes, &mut out);
    let error = fed
        .and_then(|()| stream.finish(&mut out).map(|_| ()))
        .expect_err("not UTF-8");
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
    assert!(error.to_string().contains("第 23 字节"), "{error}");
}

#[test]
fn streamed_lines_are_the_statistics_lines() {
    let reader = fazhi_text::Reader::embedded().expect("catalog");
    for text in [
        "",
        "受理行政復議案件278件，辦結率達98.5％。",
        "办理 1.3 万件，满意率达\u{3000}99 %，缩短3—5个月；「引号\"与\\反斜杠」共12件\t。",
        "索 引 号 | 0594 | 主题分类 | \\ |\n成文日期 | 2025-01-17 |\n驻马店市人民政府\n受理5件",
        // Piece ends: a cut-off number before a blank tail, marks on the line before.
        "受理5件\n挽回损失6.2万\n\u{3000}\n  \n",
        "受理5件\n挽回损失6.2万\n共3件",
        "印发《实施方案\n办理案件30件\n市九届\n召开会议3次\n\r\n？?办结2件",
    ] {
        let (streamed, listed) = both(&reader, text);
        assert_eq!(streamed, listed, "{text:?}");
    }
}

#[test]
fn streamed_lines_on_seeds_and_corpus() {
    let reader = fazhi_text::Reader::embedded().expect("catalog");
    let mut texts = 0;
    // All of them in one text, as `fazhi extract` reads a long file: with the default pieces
    // too, their ends fall in the middle of reports.
    let mut all = String::new();
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
            all.push_str(&text);
            all.push_str("\n\n");
        }
    }
    let all = all.repeat(3);
    let (streamed, listed) = both(&reader, &all);
    assert!(streamed == listed, "all texts in one");
    println!("{texts} texts, {} bytes in one", all.len());
}
