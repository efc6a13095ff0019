//! 附件清单 in an xlsx export, on both backends: the last sheet lists one row per file of the
//! exported records (number, name, type, size, SHA-256, upload time, uploader), and only
//! theirs — not the file of a record outside the caller's scope, nor of one the list's filter
//! leaves out. A CSV export stays one table.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use calamine::{Data, Reader, Xlsx};
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::register::Record;
use fazhi_domain::register::rectification::RECTIFICATIONS;
use fazhi_exchange::{Format, MANIFEST_SHEET, export_register};
use fazhi_store::testing::{TestDb, open_with_orgs, signed_in};
use fazhi_store::{NewUser, RecordFilter, ScopedStore, Store};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n";

fn problem(no: &str, status: &str) -> Record {
    let raw: BTreeMap<String, String> = [
        ("problem_no", no),
        ("source", "法治督察"),
        ("found_date", "2024-04-10"),
        ("description", "行政处罚决定书未告知救济途径"),
        ("due_date", "2024-07-31"),
        ("status", status),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    RECTIFICATIONS.parse(&raw).unwrap()
}

/// The system, and 钟山区's clerk (scope: 钟山区 and below); 六枝特区 lies outside it.
async fn stores(url: &str) -> (ScopedStore, ScopedStore) {
    let sys = open_with_orgs(
        url,
        &[
            ("520200", "city", "六盘水市", None),
            ("520201", "county", "钟山区", Some("520200")),
            ("520203", "county", "六枝特区", Some("520200")),
        ],
    )
    .await
    .unwrap();
    let store = Store::open(url).await.unwrap();
    let user = NewUser {
        username: "clerk".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Clerk,
        org_code: "520201".into(),
        scope: ScopeKind::Subtree,
    };
    let clerk = signed_in(&sys, &store, user).await.unwrap();
    (sys, clerk)
}

/// The manifest sheet's rows as text (the header first).
fn manifest(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut workbook: Xlsx<_> = calamine::open_workbook(path).unwrap();
    assert_eq!(workbook.sheet_names(), ["问题整改", MANIFEST_SHEET]);
    let range = workbook.worksheet_range(MANIFEST_SHEET).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Float(n) => format!("{n}"),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fazhi_store::test_each_backend!(export_lists_files, export_lists_files_on);

async fn export_lists_files_on(db: TestDb) {
    let label = db.label;
    let dir = tempfile::tempdir().unwrap();
    let (sys, clerk) = stores(&db.url).await;
    let def = &RECTIFICATIONS;
    let mut ids = Vec::new();
    for (org, no, status) in [
        ("520201", "督-001", "整改中"),
        ("520201", "督-002", "待整改"),
        ("520203", "督-101", "整改中"),
    ] {
        let stored = sys
            .create_record(def, org, problem(no, status))
            .await
            .unwrap()
            .unwrap();
        ids.push(stored.id);
    }
    let listed = sys
        .attach_file(def, ids[0], "整改方案.pdf", PDF.to_vec())
        .await
        .unwrap();
    sys.attach_file(def, ids[1], "=公示截图.pdf", PDF.to_vec())
        .await
        .unwrap();
    sys.attach_file(def, ids[2], "六枝整改报告.pdf", PDF.to_vec())
        .await
        .unwrap();

    // The clerk's export: the two problems of 钟山区 and their files, not 六枝特区's.
    let path = dir.path().join("all.xlsx");
    let filter = RecordFilter::default();
    let n = export_register(&clerk, def, &filter, Format::Xlsx, &path)
        .await
        .unwrap();
    assert_eq!(n, 2, "{label}");
    let rows = manifest(&path);
    assert_eq!(
        rows[0],
        [
            "记录编号",
            "文件名",
            "类型",
            "大小(字节)",
            "SHA-256",
            "上传时间",
            "上传人"
        ],
        "{label}"
    );
    assert_eq!(rows.len(), 3, "{label}: {rows:?}");
    let first = &rows[1];
    assert_eq!(
        first[..5],
        [
            "督-001".to_owned(),
            "整改方案.pdf".into(),
            "PDF".into(),
            PDF.len().to_string(),
            listed.sha256.clone(),
        ],
        "{label}"
    );
    assert_eq!(first[5].len(), "2026-01-01 08:00:00".len(), "{label}");
    assert_eq!(first[6], "test", "{label}");
    assert_eq!(
        rows[2][..2],
        ["督-002".to_owned(), "'=公示截图.pdf".into()],
        "{label}: a name that reads as a formula is neutralised"
    );
    assert!(
        rows.iter().all(|r| r[1] != "六枝整改报告.pdf"),
        "{label}: a file outside the scope"
    );

    // The list's filter decides too: 待整改 only, so 督-001's file is not listed.
    let path = dir.path().join("open.xlsx");
    let filter = RecordFilter {
        status: Some("open".into()),
        ..Default::default()
    };
    export_register(&clerk, def, &filter, Format::Xlsx, &path)
        .await
        .unwrap();
    let rows = manifest(&path);
    let numbers: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(numbers, ["督-002"], "{label}");

    // A CSV export is the records alone.
    let path = dir.path().join("all.csv");
    export_register(&clerk, def, &RecordFilter::default(), Format::Csv, &path)
        .await
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 3, "{label}: header and two records");
    assert!(!text.contains("整改方案.pdf"), "{label}");
}
