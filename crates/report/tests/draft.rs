//! Drafting and writing a fixture year: snapshots of the Markdown and HTML, the 公文 DOCX
//! structure, gaps listed instead of zeros, narrative kept across regeneration.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::io::Read;

use fazhi_catalog::{Catalog, IndicatorSet, IndicatorValue, YearOnYear};
use fazhi_report::{
    DraftContext, LargeCounts, Outline, Report, draft, to_docx, to_html_document, to_markdown,
};

fn value(v: f64, unit: &str) -> IndicatorValue {
    IndicatorValue {
        value: Some(v),
        unit: unit.into(),
        numerator: None,
        denominator: None,
        yoy: None,
        qualifier: None,
    }
}

/// A hand-made year: 23033 mediations (16850 the year before), 22511 successes, rate 97.73%;
/// 732 concluded suits with 47 lost (6.42%, 10.88 points below the year before); a reported
/// 普法 count of 1.8万余; 复议 received has no data (a gap, not a 0).
fn fixture() -> IndicatorSet {
    let mut set = IndicatorSet {
        org: "520200".into(),
        org_name: "六盘水市".into(),
        period: "2024".into(),
        ..Default::default()
    };
    let mut cases = value(23033.0, "件");
    cases.yoy = YearOnYear::of_count(23033.0, 16850.0);
    set.indicators.insert("mediation.cases".into(), cases);
    set.indicators
        .insert("mediation.success".into(), value(22511.0, "件"));
    let mut rate = value(97.73, "%");
    rate.numerator = Some(22511.0);
    rate.denominator = Some(23033.0);
    set.indicators.insert("mediation.success_rate".into(), rate);
    set.indicators
        .insert("litigation.concluded".into(), value(732.0, "件"));
    set.indicators
        .insert("litigation.lost".into(), value(47.0, "件"));
    let mut loss = value(6.42, "%");
    loss.yoy = Some(YearOnYear::of_rate(6.42, 17.30));
    set.indicators.insert("litigation.loss_rate".into(), loss);
    let mut pufa = value(18000.0, "场");
    pufa.qualifier = Some("余".into());
    set.indicators.insert("pufa.activities".into(), pufa);
    let mut none = value(0.0, "件");
    none.value = None;
    set.indicators
        .insert("reconsideration.received".into(), none);
    set
}

