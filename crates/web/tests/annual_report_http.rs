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
        .post(format!("{}/disclosure-report/narrative", server.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("org", "520201"),
            ("year", "2023"),
            ("slot.disclosure_report.overview", "上一年度的政务公开。"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");
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
    let disclosure = clerk
        .get(format!(
            "{}/disclosure-report?org=520201&year=2024",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !disclosure.contains("上一年度的政务公开。"),
        "{label}: the 年报's text is not the 法治 report's to copy"
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

fazhi_store::test_each_backend!(report_and_cockpit_defaults, report_and_cockpit_defaults_on);

/// The common seed, a 依法治市办 under the city with its user, and mediations of 钟山区 in
/// 2022 and 2023 (none later): the pages open on 2023 whatever today's year.
async fn seeded_with_office(db: &TestDb) -> common::Server {
    use fazhi_domain::account::{Role, ScopeKind};
    use fazhi_domain::org::NewOrgUnit;
    let store = fazhi_store::Store::open(&db.url).await.unwrap();
    common::seed(&store).await;
    let sys = store.unscoped_system("test");
    let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let office = NewOrgUnit::parse(
        "520200-yfzs",
        "office",
        "中共六盘水市委全面依法治市委员会办公室",
        None,
        day,
    )
    .unwrap();
    sys.create_org(office, Some("520200")).await.unwrap();
    sys.create_user(fazhi_store::NewUser {
        username: "office".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Office,
        org_code: "520200-yfzs".into(),
        scope: ScopeKind::All,
    })
    .await
    .unwrap();
    let server = common::serve(store, fazhi_web::ServerSettings::default()).await;
    let (clerk, csrf) = api_login(&server, "clerk").await;
    for (no, year) in [("1", 2022), ("2", 2023), ("3", 2023)] {
        let res = common::post_json(
            &clerk,
            &format!("{}/api/v1/mediations", server.base),
            &csrf,
            &serde_json::json!({
                "org": "520201", "case_no": format!("钟调〔{year}〕{no}号"),
                "dispute_type": "邻里", "parties_count": "2",
                "received_date": format!("{year}-04-01"),
                "concluded_date": format!("{year}-04-20"), "outcome": "成功"
            }),
        )
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    server
}

async fn report_and_cockpit_defaults_on(db: TestDb) {
    let label = db.label;
    let server = seeded_with_office(&db).await;
    let url = |path: &str| format!("{}{path}", server.base);

    // The office drafts the city government's report, addressed up the reporting line, for
    // the latest year with data, picked from the years with data.
    let (office, _) = api_login(&server, "office").await;
    let html = common::page_text(&office, &url("/annual-report")).await;
    assert!(
        html.contains("六盘水市人民政府关于2023年度法治政府建设情况的报告"),
        "{label}: {html}"
    );
    assert!(html.contains("省人民政府、市人大常委会："), "{label}");
    assert!(
        !html.contains("办公室关于"),
        "{label}: not an office report"
    );
    assert!(
        html.contains(r#"<option value="2023" selected>2023年</option>"#),
        "{label}: year picker"
    );
    assert!(
        html.contains(r#"<option value="2022" >2022年</option>"#),
        "{label}"
    );
    assert!(
        !html.contains(r#"<input name="year""#),
        "{label}: no free text"
    );
    // The units as a tree: the districts indented under the city, the office not offered.
    assert!(
        html.contains("<option value=\"520201\" >\u{3000}钟山区</option>"),
        "{label}: unit tree"
    );
    assert!(!html.contains(r#"value="520200-yfzs""#), "{label}");

    // A county reports to the city government and its own 人大; a department to its 本级政府
    // (the clerk of 钟山区 addresses the city by name though the city is out of scope).
    let (clerk, _) = api_login(&server, "clerk").await;
    let html = common::page_text(&clerk, &url("/annual-report")).await;
    assert!(
        html.contains("钟山区人民政府关于2023年度法治政府建设情况的报告"),
        "{label}"
    );
    assert!(html.contains("六盘水市人民政府、区人大常委会："), "{label}");
    let (admin, _) = api_login(&server, "admin").await;
    let html = common::page_text(&admin, &url("/annual-report?org=520203-sfj")).await;
    assert!(html.contains("六枝特区人民政府："), "{label}: {html}");
    assert!(html.contains("六枝特区司法局关于"), "{label}");

    // The cockpit: latest year with data, a year and period picker, the unit tree.
    let html = common::page_text(&admin, &url("/dashboard")).await;
    assert!(
        html.contains("驾驶舱 · 六盘水市 · 2023年"),
        "{label}: {html}"
    );
    assert!(
        html.contains(r#"<option value="2023" selected>2023年</option>"#),
        "{label}"
    );
    assert!(
        html.contains(r#"<option value="Q2" >第二季度</option>"#),
        "{label}"
    );
    assert!(
        html.contains("<option value=\"520203-sfj\" >\u{3000}\u{3000}六枝特区司法局</option>"),
        "{label}: nested two levels"
    );
    assert!(!html.contains(r#"<input name="period""#), "{label}");
    let html = common::page_text(&admin, &url("/dashboard?org=520201&year=2022&part=Q2")).await;
    assert!(html.contains("驾驶舱 · 钟山区 · 2022年第二季度"), "{label}");
    assert!(html.contains(r#"<option value="Q2" selected>"#), "{label}");
    // Links keep working with a period.
    let html = common::page_text(&admin, &url("/dashboard?period=2022H1")).await;
    assert!(html.contains("2022年上半年"), "{label}");
    for bad in ["year=20x4", "year=2024&part=Q9"] {
        let res = admin
            .get(url(&format!("/dashboard?{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{label}: {bad}");
    }
}
