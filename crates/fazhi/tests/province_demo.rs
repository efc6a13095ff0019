//! `fazhi demo --province`: several demo cities built below one province unit in one database
//! (issue 24's province generator), on every backend the test run has.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod binary;

use binary::fazhi;
use std::process::Output;

use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;
use fazhi_store::testing::TestDb;
use fazhi_store::{RecordFilter, Store};

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fazhi_store::test_each_backend!(two_cities_of_one_province_in_one_database, two_cities_on);

async fn two_cities_on(db: TestDb) {
    let label = db.label;
    let args = [
        "demo",
        "--db",
        &db.url,
        "--scale",
        "0.01",
        "--province",
        "520000",
        "--province-name",
        "贵州省",
        "--profile",
        "liupanshui-2024",
        "--cities",
        "2",
    ];
    let first = ok(&fazhi(&args));
    assert!(
        first.contains("示范一市") && first.contains("示范二市"),
        "{label}: {first}"
    );
    assert!(first.contains("admin-520100") && first.contains("admin-520200"));

    let store = Store::open(&db.url).await.unwrap();
    let system = store.unscoped_system("test");
    let cases = |org: &str| {
        let filter = RecordFilter {
            org_code: Some(org.to_owned()),
            limit: 1,
            ..RecordFilter::default()
        };
        let system = &system;
        async move {
            system
                .list_records(&ENFORCEMENT_CASES, &filter)
                .await
                .unwrap()
                .0
        }
    };
    let (one, two, province) = (
        cases("520100").await,
        cases("520200").await,
        cases("520000").await,
    );
    assert!(one > 1000 && two > 1000, "{label}: {one} {two}");
    assert_eq!(
        province,
        one + two,
        "{label}: the province holds both cities"
    );

    // The province's administrator and each city's own accounts.
    for name in ["admin", "viewer", "admin-520100", "clerk-520200"] {
        assert!(
            system.get_user(name).await.is_ok(),
            "{label}: account {name}"
        );
    }

    // A second run finds every city built and writes nothing.
    let again = ok(&fazhi(&args));
    assert_eq!(
        again.matches("登记簿已有记录").count(),
        2,
        "{label}: {again}"
    );
    assert_eq!(cases("520000").await, province, "{label}");
    let check = ok(&fazhi(&["indicators", "check", "--db", &db.url]));
    assert!(check.contains("一致"), "{label}: {check}");
}
