//! The annual report page over HTTP: drafted for the clerk's unit, narrative saved and kept on
//! regeneration, the previous year's narrative loaded as a start, CSRF and scope enforced,
//! downloads in the three formats.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{api_login, start};
use fazhi_store::testing::TestDb;
use reqwest::StatusCode;

fazhi_store::test_each_backend!(annual_report_over_http, annual_report_over_http_on);

async fn annual_report_over_http_on(db: TestDb) {
    let label = db.label;
    let server = start(&db).await;
    let (clerk, csrf) = api_login(&server, "clerk").await;
    let page = |org: &str, year: i32| {
        clerk
            .get(format!(
                "{}/annual-report?org={org}&year={year}",
                server.base
            ))
            .send()
    };
    let res = page("520201", 2024).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{label}");
    let html = res.text().await.unwrap();
    assert!(
        html.contains("关于2024年度法治政府建设情况的报告"),
        "{label}"
    );
    assert!(
        html.contains("区人大常委会"),
        "{label}: a district reports to its 人大"
    );
    assert!(html.contains("数据缺口"), "{label}");

    let save = |year: &str, slot: &str, text: &str, token: &str| {
        clerk
            .post(format!("{}/annual-report/narrative", server.base))
            .form(&[
                ("csrf", token),
                ("org", "520201"),
                ("year", year),
                (&format!("slot.{slot}"), text),
            ])
            .send()
    };
    let res = save("2024", "problems", "执法人员<专业>能力不足。", &csrf)
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");
    let html = page("520201", 2024).await.unwrap().text().await.unwrap();
    assert!(
        html.contains("执法人员&lt;专业&gt;能力不足。"),
        "{label}: saved and escaped"
    );

    let forged = save("2024", "plans", "x", "wrong-token").await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN, "{label}");

    // Last year's narrative as the start of this year's plans (only empty slots filled).
    save("2023", "plans", "推进“八五”普法收官。", &csrf)
        .await
        .unwrap();
    save("2023", "problems", "上一年度的问题。", &csrf)
        .await
        .unwrap();
    let res = clerk
        .post(format!("{}/annual-report/copy-previous", server.base))
        .form(&[("csrf", csrf.as_str()), ("org", "520201"), ("year", "2024")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = page("520201", 2024).await.unwrap().text().await.unwrap();
    assert!(html.contains("推进“八五”普法收官。"), "{label}: copied");
    assert!(
        !html.contains("上一年度的问题。"),
        "{label}: filled slots kept"
    );

    // Without a year the page opens the latest year with data.
    let res = clerk
        .post(format!("{}/api/v1/mediations", server.base))
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({
            "org": "520201", "case_no": "钟调〔2023〕1号", "dispute_type": "邻里",
            "parties_count": "2", "received_date": "2023-04-01",
            "concluded_date": "2023-04-20", "outcome": "成功"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "{label}");
    let html = clerk
        .get(format!("{}/annual-report?org=520201", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("关于2023年度法治政府建设情况的报告"),
        "{label}"
    );
    assert!(
        html.contains("人民调解案件"),
        "{label}: the figure is drafted"
    );

    // Another county is out of the clerk's scope.
    let res = page("520203", 2024).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "{label}");

    for (format, kind, magic) in [
        ("docx", "wordprocessingml", &b"PK"[..]),
        ("html", "text/html", &b"<!DOCTYPE html>"[..]),
        ("md", "text/markdown", "# 钟山区".as_bytes()),
    ] {
        let res = clerk
            .get(format!(
                "{}/annual-report/export?org=520201&year=2024&format={format}",
                server.base
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{label} {format}");
        let ctype = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ctype.contains(kind), "{ctype}");
        let disposition = res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(disposition.contains("attachment"), "{disposition}");
        let body = res.bytes().await.unwrap();
        assert!(body.starts_with(magic), "{label} {format}");
    }
    let res = clerk
        .get(format!(
            "{}/annual-report/export?org=520201&year=2024&format=pdf",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
