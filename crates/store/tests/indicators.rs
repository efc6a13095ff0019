//! Indicators over stored records on every backend: hand-counted values, roll-up, the cache
//! (fresh after a write), reported values, a record moved to another county, the drill-down
//! filter of the register list, and the SQL cube equal to the in-memory reference.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::{Record, RegisterDef, by_key};
use fazhi_indicators::{Cube, Filter, Period, embedded_plan};
use fazhi_store::testing::TestDb;
use fazhi_store::{RecordFilter, ScopedStore, Store};

fn mediations() -> &'static RegisterDef {
    by_key("mediations").unwrap()
}

fn mediation(no: &str, received: &str, concluded: &str, outcome: &str) -> Record {
    let raw: BTreeMap<String, String> = [
        ("case_no", no),
        ("dispute_type", "邻里"),
        ("parties_count", "2"),
        ("received_date", received),
        ("concluded_date", concluded),
        ("outcome", outcome),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    mediations().parse(&raw).unwrap()
}

async fn setup(store: &Store) -> ScopedStore {
    let sys = store.unscoped_system("test");
    let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for (code, kind, name, parent) in [
        ("520200", "city", "六盘水市", None),
        ("520201", "county", "钟山区", Some("520200")),
        ("520203", "county", "六枝特区", Some("520200")),
    ] {
        sys.create_org(
            NewOrgUnit::parse(code, kind, name, None, day).unwrap(),
            parent,
        )
        .await
        .unwrap();
    }
    for (org, no, received, concluded, outcome) in [
        ("520201", "M1", "2024-01-10", "2024-02-01", "成功"),
        ("520201", "M2", "2024-03-05", "2024-03-20", "不成功"),
        ("520203", "M3", "2024-05-01", "2024-05-10", "成功"),
        ("520203", "M4", "2024-11-20", "2025-01-05", "成功"),
        ("520203", "M5", "2023-06-01", "2023-06-10", "成功"),
    ] {
        sys.create_record(
            mediations(),
            org,
            mediation(no, received, concluded, outcome),
        )
        .await
        .unwrap()
        .unwrap();
    }
    sys
}

fazhi_store::test_each_backend!(
    indicators_from_stored_records,
    indicators_from_stored_records_on
);

async fn indicators_from_stored_records_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    let sys = setup(&store).await;
    let year = Period::Year(2024);

    let city = sys.indicators("520200", year).await.unwrap();
    assert_eq!(city.org_name, "六盘水市", "{label}");
    assert_eq!(city.value("mediation.cases"), Some(4.0), "{label}");
    assert_eq!(
        city.value("mediation.success"),
        Some(2.0),
        "{label}: M1, M3"
    );
    let rate = &city.indicators["mediation.success_rate"];
    assert_eq!(
        (rate.value, rate.numerator, rate.denominator),
        (Some(50.0), Some(2.0), Some(4.0)),
        "{label}"
    );
    let yoy = city.indicators["mediation.cases"]
        .yoy
        .expect("2023 has one case");
    assert_eq!((yoy.previous, yoy.change), (1.0, 300.0), "{label}");
    assert_eq!(
        city.value("litigation.lost"),
        None,
        "{label}: no data is null"
    );
    let c1 = sys.indicators("520201", year).await.unwrap();
    let c3 = sys.indicators("520203", year).await.unwrap();
    assert_eq!(
        c1.value("mediation.cases").unwrap() + c3.value("mediation.cases").unwrap(),
        4.0,
        "{label}"
    );
    assert_eq!(
        sys.indicators("520200", Period::Quarter(2024, 1))
            .await
            .unwrap()
            .value("mediation.cases"),
        Some(2.0),
        "{label}"
    );

    // The SQL cube equals the in-memory reference built from the records read back.
    let data = sys.indicator_data().await.unwrap();
    let plan = embedded_plan().unwrap();
    let mut reference = Cube::new(plan.width);
    let (_, rows) = sys
        .list_records(
            mediations(),
            &RecordFilter {
                limit: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let ids: BTreeMap<String, fazhi_domain::OrgId> = sys
        .list_orgs()
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.code, o.id))
        .collect();
    for r in &rows {
        plan.add_record(&mut reference, mediations(), ids[&r.org_code], &r.record);
    }
    assert_eq!(*data.cube, reference, "{label}");

    // A write bumps the generation: the cached cube is not reused.
    sys.create_record(
        mediations(),
        "520201",
        mediation("M6", "2024-06-01", "2024-06-02", "成功"),
    )
    .await
    .unwrap()
    .unwrap();
    let city = sys.indicators("520200", year).await.unwrap();
    assert_eq!(
        city.value("mediation.cases"),
        Some(5.0),
        "{label}: cache refreshed"
    );

    // A record moved to another county moves its counts.
    let m3 = rows
        .iter()
        .find(|r| r.record.text("case_no") == Some("M3"))
        .unwrap();
    sys.update_record(mediations(), m3.id, Some("520201"), m3.record.clone())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        sys.indicators("520201", year)
            .await
            .unwrap()
            .value("mediation.cases"),
        Some(4.0),
        "{label}"
    );
    assert_eq!(
        sys.indicators("520203", year)
            .await
            .unwrap()
            .value("mediation.cases"),
        Some(1.0),
        "{label}"
    );

    // Reported values (seeded directly) are summed over the subtree.
    let db = store.unscoped_db_for_tests();
    for (code, period, value) in [
        ("520201", "2024", 10.0),
        ("520203", "2024Q1", 3.0),
        ("520203", "2024Q2", 4.0),
    ] {
        let sql = "INSERT INTO reported_value (region_code, org_id, period, indicator_key, value, created_at, updated_at) \
             SELECT '520200', id, $1, 'pufa.activities', $2, 'now', 'now' FROM org_unit WHERE code = $3";
        match db {
            fazhi_store::Db::Sqlite(p) => {
                sqlx::query(sql)
                    .bind(period)
                    .bind(value)
                    .bind(code)
                    .execute(p)
                    .await
                    .unwrap();
            }
            fazhi_store::Db::Postgres(p) => {
                sqlx::query(sql)
                    .bind(period)
                    .bind(value)
                    .bind(code)
                    .execute(p)
                    .await
                    .unwrap();
            }
        }
        let bump = "INSERT INTO data_generation (source, generation) VALUES ('reported_value', 1) \
             ON CONFLICT (source) DO UPDATE SET generation = data_generation.generation + 1";
        match db {
            fazhi_store::Db::Sqlite(p) => {
                sqlx::query(bump).execute(p).await.unwrap();
            }
            fazhi_store::Db::Postgres(p) => {
                sqlx::query(bump).execute(p).await.unwrap();
            }
        }
    }
    // 钟山区's yearly value belongs to its 年度法治政府建设填报表, not yet approved: it counts
    // only with 含未审核数据; the quarterly values belong to no form and always count.
    let city = sys.indicators("520200", year).await.unwrap();
    assert_eq!(city.value("pufa.activities"), Some(7.0), "{label}");
    let city_id = sys.get_org("520200").await.unwrap().id;
    let all = sys.indicator_data_with(true).await.unwrap();
    assert_eq!(
        all.compute(city_id, year, false).value("pufa.activities"),
        Some(17.0),
        "{label}"
    );
    assert_eq!(
        sys.indicators("520203", year)
            .await
            .unwrap()
            .value("pufa.activities"),
        Some(7.0),
        "{label}"
    );

    // The drill-down filter lists exactly the records counted.
    let filter = RecordFilter {
        org_code: Some("520200".into()),
        from: Some(year.first_day()),
        to: Some(year.last_day()),
        date_field: Some("concluded_date"),
        fields: vec![Filter::parse_param(mediations(), "outcome", "success").unwrap()],
        limit: 100,
        ..Default::default()
    };
    let (n, _) = sys.list_records(mediations(), &filter).await.unwrap();
    assert_eq!(Some(n as f64), city.value("mediation.success"), "{label}");

    // The naive path agrees on the computed counts.
    let city_id = ids["520200"];
    let naive = store
        .unscoped_indicators_naive(city_id, year)
        .await
        .unwrap();
    let cases = naive.iter().find(|(k, _)| k == "mediation.cases").unwrap();
    assert_eq!(cases.1, city.value("mediation.cases"), "{label}");
}

