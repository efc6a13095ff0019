//! A link field round-trips as the number clerks know: a reconsideration imported with its
//! enforcement case's 案件编号 is exported with that number (CSV and xlsx), and the export
//! imports back unchanged.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{HEADER, city, import};
use fazhi_domain::register::reconsideration::RECONSIDERATIONS;
use fazhi_exchange::{Format, ImportReport, export_register, import_register};
use fazhi_store::testing::TestDb;
use fazhi_store::{ImportOptions, RecordFilter, ScopedStore};

const RECON_HEADER: &str = "单位代码,案号,申请人,被申请人,被申请复议的行政行为,收到申请日期,受理情况,受理决定日期,审理程序,关联执法案件";

async fn import_recons(
    store: &ScopedStore,
    path: &std::path::Path,
    format: Format,
) -> ImportReport {
    let options = ImportOptions {
        default_org: Some("520200".into()),
        ..ImportOptions::default()
    };
    import_register(store, &RECONSIDERATIONS, path, format, options, None)
        .await
        .unwrap()
}

fazhi_store::test_each_backend!(links_round_trip_as_numbers, links_round_trip_on);

async fn links_round_trip_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let (_store, system) = city(&db.url).await;
    let cases = common::write(
        dir.path(),
        "cases.csv",
        HEADER,
        ["520201,LPS-1,许可,甲公司,法人,2024-03-05,,,,,办理中"],
    );
    assert!(import(&system, &cases, false).await.ok(), "{}", db.label);
    let recons = common::write(
        dir.path(),
        "recons.csv",
        RECON_HEADER,
        [
            "520201,复〔2024〕1号,甲公司,钟山区某局,行政处罚决定,2024-05-06,受理,2024-05-10,普通程序,LPS-1",
        ],
    );
    let report = import_recons(&system, &recons, Format::Csv).await;
    assert!(report.ok(), "{}: {:?}", db.label, report.errors);

    for (format, name) in [(Format::Csv, "export.csv"), (Format::Xlsx, "export.xlsx")] {
        let path = dir.path().join(name);
        let filter = RecordFilter::default();
        let n = export_register(&system, &RECONSIDERATIONS, &filter, format, &path)
            .await
            .unwrap();
        assert_eq!(n, 1);
        if format == Format::Csv {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                text.contains(",LPS-1"),
                "{}: the number, not the id: {text}",
                db.label
            );
        }
        let again = import_recons(&system, &path, format).await;
        assert!(again.ok(), "{}: {:?}", db.label, again.errors);
        assert_eq!(
            (
                again.outcome.created,
                again.outcome.updated,
                again.outcome.unchanged
            ),
            (0, 0, 1),
            "{}: {name} reads back to the same record",
            db.label
        );
    }
}
