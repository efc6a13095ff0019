//! `fazhi import` / `fazhi export` / `fazhi import template` as an operator runs them, on every
//! backend: exit codes and Chinese messages, and an import killed while writing leaves the
//! database as it was (the register empty, the audit chain intact).
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod binary;

use binary::fazhi;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};

use fazhi_store::testing::TestDb;
use fazhi_store::{Db, Store};

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

const HEADER: &str = "案件编号,执法类别,当事人名称,当事人类型,立案日期,办理状态";

fn rows_csv(path: &std::path::Path, rows: u64) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(file, "{HEADER}").unwrap();
    for i in 0..rows {
        writeln!(file, "K-{i:08},许可,某公司{i},法人,2024-03-05,办理中").unwrap();
    }
}

async fn count_cases(url: &str) -> i64 {
    let store = Store::open(url).await.unwrap();
    match store.unscoped_db_for_tests() {
        Db::Sqlite(pool) => sqlx::query_scalar("SELECT COUNT(*) FROM enforcement_case")
            .fetch_one(pool)
            .await
            .unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar("SELECT COUNT(*) FROM enforcement_case")
            .fetch_one(pool)
            .await
            .unwrap(),
    }
}

fazhi_store::test_each_backend!(
    import_export_and_template_commands,
    import_export_and_template_commands_on
);

async fn import_export_and_template_commands_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let out = fazhi(&["demo", "--db", &db.url, "--scale", "0.01"]);
    assert!(out.status.success(), "{}", text(&out));
    let before = count_cases(&db.url).await;

    let template = dir.path().join("t.xlsx");
    let out = fazhi(&[
        "import",
        "template",
        "enforcement-cases",
        "-o",
        template.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(std::fs::read(&template).unwrap().starts_with(b"PK"));

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "{HEADER}\nB-1,许可,甲,法人,2024-03-05,办理中\nB-2,许可,乙,法人,2024-13-05,办理中\n"
        ),
    )
    .unwrap();
    let out = fazhi(&[
        "import",
        "enforcement-cases",
        "--db",
        &db.url,
        "--org",
        "520200",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("第3行:「立案日期」的值「2024-13-05」"),
        "{}",
        text(&out)
    );
    assert_eq!(count_cases(&db.url).await, before);

    let good = dir.path().join("good.csv");
    rows_csv(&good, 3);
    let out = fazhi(&[
        "import",
        "enforcement-cases",
        "--db",
        &db.url,
        "--org",
        "520200",
        good.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("新增 3,更新 0,未变 0"),
        "{}",
        text(&out)
    );
    assert_eq!(count_cases(&db.url).await, before + 3);

    let exported = dir.path().join("out.csv");
    let out = fazhi(&[
        "export",
        "enforcement-cases",
        "--db",
        &db.url,
        "--format",
        "csv",
        "--from",
        "2024-03-05",
        "--to",
        "2024-03-05",
        "-o",
        exported.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        std::fs::read_to_string(&exported)
            .unwrap()
            .contains("K-00000002")
    );

    let unknown = fazhi(&["import", "cases", "--db", &db.url, good.to_str().unwrap()]);
    assert!(!unknown.status.success());
    assert!(
        text(&unknown).contains("没有名为「cases」的登记簿"),
        "{}",
        text(&unknown)
    );
}

fazhi_store::test_each_backend!(
    an_import_killed_while_writing_leaves_the_database_as_it_was,
    an_import_killed_while_writing_leaves_the_database_as_it_was_on
);

/// The import process is killed while it is writing: nothing of the file is in the database.
async fn an_import_killed_while_writing_leaves_the_database_as_it_was_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("large.csv");
    rows_csv(&file, 300_000);
    let out = fazhi(&["demo", "--db", &db.url, "--scale", "0.01"]);
    assert!(out.status.success(), "{}", text(&out));
    let before = count_cases(&db.url).await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args([
            "import",
            "enforcement-cases",
            "--db",
            &db.url,
            "--org",
            "520200",
            file.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it reports 100,000 rows processed (the writer is then inside its
    // transaction, a few chunks behind the reader), then kill it.
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let mut seen = Vec::new();
    loop {
        match lines.next() {
            Some(Ok(line)) => {
                let writing = line
                    .strip_prefix("已处理 ")
                    .and_then(|rest| rest.split(' ').next())
                    .and_then(|n| n.parse::<u64>().ok())
                    .is_some_and(|n| n >= 100_000);
                seen.push(line);
                if writing {
                    break;
                }
            }
            _ => panic!(
                "{}: the import ended before it was killed: {seen:?}",
                db.label
            ),
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(count_cases(&db.url).await, before, "{}", db.label);
    let store = Store::open(&db.url).await.unwrap();
    assert!(store.unscoped_verify_audit().await.unwrap().is_ok());
    let out = fazhi(&["audit", "verify", "--db", &db.url]);
    assert!(out.status.success(), "{}", text(&out));
}

/// The two import benchmarks on a small file: the bulk path writes every row, and a bad last
/// row is reported with its line and leaves no case behind (the bench fails otherwise).
#[test]
fn import_benchmarks_run_on_a_small_file() {
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().to_str().unwrap();
    let out = fazhi(&[
        "bench", "import", "--rows", "25000", "--sample", "50", "--keep", keep,
    ]);
    let printed = text(&out);
    assert!(out.status.success(), "{printed}");
    assert!(printed.contains("created 25000"), "{printed}");
    // The schema floor copied what the import stored (the test script installs sqlite3).
    let floor = printed
        .lines()
        .find(|l| l.starts_with("schema floor"))
        .unwrap_or_default();
    assert!(floor.ends_with("rows/s)"), "{printed}");
    let copied = std::process::Command::new("sqlite3")
        .arg(dir.path().join("floor.db"))
        .arg("SELECT COUNT(*) FROM enforcement_case; SELECT COUNT(*) FROM deadline")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&copied.stdout), "25000\n50000\n");

    let bad = dir.path().join("bad");
    let out = fazhi(&[
        "bench",
        "import",
        "--rows",
        "25000",
        "--bad-last-row",
        "--keep",
        bad.to_str().unwrap(),
    ]);
    let printed = text(&out);
    assert!(out.status.success(), "{printed}");
    assert!(
        printed.contains("第25002行:「立案日期*」的值「2024-13-45」不是有效日期"),
        "{printed}"
    );
    assert!(
        printed.contains("cases in the database after:   0"),
        "{printed}"
    );
}
