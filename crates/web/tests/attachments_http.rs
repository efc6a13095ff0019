//! 附件 over HTTP on both backends: a file attached to a record is listed and downloaded as it
//! was sent, the content decides what is accepted, another county's file is "not found", and
//! every upload and download is in the audit.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::collections::BTreeMap;

use common::{api_login, page_text, seed, serve, visible};
use fazhi_domain::register::by_key;
use fazhi_store::testing::TestDb;
use fazhi_store::{AuditFilter, Store};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

fn problem(no: &str) -> BTreeMap<String, String> {
    [
        ("problem_no", no),
        ("source", "法治督察"),
        ("found_date", "2024-03-01"),
        ("description", "现场执法未音像记录"),
        ("due_date", "2024-05-31"),
        ("status", "整改中"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// The audited actions on attached files, oldest first.
async fn audited_files(store: &Store) -> Vec<String> {
    let filter = AuditFilter {
        entity: Some("record_file".into()),
        limit: 100,
        ..Default::default()
    };
    let (_, rows) = store
        .unscoped_system("test")
        .list_audit(&filter)
        .await
        .unwrap();
    let mut actions: Vec<(i64, String)> = rows.into_iter().map(|r| (r.seq, r.action)).collect();
    actions.sort();
    actions.into_iter().map(|(_, a)| a).collect()
}

fazhi_store::test_each_backend!(attachments, attachments_on);

async fn attachments_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let sys = store.unscoped_system("test");
    let def = by_key("rectifications").unwrap();
    let record = sys
        .create_record(def, "520203-sfj", def.parse(&problem("督-001")).unwrap())
        .await
        .unwrap()
        .unwrap();
    let server = serve(store.clone(), fazhi_web::ServerSettings::default()).await;
    let page_url = format!(
        "{}/registers/rectifications/{}",
        server.base,
        record.id.get()
    );
    let (admin, csrf) = api_login(&server, "admin").await;
    let send = |client: &reqwest::Client, csrf: &str, name: &str, bytes: &[u8]| {
        let form = Form::new().text("csrf", csrf.to_owned()).part(
            "file",
            Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
        );
        client.post(format!("{page_url}/files")).multipart(form)
    };
    let pdf = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".to_vec();

    let res = send(&admin, &csrf, "整改报告.pdf", &pdf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");
    let page = visible(&page_text(&admin, &page_url).await);
    assert!(page.contains("整改报告.pdf"), "{label}: {page}");
    let files = sys.attachments(def, record.id).await.unwrap();
    assert_eq!(files.len(), 1, "{label}");
    let file_url = format!("{page_url}/files/{}", files[0].id);
    let res = admin.get(&file_url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{label}");
    assert_eq!(res.headers()["content-type"], "application/pdf", "{label}");
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf, "{label}: as sent");

    // The content decides: a PDF named .docx, and a program, are refused; nothing is kept.
    for (name, bytes) in [
        ("报告.docx", pdf.clone()),
        ("run.exe", b"MZ\x90\x00".to_vec()),
    ] {
        let res = send(&admin, &csrf, name, &bytes).send().await.unwrap();
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        let shown = visible(&page_text(&admin, &format!("{}{location}", server.base)).await);
        assert!(shown.contains("未上传"), "{label}: {name}: {shown}");
    }
    assert_eq!(
        sys.attachments(def, record.id).await.unwrap().len(),
        1,
        "{label}"
    );

    // 钟山区's clerk: the file of 六枝特区 is not found, and cannot be added to.
    let (clerk, clerk_csrf) = api_login(&server, "clerk").await;
    let res = clerk.get(&file_url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "{label}");
    let res = send(&clerk, &clerk_csrf, "x.pdf", &pdf)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "{label}");
    // One upload and one download in the audit.
    assert_eq!(
        audited_files(&store).await,
        ["create", "download"],
        "{label}"
    );
}
