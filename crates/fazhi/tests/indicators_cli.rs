//! `fazhi indicators` on the demo city, on every backend: the JSON shape of the API, values
//! equal to counts of the demo records, rates with their parts, a table, and bad input.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod binary;

use binary::fazhi;

use fazhi_store::testing::TestDb;
use serde_json::Value;

fazhi_store::test_each_backend!(indicators_of_the_demo_city, indicators_of_the_demo_city_on);

async fn indicators_of_the_demo_city_on(db: TestDb) {
    let label = db.label;
    assert!(
        fazhi(&["demo", "--db", &db.url, "--scale", "0.01"])
            .status
            .success(),
        "{label}"
    );
    let out = fazhi(&[
        "indicators",
        "--db",
        &db.url,
        "--org",
        "520200",
        "--year",
        "2024",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{label}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["org"], "520200", "{label}");
    let ind = &json["indicators"];
    let cases = ind["mediation.cases"]["value"]
        .as_f64()
        .expect("demo has mediations");
    let success = ind["mediation.success"]["value"]
        .as_f64()
        .expect("and successes");
    assert!(cases > 0.0 && success <= cases, "{label}");
    let rate = &ind["mediation.success_rate"];
    assert_eq!(rate["numerator"].as_f64(), Some(success), "{label}");
    assert_eq!(rate["denominator"].as_f64(), Some(cases), "{label}");
    let expected = (success / cases * 10_000.0).round() / 100.0;
    assert_eq!(rate["value"].as_f64(), Some(expected), "{label}");
    assert_eq!(ind["mediation.cases"]["unit"], "件", "{label}");
    // A figure no register holds comes from the profile's reported values, unscaled.
    assert_eq!(
        ind["reconsideration.resolved_rate"]["value"].as_f64(),
        Some(92.52),
        "{label}: reported by the 六盘水 profile"
    );
    assert!(
        ind["study.pre_appointment_exam_rate"]["value"].is_null(),
        "{label}"
    );
    // A table for a quarter.
    let table = fazhi(&[
        "indicators",
        "--db",
        &db.url,
        "--org",
        "520200",
        "--period",
        "2024Q1",
    ]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.status.success()
            && text.contains("2024年第一季度")
            && text.contains("mediation.cases"),
        "{label}"
    );
    let bad = fazhi(&[
        "indicators",
        "--db",
        &db.url,
        "--org",
        "520200",
        "--period",
        "2024Q9",
    ]);
    assert!(!bad.status.success(), "{label}");
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("统计期间"),
        "{label}"
    );
    let unknown = fazhi(&[
        "indicators",
        "--db",
        &db.url,
        "--org",
        "999999",
        "--year",
        "2024",
    ]);
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("不存在"),
        "{label}"
    );
}
