use super::*;

fn original_of(n: &Normalised, original: &str, needle: &str) -> String {
    let start = n.text().find(needle).expect("needle in normalised text");
    let (s, e) = n.original_span(start, start + needle.len());
    original.chars().skip(s).take(e - s).collect()
}

#[test]
fn pinyin_annotations_are_stripped_and_mapped() {
    let original = "法治政府建設(shè)工作報(bào)告";
    let n = normalise(original);
    assert_eq!(n.text(), "法治政府建设工作报告");
    assert_eq!(original_of(&n, original, "报告"), "報(bào)告");
    assert_eq!(original_of(&n, original, "建设"), "建設");
}

#[test]
fn doubled_punctuation_is_folded() {
    assert_eq!(normalise("2019年,,泸州市").text(), "2019年，泸州市");
    assert_eq!(normalise("中共中央,、国务院").text(), "中共中央、国务院");
    assert_eq!(normalise("取得明显成效,。").text(), "取得明显成效。");
}

#[test]
fn widths_spaces_and_lost_characters() {
    assert_eq!(
        normalise("受理１２３件，占比５．６％").text(),
        "受理123件，占比5.6%"
    );
    assert_eq!(normalise("共\u{a0}\u{a0}3件").text(), "共3件");
    assert_eq!(normalise("依法\u{a0}\u{a0}行政").text(), "依法 行政");
    assert_eq!(normalise("中?区").text(), "中区");
    assert_eq!(
        normalise("公开1,530,501件,结案").text(),
        "公开1,530,501件，结案"
    );
}

#[test]
fn traditional_becomes_simplified_with_legal_terms() {
    assert_eq!(
        normalise("受理行政復議案件278件").text(),
        "受理行政复议案件278件"
    );
    assert_eq!(normalise("行政覆議案件").text(), "行政复议案件");
    // Simplified text is left alone (zhconv would turn 覆盖 into 复盖).
    assert_eq!(normalise("全覆盖").text(), "全覆盖");
}

#[test]
fn metadata_table_is_dropped_and_offsets_stay_original() {
    let original =
        "索 引 号 | 0594 | 主题分类 | \\ |\n成文日期 | 2025-01-17 |\n驻马店市人民政府\n受理5件";
    let n = normalise(original);
    assert!(n.text().starts_with("驻马店市人民政府"));
    assert_eq!(original_of(&n, original, "5件"), "5件");
}

#[test]
fn empty_text() {
    let n = normalise("");
    assert_eq!(n.text(), "");
    assert_eq!(n.original_span(0, 0), (0, 0));
}

#[test]
fn char_index_of_long_text() {
    let original = "受理a行政复议案件1,234件。".repeat(40);
    let n = normalise(&original);
    let text = n.text();
    for (k, (b, _)) in text.char_indices().enumerate() {
        assert_eq!(n.char_index(b), k);
    }
    assert_eq!(n.char_index(text.len()), text.chars().count());
}

#[test]
fn spaces_beside_numbers_are_dropped() {
    for (raw, want) in [
        ("召开全体会议 1 次", "召开全体会议1次"),
        ("办理 1.3 万件", "办理1.3万件"),
        ("挽回经济损失\u{a0}27.4\u{a0}万元", "挽回经济损失27.4万元"),
        ("满意率达\u{3000}99 %", "满意率达99%"),
        ("受理　１２　件", "受理12件"),
    ] {
        assert_eq!(normalise(raw).text(), want, "{raw:?}");
    }
    // Between two numbers or two words a space stays.
    assert_eq!(normalise("12 34").text(), "12 34");
    assert_eq!(normalise("依法 行政").text(), "依法 行政");
}

#[test]
fn spans_map_back_through_dropped_spaces() {
    let raw = "办理 1.3 万件";
    let n = normalise(raw);
    let start = n.text().find('1').unwrap_or(0);
    let (s, e) = n.original_span(start, n.text().len());
    assert_eq!(
        raw.chars().skip(s).take(e - s).collect::<String>(),
        "1.3 万件"
    );
}
