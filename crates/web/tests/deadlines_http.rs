//! Statutory clocks over HTTP: a record shows its deadlines explained, lists filter overdue
//! records, the alerts page counts them, and only admins load a new holiday notice.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{api_login, post_json, start};
use fazhi_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

fazhi_store::test_each_backend!(deadlines_over_http, deadlines_over_http_on);

async fn deadlines_over_http_on(db: TestDb) {
    let label = db.label;
    let server = start(&db).await;
    let (admin, csrf) = api_login(&server, "admin").await;
    let case = json!({
        "org": "520203-sfj", "case_no": "六枝复〔2024〕7号", "applicant": "王某",
        "respondent": "六枝特区公安局", "act_challenged": "行政处罚", "received_date": "2024-05-06",
        "acceptance": "受理", "acceptance_date": "2024-05-10", "procedure": "普通程序"
    });
    let res = post_json(
        &admin,
        &format!("{}/api/v1/reconsiderations", server.base),
        &csrf,
        &case,
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{label}");
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let detail = admin
        .get(format!("{}/registers/reconsiderations/{id}", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        detail.contains("法定期限") && detail.contains("2024-07-09") && detail.contains("已逾期"),
        "{label}"
    );
    assert!(
        !common::holds_iso_instant(&detail),
        "{label}: times in Beijing time"
    );

    // Deciding it: the decision clock stops and 是否纠错 is derived from the decision type.
    let mut decided = case.clone();
    decided["decision_date"] = json!("2024-06-20");
    decided["decision_type"] = json!("撤销");
    let body: Value = admin
        .put(format!("{}/api/v1/reconsiderations/{id}", server.base))
        .header("x-csrf-token", &csrf)
        .json(&decided)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["derived"][0]["label"], "是否纠错", "{label}: {body}");
    assert_eq!(body["derived"][0]["value"], "是");
    let page = admin
        .get(format!("{}/registers/reconsiderations/{id}", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("计算结果") && page.contains("已按期办结"),
        "{label}"
    );
    // Reopen it so the overdue checks below have an open clock.
    admin
        .put(format!("{}/api/v1/reconsiderations/{id}", server.base))
        .header("x-csrf-token", &csrf)
        .json(&case)
        .send()
        .await
        .unwrap();

    let overdue: Value = admin
        .get(format!(
            "{}/api/v1/reconsiderations?due=overdue",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(overdue["total"], 1, "{label}");
    let bad = admin
        .get(format!("{}/api/v1/reconsiderations?due=later", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let alerts = admin
        .get(format!("{}/alerts", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        alerts.contains("六枝特区司法局") && alerts.contains("due=overdue"),
        "{label}"
    );
    let (clerk, clerk_csrf) = api_login(&server, "clerk").await;
    let clerk_alerts = clerk
        .get(format!("{}/alerts", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !clerk_alerts.contains("六枝特区司法局"),
        "the clerk of 钟山区 sees no 六枝 alerts"
    );

    let refused = clerk
        .post(format!("{}/calendar", server.base))
        .form(&[("csrf", clerk_csrf.as_str()), ("notice", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let invalid = admin
        .post(format!("{}/calendar", server.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("notice", "[[year]]\nyear = 2027\n"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        invalid.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{label}"
    );
    assert!(invalid.text().await.unwrap().contains("放假安排"));
    let notice = "[[year]]\nyear = 2027\nnotice = \"测试\"\nurl_note = \"测试数据\"\nholiday = [ { name = \"元旦\", from = \"2027-01-01\", to = \"2027-01-01\" } ]\n";
    let loaded = admin
        .post(format!("{}/calendar", server.base))
        .form(&[("csrf", csrf.as_str()), ("notice", notice)])
        .send()
        .await
        .unwrap();
    assert_eq!(loaded.status(), StatusCode::SEE_OTHER, "{label}");
    let page = admin
        .get(format!("{}/calendar", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("2027"), "{label}");
}

fazhi_store::test_each_backend!(alert_figures_open_their_lists, alert_figures_on);

/// Every figure of /alerts and of a cockpit counts records, and equals the total of the list it
/// links to; a county's cockpit counts the county's records only (issue 25).
async fn alert_figures_on(db: TestDb) {
    let label = db.label;
    let server = start(&db).await;
    let (admin, csrf) = api_login(&server, "admin").await;
    let url = format!("{}/api/v1/reconsiderations", server.base);
    // Overdue: accepted in 2024 and never decided. One decided in time; one per unit overdue.
    for (org, no, decided) in [
        ("520203-sfj", "六枝复〔2024〕1号", false),
        ("520203-sfj", "六枝复〔2024〕2号", false),
        ("520203-sfj", "六枝复〔2024〕3号", true),
        ("520203", "六枝复〔2024〕4号", false),
        ("520201", "钟山复〔2024〕1号", false),
    ] {
        let mut case = json!({
            "org": org, "case_no": no, "applicant": "王某", "respondent": "某局",
            "act_challenged": "行政处罚", "received_date": "2024-05-06",
            "acceptance": "受理", "acceptance_date": "2024-05-10", "procedure": "普通程序"
        });
        if decided {
            case["decision_date"] = json!("2024-06-20");
            case["decision_type"] = json!("维持");
        }
        let res = post_json(&admin, &url, &csrf, &case).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{label}");
    }
    let text = |path: String| {
        let admin = admin.clone();
        async move {
            let res = admin.get(path).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.text().await.unwrap()
        }
    };
    let api_total = |query: String| {
        let admin = admin.clone();
        let url = format!("{}/api/v1/reconsiderations?{query}", server.base);
        async move {
            let body: Value = admin.get(url).send().await.unwrap().json().await.unwrap();
            body["total"].as_i64().unwrap()
        }
    };
    let alerts = text(format!("{}/alerts", server.base)).await;
    let links = figure_links(&alerts);
    assert_eq!(links.len(), 3, "{label}: one line per unit: {alerts}");
    for (path, figure) in &links {
        let query = path.split_once('?').unwrap().1.replace("&amp;", "&");
        assert_eq!(api_total(query).await, *figure, "{label}: {path}");
    }
    let sum: i64 = links.iter().map(|(_, n)| n).sum();
    assert_eq!(sum, 4, "{label}");
    assert!(
        alerts.contains(">4</strong> 件"),
        "{label}: the headline counts records"
    );
    assert_eq!(api_total("due=overdue".into()).await, 4, "{label}");

    // A county's cockpit: that county's records, linking to its alerts.
    let cockpit = text(format!("{}/dashboard?org=520203&period=2024", server.base)).await;
    assert!(
        cockpit.contains(
            "href=\"/alerts?org=520203\"><strong class=\"state state-已逾期\">3</strong>"
        ),
        "{label}: {cockpit}"
    );
    let county = text(format!("{}/alerts?org=520203", server.base)).await;
    let county_links = figure_links(&county);
    assert_eq!(
        county_links.iter().map(|(_, n)| n).sum::<i64>(),
        3,
        "{label}"
    );
    assert!(!county.contains("钟山区"), "{label}: another county's line");
}

/// The (link, figure) pairs of a page's count links into register lists.
fn figure_links(html: &str) -> Vec<(String, i64)> {
    html.split("<a href=\"/registers/")
        .skip(1)
        .filter_map(|rest| {
            let (path, rest) = rest.split_once("\">")?;
            let (figure, _) = rest.split_once("</a>")?;
            Some((
                format!("/registers/{path}"),
                figure.trim().replace(',', "").parse().ok()?,
            ))
        })
        .collect()
}

fazhi_store::test_each_backend!(deadline_lists_show_due_dates, deadline_lists_on);

/// A deadline list shows each record's 届满日 and days overdue, most overdue first, turned by
/// its header; a due date past the last loaded holiday notice is marked 暂估 on the record and
/// counted on /alerts, with the October reminder to load the notice (issue 25).
async fn deadline_lists_on(db: TestDb) {
    let label = db.label;
    let server = start(&db).await;
    let (admin, csrf) = api_login(&server, "admin").await;
    let url = format!("{}/api/v1/reconsiderations", server.base);
    let mut ids = Vec::new();
    // Due 2024-04-30 and 2024-07-09 (60 days); the last one 2027-02-01, provisional while the
    // calendar ends with 2026 (the embedded notices).
    for (no, received, accepted) in [
        ("六枝复〔2024〕21号", "2024-05-06", "2024-05-10"),
        ("六枝复〔2024〕22号", "2024-02-26", "2024-03-01"),
        ("六枝复〔2026〕23号", "2026-11-30", "2026-12-01"),
    ] {
        let case = json!({
            "org": "520203-sfj", "case_no": no, "applicant": "王某", "respondent": "某局",
            "act_challenged": "行政处罚", "received_date": received,
            "acceptance": "受理", "acceptance_date": accepted, "procedure": "普通程序"
        });
        let res = post_json(&admin, &url, &csrf, &case).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{label}");
        ids.push(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    let page = |path: &str| {
        let url = format!("{}{path}", server.base);
        let admin = admin.clone();
        async move { common::page_text(&admin, &url).await }
    };
    let list = page("/registers/reconsiderations?due=overdue").await;
    let first = list.find("六枝复〔2024〕22号").unwrap();
    let second = list.find("六枝复〔2024〕21号").unwrap();
    assert!(first < second, "{label}: most overdue first");
    let today = fazhi_store::clock::beijing_today();
    let days = (today - chrono::NaiveDate::from_ymd_opt(2024, 4, 30).unwrap()).num_days();
    assert!(
        list.contains("届满日 ↑") && list.contains("逾期天数"),
        "{label}"
    );
    assert!(
        list.contains("<td>2024-04-30</td>") && list.contains(&format!("{days} 天")),
        "{label}"
    );
    assert!(
        list.contains("第 1 / 1 页") && list.contains("跳至第"),
        "{label}"
    );
    let turned = page("/registers/reconsiderations?due=overdue&reverse=1").await;
    assert!(
        turned.find("六枝复〔2024〕21号").unwrap() < turned.find("六枝复〔2024〕22号").unwrap(),
        "{label}: latest due first"
    );
    let bad = admin
        .get(format!(
            "{}/registers/reconsiderations?reverse=2",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST, "{label}");

    let provisional = page(&format!("/registers/reconsiderations/{}", ids[2])).await;
    assert!(
        provisional.contains("2027-02-01") && provisional.contains("(暂估)"),
        "{label}: {provisional}"
    );
    assert!(
        provisional.contains("暂估:2027年起的放假安排尚未发布")
            || provisional.contains("暂估：2027年起的放假安排尚未发布"),
        "{label}: explained"
    );
    let alerts = page("/alerts").await;
    assert!(
        alerts.contains("有 <strong>1</strong> 件记录的最早届满日在 2027 年及以后"),
        "{label}: {alerts}"
    );
    // The figure opens its list, of the same size (issue 25: every figure opens its list).
    assert!(
        alerts
            .contains("href=\"/registers/reconsiderations?due=provisional\">行政复议案件 1 件</a>"),
        "{label}: {alerts}"
    );
    let list = page("/registers/reconsiderations?due=provisional").await;
    assert!(list.contains("共 1 条"), "{label}: {list}");
    use chrono::Datelike;
    let reminded = alerts.contains("2027 年放假安排尚未载入");
    assert_eq!(
        reminded,
        today.month() >= 10 && today.year() == 2026,
        "{label}: from October on"
    );
    if reminded {
        assert!(
            alerts.contains("href=\"/calendar\""),
            "{label}: the admin may load it"
        );
    }
    // The administrator is reminded on the home page too, not only on /alerts.
    let home = page("/").await;
    assert_eq!(
        home.contains("2027 年放假安排尚未载入"),
        reminded,
        "{label}: the home page reminds as /alerts does"
    );
}

fazhi_store::test_each_backend!(due_soon_figure_opens_its_list, due_soon_on);

/// The 即将到期 figure of /alerts opens a list of its size (issue 25): a case accepted 58 days
/// ago is due within days (60 days, 行政复议法 第六十二条).
async fn due_soon_on(db: TestDb) {
    let label = db.label;
    let server = start(&db).await;
    let (admin, csrf) = api_login(&server, "admin").await;
    let today = fazhi_store::clock::beijing_today();
    let accepted = today - chrono::Days::new(58);
    let received = accepted - chrono::Days::new(4);
    let case = json!({
        "org": "520203-sfj", "case_no": "六枝复〔2026〕58号", "applicant": "王某",
        "respondent": "某局", "act_challenged": "行政处罚",
        "received_date": received.to_string(), "acceptance": "受理",
        "acceptance_date": accepted.to_string(), "procedure": "普通程序"
    });
    let url = format!("{}/api/v1/reconsiderations", server.base);
    let res = post_json(&admin, &url, &csrf, &case).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{label}");
    let alerts = common::page_text(&admin, &format!("{}/alerts", server.base)).await;
    let soon: Vec<(String, i64)> = figure_links(&alerts)
        .into_iter()
        .filter(|(path, _)| path.contains("due=soon"))
        .collect();
    assert_eq!(soon.len(), 1, "{label}: {alerts}");
    let query = soon[0].0.split_once('?').unwrap().1.replace("&amp;", "&");
    let body: Value = admin
        .get(format!("{url}?{query}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["total"].as_i64(), Some(soon[0].1), "{label}: {query}");
    assert_eq!(soon[0].1, 1, "{label}");
}
