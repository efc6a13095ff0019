//! 随机抽取 on every backend: a draw is recorded with its parameters and list, a re-run gives
//! the same list, a changed register is told apart, the record cannot be changed or deleted,
//! a clerk cannot draw, and bad draws are refused in Chinese with nothing written.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::draw::DrawSpec;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::by_key;
use fazhi_store::testing::{TestDb, signed_in};
use fazhi_store::{NewDraw, NewUser, Store, StoreError};

fn mediation(no: String, day: &str) -> BTreeMap<String, String> {
    [
        ("case_no", no.as_str()),
        ("dispute_type", "邻里"),
        ("parties_count", "2"),
        ("received_date", day),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

fn spec(per_unit: usize) -> DrawSpec {
    DrawSpec {
        campaign: "2025年度案卷评查".into(),
        seed_source: "2025年3月3日福彩3D开奖号码 385".into(),
        per_unit,
    }
}

async fn raw_sql(store: &Store, sql: &'static str) -> Result<(), String> {
    match store.unscoped_db_for_tests() {
        fazhi_store::Db::Sqlite(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
        fazhi_store::Db::Postgres(p) => sqlx::query(sql).execute(p).await.map(|_| ()),
    }
    .map_err(|e| e.to_string())
}

fazhi_store::test_each_backend!(draws, draws_on);

async fn draws_on(db: TestDb) {
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
    let def = by_key("mediations").unwrap();
    let add = async |org: &str, no: String, day: &str| {
        sys.create_record(def, org, def.parse(&mediation(no, day)).unwrap())
            .await
            .unwrap()
            .unwrap();
    };
    for i in 0..12 {
        add("520201", format!("钟山人调〔2024〕{i}号"), "2024-05-06").await;
    }
    for i in 0..4 {
        add("520203", format!("六枝人调〔2024〕{i}号"), "2024-06-06").await;
    }
    add("520203", "六枝人调〔2023〕1号".into(), "2023-06-06").await;

    let new = |per_unit| NewDraw {
        register: def,
        under: "520200".into(),
        year: 2024,
        spec: spec(per_unit),
        cross_check: false,
    };
    // Refused: a sample larger than every unit; nothing is written.
    let err = sys.run_draw(new(20)).await.unwrap_err().to_string();
    assert!(err.contains("超过了每个单位的记录数"), "{label}: {err}");
    assert!(sys.list_draws().await.unwrap().is_empty(), "{label}");

    let d = sys.run_draw(new(5)).await.unwrap();
    assert_eq!((d.population, d.drawn.len()), (16, 9), "{label}");
    assert!(d.drawn.iter().all(|x| x.number.contains("2024")), "{label}");
    assert_eq!(sys.list_draws().await.unwrap().len(), 1, "{label}");
    // A campaign is drawn once.
    assert!(sys.run_draw(new(5)).await.is_err(), "{label}");

    let check = sys.verify_draw(d.id).await.unwrap();
    assert!(
        check.same_population && check.same_draw,
        "{label}: {check:?}"
    );

    // The record cannot be edited or removed, even by SQL.
    for sql in [
        "UPDATE record_draw SET seed = 'x'",
        "DELETE FROM record_draw",
    ] {
        assert!(raw_sql(&store, sql).await.is_err(), "{label}: {sql}");
    }
    assert_eq!(sys.get_draw(d.id).await.unwrap().seed, d.seed, "{label}");

    // A record added since changes the population: the re-run says so.
    add("520203", "六枝人调〔2024〕9号".into(), "2024-07-01").await;
    let check = sys.verify_draw(d.id).await.unwrap();
    assert!(!check.same_population, "{label}");
    assert_eq!(check.population_now, 17, "{label}");

    // A clerk cannot draw, and sees no draw outside its unit.
    let user = NewUser {
        username: "clerk".into(),
        display_name: String::new(),
        password: "Secret1234".into(),
        role: Role::Clerk,
        org_code: "520201".into(),
        scope: ScopeKind::Unit,
    };
    let clerk = signed_in(&sys, &store, user).await.unwrap();
    let refused = clerk
        .run_draw(NewDraw {
            under: "520201".into(),
            spec: DrawSpec {
                campaign: "另一次".into(),
                ..spec(1)
            },
            ..new(1)
        })
        .await;
    assert!(
        matches!(refused, Err(StoreError::Forbidden(_))),
        "{label}: {refused:?}"
    );
    assert!(clerk.list_draws().await.unwrap().is_empty(), "{label}");
    assert!(clerk.get_draw(d.id).await.is_err(), "{label}");
}
