//! `fazhi report`: the annual report drafted from register records and saved narrative, on
//! every backend, in Markdown, HTML and 公文 DOCX — and the DOCX opened by LibreOffice
//! (converted to PDF, text checked with pdftotext). `FAZHI_REQUIRE_LIBREOFFICE=1` (set by
//! scripts/test.sh) makes a missing LibreOffice an error instead of a skip.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use chrono::NaiveDate;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::by_key;
use fazhi_store::Store;
use fazhi_store::testing::TestDb;

fn fazhi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(args)
        .output()
        .expect("run fazhi")
}

fn mediation(no: &str, received: &str, outcome: &str) -> BTreeMap<String, String> {
    [
        ("case_no", no),
        ("dispute_type", "邻里"),
        ("parties_count", "2"),
        ("received_date", received),
        ("concluded_date", received),
        ("outcome", outcome),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// A city with one county: 2 mediations in 2023 (1 success), 4 in 2024 (3 successes), and a
/// narrative paragraph for 2024.
async fn fixture(url: &str) {
    let store = Store::open(url).await.unwrap();
    let sys = store.unscoped_system("test");
    let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    for (code, kind, name, parent) in [
        ("520200", "city", "六盘水市", None),
        ("520201", "county", "钟山区", Some("520200")),
    ] {
        let unit = NewOrgUnit::parse(code, kind, name, None, day).unwrap();
        sys.create_org(unit, parent).await.unwrap();
    }
    let def = by_key("mediations").unwrap();
    for (no, received, outcome) in [
        ("TJ-2023-1", "2023-05-01", "成功"),
        ("TJ-2023-2", "2023-06-01", "不成功"),
        ("TJ-2024-1", "2024-02-01", "成功"),
        ("TJ-2024-2", "2024-03-01", "成功"),
        ("TJ-2024-3", "2024-07-01", "成功"),
        ("TJ-2024-4", "2024-11-01", "不成功"),
    ] {
        let record = def.parse(&mediation(no, received, outcome)).unwrap();
        sys.create_record(def, "520201", record)
            .await
            .unwrap()
            .unwrap();
    }
    let narrative: BTreeMap<String, String> = [(
        "problems".to_owned(),
        "基层调解组织专业化程度不高。".to_owned(),
    )]
    .into();
    sys.save_report_narratives("520200", 2024, &narrative)
        .await
        .unwrap();
}

fn report(url: &str, format: &str, out: &Path) -> String {
    let out_text = out.to_str().unwrap();
    let run = fazhi(&[
        "report", "--db", url, "--org", "520200", "--year", "2024", "--format", format, "-o",
        out_text,
    ]);
    assert!(
        run.status.success(),
        "report {format}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

fazhi_store::test_each_backend!(
    the_annual_report_is_drafted_from_records,
    the_annual_report_is_drafted_from_records_on
);

async fn the_annual_report_is_drafted_from_records_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    fixture(&db.url).await;
    let md_path = dir.path().join(format!("{}.md", db.label));
    let said = report(&db.url, "md", &md_path);
    assert!(said.contains("数据缺口"), "{said}");
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert!(
        md.starts_with("# 六盘水市人民政府关于2024年度法治政府建设情况的报告"),
        "{md}"
    );
    assert!(md.contains("市人大常委会："));
    assert!(
        md.contains("人民调解案件4件，同比增长100%"),
        "{}: {md}",
        db.label
    );
    assert!(md.contains("调解成功3件"), "{md}");
    assert!(md.contains("调解成功率75%"), "{md}");
    assert!(
        md.contains("基层调解组织专业化程度不高。"),
        "narrative kept"
    );

    let html_path = dir.path().join(format!("{}.html", db.label));
    report(&db.url, "html", &html_path);
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        html.contains(
            "data-key=\"mediation.cases\" href=\"/registers/mediations?org=520200&amp;from=2024-01-01&amp;to=2024-12-31"
        ),
        "figures link to the records behind them: {html}"
    );

    let bad = fazhi(&[
        "report",
        "--db",
        &db.url,
        "--org",
        "520200",
        "--year",
        "2024",
        "--format",
        "pdf",
        "-o",
        "/dev/null",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("应为 docx、html 或 md"));
    let unknown = fazhi(&[
        "report",
        "--db",
        &db.url,
        "--org",
        "999999",
        "--year",
        "2024",
        "-o",
        "/dev/null",
    ]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("999999"));
}

#[tokio::test]
async fn the_docx_opens_in_libreoffice_with_its_text_and_page_numbers() {
    let Some(office) = ["libreoffice", "soffice"]
        .into_iter()
        .find(|bin| Command::new(bin).arg("--version").output().is_ok())
    else {
        assert!(
            std::env::var_os("FAZHI_REQUIRE_LIBREOFFICE").is_none(),
            "FAZHI_REQUIRE_LIBREOFFICE is set but LibreOffice is not installed"
        );
        eprintln!("LibreOffice not installed: round trip skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = fazhi_store::testing::fresh_sqlite_url();
    fixture(&url).await;
    let docx = dir.path().join("report.docx");
    report(&url, "docx", &docx);
    let converted = Command::new(office)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        // A private profile: parallel test runs must not share LibreOffice's user directory.
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .output()
        .expect("run libreoffice");
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let pdf = dir.path().join("report.pdf");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(
        compact.contains("六盘水市人民政府关于2024年度法治政府建设"),
        "{text}"
    );
    assert!(compact.contains("存在的不足和原因"), "{text}");
    assert!(compact.contains("基层调解组织专业化程度不高。"), "{text}");
    assert!(compact.contains("—1—"), "page number — 1 —: {text}");
}
