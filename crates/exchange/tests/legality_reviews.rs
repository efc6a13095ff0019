//! 合法性审查 and the 法律顾问、公职律师名册 through the file exchange on both backends: sheets
//! typed with the templates' headers import, export (CSV and XLSX) and import into an empty
//! database unchanged — the link to a 重大行政决策 written back as its 目录编号, the review
//! clocks the same; an opinion dated before its receipt and a review of an unknown decision are
//! reported in Chinese on their row and column, and nothing is written.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::collections::BTreeMap;

use common::{city, count, empty_city, facts, import_into, write};
use fazhi_domain::register::by_key;
use fazhi_domain::register::legal_adviser::LEGAL_ADVISERS;
use fazhi_domain::register::legality_review::LEGALITY_REVIEWS;
use fazhi_exchange::{Format, export_register, template_headers};
use fazhi_store::testing::TestDb;
use fazhi_store::{RecordFilter, ScopedStore};

/// Rows under the template's headers: 单位代码, 审查编号, 类型, 送审事项, 收件日期, 关联重大行政
/// 决策, 关联规范性文件, 合同金额, 审查人, 审查人员类别, 出具意见日期, 意见建议条数, 审查意见, 采纳情况.
fn review_rows() -> Vec<&'static str> {
    vec![
        "520200,六司审〔2024〕1号,行政协议/合同,市城区停车场特许经营协议,2024-03-04,,,\"1,250万元\",李某某,法律顾问,2024-03-08,6,违约责任条款不对等,部分采纳",
        "520201,六司审〔2024〕2号,重大行政决策,钟山区老旧小区改造实施方案,2024/3/5,ZD-2024-01,,,王某某,司法行政机关工作人员,2024年3月14日,2,,采纳",
        "520200,,政府常务会议议题,关于调整城区公交票价的议题,2024-04-01,,,,,,,,,",
    ]
}

/// Rows under the roster's headers: 单位代码, 名册编号, 姓名, 类别, 执业证号, 执业机构或工作
/// 单位, 聘期起, 聘期止, 履职统计日期, 列席会议次数, 列席会议, 出具法律意见条数.
fn adviser_rows() -> Vec<&'static str> {
    vec![
        "520200,法顾2024-01,周某某,法律顾问,15202201010000001,贵州某某律师事务所,2023-07-01,2026-06-30,2024-12-31,3,市人民政府第25、27、31次常务会议,12",
        "520200,法顾2024-02,郑某某,公职律师,25202201010000002,六盘水市司法局,2021-05-10,,2024-12-31,0,,4",
    ]
}

/// 钟山区's 重大行政决策 ZD-2024-01, the record the second review names.
async fn decision(store: &ScopedStore) {
    let def = by_key("major-decisions").unwrap();
    let raw: BTreeMap<String, String> = [
        ("catalog_year", "2024"),
        ("catalog_no", "ZD-2024-01"),
        ("title", "钟山区老旧小区改造实施方案"),
        ("listed_date", "2024-02-20"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    store
        .create_record(def, "520201", def.parse(&raw).unwrap())
        .await
        .unwrap()
        .unwrap();
}

fazhi_store::test_each_backend!(round_trip, round_trip_on);

async fn round_trip_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let (store, system) = city(&db.url).await;
    decision(&system).await;
    let clocks = "SELECT COUNT(*) FROM deadline WHERE rule LIKE 'legality_review.%'";
    for (def, rows, n) in [
        (&LEGALITY_REVIEWS, review_rows(), 3),
        (&LEGAL_ADVISERS, adviser_rows(), 2),
    ] {
        let header = template_headers(def).join(",");
        let file = write(dir.path(), &format!("{}.csv", def.key), &header, rows);
        let report = import_into(&system, def, &file).await;
        assert!(report.ok(), "{} {}: {:?}", db.label, def.key, report.errors);
        assert_eq!(report.outcome.created, n, "{}", db.label);
        let before = facts(&system, def).await;
        if def.key == LEGALITY_REVIEWS.key {
            assert_eq!(count(&store, clocks).await, 3, "{}", db.label);
            let linked = before
                .iter()
                .find(|(_, r)| r.text("kind") == Some("major_decision"))
                .unwrap();
            assert_eq!(linked.1.text("major_decision_id"), Some("ZD-2024-01"));
            // The third row's number was left to the system.
            assert!(before.iter().all(|(_, r)| r.text("review_no").is_some()));
        }

        for (name, format) in [("out.csv", Format::Csv), ("out.xlsx", Format::Xlsx)] {
            let out = dir.path().join(format!("{}-{}-{name}", db.label, def.key));
            let written = export_register(&system, def, &RecordFilter::default(), format, &out)
                .await
                .unwrap();
            assert_eq!(written, n);
            let (empty_store, empty) = empty_city(db.label).await;
            decision(&empty).await;
            let report = import_into(&empty, def, &out).await;
            assert!(report.ok(), "{} {name}: {:?}", db.label, report.errors);
            assert_eq!(facts(&empty, def).await, before, "{} {name}", db.label);
            if def.key == LEGALITY_REVIEWS.key {
                assert_eq!(count(&empty_store, clocks).await, 3, "{} {name}", db.label);
            }
        }
    }
}

fazhi_store::test_each_backend!(
    bad_reviews_are_named_and_nothing_is_written,
    bad_reviews_are_named_and_nothing_is_written_on
);

async fn bad_reviews_are_named_and_nothing_is_written_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let (store, system) = city(&db.url).await;
    decision(&system).await;
    let header = template_headers(&LEGALITY_REVIEWS).join(",");
    let mut rows = review_rows();
    // Row 5: the opinion before the receipt. Row 6: a decision no record has as its number.
    rows.push("520200,六司审〔2024〕3号,信访/涉法事务,某信访事项,2024-05-10,,,,李某某,,2024-05-06,1,,采纳");
    rows.push("520201,六司审〔2024〕4号,重大行政决策,某决策事项,2024-05-10,ZD-2099-99,,,,,,,,");
    let file = write(dir.path(), "bad.csv", &header, &rows);
    let report = import_into(&system, &LEGALITY_REVIEWS, &file).await;
    assert!(!report.ok());
    assert!(!report.outcome.committed);
    let text: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    let has = |row: u64, column: &str, needle: &str| {
        report
            .errors
            .iter()
            .any(|e| e.row == row && e.column == column && e.to_string().contains(needle))
    };
    assert!(
        has(5, "出具意见日期", "不能早于「收件日期」"),
        "{}: {text:?}",
        db.label
    );
    assert!(
        has(6, "关联重大行政决策", "没有对应的重大行政决策"),
        "{}: {text:?}",
        db.label
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM legality_review").await,
        0,
        "{}: nothing written",
        db.label
    );
}
