//! 批量修改 on every backend, as the 督办函 uses it: one field set on a list of problems and
//! the letter attached to each, all or nothing. A problem outside the caller's scope, or one
//! the value would make invalid, leaves every problem as it was; a sent letter leaves its
//! 文号 on each, audit entries with before-images, and the DOCX among each problem's files —
//! which is not the unit's evidence for a closure.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use fazhi_domain::RecordId;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::register::Record;
use fazhi_domain::register::rectification::RECTIFICATIONS;
use fazhi_store::testing::{TestDb, open_with_orgs, signed_in};
use fazhi_store::{AuditFilter, NewUser, ScopedStore, Store, StoreError};

/// Not a real letter: the attachment check reads the ZIP signature and the name.
const DOCX: &[u8] = b"PK\x03\x04word/document.xml";
const FIRST: &str = "钟法督函〔2024〕1号";
const SECOND: &str = "钟法督函〔2024〕2号";

fn problem(no: &str, changes: &[(&str, &str)]) -> Record {
    let mut raw: BTreeMap<String, String> = [
        ("problem_no", no),
        ("source", "案卷评查"),
        ("found_date", "2024-03-01"),
        ("description", "案卷缺少送达回证"),
        ("due_date", "2024-05-31"),
        ("status", "整改中"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (k, v) in changes {
        raw.insert((*k).to_owned(), (*v).to_owned());
    }
    RECTIFICATIONS.parse(&raw).unwrap()
}

/// The system and 钟山区's office (scope: 钟山区 and below); 六枝特区 is outside it.
async fn office(url: &str) -> (ScopedStore, ScopedStore) {
    let sys = open_with_orgs(
        url,
        &[
            ("520200", "city", "六盘水市", None),
            ("520201", "county", "钟山区", Some("520200")),
            ("520201-sfj", "department", "钟山区司法局", Some("520201")),
            ("520203", "county", "六枝特区", Some("520200")),
        ],
    )
    .await
    .unwrap();
    let store = Store::open(url).await.unwrap();
    let user = NewUser {
        username: "office".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Office,
        org_code: "520201".into(),
        scope: ScopeKind::Subtree,
    };
    let office = signed_in(&sys, &store, user).await.unwrap();
    (sys, office)
}

async fn create(sys: &ScopedStore, org: &str, record: Record) -> RecordId {
    sys.create_record(&RECTIFICATIONS, org, record)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn letter_of(sys: &ScopedStore, id: RecordId) -> Option<String> {
    let stored = sys.get_record(&RECTIFICATIONS, id).await.unwrap();
    stored.record.text("supervision_letter").map(str::to_owned)
}

async fn updates_of(sys: &ScopedStore, id: RecordId) -> Vec<serde_json::Value> {
    let (_, rows) = sys
        .list_audit(&AuditFilter {
            entity: Some("rectification_problem".into()),
            entity_id: Some(id.to_string()),
            limit: 100,
            ..Default::default()
        })
        .await
        .unwrap();
    rows.iter()
        .filter(|r| r.action == "update")
        .map(|r| serde_json::from_str(&r.before_json).unwrap())
        .collect()
}

fazhi_store::test_each_backend!(letter_all_or_nothing, letter_all_or_nothing_on);

async fn letter_all_or_nothing_on(db: TestDb) {
    let label = db.label;
    let (sys, office) = office(&db.url).await;
    let def = &RECTIFICATIONS;
    let first = create(&sys, "520201-sfj", problem("评查-001", &[])).await;
    let outside = create(&sys, "520203", problem("评查-101", &[])).await;
    let summoned = create(
        &sys,
        "520201-sfj",
        problem(
            "评查-002",
            &[
                ("supervision_letter", FIRST),
                ("interview_date", "2024-07-01"),
            ],
        ),
    )
    .await;

    // The second problem lies outside the office's scope: not found, the first untouched.
    let err = office
        .set_field_on_records(
            def,
            &[first, outside],
            "supervision_letter",
            SECOND,
            Some(("督办函.docx", DOCX.to_vec())),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{label}: {err}");
    assert_eq!(letter_of(&sys, first).await, None, "{label}");
    assert!(updates_of(&sys, first).await.is_empty(), "{label}");
    assert!(
        sys.attachments(def, first).await.unwrap().is_empty(),
        "{label}"
    );

    // The second problem would lose the letter its 约谈 follows: refused, nothing written.
    let refused = office
        .set_field_on_records(def, &[first, summoned], "supervision_letter", "", None)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(
        (refused.id, refused.number.as_str()),
        (summoned, "评查-002"),
        "{label}"
    );
    assert_eq!(refused.errors[0].field, "interview_date", "{label}");
    assert!(
        refused.errors[0].message.contains("约谈前应先发出督办函"),
        "{label}: {:?}",
        refused.errors
    );
    assert_eq!(letter_of(&sys, summoned).await.as_deref(), Some(FIRST));
    assert!(updates_of(&sys, first).await.is_empty(), "{label}");

    // A field the batch may not set is refused before anything is read.
    let err = office
        .set_field_on_records(def, &[first], "problem_no", "评查-009", None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("不能批量修改"), "{label}: {err}");

    // Sent: the 文号 on both, each update audited with its before-image, the letter attached.
    let name = format!("督办函-{SECOND}.docx");
    let sent = office
        .set_field_on_records(
            def,
            &[first, summoned, first],
            "supervision_letter",
            SECOND,
            Some((name.as_str(), DOCX.to_vec())),
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sent, 2, "{label}: a problem named twice is edited once");
    for (id, before) in [(first, serde_json::Value::Null), (summoned, FIRST.into())] {
        assert_eq!(
            letter_of(&sys, id).await.as_deref(),
            Some(SECOND),
            "{label}"
        );
        let images = updates_of(&sys, id).await;
        assert_eq!(images.len(), 1, "{label}");
        assert_eq!(
            images[0]["record"]["values"]["supervision_letter"], before,
            "{label}"
        );
        assert_eq!(images[0]["org"], "520201-sfj", "{label}");
        assert_eq!(
            images[0]["record"]["values"]["problem_no"],
            if id == first {
                "评查-001"
            } else {
                "评查-002"
            },
            "{label}: the whole record as it was"
        );
        let files = office.attachments(def, id).await.unwrap();
        assert_eq!(files.len(), 1, "{label}");
        assert_eq!(
            (files[0].name.as_str(), files[0].kind.as_str()),
            (name.as_str(), "docx")
        );
        let content = office.download_file(def, id, files[0].id).await.unwrap();
        assert_eq!(content.bytes, DOCX, "{label}");
    }

    // The letter is the office's document, not the unit's evidence of rectification.
    let closure = problem(
        "评查-001",
        &[
            ("status", "申请销号"),
            ("measures", "补齐送达回证"),
            ("rectified_date", "2024-06-20"),
            ("supervision_letter", SECOND),
        ],
    );
    let refused = sys
        .update_record(def, first, None, closure)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(refused.0[0].field, "evidence", "{label}: {:?}", refused.0);
}
