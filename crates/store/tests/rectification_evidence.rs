//! 整改佐证材料 on every backend: a problem reported done (申请销号, 已销号) shows its evidence —
//! the text of 「整改佐证材料」 or a file attached to the record — on the form path (create and
//! update) and in the import; a refusal names the field in Chinese and writes nothing.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use fazhi_domain::register::rectification::{EVIDENCE_REASON, RECTIFICATIONS};
use fazhi_domain::register::{FieldError, Record};
use fazhi_store::testing::{TestDb, import_as_file, open_with_orgs};
use fazhi_store::{AuditFilter, RecordFilter, ScopedStore};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n";

fn problem(no: &str, changes: &[(&str, &str)]) -> Record {
    let mut raw: BTreeMap<String, String> = [
        ("problem_no", no),
        ("source", "法治督察"),
        ("found_date", "2024-04-10"),
        ("description", "行政处罚决定书未告知救济途径"),
        ("due_date", "2024-07-31"),
        ("status", "已销号"),
        ("measures", "修订文书格式,对在办案件逐一补正"),
        ("rectified_date", "2024-07-12"),
        ("closed_date", "2024-07-20"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (k, v) in changes {
        raw.insert((*k).to_owned(), (*v).to_owned());
    }
    RECTIFICATIONS.parse(&raw).unwrap()
}

fn in_progress(no: &str) -> Record {
    problem(
        no,
        &[
            ("status", "整改中"),
            ("rectified_date", ""),
            ("closed_date", ""),
        ],
    )
}

fn requested(no: &str, evidence: &str) -> Record {
    problem(
        no,
        &[
            ("status", "申请销号"),
            ("closed_date", ""),
            ("evidence", evidence),
        ],
    )
}

async fn stored_count(sys: &ScopedStore) -> i64 {
    let filter = RecordFilter {
        limit: 10,
        ..Default::default()
    };
    sys.list_records(&RECTIFICATIONS, &filter).await.unwrap().0
}

async fn audit_count(sys: &ScopedStore) -> i64 {
    sys.list_audit(&AuditFilter {
        entity: Some("rectification_problem".into()),
        limit: 100,
        ..Default::default()
    })
    .await
    .unwrap()
    .0
}

fn assert_lacks_evidence(errors: &[FieldError], label: &str) {
    assert_eq!(errors.len(), 1, "{label}: {errors:?}");
    assert_eq!(errors[0].field, "evidence", "{label}");
    assert_eq!(
        errors[0].to_string(),
        format!("「整改佐证材料」必须填写({EVIDENCE_REASON})"),
        "{label}"
    );
}

fazhi_store::test_each_backend!(closure_needs_evidence, closure_needs_evidence_on);

async fn closure_needs_evidence_on(db: TestDb) {
    let label = db.label;
    let sys = open_with_orgs(
        &db.url,
        &[
            ("520200", "city", "六盘水市", None),
            ("520200-sfj", "department", "六盘水市司法局", Some("520200")),
        ],
    )
    .await
    .unwrap();
    let def = &RECTIFICATIONS;

    // A closure without evidence: refused, nothing written.
    let refused = sys
        .create_record(def, "520200-sfj", problem("督-001", &[]))
        .await
        .unwrap()
        .unwrap_err();
    assert_lacks_evidence(&refused.0, label);
    assert_eq!(stored_count(&sys).await, 0, "{label}");
    assert_eq!(audit_count(&sys).await, 0, "{label}");

    // With the report's 文号: accepted.
    let closed = sys
        .create_record(
            def,
            "520200-sfj",
            problem("督-001", &[("evidence", "六盘水司报〔2024〕12号整改报告")]),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        closed.record.text("evidence"),
        Some("六盘水司报〔2024〕12号整改报告"),
        "{label}"
    );

    // A problem in progress asks for closure with a PDF attached and no text: accepted.
    let filed = sys
        .create_record(def, "520200-sfj", in_progress("督-002"))
        .await
        .unwrap()
        .unwrap();
    sys.attach_file(def, filed.id, "整改报告.pdf", PDF.to_vec())
        .await
        .unwrap();
    let updated = sys
        .update_record(def, filed.id, None, requested("督-002", ""))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        updated.record.text("status"),
        Some("closure_requested"),
        "{label}"
    );

    // Without text and without a file of its own (the other problem's does not count):
    // refused, the stored problem stays in progress.
    let bare = sys
        .create_record(def, "520200-sfj", in_progress("督-003"))
        .await
        .unwrap()
        .unwrap();
    let audited = audit_count(&sys).await;
    let refused = sys
        .update_record(def, bare.id, None, requested("督-003", ""))
        .await
        .unwrap()
        .unwrap_err();
    assert_lacks_evidence(&refused.0, label);
    let stored = sys.get_record(def, bare.id).await.unwrap();
    assert_eq!(stored.record.text("status"), Some("in_progress"), "{label}");
    assert_eq!(audit_count(&sys).await, audited, "{label}: no audit entry");
}

fazhi_store::test_each_backend!(import_needs_evidence, import_needs_evidence_on);

async fn import_needs_evidence_on(db: TestDb) {
    let label = db.label;
    let sys = open_with_orgs(
        &db.url,
        &[
            ("520200", "city", "六盘水市", None),
            ("520200-sfj", "department", "六盘水市司法局", Some("520200")),
        ],
    )
    .await
    .unwrap();
    let def = &RECTIFICATIONS;
    let filed = sys
        .create_record(def, "520200-sfj", in_progress("督-010"))
        .await
        .unwrap()
        .unwrap();
    sys.attach_file(def, filed.id, "整改报告.pdf", PDF.to_vec())
        .await
        .unwrap();
    sys.create_record(def, "520200-sfj", in_progress("督-011"))
        .await
        .unwrap()
        .unwrap();

    // Row 2 closes a new problem without evidence, row 3 asks closure of a stored problem
    // without a file: each is a problem of its row, and nothing is written.
    let outcome = import_as_file(
        &sys,
        def,
        "520200-sfj",
        vec![
            problem("督-012", &[]),
            requested("督-011", ""),
            requested("督-010", ""),
            problem("督-013", &[("evidence", "六盘水司报〔2024〕13号")]),
        ],
    )
    .await
    .unwrap();
    assert!(!outcome.committed, "{label}");
    let lines: Vec<(u64, &str)> = outcome.problems.iter().map(|p| (p.line, p.field)).collect();
    assert_eq!(lines, vec![(2, "evidence"), (3, "evidence")], "{label}");
    assert!(
        outcome.problems[0].message.contains(EVIDENCE_REASON),
        "{label}: {:?}",
        outcome.problems[0]
    );
    assert_eq!(stored_count(&sys).await, 2, "{label}");
    let stored = sys.get_record(def, filed.id).await.unwrap();
    assert_eq!(stored.record.text("status"), Some("in_progress"), "{label}");

    // The stored problem with a file needs no text; a new one with its 文号 is accepted.
    let outcome = import_as_file(
        &sys,
        def,
        "520200-sfj",
        vec![
            requested("督-010", ""),
            problem("督-013", &[("evidence", "六盘水司报〔2024〕13号")]),
        ],
    )
    .await
    .unwrap();
    assert!(outcome.committed, "{label}: {:?}", outcome.problems);
    assert_eq!((outcome.created, outcome.updated), (1, 1), "{label}");
    let stored = sys.get_record(def, filed.id).await.unwrap();
    assert_eq!(
        stored.record.text("status"),
        Some("closure_requested"),
        "{label}"
    );
}
