//! 建议提案 through the file exchange on both backends: a sheet typed with the template's
//! headers imports, exports (CSV and XLSX) and imports into an empty database unchanged with
//! the same reply clocks; a reply dated before its 交办 or a category without a reply is
//! reported in Chinese on its row and column, and nothing is written.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{city, count, empty_city, facts, import_into, write};
use fazhi_domain::register::suggestion::SUGGESTIONS;
use fazhi_exchange::{Format, export_register, template_headers};
use fazhi_store::RecordFilter;
use fazhi_store::testing::TestDb;

/// Rows under the template's headers: 单位代码, 类型, 编号, 届次, 代表或委员, 标题, 协办单位,
/// 交办日期, 复杂, 答复日期, 分类, 满意度, 跟踪落实.
fn good_rows() -> Vec<&'static str> {
    vec![
        "520200,人大代表建议,人大七届四次第1号,市七届人大四次会议,张某某,关于加快老旧小区改造的建议,市财政局,2024-03-15,否,2024-06-11,A类(已解决或采纳),满意,",
        "520201,人大代表建议,人大七届四次第2号,市七届人大四次会议,王某某,关于增设公交线路的建议,,2024/3/15,是,,,,",
        "520200,政协委员提案,政协七届四次第1号,市政协七届四次会议,农工党市委会,关于加强社区养老服务的提案,\"市民政局、市卫健委\",2024年3月18日,否,2024-06-05,B类(列入计划解决),基本满意,列入2025年民生实事项目",
    ]
}

fazhi_store::test_each_backend!(suggestions_round_trip, suggestions_round_trip_on);

async fn suggestions_round_trip_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let (store, system) = city(&db.url).await;
    let header = template_headers(&SUGGESTIONS).join(",");
    let file = write(dir.path(), "suggestions.csv", &header, good_rows());
    let report = import_into(&system, &SUGGESTIONS, &file).await;
    assert!(report.ok(), "{}: {:?}", db.label, report.errors);
    assert_eq!(report.outcome.created, 3, "{}", db.label);
    let before = facts(&system, &SUGGESTIONS).await;
    assert_eq!(before[1].1.text("kind"), Some("npc"));
    assert!(before[1].1.flag("complex"));
    let clocks = "SELECT COUNT(*) FROM deadline WHERE rule IN ('npc_suggestion.reply', 'cppcc_proposal.reply')";
    assert_eq!(count(&store, clocks).await, 3, "{}", db.label);

    for (name, format) in [("out.csv", Format::Csv), ("out.xlsx", Format::Xlsx)] {
        let out = dir.path().join(format!("{}-{name}", db.label));
        let n = export_register(
            &system,
            &SUGGESTIONS,
            &RecordFilter::default(),
            format,
            &out,
        )
        .await
        .unwrap();
        assert_eq!(n, 3);
        let (empty_store, empty) = empty_city(db.label).await;
        let report = import_into(&empty, &SUGGESTIONS, &out).await;
        assert!(report.ok(), "{} {name}: {:?}", db.label, report.errors);
        assert_eq!(
            facts(&empty, &SUGGESTIONS).await,
            before,
            "{} {name}",
            db.label
        );
        assert_eq!(count(&empty_store, clocks).await, 3, "{} {name}", db.label);
    }
}

fazhi_store::test_each_backend!(
    bad_suggestions_are_named_and_nothing_is_written,
    bad_suggestions_are_named_and_nothing_is_written_on
);

async fn bad_suggestions_are_named_and_nothing_is_written_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let (store, system) = city(&db.url).await;
    let header = template_headers(&SUGGESTIONS).join(",");
    let mut rows = good_rows();
    // Row 5: replied before it was assigned. Row 6: classified without a reply.
    rows.push("520200,人大代表建议,人大七届四次第3号,市七届人大四次会议,赵某某,关于规范农贸市场管理的建议,,2024-03-15,否,2024-03-01,A类(已解决或采纳),,");
    rows.push("520200,政协委员提案,政协七届四次第2号,市政协七届四次会议,钱某某,关于保护古树名木的提案,,2024-03-15,否,,C类(因条件限制不能解决),,");
    let file = write(dir.path(), "bad.csv", &header, &rows);
    let report = import_into(&system, &SUGGESTIONS, &file).await;
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
        has(5, "答复日期", "不能早于「交办日期」"),
        "{}: {text:?}",
        db.label
    );
    assert!(has(6, "办理结果分类", "尚未填写答复日期"), "{text:?}");
    assert_eq!(
        count(&store, "SELECT COUNT(*) FROM suggestion_item").await,
        0,
        "{}: nothing written",
        db.label
    );
}
