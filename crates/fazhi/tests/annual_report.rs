//! `fazhi report`: the annual report drafted from register records and saved narrative, on
//! every backend, in Markdown, HTML and 公文 DOCX — and the DOCX opened by LibreOffice
//! (converted to PDF, text checked with pdftotext). `FAZHI_REQUIRE_LIBREOFFICE=1` (set by
//! scripts/test.sh) makes a missing LibreOffice an error instead of a skip.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod binary;

use binary::fazhi;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::by_key;
use fazhi_store::Store;
use fazhi_store::testing::TestDb;

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

/// The text of a DOCX file as LibreOffice prints it (converted to PDF, read by pdftotext),
/// whitespace removed; `None` when LibreOffice is not installed (allowed unless
/// `FAZHI_REQUIRE_LIBREOFFICE` is set).
fn libreoffice_text(docx: &std::path::Path) -> Option<String> {
    let Some(office) = ["libreoffice", "soffice"]
        .into_iter()
        .find(|bin| Command::new(bin).arg("--version").output().is_ok())
    else {
        assert!(
            std::env::var_os("FAZHI_REQUIRE_LIBREOFFICE").is_none(),
            "FAZHI_REQUIRE_LIBREOFFICE is set but LibreOffice is not installed"
        );
        eprintln!("LibreOffice not installed: round trip skipped");
        return None;
    };
    let dir = docx.parent().expect("a file in a directory");
    let converted = Command::new(office)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        // A private profile: parallel test runs must not share LibreOffice's user directory.
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .output()
        .expect("run libreoffice");
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(docx.with_extension("pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    Some(text.chars().filter(|c| !c.is_whitespace()).collect())
}

#[tokio::test]
async fn the_docx_opens_in_libreoffice_with_its_text_and_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let url = fazhi_store::testing::fresh_sqlite_url();
    fixture(&url).await;
    let docx = dir.path().join("report.docx");
    report(&url, "docx", &docx);
    let Some(compact) = libreoffice_text(&docx) else {
        return;
    };
    assert!(
        compact.contains("六盘水市人民政府关于2024年度法治政府建设"),
        "{compact}"
    );
    assert!(compact.contains("存在的不足和原因"), "{compact}");
    assert!(
        compact.contains("基层调解组织专业化程度不高。"),
        "{compact}"
    );
    assert!(compact.contains("—1—"), "page number — 1 —: {compact}");
}

/// The 督办函 (issue 20) is a 公文 LibreOffice opens: its number, title, the problems' table
/// and the closing are all printed.
#[test]
fn the_supervision_letter_opens_in_libreoffice() {
    use fazhi_report::{LetterProblem, SupervisionLetter, supervision_letter, to_docx};
    let letter = SupervisionLetter {
        number: "六盘水法督函〔2026〕9号".into(),
        addressee: "钟山区人民政府".into(),
        issuer: "中共六盘水市委全面依法治市委员会办公室".into(),
        date: "2026年12月6日".into(),
        reply_days: 10,
        problems: vec![LetterProblem {
            number: "钟山督〔2026〕1-901".into(),
            description: "行政处罚决定书未告知救济途径".into(),
            due: "2026-11-13".into(),
            days_overdue: 23,
        }],
    };
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("letter.docx");
    std::fs::write(&docx, to_docx(&supervision_letter(&letter)).unwrap()).unwrap();
    let Some(compact) = libreoffice_text(&docx) else {
        return;
    };
    for text in [
        "六盘水法督函〔2026〕9号",
        "关于督促整改逾期问题的督办函",
        "钟山区人民政府：",
        // Columns are as wide as their texts need (a description wraps in its cell).
        "问题编号问题描述整改时限",
        "钟山督〔2026〕1-",
        "2026-11-13",
        "特此函告。",
        "2026年12月6日",
    ] {
        assert!(compact.contains(text), "{text}: {compact}");
    }
}
