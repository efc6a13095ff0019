//! Import and export on both backends: round trip, re-import, every kind of bad row, GBK CSV,
//! formula neutralising, bad files. Each problem case also checks that nothing was written.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use chrono::NaiveDate;
use common::{HEADER, city, count, import, write};
use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;
use fazhi_exchange::{Format, export_register, import_register, template_headers};
use fazhi_store::testing::TestDb;
use fazhi_store::{ImportOptions, RecordFilter, ScopedStore, StoredRecord};

/// Valid rows in the forms clerks type: several date forms, 万元, labels, a generated key.
fn good_rows() -> Vec<String> {
    vec![
        "520200,LPS-1,处罚,甲公司,法人,2024-03-05,2024/3/20,罚款,\"1,234.50元\",\"ZF-001,ZF-002\",已决定".into(),
        "520201,LPS-2,处罚,乙公司,法人,2024.4.1,2024年4月9日,警告,,\"ZF-001,ZF-002\",已决定".into(),
        ",LPS-3,许可,丙,自然人,45383,,,,ZF-001,办理中".into(),
        "520200,,检查,丁公司,法人,2024-05-06,,,,\"ZF-001,ZF-002\",办理中".into(),
        "520200,LPS-5,处罚,=HYPERLINK(\"\"http://x\"\"),法人,2024-06-01,2024-06-10,罚款,1.2万元,\"ZF-001,ZF-002\",已决定".into(),
    ]
}

async fn all_records(store: &ScopedStore) -> Vec<StoredRecord> {
    let filter = RecordFilter {
        limit: 1000,
        ..RecordFilter::default()
    };
    let (_, mut records) = store
        .list_records(&ENFORCEMENT_CASES, &filter)
        .await
        .unwrap();
    records.sort_by(|a, b| a.record.text("case_code").cmp(&b.record.text("case_code")));
    records
}

/// What must survive a round trip: unit and every field.
fn facts(records: &[StoredRecord]) -> Vec<(String, fazhi_domain::register::Record)> {
    records
        .iter()
        .map(|r| (r.org_code.clone(), r.record.clone()))
        .collect()
}

fazhi_store::test_each_backend!(
    round_trip_reimport_and_formula_cells,
    round_trip_reimport_and_formula_cells_on
);

async fn round_trip_reimport_and_formula_cells_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let (store, system) = city(&db.url).await;
    let file = write(dir.path(), "cases.csv", HEADER, good_rows());
    let report = import(&system, &file, false).await;
    assert!(report.ok(), "{}: {:?}", db.label, report.errors);
    assert_eq!(
        (report.outcome.created, report.outcome.updated),
        (5, 0),
        "{}",
        db.label
    );
    assert!(report.outcome.batch_id.is_some());
    let first = all_records(&system).await;
    assert_eq!(first.len(), 5);
    let fine = first
        .iter()
        .find(|r| r.record.text("case_code") == Some("LPS-1"))
        .unwrap();
    assert_eq!(fine.record.get("fine_amount").as_int(), Some(123_450));
    let generated = first
        .iter()
        .find(|r| r.record.text("party_name") == Some("丁公司"))
        .unwrap();
    assert!(
        generated
            .record
            .text("case_code")
            .unwrap()
            .starts_with("520200-2024-")
    );
    let third = first
        .iter()
        .find(|r| r.record.text("case_code") == Some("LPS-3"))
        .unwrap();
    assert_eq!(
        third.record.date("filed_date"),
        NaiveDate::from_ymd_opt(2024, 4, 1)
    );
    let clocks = count(&store, "SELECT COUNT(*) FROM deadline").await;
    assert!(clocks > 0, "statutory clocks written by the bulk path");

    // Re-import: nothing duplicated; one changed row is an update.
    let again = import(&system, &file, false).await;
    assert_eq!(
        (
            again.outcome.created,
            again.outcome.updated,
            again.outcome.unchanged
        ),
        (1, 0, 4),
        "{}: the row without a key gets a new one",
        db.label
    );
    let mut rows = good_rows();
    rows[1] = rows[1].replace("乙公司", "乙有限公司");
    rows.remove(3);
    let changed = write(dir.path(), "changed.csv", HEADER, &rows);
    let third_run = import(&system, &changed, false).await;
    assert_eq!(
        (
            third_run.outcome.created,
            third_run.outcome.updated,
            third_run.outcome.unchanged
        ),
        (0, 1, 3)
    );

    // Export (csv and xlsx) → import into an empty database gives identical records.
    let before = all_records(&system).await;
    for (name, format) in [("out.csv", Format::Csv), ("out.xlsx", Format::Xlsx)] {
        let out = dir.path().join(format!("{}-{name}", db.label));
        let n = export_register(
            &system,
            &ENFORCEMENT_CASES,
            &RecordFilter::default(),
            format,
            &out,
        )
        .await
        .unwrap();
        assert_eq!(n as usize, before.len());
        if format == Format::Csv {
            let text = std::fs::read_to_string(&out).unwrap();
            assert!(text.starts_with('\u{FEFF}'), "BOM for Excel");
            assert!(text.contains("'=HYPERLINK"), "formula neutralised: {text}");
        }
        let empty_url = match db.label {
            "sqlite" => fazhi_store::testing::fresh_sqlite_url(),
            _ => fazhi_store::testing::fresh_postgres_url()
                .await
                .unwrap()
                .unwrap(),
        };
        let (empty_store, empty) = city(&empty_url).await;
        let report = import(&empty, &out, false).await;
        assert!(report.ok(), "{} {name}: {:?}", db.label, report.errors);
        assert_eq!(
            facts(&all_records(&empty).await),
            facts(&before),
            "{} {name}",
            db.label
        );
        assert_eq!(
            count(&empty_store, "SELECT COUNT(*) FROM deadline").await,
            count(&store, "SELECT COUNT(*) FROM deadline").await
        );
    }
    assert!(store.unscoped_verify_audit().await.unwrap().is_ok());
}

