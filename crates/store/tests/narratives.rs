//! Narrative slots of annual reports: saved per org unit and year, overwritten, removed when
//! emptied, audited, scoped — on every backend.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::testing::{TestDb, signed_in};
use fazhi_store::{AuditFilter, NewUser, Store, StoreError};

fn slots(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

async fn story(url: &str, label: &str) {
    let store = Store::open(url).await.unwrap();
    let sys = store.unscoped_system("test");
    let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for (code, kind, name, parent) in [
        ("520200", "city", "六盘水市", None),
        ("520201", "county", "钟山区", Some("520200")),
        ("520203", "county", "六枝特区", Some("520200")),
    ] {
        let unit = NewOrgUnit::parse(code, kind, name, None, day).unwrap();
        sys.create_org(unit, parent).await.unwrap();
    }
    let user = NewUser {
        username: "zs".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Clerk,
        org_code: "520201".into(),
        scope: ScopeKind::Subtree,
    };
    let clerk = signed_in(&sys, &store, user).await.unwrap();

    clerk
        .save_report_narratives(
            "520201",
            2024,
            &slots(&[
                ("problems", "  基层执法力量不足。 "),
                ("plans", "加强培训。"),
            ]),
        )
        .await
        .unwrap();
    let saved = clerk.report_narratives("520201", 2024).await.unwrap();
    assert_eq!(
        saved,
        slots(&[("problems", "基层执法力量不足。"), ("plans", "加强培训。")]),
        "{label}"
    );
    assert!(
        clerk
            .report_narratives("520201", 2023)
            .await
            .unwrap()
            .is_empty(),
        "per year"
    );

    // Overwrite one, empty another (removed), leave unnamed slots alone.
    clerk
        .save_report_narratives(
            "520201",
            2024,
            &slots(&[("problems", "队伍专业化不足。"), ("plans", "")]),
        )
        .await
        .unwrap();
    assert_eq!(
        clerk.report_narratives("520201", 2024).await.unwrap(),
        slots(&[("problems", "队伍专业化不足。")]),
        "{label}"
    );
    // Saving the same text again writes nothing.
    clerk
        .save_report_narratives("520201", 2024, &slots(&[("problems", "队伍专业化不足。")]))
        .await
        .unwrap();
    let (n, _) = sys
        .list_audit(&AuditFilter {
            entity: Some("report_narrative".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(n, 2, "{label}: one audit entry per effective save");

    // Another county is outside the clerk's scope.
    let err = clerk
        .save_report_narratives("520203", 2024, &slots(&[("plans", "x")]))
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound { .. }),
        "{label}: {err:?}"
    );
    assert!(store.unscoped_verify_audit().await.unwrap().is_ok());
}

fazhi_store::test_each_backend!(narratives, narratives_on);

async fn narratives_on(db: TestDb) {
    story(&db.url, db.label).await;
}