fn context(narratives: &[(&str, &str)]) -> DraftContext {
    DraftContext {
        author: "六盘水市人民政府".into(),
        year: 2024,
        addressee: None,
        date: "2025年1月15日".into(),
        large_counts: LargeCounts::Exact,
        narratives: narratives
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn drafted(narratives: &[(&str, &str)]) -> Report {
    let catalog = Catalog::embedded().unwrap();
    let outline = Outline::embedded(catalog).unwrap();
    draft(catalog, &outline, &fixture(), &context(narratives))
}

/// Compares with the checked-in snapshot; `UPDATE_SNAPSHOTS=1` rewrites it.
fn assert_snapshot(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run with UPDATE_SNAPSHOTS=1", path.display()));
    assert_eq!(actual, expected, "{name} differs from its snapshot");
}

#[test]
fn every_catalog_family_has_a_place_in_the_outline() {
    let catalog = Catalog::embedded().unwrap();
    let outline = Outline::embedded(catalog).unwrap();
    assert_eq!(outline.unplaced_families(catalog), Vec::<&str>::new());
}

#[test]
fn figures_come_from_catalog_sentences_with_yoy_in_the_seeds_style() {
    let md = to_markdown(&drafted(&[]));
    assert!(md.starts_with("# 六盘水市人民政府关于2024年度法治政府建设情况的报告\n"));
    assert!(md.contains("市人大常委会："));
    assert!(
        md.contains(
            "全年共受理人民调解案件23033件，同比增长36.69%，调解成功22511件，调解成功率97.73%"
        ),
        "{md}"
    );
    assert!(md.contains("同比下降10.88个百分点"), "{md}");
    assert!(md.contains("1.8万余") || md.contains("18000余"), "{md}");
    assert!(md.contains("## 二、存在的不足和原因"));
    assert!(md.contains("## 四、2025年度推进法治政府建设的主要安排"));
    assert!(
        !md.contains("五、其他需要报告的情况"),
        "optional part left out while empty"
    );
    assert!(md.contains("【待填写："), "empty slots are marked");
}

#[test]
fn a_figure_without_data_is_a_gap_never_a_zero() {
    let report = drafted(&[]);
    let md = to_markdown(&report);
    assert!(
        !md.contains("行政复议收案"),
        "no sentence for a missing value:\n{md}"
    );
    let gap = report
        .gaps
        .iter()
        .find(|g| g.key == "reconsideration.received")
        .expect("listed as a gap");
    assert_eq!(gap.name, "行政复议收案数");
    assert!(gap.section.contains("矛盾纠纷"), "{}", gap.section);
    assert!(report.figures().all(|(_, text)| text != "0"));
}

#[test]
fn narrative_survives_regeneration_with_new_figures() {
    let narrative = [("disputes", "坚持和发展新时代“枫桥经验”。")];
    let before = to_markdown(&drafted(&narrative));
    let catalog = Catalog::embedded().unwrap();
    let outline = Outline::embedded(catalog).unwrap();
    let mut newer = fixture();
    newer.indicators.get_mut("mediation.cases").unwrap().value = Some(24000.0);
    let after = to_markdown(&draft(catalog, &outline, &newer, &context(&narrative)));
    for md in [&before, &after] {
        assert!(md.contains("坚持和发展新时代“枫桥经验”。"));
    }
    assert!(before.contains("人民调解案件23033件"));
    assert!(after.contains("人民调解案件24000件"));
}

#[test]
fn markdown_and_html_match_their_snapshots() {
    let report = drafted(&[("opening", "2024年，六盘水市深入践行习近平法治思想。")]);
    assert_snapshot("liupanshui-2024.md", &to_markdown(&report));
    let link = |key: &str| format!("/indicators/{key}?org=520200&period=2024");
    assert_snapshot("liupanshui-2024.html", &to_html_document(&report, &link));
}

#[test]
fn html_links_every_figure_to_its_indicator_and_escapes_text() {
    let report = drafted(&[("problems", "<script>alert(1)</script>")]);
    let link = |key: &str| format!("/indicators/{key}");
    let html = to_html_document(&report, &link);
    assert!(html.contains(
        "<a class=\"figure\" data-key=\"mediation.cases\" href=\"/indicators/mediation.cases\">23033</a>"
    ));
    assert!(html.contains("&lt;script&gt;"));
    assert!(!html.contains("<script>"));
}

fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the DOCX"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn docx_has_the_gongwen_page_setup_fonts_and_page_numbers() {
    let bytes = to_docx(&drafted(&[])).unwrap();
    let document = docx_part(&bytes, "word/document.xml");
    // A4 and margins 37/35/28/26 mm in twips.
    assert!(document.contains(r#"w:w="11906""#) && document.contains(r#"w:h="16838""#));
    for margin in [
        r#"w:top="2098""#,
        r#"w:bottom="1984""#,
        r#"w:left="1587""#,
        r#"w:right="1474""#,
    ] {
        assert!(document.contains(margin), "{margin} in {document:.2000}");
    }
    // 22 lines a page: 225 mm / 22 = 579 twips, exact line spacing on a line grid.
    assert!(document.contains(r#"w:linePitch="579""#), "line pitch");
    assert!(document.contains(r#"w:type="lines""#));
    assert!(document.contains(r#"w:firstLine="640""#), "首行缩进二字");
    assert!(document.contains("六盘水市人民政府关于2024年度法治政府建设情况的报告"));
    let styles = docx_part(&bytes, "word/styles.xml");
    for (style, font) in [
        ("GongwenTitle", "方正小标宋简体"),
        ("GongwenBody", "仿宋_GB2312"),
        ("GongwenHeading1", "黑体"),
        ("GongwenHeading2", "楷体_GB2312"),
    ] {
        let at = styles
            .find(&format!(r#"w:styleId="{style}""#))
            .expect(style);
        let end = styles[at..].find("</w:style>").unwrap() + at;
        assert!(styles[at..end].contains(font), "{style} uses {font}");
    }
    assert!(
        styles.contains(r#"<w:sz w:val="44" />"#) || styles.contains(r#"<w:sz w:val="44"/>"#),
        "2号 title"
    );
    let footer = docx_part(&bytes, "word/footer1.xml");
    assert!(footer.contains("PAGE"), "page-number field: {footer}");
    assert!(footer.contains("— "));
    let settings = docx_part(&bytes, "word/settings.xml");
    assert!(
        settings.contains("evenAndOddHeaders"),
        "odd right, even left"
    );
}

/// The `<w:p …>` elements of a document.xml (each up to its end tag), in order.
fn paragraphs(document: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = document.split("</w:p>").collect();
    parts.pop();
    parts
}

/// The `<w:r>` runs of a paragraph.
fn runs(paragraph: &str) -> Vec<&str> {
    paragraph
        .split("<w:r>")
        .skip(1)
        .map(|r| r.split("</w:r>").next().unwrap_or(r))
        .collect()
}

#[test]
fn docx_highlights_every_slot_to_fill_and_puts_the_appendix_on_its_own_page() {
    let report = drafted(&[("problems", "执法力量不足。")]);
    let empty_slots = report.slots().filter(|s| s.text.is_none()).count();
    assert!(empty_slots > 0);
    let document = docx_part(&to_docx(&report).unwrap(), "word/document.xml");
    let all_runs: Vec<&str> = paragraphs(&document).into_iter().flat_map(runs).collect();
    let placeholders: Vec<&&str> = all_runs.iter().filter(|r| r.contains("【待填写")).collect();
    assert_eq!(placeholders.len(), empty_slots, "one run per empty slot");
    for run in &placeholders {
        assert!(
            run.contains(r#"<w:highlight w:val="yellow" />"#),
            "highlighted: {run}"
        );
    }
    let written = all_runs
        .iter()
        .find(|r| r.contains("执法力量不足。"))
        .expect("the written narrative");
    assert!(!written.contains("w:highlight"), "only slots stand out");
    let figures = all_runs
        .iter()
        .find(|r| r.contains("23033"))
        .expect("a figure paragraph");
    assert!(!figures.contains("w:highlight"));

    let paragraphs = paragraphs(&document);
    let appendix = paragraphs
        .iter()
        .position(|p| p.contains("附表："))
        .expect("the appendix heading");
    assert!(
        paragraphs[appendix].contains("<w:pageBreakBefore />"),
        "{}",
        paragraphs[appendix]
    );
    assert_eq!(
        paragraphs
            .iter()
            .filter(|p| p.contains("pageBreakBefore"))
            .count(),
        1,
        "only the appendix starts a page"
    );
    assert!(
        paragraphs[appendix - 1].contains("2025年1月15日"),
        "right after the date"
    );
}
