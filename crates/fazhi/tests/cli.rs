//! The `fazhi` binary as an operator uses it: demo, user add, audit verify (with tampering),
//! calendar and deadline. Runs on every backend the test run has.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod binary;

use binary::fazhi;
use std::process::Output;

use fazhi_store::testing::{TestDb, fresh_database};
use fazhi_store::{Db, Store};

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn tamper(url: &str, sql: &'static str) {
    let store = Store::open(url).await.unwrap();
    match store.unscoped_db_for_tests() {
        Db::Sqlite(pool) => drop(sqlx::query(sql).execute(pool).await.unwrap()),
        Db::Postgres(pool) => drop(sqlx::query(sql).execute(pool).await.unwrap()),
    };
}

async fn demo_db(db: &TestDb) {
    let out = fazhi(&["demo", "--db", &db.url, "--scale", "0.01"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("六盘水市"));
}

async fn audit_tampering_is_detected(first: TestDb) {
    let backend = first.backend;
    let mut first = Some(first);
    for (sql, seq) in [
        (
            "UPDATE audit_log SET after_json = '{\"name\":\"篡改\"}' WHERE seq = 5",
            "第 5 条",
        ),
        ("DELETE FROM audit_log WHERE seq = 3", "第 3 条"),
        (
            "UPDATE audit_log SET actor = 'someone' WHERE seq = 1",
            "第 1 条",
        ),
        (
            "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)",
            "末尾",
        ),
    ] {
        let db = match first.take() {
            Some(db) => db,
            None => fresh_database(backend).await.unwrap().unwrap(),
        };
        let label = db.label;
        demo_db(&db).await;
        let intact = fazhi(&["audit", "verify", "--db", &db.url]);
        assert!(intact.status.success(), "{label}: {}", stdout(&intact));
        tamper(&db.url, sql).await;
        let broken = fazhi(&["audit", "verify", "--db", &db.url]);
        assert_eq!(broken.status.code(), Some(1), "{label} {sql}");
        assert!(
            stdout(&broken).contains(seq),
            "{label} {sql}: {}",
            stdout(&broken)
        );
    }
}

fazhi_store::test_each_backend!(
    editing_or_deleting_audit_rows_fails_verification,
    audit_tampering_is_detected
);

fazhi_store::test_each_backend!(
    demo_is_idempotent_and_user_add_validates,
    demo_is_idempotent_and_user_add_validates_on
);

async fn demo_is_idempotent_and_user_add_validates_on(db: TestDb) {
    demo_db(&db).await;
    let again = fazhi(&["demo", "--db", &db.url, "--scale", "0.01"]);
    assert!(
        stdout(&again).contains("新建机构 0 个"),
        "{}",
        stdout(&again)
    );
    let ok = fazhi(&[
        "user",
        "add",
        "--db",
        &db.url,
        "--name",
        "pz_clerk",
        "--password",
        "Pass@12345",
        "--role",
        "clerk",
        "--org",
        "520281",
        "--scope",
        "subtree",
    ]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let bad_role = fazhi(&[
        "user",
        "add",
        "--db",
        &db.url,
        "--name",
        "x1",
        "--password",
        "Pass@12345",
        "--role",
        "boss",
        "--org",
        "520281",
        "--scope",
        "subtree",
    ]);
    assert_eq!(bad_role.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("角色"));
    let bad_org = fazhi(&[
        "user",
        "add",
        "--db",
        &db.url,
        "--name",
        "x2",
        "--password",
        "Pass@12345",
        "--role",
        "clerk",
        "--org",
        "430200",
        "--scope",
        "unit",
    ]);
    assert!(String::from_utf8_lossy(&bad_org.stderr).contains("不存在"));
    let verify = fazhi(&["audit", "verify", "--db", &db.url]);
    assert!(verify.status.success());
    // A demo record's versions: created by the demo's import batch.
    let show = fazhi(&[
        "audit",
        "show",
        "--db",
        &db.url,
        "--entity",
        "mediations",
        "--id",
        "1",
    ]);
    let text = stdout(&show);
    assert!(
        show.status.success(),
        "{}",
        String::from_utf8_lossy(&show.stderr)
    );
    assert!(
        text.starts_with("版本 1 ") && text.contains("导入批次"),
        "{text}"
    );
    assert!(text.contains("案件编号:(空) → "), "{text}");
    let unknown = fazhi(&[
        "audit", "show", "--db", &db.url, "--entity", "nothing", "--id", "1",
    ]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("没有登记簿"));
}

#[test]
fn calendar_range_prints_day_kinds() {
    let out = fazhi(&["calendar", "range", "2025-01-24", "2025-01-28"]);
    assert!(out.status.success());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("2025-01-24\tworkday\t"));
    assert!(lines[2].starts_with("2025-01-26\tadjusted-workday\t"));
    assert!(lines[4].starts_with("2025-01-28\tholiday\t春节"));
    let uncovered = fazhi(&["calendar", "range", "2031-01-01", "2031-01-02"]);
    assert!(!uncovered.status.success());
    assert!(String::from_utf8_lossy(&uncovered.stderr).contains("2031"));
}

#[test]
fn deadline_worked_examples() {
    for (rule, from, due) in [
        ("reconsideration.acceptance", "2025-01-24", "2025-02-07"),
        ("disclosure.reply", "2024-09-27", "2024-10-30"),
        ("reconsideration.decision", "2025-08-03", "2025-10-09"),
    ] {
        let out = fazhi(&["deadline", rule, "--from", from]);
        assert!(out.status.success(), "{rule}");
        assert_eq!(stdout(&out).split_whitespace().next(), Some(due), "{rule}");
    }
}

fazhi_store::test_each_backend!(the_demo_draw_verifies, the_demo_draw_verifies_on);

/// The demo's 案卷评查 draw re-runs to the same list from the command line; a record added to
/// the register afterwards is reported as a changed population.
async fn the_demo_draw_verifies_on(db: TestDb) {
    demo_db(&db).await;
    let out = fazhi(&["draw", "list", "--db", &db.url]);
    assert!(
        stdout(&out).contains("行政执法案卷评查(示范)"),
        "{}",
        stdout(&out)
    );
    let out = fazhi(&["draw", "verify", "--db", &db.url, "--id", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("核验通过"), "{}", stdout(&out));
    assert!(stdout(&out).contains("一致"), "{}", stdout(&out));
    let out = fazhi(&["draw", "verify", "--db", &db.url, "--id", "99"]);
    assert_ne!(out.status.code(), Some(0), "no such draw");
}