fazhi_store::test_each_backend!(
    every_bad_row_is_reported_and_nothing_is_written,
    every_bad_row_is_reported_and_nothing_is_written_on
);

/// Each kind of bad row, with the row and column the clerk sees; nothing written.
async fn every_bad_row_is_reported_and_nothing_is_written_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let (store, system) = city(&db.url).await;
    let mut rows = good_rows();
    rows.push("520200,BAD-1,处罚,戊公司,法人,2024-02-30,,,,\"ZF-001,ZF-002\",已决定".into()); // row 7: date
    rows.push("520200,BAD-2,罚没,己公司,法人,2024-02-01,,,,,办理中".into()); // row 8: enum
    rows.push("520200,BAD-3,许可,,法人,2024-02-01,,,,,办理中".into()); // row 9: required
    rows.push("999999,BAD-4,许可,庚,法人,2024-02-01,,,,,办理中".into()); // row 10: unit
    rows.push("520200,BAD-5,处罚,辛公司,法人,2024-02-01,,,,\"ZF-001,ZF-404\",办理中".into()); // row 11: certificate
    rows.push("520200,LPS-1,许可,壬,法人,2024-02-01,,,,,办理中".into()); // row 12: duplicate key
    rows.push("520200,BAD-7,处罚,癸公司,法人,2024-02-01,,罚款,-5,\"ZF-001,ZF-002\",办理中".into()); // row 13: amount
    let file = write(dir.path(), "bad.csv", HEADER, &rows);
    let generations = store.data_generations().await.unwrap();
    let report = import(&system, &file, false).await;
    assert!(!report.ok());
    assert!(!report.outcome.committed);
    let text: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    let has = |row: u64, column: &str, needle: &str| {
        report
            .errors
            .iter()
            .any(|e| e.row == row && e.column == column && e.to_string().contains(needle))
    };
    assert!(has(7, "立案日期*", "2024-02-30"), "{}: {text:?}", db.label);
    assert!(has(8, "执法类别*", "罚没"), "{text:?}");
    assert!(has(9, "当事人名称*", "必须填写"), "{text:?}");
    assert!(has(10, "单位代码", "999999"), "{text:?}");
    assert!(has(11, "执法人员执法证号", "ZF-404"), "{text:?}");
    assert!(has(12, "案件编号", "与第2行重复"), "{text:?}");
    assert!(has(13, "罚款金额(元)", "-5"), "{text:?}");
    // Row 7's other problem comes in the same pass as its date (issue 25): a decided penalty
    // case needs its 决定日期.
    assert!(has(7, "决定日期", "必须填写"), "{text:?}");
    assert_eq!(report.error_count, 8, "{text:?}");
    assert!(all_records(&system).await.is_empty(), "nothing written");
    assert_eq!(count(&store, "SELECT COUNT(*) FROM deadline").await, 0);
    assert_eq!(store.data_generations().await.unwrap(), generations);
    assert!(store.unscoped_verify_audit().await.unwrap().is_ok());

    // A dry run of the good rows counts but writes nothing.
    let good = write(dir.path(), "good.csv", HEADER, good_rows());
    let dry = import(&system, &good, true).await;
    assert!(dry.ok() && !dry.outcome.committed);
    assert_eq!(dry.outcome.created, 5);
    assert!(all_records(&system).await.is_empty());
}

