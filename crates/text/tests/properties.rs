//! Property tests: normalise, extract and check never panic, and every offset lies within the
//! original text.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use proptest::prelude::*;

/// Strings in the genre's alphabet: Han (simplified and traditional), digits of both widths,
/// magnitudes, units, punctuation of both widths, pinyin brackets, stray `?`.
fn report_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "受理",
        "行政复議",
        "案件",
        "调解成功率",
        "同比增长",
        "其中",
        "第",
        "名",
        "万",
        "亿",
        "余",
        "件",
        "個",
        "%",
        "％",
        "个百分点",
        "，",
        ",",
        ",,",
        ",、",
        "。",
        "；",
        "(shè)",
        "（",
        ")",
        "?",
        "1",
        "23",
        "4.5",
        "1,234",
        "０",
        "９",
        "二〇二四",
        "六十",
        "〔2024〕",
        "号",
        "年",
        "·",
        "+",
        "-",
        "\u{a0}",
        "\n",
        "索 引 号 | 1 |\n",
        "高于全省",
        "占比",
        " ",
        "覆議",
        // The grammar of issue 23: spaces, ranges, time results, new units, 两, quotes, titles.
        "\u{3000}",
        "—",
        "至",
        "~",
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
        "两个",
        "支",
        "次",
        "近",
        "约",
        "馀",
        "餘",
        "“",
        "”",
        "《",
        "》",
        "届",
        "会议",
        "满意率",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn check_offsets(text: &str) {
    let reader = fazhi_text::Reader::embedded().expect("catalog");
    let len = text.chars().count();
    let n = fazhi_text::normalise(text);
    for i in 0..n.text().chars().count() {
        let o = n.origin_of_char(i).expect("origin for every char");
        assert!(o < len, "origin {o} outside {len}");
    }
    let reading = reader.read(text);
    for s in &reading.statistics {
        assert!(
            s.start <= s.end && s.end <= len,
            "{}..{} outside {len}",
            s.start,
            s.end
        );
        assert!(s.value.is_finite());
    }
    let _ = reader.check(&reading);
    let _ = fazhi_text::metadata(text);
    let _ = fazhi_text::to_jsonl(&reading.statistics);
}

proptest! {
    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check_offsets(&text);
    }

    #[test]
    fn report_like_strings_keep_offsets_in_range(text in report_like()) {
        check_offsets(&text);
    }
}

#[test]
fn statistic_spans_cover_number_and_unit_in_the_original() {
    let original = "2019年,,全市受理行政復議案件278件,辦理行政執法證件1900余個(gè)。";
    let stats = fazhi_text::extract(original).expect("catalog");
    let chars: Vec<char> = original.chars().collect();
    let spans: Vec<String> = stats
        .iter()
        .map(|s| chars[s.start..s.end].iter().collect())
        .collect();
    assert_eq!(spans, vec!["278件", "1900余個"]);
    assert_eq!(stats[0].key.as_deref(), Some("reconsideration.received"));
    assert_eq!(
        stats[1].key.as_deref(),
        Some("enforcement.certificates_issued")
    );
    assert_eq!(stats[1].unit, "個");
}
