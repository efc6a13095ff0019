//! 建议提案 on every backend: the reply clocks (人大 three months from 交办, six when the
//! suggestion is complex; 政协 its own rule), the computed indicators (received, replied,
//! 办复率, 满意率) for the city and a county, and a change of the reply seen at once.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::Record;
use fazhi_domain::register::suggestion::SUGGESTIONS;
use fazhi_indicators::Period;
use fazhi_store::testing::TestDb;
use fazhi_store::{ScopedStore, Store, StoredRecord};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A suggestion as a clerk types it; `reply` is (date, category, verdict) when replied.
fn suggestion(
    kind: &str,
    no: &str,
    assigned: &str,
    complex: bool,
    reply: Option<(&str, &str, &str)>,
) -> Record {
    let mut raw: BTreeMap<String, String> = [
        ("kind", kind),
        ("suggestion_no", no),
        ("session", "市十五届人大四次会议"),
        ("proposer", "李某某"),
        ("title", "关于完善城区停车设施的建议"),
        ("assigned_date", assigned),
        ("complex", if complex { "是" } else { "否" }),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    if let Some((date, category, verdict)) = reply {
        raw.insert("reply_date".into(), date.into());
        raw.insert("category".into(), category.into());
        if !verdict.is_empty() {
            raw.insert("satisfaction".into(), verdict.into());
        }
    }
    SUGGESTIONS.parse(&raw).unwrap()
}

async fn setup(store: &Store) -> ScopedStore {
    let sys = store.unscoped_system("test");
    let since = day(2020, 1, 1);
    for (code, kind, name, parent) in [
        ("430200", "city", "株洲市", None),
        ("430203", "county", "芦淞区", Some("430200")),
    ] {
        sys.create_org(
            NewOrgUnit::parse(code, kind, name, None, since).unwrap(),
            parent,
        )
        .await
        .unwrap();
    }
    sys
}

async fn create(sys: &ScopedStore, org: &str, record: Record) -> StoredRecord {
    sys.create_record(&SUGGESTIONS, org, record)
        .await
        .unwrap()
        .unwrap()
}

fazhi_store::test_each_backend!(clocks_and_indicators, clocks_and_indicators_on);

async fn clocks_and_indicators_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    let sys = setup(&store).await;
    let a = ("2024-06-10", "A类(已解决或采纳)", "满意");
    let simple = create(
        &sys,
        "430200",
        suggestion(
            "人大代表建议",
            "人大十五届四次第1号",
            "2024-03-15",
            false,
            Some(a),
        ),
    )
    .await;
    let complex = create(
        &sys,
        "430203",
        suggestion(
            "人大代表建议",
            "人大十五届四次第2号",
            "2024-03-15",
            true,
            None,
        ),
    )
    .await;
    let proposal = create(
        &sys,
        "430203",
        suggestion(
            "政协委员提案",
            "政协十一届四次第1号",
            "2024-03-15",
            false,
            Some(("2024-05-20", "B类(列入计划解决)", "基本满意")),
        ),
    )
    .await;
    create(
        &sys,
        "430200",
        suggestion(
            "政协委员提案",
            "政协十一届四次第2号",
            "2024-03-15",
            false,
            Some(("2024-06-03", "C类(因条件限制不能解决)", "不满意")),
        ),
    )
    .await;
    create(
        &sys,
        "430200",
        suggestion(
            "人大代表建议",
            "人大十五届三次第9号",
            "2023-03-10",
            false,
            Some(a),
        ),
    )
    .await;

    // Clocks: 15 June 2024 is a Saturday → Monday 17 June; six months end on Sunday
    // 15 September, inside the 中秋 break → Wednesday 18 September.
    let today = day(2024, 7, 1);
    let due = |stored: &StoredRecord| {
        let clocks = sys.record_deadlines(&SUGGESTIONS, &stored.record, today);
        assert_eq!(clocks.len(), 1, "{label}: one reply clock");
        (clocks[0].rule, clocks[0].due, clocks[0].state)
    };
    assert_eq!(
        due(&simple),
        ("npc_suggestion.reply", Some(day(2024, 6, 17)), "已按期办结"),
        "{label}"
    );
    assert_eq!(
        due(&complex),
        ("npc_suggestion.reply", Some(day(2024, 9, 18)), "进行中"),
        "{label}: six months for a complex suggestion"
    );
    assert_eq!(
        due(&proposal),
        ("cppcc_proposal.reply", Some(day(2024, 6, 17)), "已按期办结"),
        "{label}"
    );

    // Indicators of the year (by 交办日期), the city and one county.
    let year = Period::Year(2024);
    let city = sys.indicators("430200", year).await.unwrap();
    let value = |key: &str| city.value(key);
    assert_eq!(value("suggestions.npc"), Some(2.0), "{label}");
    assert_eq!(value("suggestions.cppcc"), Some(2.0), "{label}");
    assert_eq!(value("suggestions.received"), Some(4.0), "{label}");
    assert_eq!(value("suggestions.replied"), Some(3.0), "{label}");
    assert_eq!(value("suggestions.completion_rate"), Some(75.0), "{label}");
    assert_eq!(value("suggestions.satisfied"), Some(2.0), "{label}");
    let rate = &city.indicators["suggestions.satisfaction_rate"];
    assert_eq!(
        (rate.numerator, rate.denominator),
        (Some(2.0), Some(3.0)),
        "{label}: 满意 and 基本满意 over the replied"
    );
    let yoy = city.indicators["suggestions.npc"]
        .yoy
        .expect("2023 has one");
    assert_eq!(yoy.previous, 1.0, "{label}");
    let county = sys.indicators("430203", year).await.unwrap();
    assert_eq!(
        (
            county.value("suggestions.received"),
            county.value("suggestions.replied"),
            county.value("suggestions.completion_rate"),
        ),
        (Some(2.0), Some(1.0), Some(50.0)),
        "{label}: by unit"
    );

    // The complex suggestion is answered: the county's 办复率 moves at once.
    let mut answered = complex.record.clone();
    answered.set(
        "reply_date",
        fazhi_domain::register::Value::Date(day(2024, 9, 2)),
    );
    answered.set(
        "category",
        fazhi_domain::register::Value::Text("planned".into()),
    );
    let errors = (SUGGESTIONS.rules)(&answered);
    assert!(errors.is_empty(), "{errors:?}");
    sys.update_record(&SUGGESTIONS, complex.id, None, answered)
        .await
        .unwrap()
        .unwrap();
    let county = sys.indicators("430203", year).await.unwrap();
    assert_eq!(
        county.value("suggestions.completion_rate"),
        Some(100.0),
        "{label}"
    );
    assert!(store.unscoped_verify_audit().await.unwrap().is_ok());
}
