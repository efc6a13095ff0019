//! 政府信息公开申请 through the file exchange on both backends: a sheet typed with the
//! template's headers imports, exports (CSV and XLSX) and imports into an empty database
//! unchanged with the same clocks; a reply before the receipt, an extension without its
//! approver and a supplement before its notice are reported in Chinese on their row and
//! column, and nothing is written.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{city, count, empty_city, facts, import_into, write};
use fazhi_domain::register::information_request::INFORMATION_REQUESTS;
use fazhi_exchange::{Format, export_register, template_headers};
use fazhi_store::RecordFilter;
use fazhi_store::testing::TestDb;

/// Rows under the template's headers: 单位代码, 编号, 申请人类型, 申请人, 方式, 收到日期, 内容,
/// 告知补正, 收到补正, 第三方起, 第三方止, 延长, 批准人, 答复日期, 办理结果, 处理费, 复议诉讼日期,
/// 复议结果, 诉讼, 诉讼结果.
fn good_rows() -> Vec<&'static str> {
    vec![
        "520200,依申请〔2024〕第1号,自然人,李某某,网络,2024-09-26,某项目立项批复,2024-09-27,2024-10-08,2024-10-09,2024-10-15,否,,2024-11-01,部分公开,,,,,",
        "520201,依申请〔2024〕第2号,商业企业,某某有限公司,邮寄,2024/10/8,某地块出让合同,,,,,是,王某,2024-12-02,予以公开,,2024-12-20,,未经复议直接起诉,尚未审结",
        "520200,依申请〔2024〕第3号,法律服务机构,某律师事务所,当面提交,2024年12月24日,某工程招标结果,,,,,,,,,,,,,",
    ]
}

/// The clocks of the register, as stored.
const CLOCKS: &str = "SELECT COUNT(*) FROM deadline WHERE register = 'information-requests'";

fazhi_store::test_each_backend!(requests_round_trip, requests_round_trip_on);

async fn requests_round_trip_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let (store, system) = city(&db.url).await;
    let header = template_headers(&INFORMATION_REQUESTS).join(",");
    let file = write(dir.path(), "requests.csv", &header, good_rows());
    let report = import_into(&system, &INFORMATION_REQUESTS, &file).await;
    assert!(report.ok(), "{}: {:?}", db.label, report.errors);
    assert_eq!(report.outcome.created, 3, "{}", db.label);
    let before = facts(&system, &INFORMATION_REQUESTS).await;
    assert_eq!(before[0].1.text("result"), Some("partial"));
    assert_eq!(before[1].1.text("litigation_route"), Some("direct"));
    assert!(before[1].1.flag("extended"));
    // Three reply clocks and one notice clock; the first counts again from its supplement
    // and pauses for the third party, the second is extended.
    assert_eq!(count(&store, CLOCKS).await, 4, "{}", db.label);
    let moved = "SELECT COUNT(*) FROM deadline WHERE rule = 'disclosure.reply' \
                 AND restart_date IS NOT NULL AND pause_from IS NOT NULL AND pause_to IS NOT NULL";
    assert_eq!(count(&store, moved).await, 1, "{}", db.label);

    for (name, format) in [("out.csv", Format::Csv), ("out.xlsx", Format::Xlsx)] {
        let out = dir.path().join(format!("{}-{name}", db.label));
        let n = export_register(
            &system,
            &INFORMATION_REQUESTS,
            &RecordFilter::default(),
            format,
            &out,
        )
        .await
        .unwrap();
        assert_eq!(n, 3);
        let (empty_store, empty) = empty_city(db.label).await;
        let report = import_into(&empty, &INFORMATION_REQUESTS, &out).await;
        assert!(report.ok(), "{} {name}: {:?}", db.label, report.errors);
        assert_eq!(
            facts(&empty, &INFORMATION_REQUESTS).await,
            before,
            "{} {name}",
            db.label
        );
        assert_eq!(count(&empty_store, moved).await, 1, "{} {name}", db.label);
    }
}

fazhi_store::test_each_backend!(
    bad_requests_are_named_and_nothing_is_written,
    bad_requests_are_named_and_nothing_is_written_on
);

async fn bad_requests_are_named_and_nothing_is_written_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let (store, system) = city(&db.url).await;
    let header = template_headers(&INFORMATION_REQUESTS).join(",");
    let mut rows = good_rows();
    // Row 5: replied before it was received. Row 6: extended with nobody's approval. Row 7:
    // the supplement came before the notice asking for it.
    rows.push("520200,依申请〔2024〕第4号,自然人,赵某,网络,2024-05-06,某文件,,,,,否,,2024-05-01,予以公开,,,,,");
    rows.push("520200,依申请〔2024〕第5号,自然人,钱某,网络,2024-05-06,某文件,,,,,是,,2024-06-20,予以公开,,,,,");
    rows.push("520200,依申请〔2024〕第6号,自然人,孙某,网络,2024-05-06,某文件,2024-05-10,2024-05-08,,,否,,2024-06-01,予以公开,,,,,");
    let file = write(dir.path(), "bad.csv", &header, &rows);
    let report = import_into(&system, &INFORMATION_REQUESTS, &file).await;
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
        has(5, "答复日期", "不能早于「收到申请日期」"),
        "{}: {text:?}",
        db.label
    );
    assert!(
        has(6, "延期批准人", "政府信息公开工作机构负责人同意"),
        "{text:?}"
    );
    assert!(
        has(7, "收到补正日期", "不能早于「告知补正日期」"),
        "{text:?}"
    );
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM information_request").await,
        0,
        "{}: nothing written",
        db.label
    );
}
