//! 发布机关 on the development corpus and the seeds (`../shared`): whenever the reader names a
//! publisher, it is the report's own government or department (its place, as SOURCES.tsv
//! gives it, is part of the name) — never a clause such as 「在省人民政府」; and it names one
//! for most reports, from the title or opening sentence where no 人民政府 is written.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::path::Path;

/// `shared/` beside the repository.
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

/// The place of a SOURCES.tsv `city_county` cell: 朝阳区 (北京市) → 朝阳区; the short form
/// without its level word too (如东县 → 如东), as titles write 株洲 for 株洲市.
fn short(place: &str) -> String {
    let name = place.split([' ', '(']).next().unwrap_or(place);
    let trimmed = name.trim_end_matches(['省', '市', '县', '区', '镇', '州']);
    let trimmed = trimmed
        .strip_suffix("回族自治区")
        .or_else(|| trimmed.strip_suffix("壮族自治区"))
        .or_else(|| trimmed.strip_suffix("维吾尔自治区"))
        .or_else(|| trimmed.strip_suffix("自治区"))
        .unwrap_or(trimmed);
    trimmed.chars().take(2).collect()
}

#[test]
fn the_publisher_found_is_the_reports_own() {
    let reports = Path::new(SHARED).join("corpus/reports");
    let Ok(sources) = std::fs::read_to_string(reports.join("SOURCES.tsv")) else {
        println!("skipped: {} not found", reports.display());
        return;
    };
    let (mut named, mut total) = (0, 0);
    for line in sources.lines().skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let (file, place, province) = (cells[0], cells[1], cells[2]);
        let text = std::fs::read_to_string(reports.join(file)).unwrap();
        total += 1;
        let Some(government) = fazhi_text::metadata(&text).government else {
            continue;
        };
        named += 1;
        let own = [short(place), short(province)];
        assert!(
            own.iter().any(|p| government.contains(p.as_str())),
            "{file}: {government} is not the publisher ({place}, {province})"
        );
    }
    assert!(named * 10 >= total * 8, "named {named} of {total}");
}