fazhi_store::test_each_backend!(gbk_csv_and_bad_files, gbk_csv_and_bad_files_on);

async fn gbk_csv_and_bad_files_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let (_store, system) = city(&db.url).await;
    // GBK as Excel on Chinese Windows writes it.
    let mut text = String::from(HEADER);
    for row in good_rows() {
        text.push_str("\r\n");
        text.push_str(&row);
    }
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let gbk = dir.path().join("gbk.csv");
    std::fs::write(&gbk, &bytes).unwrap();
    let report = import(&system, &gbk, true).await;
    assert!(report.ok(), "{}: {:?}", db.label, report.errors);
    assert_eq!(report.outcome.created, 5);

    // Bad files: a clear Chinese error and nothing written.
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let header_only = write(dir.path(), "header.csv", HEADER, [""; 0]);
    let garbage = dir.path().join("garbage.csv");
    std::fs::write(
        &garbage,
        (0..100_000_u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    for (path, needle) in [
        (&empty, "空"),
        (&header_only, "没有数据行"),
        (&garbage, "二进制"),
    ] {
        let err = import_register(
            &system,
            &ENFORCEMENT_CASES,
            path,
            Format::Csv,
            ImportOptions {
                default_org: Some("520200".into()),
                ..Default::default()
            },
            None,
        )
        .await
        .expect_err("bad file");
        assert!(
            err.to_string().contains(needle),
            "{}: {err}",
            path.display()
        );
    }
    // A foreign sheet: no known header.
    let foreign = write(dir.path(), "foreign.csv", "姓名,年龄", ["张三,30"]);
    let report = import(&system, &foreign, false).await;
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.row == 1 && e.message.contains("没有可识别的列名")),
        "{:?}",
        report.errors
    );
    // A 1 MB cell: quoted short, rejected with the limit.
    let big = "长".repeat(1 << 20);
    let big_file = write(
        dir.path(),
        "big.csv",
        HEADER,
        &[format!(
            "520200,BIG-1,许可,{big},法人,2024-01-02,,,,,办理中"
        )],
    );
    let report = import(&system, &big_file, false).await;
    let e = report
        .errors
        .iter()
        .find(|e| e.column == "当事人名称*")
        .expect("long cell reported");
    assert!(
        e.message.contains("过长") && e.value.chars().count() < 200,
        "{e}"
    );
    assert!(all_records(&system).await.is_empty());
}

#[tokio::test]
async fn template_has_headers_dropdowns_and_help_sheet() {
    use calamine::{Reader, Xlsx};
    let bytes = fazhi_exchange::template(&ENFORCEMENT_CASES).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        book.sheet_names(),
        vec!["行政执法案件".to_owned(), "说明".to_owned()]
    );
    let sheet = book.worksheet_range("行政执法案件").unwrap();
    let headers: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(headers, template_headers(&ENFORCEMENT_CASES));
    assert!(headers.contains(&"执法类别*".to_owned()));
    let help = book.worksheet_range("说明").unwrap();
    assert!(
        help.rows()
            .any(|r| r.iter().any(|c| c.to_string().contains("警告、通报批评")))
    );
    // The drop-downs live in the sheet XML as list validations.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("<dataValidation type=\"list\""), "{xml}");
    assert!(xml.contains("处罚,许可,强制"), "enum labels offered");
}