fazhi_store::test_each_backend!(warmed_cache_is_shared, warmed_cache_is_shared_on);

/// `fazhi serve` reads the indicator cube into the store's cache as it starts
/// (`Store::warm_indicator_cache`), and every handle of the store then answers from it. Shown by
/// cells changed behind the cache's back (their write sequence kept): the warmed store still
/// reports what it read, a store opened afresh reads the changed cells.
async fn warmed_cache_is_shared_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    setup(&store).await;
    store.warm_indicator_cache().await.unwrap();
    let tamper = "UPDATE indicator_cell SET value = value + 1000";
    match store.unscoped_db_for_tests() {
        fazhi_store::Db::Sqlite(p) => sqlx::query(tamper).execute(p).await.map(|_| ()),
        fazhi_store::Db::Postgres(p) => sqlx::query(tamper).execute(p).await.map(|_| ()),
    }
    .unwrap();
    let cases = |s: &Store| {
        let handle = s.unscoped_system("test");
        async move {
            (handle.indicators("520200", Period::Year(2024)).await)
                .unwrap()
                .value("mediation.cases")
        }
    };
    assert_eq!(
        cases(&store).await,
        Some(4.0),
        "{label}: from the warmed cache"
    );
    let fresh = Store::open(&db.url).await.unwrap();
    assert_ne!(cases(&fresh).await, Some(4.0), "{label}: read afresh");
}
