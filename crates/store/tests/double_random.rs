//! 双随机、一公开 on every backend: objects drawn from the 名录库 as listed on the day, two
//! certificate holders sent to each by lots (交叉检查: none of the object's own unit), the same
//! result on a re-run, an officer not sent to the same object twice, the 抽查 records handed
//! out once and all or nothing, and too small a pool refused in Chinese with nothing written.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::draw::DrawSpec;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::RegisterDef;
use fazhi_domain::register::certificate::CERTIFICATES;
use fazhi_domain::register::double_random::{INSPECTION_OBJECTS, RANDOM_INSPECTIONS};
use fazhi_domain::{CitizenId, CreditCode};
use fazhi_store::testing::{TestDb, signed_in};
use fazhi_store::{InspectionTask, NewDraw, NewUser, RecordFilter, ScopedStore, Store, StoreError};

fn raw(pairs: &[(&str, String)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

async fn add(sys: &ScopedStore, def: &'static RegisterDef, org: &str, pairs: &[(&str, String)]) {
    let record = def.parse(&raw(pairs)).unwrap_or_else(|e| panic!("{e:?}"));
    sys.create_record(def, org, record).await.unwrap().unwrap();
}

async fn certificate(sys: &ScopedStore, org: &str, n: u32, revoked: bool) {
    let id = CitizenId::with_check_char(&format!("{org}19800101{n:03}")).unwrap();
    let mut pairs = vec![
        ("officer_name", format!("执法员{n}")),
        ("officer_id", id.as_str().to_owned()),
        ("certificate_no", format!("{org}{n:04}")),
        (
            "status",
            if revoked { "已注销" } else { "已发证" }.to_owned(),
        ),
        ("applied_date", "2020-01-06".to_owned()),
        ("reviewed_date", "2020-02-03".to_owned()),
        ("issued_date", "2020-03-02".to_owned()),
    ];
    if revoked {
        pairs.push(("revoked_date", "2021-05-06".to_owned()));
        pairs.push(("revoke_reason", "调离执法岗位".to_owned()));
    }
    add(sys, &CERTIFICATES, org, &pairs).await;
}

fn credit_code(org: &str, n: u32) -> String {
    CreditCode::with_check_char(&format!("91{org}MA{n:07}"))
        .unwrap()
        .to_string()
}

async fn object(sys: &ScopedStore, org: &str, n: u32, removed: bool) {
    let mut pairs = vec![
        ("credit_code", credit_code(org, n)),
        ("name", format!("某某商贸有限公司{org}-{n}")),
        ("object_type", "企业".to_owned()),
        ("listed_date", "2024-01-08".to_owned()),
        (
            "status",
            if removed {
                "已移出(注销、吊销或迁出)"
            } else {
                "在册"
            }
            .to_owned(),
        ),
    ];
    if removed {
        pairs.push(("removed_date", "2024-06-03".to_owned()));
    }
    add(sys, &INSPECTION_OBJECTS, org, &pairs).await;
}

fn draw(campaign: &str, per_unit: usize, cross_check: bool) -> NewDraw {
    NewDraw {
        register: &INSPECTION_OBJECTS,
        under: "520200".into(),
        year: 2025,
        spec: DrawSpec {
            campaign: campaign.into(),
            seed_source: "2025年1月6日福彩3D开奖号码 617".into(),
            per_unit,
        },
        cross_check,
    }
}

fazhi_store::test_each_backend!(double_random, double_random_on);

async fn double_random_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    let sys = store.unscoped_system("test");
    let since = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for (code, kind, name, parent) in [
        ("520200", "city", "六盘水市", None),
        ("520201", "county", "钟山区", Some("520200")),
        ("520203", "county", "六枝特区", Some("520200")),
    ] {
        sys.create_org(
            NewOrgUnit::parse(code, kind, name, None, since).unwrap(),
            parent,
        )
        .await
        .unwrap();
    }
    for org in ["520201", "520203"] {
        for n in 1..=3 {
            certificate(&sys, org, n, false).await;
        }
        certificate(&sys, org, 9, true).await;
        for n in 1..=4 {
            object(&sys, org, n, false).await;
        }
        object(&sys, org, 9, true).await;
    }

    // Cross-check: two officers of the other county for each object.
    let first = sys
        .run_draw(draw("2025年第一批双随机抽查", 2, true))
        .await
        .unwrap();
    assert_eq!(
        first.population, 8,
        "{label}: removed objects are not drawn"
    );
    let pool = first.officers.clone().unwrap();
    assert_eq!(
        pool.size, 6,
        "{label}: revoked certificates are not in the pool"
    );
    assert!(pool.cross_check);
    assert_eq!(first.drawn.len(), 4, "{label}");
    for d in &first.drawn {
        assert_eq!(d.officers.len(), 2, "{label}");
        for o in &d.officers {
            assert!(
                !o.starts_with(&d.unit),
                "{label}: {o} of {} sent to its own object",
                d.unit
            );
            assert!(
                !o.ends_with("0009"),
                "{label}: a revoked certificate was sent"
            );
        }
    }
    let check = sys.verify_draw(first.id).await.unwrap();
    assert!(
        check.same_draw && check.same_population,
        "{label}: {check:?}"
    );

    // A second draw of the same year without cross-check avoids the officers each object had.
    let second = sys
        .run_draw(draw("2025年第二批双随机抽查", 4, false))
        .await
        .unwrap();
    for d in &second.drawn {
        if let Some(before) = first.drawn.iter().find(|f| f.number == d.number) {
            for o in &d.officers {
                assert!(
                    !before.officers.contains(o),
                    "{label}: {o} sent to {} again",
                    d.number
                );
            }
        }
    }
    // The first draw still verifies: the second came after it.
    assert!(
        sys.verify_draw(first.id).await.unwrap().same_draw,
        "{label}"
    );
    assert!(
        sys.verify_draw(second.id).await.unwrap().same_draw,
        "{label}"
    );

    // Too few officers left: a third cross-checked draw of every object. An object of the
    // first draw has three officers of the other county, two of whom it has had: refused.
    let refused = sys.run_draw(draw("2025年第三批双随机抽查", 4, true)).await;
    match refused {
        Err(StoreError::Invalid(e)) => {
            assert!(
                e.to_string().contains("回避后可选派的持证人员只有"),
                "{label}: {e}"
            )
        }
        other => panic!("{label}: {other:?}"),
    }
    assert_eq!(
        sys.list_draws().await.unwrap().len(),
        2,
        "{label}: nothing written"
    );

    // A clerk who may write records and reads the draw (scope: the whole city) still may not
    // hand it out: that is the office's, as the draw is.
    let user = NewUser {
        username: "clerk".into(),
        display_name: String::new(),
        password: "Secret1234".into(),
        role: Role::Clerk,
        org_code: "520200".into(),
        scope: ScopeKind::Subtree,
    };
    let clerk = signed_in(&sys, &store, user).await.unwrap();
    assert!(clerk.get_draw(first.id).await.is_ok(), "{label}");
    let task = InspectionTask {
        matter: "企业公示信息检查".into(),
        planned_date: "2025-03-10".into(),
    };
    let refused = clerk.register_inspections(first.id, &task).await;
    assert!(
        matches!(refused, Err(StoreError::Forbidden(_))),
        "{label}: {refused:?}"
    );

    // Handing out: a bad date writes nothing; a good one writes one record per object, once.
    let bad = InspectionTask {
        matter: "企业公示信息检查".into(),
        planned_date: "2025-13-40".into(),
    };
    let outcome = sys.register_inspections(first.id, &bad).await.unwrap();
    assert!(!outcome.committed, "{label}");
    assert_eq!(outcome.problems.len(), 4, "{label}: {:?}", outcome.problems);
    assert!(
        outcome.problems[0].message.contains("日期"),
        "{label}: {:?}",
        outcome.problems[0]
    );
    assert_eq!(
        sys.inspections_handed_out(first.id).await.unwrap(),
        0,
        "{label}"
    );
    let good = InspectionTask {
        matter: "企业公示信息检查".into(),
        planned_date: "2025-03-10".into(),
    };
    let outcome = sys.register_inspections(first.id, &good).await.unwrap();
    assert!(outcome.committed, "{label}: {:?}", outcome.problems);
    assert_eq!(outcome.created, 4, "{label}");
    let (_, listed) = sys
        .list_records(
            &RANDOM_INSPECTIONS,
            &RecordFilter {
                limit: 100,
                ..RecordFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(listed.len(), 4, "{label}");
    for r in &listed {
        let officers = r.record.text("officers").unwrap();
        let object = r.record.get("object_id").as_int().unwrap();
        let drawn = first.drawn.iter().find(|d| d.id == object).unwrap();
        assert_eq!(officers, drawn.officers.join("、"), "{label}");
        assert_eq!(
            r.org_code, drawn.unit,
            "{label}: the object's unit inspects it"
        );
    }
    let again = sys.register_inspections(first.id, &good).await;
    assert!(
        matches!(again, Err(StoreError::Conflict(_))),
        "{label}: {again:?}"
    );

    // A certificate issued before the draw's day but typed in later changes the pool as of
    // that day, and the re-run says so.
    certificate(&sys, "520201", 7, false).await;
    let check = sys.verify_draw(first.id).await.unwrap();
    assert!(
        !check.same_population,
        "{label}: a changed pool is told apart"
    );
}
