//! 报告解读 page over HTTP: a server on port 0 with a fresh SQLite database, an admin logged in
//! through the API, the form posted with the session's CSRF token.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::{NewUser, Store};
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Server {
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn start() -> Server {
    let url = fazhi_store::testing::fresh_sqlite_url();
    let store = Store::open(&url).await.unwrap();
    let sys = store.unscoped_system("test");
    let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let city = NewOrgUnit::parse("520200", "city", "六盘水市", None, day).unwrap();
    sys.create_org(city, None).await.unwrap();
    let admin = NewUser {
        username: "admin".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Admin,
        org_code: "520200".into(),
        scope: ScopeKind::All,
    };
    sys.create_user(admin).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(fazhi_web::serve(listener, store, async {
        let _ = rx.await;
    }));
    Server {
        base,
        stop: Some(tx),
    }
}

/// A client holding the session cookie, and the session's CSRF token.
async fn login(server: &Server) -> (reqwest::Client, String) {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = c
        .post(format!("{}/api/v1/login", server.base))
        .json(&json!({"username": "admin", "password": "Fazhi@2024"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    (c, body["csrf_token"].as_str().unwrap().to_owned())
}

const REPORT: &str = "六盘水市人民政府关于2024年度法治政府建设情况的报告\n\
全年受理行政复议案件<b>200件</b>,办结180件,纠错20件,纠错率10%。\n\
调解成功率99.5%。";

#[tokio::test]
async fn reader_highlights_statistics_and_checks() {
    let server = start().await;
    let (c, csrf) = login(&server).await;
    let form = c
        .get(format!("{}/reader", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let html = form.text().await.unwrap();
    assert!(html.contains("<textarea id=\"text\" name=\"text\""));
    assert!(html.contains("href=\"/reader\" class=\"active\""));

    let res = c
        .post(format!("{}/reader", server.base))
        .form(&[("csrf", csrf.as_str()), ("text", REPORT)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    // Pasted markup is shown as text, never as markup.
    assert!(
        html.contains("&#60;b&#62;") || html.contains("&lt;b&gt;"),
        "escaped input"
    );
    assert!(!html.contains("<b>"));
    // Indicators are named in Chinese, never by their catalog keys (issue 25).
    assert!(html.contains("title=\"行政复议收案数: 200件\""), "{html}");
    assert!(html.contains("<td>行政复议纠错率</td>"), "{html}");
    assert!(!html.contains("reconsideration."), "{html}");
    assert!(html.contains("六盘水市人民政府"));
    assert!(html.contains("class=\"ok\">一致</td>"), "rate check shown");
}

#[tokio::test]
async fn reader_refuses_without_csrf_and_oversized_text() {
    let server = start().await;
    let (c, csrf) = login(&server).await;
    let res = c
        .post(format!("{}/reader", server.base))
        .form(&[("csrf", "wrong"), ("text", REPORT)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let big = "受理案件5件。".repeat(120_000);
    assert!(big.len() > fazhi_web_max());
    let res = c
        .post(format!("{}/reader", server.base))
        .form(&[("csrf", csrf.as_str()), ("text", big.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().await.unwrap().contains("报告过长"));

    let res = c
        .post(format!("{}/reader", server.base))
        .form(&[("csrf", csrf.as_str()), ("text", "  ")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// The page's limit: 2 MB of text.
fn fazhi_web_max() -> usize {
    2 << 20
}

#[tokio::test]
async fn reader_needs_login() {
    let server = start().await;
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/reader", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

/// A docx whose body paragraphs are `lines`.
fn docx(lines: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    out.start_file("word/document.xml", options).unwrap();
    let body: String = lines
        .iter()
        .map(|l| format!("<w:p><w:r><w:t>{l}</w:t></w:r></w:p>"))
        .collect();
    write!(
        out,
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    )
    .unwrap();
    out.finish().unwrap().into_inner()
}

/// A one-page PDF showing `text` (ASCII) in Helvetica, with a correct cross-reference table.
fn pdf(text: &str) -> Vec<u8> {
    let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

async fn upload(
    c: &reqwest::Client,
    server: &Server,
    csrf: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (StatusCode, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        )
        .text("text", "");
    let res = c
        .post(format!("{}/reader", server.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

#[tokio::test]
async fn reader_reads_uploaded_report_files() {
    let server = start().await;
    let (c, csrf) = login(&server).await;
    let lines = [
        "六盘水市人民政府关于2024年度法治政府建设情况的报告",
        "全年受理行政复议案件200件,办结180件。",
    ];
    let (status, html) = upload(&c, &server, &csrf, "报告.docx", docx(&lines)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("title=\"行政复议收案数: 200件\""), "docx");
    let joined = lines.join("\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&joined);
    let (status, html) = upload(&c, &server, &csrf, "报告.txt", gbk.into_owned()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("title=\"行政复议收案数: 200件\""), "GBK text");
    let (status, html) = upload(&c, &server, &csrf, "report.doc", b"old".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("docx"), "old Word refused in Chinese");
    let (status, html) = upload(&c, &server, &csrf, "bad.docx", b"PK not a zip".to_vec()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("不是有效的 Word"));
    let has_pdftotext = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if has_pdftotext {
        let (status, html) =
            upload(&c, &server, &csrf, "report.pdf", pdf("Fazhi report 2024")).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert!(html.contains("Fazhi report 2024"), "pdf text shown");
    } else if std::env::var_os("FAZHI_REQUIRE_LIBREOFFICE").is_some() {
        panic!("pdftotext (poppler-utils) is required by the test script");
    }
}

/// The cells of the statistics table: (指标, 数值, 原文摘录) per row.
fn stat_rows(html: &str) -> Vec<(String, String, String)> {
    let table = html
        .split("<th>原文摘录</th>")
        .nth(1)
        .and_then(|t| t.split("</tbody>").next())
        .unwrap_or("");
    table
        .split("<tr id=\"row")
        .skip(1)
        .map(|row| {
            let cells: Vec<&str> = row
                .split("<td>")
                .skip(1)
                .map(|c| c.split("</td>").next().unwrap_or(c))
                .collect();
            let cell = |i: usize| cells.get(i).copied().unwrap_or("").to_owned();
            (cell(1), cell(2), cell(3))
        })
        .collect()
}

async fn read_text(c: &reqwest::Client, server: &Server, csrf: &str, text: &str) -> String {
    let res = c
        .post(format!("{}/reader", server.base))
        .form(&[("csrf", csrf), ("text", text)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.unwrap()
}

const TITLED: &str = "吉林市2022年度法治政府建设工作报告\n\
2022年,吉林市坚持依法行政,全年受理行政复议案件200件,为企业挽回经济损失65.22亿元。";

#[tokio::test]
async fn reader_shows_figures_as_written_with_their_sentence_and_the_publisher() {
    let server = start().await;
    let (c, csrf) = login(&server).await;
    let html = read_text(&c, &server, &csrf, TITLED).await;
    assert!(html.contains("发布机关:吉林市人民政府"), "{html}");
    let rows = stat_rows(&html);
    let amount = rows
        .iter()
        .find(|r| r.1.contains("亿元"))
        .unwrap_or_else(|| panic!("the amount is read: {rows:?}"));
    assert_eq!(amount.1, "65.22亿元");
    assert!(
        amount.2.contains("挽回经济损失<mark>65.22亿元</mark>"),
        "{rows:?}"
    );
    assert!(!html.contains("6522000000"), "never converted to 元");
    let cases = rows.iter().find(|r| r.1 == "200件").unwrap();
    assert_eq!(cases.0, "行政复议收案数");
    assert!(cases.2.contains("<mark>200件</mark>"), "{cases:?}");
}

/// The seeds' publishers: 乐平 names itself only in its opening sentence, 株洲 at the end.
const PUBLISHERS: [(&str, &str); 5] = [
    ("000", "六盘水市人民政府"),
    ("001", "乐平市人民政府"),
    ("002", "驻马店市人民政府"),
    ("003", "泸州市人民政府"),
    ("004", "株洲市人民政府"),
];

/// Every seed report of `shared/seeds`: each excerpt holds its figure, marked, and no catalog
/// key reaches the page.
#[tokio::test]
#[allow(clippy::disallowed_methods)] // the seed reports are read from ../shared, not copied in
async fn reader_on_the_seed_reports_names_in_chinese_and_quotes_every_figure() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: {} not found", dir.display());
        return;
    };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    let catalog = fazhi_catalog::Catalog::embedded().unwrap();
    let server = start().await;
    let (c, csrf) = login(&server).await;
    let mut amounts = 0;
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        let html = read_text(&c, &server, &csrf, &text).await;
        let name = path.display();
        let rows = stat_rows(&html);
        assert!(rows.len() > 20, "{name}: {} rows", rows.len());
        for (indicator, figure, excerpt) in &rows {
            assert!(!figure.is_empty(), "{name}: {indicator}");
            assert!(
                excerpt.contains(&format!("<mark>{figure}</mark>")),
                "{name}: {figure} missing from its excerpt {excerpt}"
            );
            if figure.ends_with("亿元") || figure.ends_with("万元") {
                amounts += 1;
            }
        }
        for ind in catalog.indicators() {
            assert!(!html.contains(&ind.key), "{name}: key {} shown", ind.key);
        }
        let publisher = PUBLISHERS
            .iter()
            .find(|(prefix, _)| {
                path.file_name()
                    .is_some_and(|f| f.to_string_lossy().starts_with(prefix))
            })
            .map_or("", |(_, p)| *p);
        assert!(
            html.contains(&format!("发布机关:{publisher}")),
            "{name}: {publisher}"
        );
    }
    assert!(amounts > 0, "amounts in 万元/亿元 are kept as written");
}

#[tokio::test]
async fn reader_results_download_as_a_workbook() {
    use std::io::Read;
    let server = start().await;
    let (c, csrf) = login(&server).await;
    let export = |csrf: &str, text: &str| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.to_owned())
            .text("text", text.to_owned());
        c.post(format!("{}/reader/export", server.base))
            .multipart(form)
            .send()
    };
    let res = export(&csrf, TITLED).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let ctype = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ctype.contains("spreadsheetml"), "{ctype}");
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.contains("attachment"), "{disposition}");
    let bytes = res.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut strings = String::new();
    archive
        .by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut strings)
        .unwrap();
    for expected in ["原文摘录", "行政复议收案数", "65.22亿元", "200件"] {
        assert!(strings.contains(expected), "{expected} in {strings}");
    }
    assert!(!strings.contains("reconsideration."), "Chinese names only");

    let res = export("wrong", TITLED).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = export(&csrf, " ").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The result page offers the download with the form it came from.
    let html = read_text(&c, &server, &csrf, TITLED).await;
    assert!(html.contains(r#"form="reader-form" formaction="/reader/export""#));
}
