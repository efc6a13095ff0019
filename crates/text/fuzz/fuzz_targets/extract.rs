//! Reads arbitrary bytes as a report: normalise, extract, classify (rules and the learned key
//! scorer), check and metadata must never panic, every span must lie within the original
//! text, and the JSON lines written straight from the text (`Reader::write_jsonl`) must be
//! those of the statistics (`to_jsonl`). Inputs whose first byte is odd are read as a sequence
//! of the number grammar's tokens (spaces of every width, ranges, time results, units, 两,
//! 近/约/余/馀, quotes, titles, 届…次, 前N名 and 第N位, the marks of a single case's story:
//! 一起…纠纷, 该案, 张某, line ends), so the fuzzer reaches that grammar more often than with
//! raw bytes. Written in small pieces (`write_jsonl_by_pieces`: every line, a few lines), the
//! lines must be the same again.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

static READER: LazyLock<Option<fazhi_text::Reader<'static>>> =
    LazyLock::new(|| fazhi_text::Reader::embedded().ok());

const TOKENS: [&str; 63] = [
    "1",
    "23",
    "4.5",
    "1,234",
    "０",
    " ",
    "\u{a0}",
    "\u{3000}",
    "—",
    "-",
    "至",
    "~",
    "万",
    "亿",
    "余",
    "馀",
    "餘",
    "多",
    "近",
    "约",
    "以上",
    "件",
    "个",
    "%",
    "天",
    "个工作日",
    "小时内办结",
    "办理时间",
    "缩短为",
    "连续",
    "批次",
    "轮次",
    "大类",
    "倍",
    "市",
    "县",
    "两",
    "支",
    "次",
    "“",
    "”",
    "《",
    "》",
    "届",
    "会议",
    "满意率",
    "，",
    "。",
    "前",
    "名",
    "强",
    "第",
    "位",
    "家",
    "一起",
    "纠纷",
    "调处",
    "该案",
    "某",
    "张某",
    "\n",
    "\n\n",
    "\r\n",
];

fuzz_target!(|data: &[u8]| {
    let text = match data.split_first() {
        Some((first, rest)) if first % 2 == 1 => rest
            .iter()
            .map(|&b| TOKENS[usize::from(b) % TOKENS.len()])
            .collect::<String>(),
        _ => String::from_utf8_lossy(data).into_owned(),
    };
    let Some(reader) = READER.as_ref() else {
        return;
    };
    let reading = reader.read(&text);
    let chars = text.chars().count();
    for s in &reading.statistics {
        assert!(
            s.start <= s.end && s.end <= chars,
            "span {}..{} of {chars}",
            s.start,
            s.end
        );
        assert!(s.value.is_finite(), "value {}", s.value);
    }
    let _ = reader.check(&reading);
    let _ = fazhi_text::metadata(&text);
    let listed = fazhi_text::to_jsonl(&reading.statistics);
    let mut streamed = Vec::new();
    let written = reader.write_jsonl(&text, &mut streamed);
    assert_eq!(written.ok(), Some(reading.statistics.len()));
    assert!(
        streamed == listed.as_bytes(),
        "write_jsonl differs from to_jsonl"
    );
    for size in [1, 7] {
        let mut by_pieces = Vec::new();
        let written = reader.write_jsonl_by_pieces(&text, size, &mut by_pieces);
        assert_eq!(written.ok(), Some(reading.statistics.len()));
        assert!(by_pieces == streamed, "pieces of {size} bytes differ");
    }
});
