//! The 政府信息公开工作年度报告 page over HTTP: 表三 counted from the requests the clerk's unit
//! holds, the text sections saved (only the report's own slots), downloads in Word and Excel,
//! an unknown format refused in Chinese, the city's report outside a county clerk's scope, and
//! a report whose tables do not balance (a reply left unclassified, as data from before the
//! register's rules may be) shown with its problem and not exported.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::collections::BTreeMap;

use common::{api_login, page_text, seed, serve};
use fazhi_domain::register::information_request::INFORMATION_REQUESTS;
use fazhi_store::testing::TestDb;
use fazhi_store::{Db, Store};
use reqwest::StatusCode;

async fn request(store: &Store, org: &str, no: &str, reply: Option<(&str, &str)>) {
    let mut raw: BTreeMap<String, String> = [
        ("request_no", no),
        ("applicant_type", "商业企业"),
        ("applicant", "某某有限公司"),
        ("channel", "网络"),
        ("received_date", "2024-03-04"),
        ("content", "某项目环境影响评价批复"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    if let Some((date, result)) = reply {
        raw.insert("reply_date".into(), date.into());
        raw.insert("result".into(), result.into());
    }
    let record = INFORMATION_REQUESTS.parse(&raw).unwrap();
    store
        .unscoped_system("test")
        .create_record(&INFORMATION_REQUESTS, org, record)
        .await
        .unwrap()
        .unwrap();
}

fazhi_store::test_each_backend!(disclosure_report_over_http, disclosure_report_over_http_on);

async fn disclosure_report_over_http_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    request(
        &store,
        "520201",
        "钟依申请1",
        Some(("2024-03-20", "予以公开")),
    )
    .await;
    request(&store, "520201", "钟依申请2", None).await;
    let server = serve(store.clone(), fazhi_web::ServerSettings::default()).await;
    let (clerk, csrf) = api_login(&server, "clerk").await;
    let url = |path: &str, org: &str| format!("{}{path}?org={org}&year=2024", server.base);
    let export = |format: &str| {
        clerk
            .get(format!(
                "{}&format={format}",
                url("/disclosure-report/export", "520201")
            ))
            .send()
    };

    let res = clerk
        .get(url("/disclosure-report", "520201"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{label}");
    let html = res.text().await.unwrap();
    assert!(
        html.contains("钟山区2024年政府信息公开工作年度报告"),
        "{label}"
    );
    assert!(
        html.contains("<td>一、本年新收政府信息公开申请数量</td><td>0</td><td>2</td>"),
        "{label}: two from a 商业企业"
    );
    assert!(html.contains("公布期限"), "{label}");
    assert!(
        html.contains("报送状态") && html.contains("/forms/disclosure-report-gov/2024?org=520201"),
        "{label}: a county government reports its 年报 as a form"
    );

    // The text sections: the report's own slots are saved, any other key is ignored.
    let res = clerk
        .post(format!("{}/disclosure-report/narrative", server.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("org", "520201"),
            ("year", "2024"),
            (
                "slot.disclosure_report.overview",
                "全年主动公开<政府信息>1200条。",
            ),
            ("slot.problems", "不应写进法治政府建设报告"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");
    let html = page_text(&clerk, &url("/disclosure-report", "520201")).await;
    assert!(
        html.contains("全年主动公开&lt;政府信息&gt;1200条。"),
        "{label}"
    );
    let narratives = store
        .unscoped_system("test")
        .report_narratives("520201", 2024)
        .await
        .unwrap();
    assert!(
        !narratives.contains_key("problems"),
        "{label}: {narratives:?}"
    );

    for (format, magic) in [("docx", &b"PK"[..]), ("xlsx", &b"PK"[..])] {
        let res = export(format).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{label} {format}");
        assert!(
            res.bytes().await.unwrap().starts_with(magic),
            "{label} {format}"
        );
    }
    let res = export("pdf").await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{label}");
    assert!(res.text().await.unwrap().contains("格式应为"), "{label}");
    let res = clerk
        .get(url("/disclosure-report", "520200"))
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_client_error(),
        "{label}: the city is outside the clerk's scope: {}",
        res.status()
    );

    // A reply without its category (legacy data) fails the check: shown, not exported.
    let sql = "UPDATE information_request SET result = NULL WHERE request_no = '钟依申请1'";
    let changed = match store.unscoped_db_for_tests() {
        Db::Sqlite(pool) => sqlx::query(sql)
            .execute(pool)
            .await
            .unwrap()
            .rows_affected(),
        Db::Postgres(pool) => sqlx::query(sql)
            .execute(pool)
            .await
            .unwrap()
            .rows_affected(),
    };
    assert_eq!(changed, 1, "{label}");
    let html = page_text(&clerk, &url("/disclosure-report", "520201")).await;
    assert!(html.contains("表格未通过校验"), "{label}");
    assert!(html.contains("钟依申请1"), "{label}: the request is named");
    let res = export("docx").await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT, "{label}");
    assert!(res.text().await.unwrap().contains("不平衡"), "{label}");
}
