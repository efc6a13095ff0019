//! Indicators over HTTP: the JSON API (shape, periods, scope, bad input), the cockpit page
//! with its SVG charts, and a drill-down link that lists exactly the records counted.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{api_login, post_json, start};
use fazhi_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

fazhi_store::test_each_backend!(indicators_over_http, indicators_over_http_on);

async fn indicators_over_http_on(db: TestDb) {
    let label = db.label;
    let server = start(&db).await;
    let (admin, csrf) = api_login(&server, "admin").await;
    for (org, no, received, concluded, outcome, amount) in [
        ("520201", "M1", "2024-01-10", "2024-02-01", "成功", "1234.5"),
        ("520201", "M2", "2024-03-05", "2024-03-20", "不成功", ""),
        (
            "520203-sfj",
            "M3",
            "2024-05-01",
            "2024-05-10",
            "成功",
            "1000000",
        ),
        ("520203-sfj", "M4", "2023-05-01", "2023-05-10", "成功", "7"),
    ] {
        let body = json!({"org": org, "case_no": no, "dispute_type": "邻里", "parties_count": "2",
            "received_date": received, "concluded_date": concluded, "outcome": outcome,
            "agreement_amount": amount});
        let res = post_json(
            &admin,
            &format!("{}/api/v1/mediations", server.base),
            &csrf,
            &body,
        )
        .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{label}");
    }
    let get = |q: &str| {
        admin
            .get(format!("{}/api/v1/indicators?{q}", server.base))
            .send()
    };
    let set: Value = get("org=520200&period=2024")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ind = &set["indicators"];
    assert_eq!(ind["mediation.cases"]["value"], 3.0, "{label}");
    assert_eq!(ind["mediation.cases"]["unit"], "件", "{label}");
    assert_eq!(ind["mediation.success_rate"]["value"], 66.67, "{label}");
    assert_eq!(ind["mediation.success_rate"]["numerator"], 2.0, "{label}");
    assert_eq!(ind["mediation.success_rate"]["denominator"], 3.0, "{label}");
    assert_eq!(ind["mediation.cases"]["yoy"]["change"], 200.0, "{label}");
    assert_eq!(
        ind["mediation.success_rate"]["yoy"]["unit"], "百分点",
        "{label}"
    );
    assert!(
        ind["litigation.lost"]["value"].is_null(),
        "{label}: null, not 0"
    );
    let q1: Value = get("org=520200&period=2024Q1")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(q1["indicators"]["mediation.cases"]["value"], 2.0, "{label}");
    let month: Value = get("org=520203&period=202405")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        month["indicators"]["mediation.success"]["value"], 1.0,
        "{label}"
    );
    let bad = get("org=520200&period=2024Q5").await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY, "{label}");
    assert!(bad.text().await.unwrap().contains("统计期间"), "{label}");

    // A clerk of 钟山区 sees his county, not the city.
    let (clerk, _) = api_login(&server, "clerk").await;
    let city = clerk
        .get(format!(
            "{}/api/v1/indicators?org=520200&period=2024",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(city.status(), StatusCode::NOT_FOUND, "{label}");
    let own: Value = clerk
        .get(format!("{}/api/v1/indicators?period=2024", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(own["org"], "520201", "{label}");
    assert_eq!(
        own["indicators"]["mediation.cases"]["value"], 2.0,
        "{label}"
    );

    // The cockpit: cards, charts, child units, and a drill-down to the records counted.
    let page = admin
        .get(format!("{}/dashboard?org=520200&period=2024", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("驾驶舱") && page.contains("<svg") && page.contains("六枝特区"),
        "{label}"
    );
    let link = "/registers/mediations?org=520200&from=2024-01-01&to=2024-12-31&date=concluded_date&f.outcome=success";
    let unescaped = page.replace("&#38;", "&").replace("&amp;", "&");
    assert!(
        unescaped.contains(&format!("href=\"{link}\"")),
        "{label}: drill-down link"
    );
    let list = admin
        .get(format!("{}{}", server.base, link))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.contains("M1") && list.contains("M3") && !list.contains("M2"),
        "{label}"
    );
    assert!(
        list.contains("「调解结果」为成功"),
        "{label}: the filter is named"
    );
    // An amount's drill-down shows the 合计 of the listed records: the indicator's figure.
    assert_eq!(
        ind["mediation.agreement_amount"]["value"], 1_001_234.5,
        "{label}"
    );
    let summed = admin
        .get(format!("{}{link}&sum=agreement_amount", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        summed.contains("合计 协议金额(元):<strong>1,001,234.50</strong>"),
        "{label}: {}",
        summed.split("list-sum").nth(1).unwrap_or(&summed)
    );
    let not_summable = admin
        .get(format!("{}{link}&sum=case_no", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(not_summable.status(), StatusCode::BAD_REQUEST, "{label}");
    assert!(not_summable.text().await.unwrap().contains("参数 sum"));
    // 导出(当前筛选) of the drilled-down list holds exactly the records the list shows,
    // and so does the API with the same query.
    let list = list.replace("&#38;", "&").replace("&amp;", "&");
    let export_link = list
        .split("href=\"")
        .filter_map(|part| part.split('"').next())
        .find(|href| href.starts_with("/registers/mediations/export?"))
        .expect("the list links its export")
        .to_owned();
    assert!(
        export_link.contains("date=concluded_date") && export_link.contains("f.outcome=success"),
        "{label}: {export_link}"
    );
    let csv = admin
        .get(format!("{}{}&format=csv", server.base, export_link))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let exported: Vec<&str> = ["M1", "M2", "M3", "M4"]
        .into_iter()
        .filter(|no| csv.contains(&format!(",{no},")))
        .collect();
    assert_eq!(exported, ["M1", "M3"], "{label}: {csv}");
    assert_eq!(csv.lines().count(), 3, "{label}: header and two rows");
    let api: Value = admin
        .get(format!(
            "{}/api/v1/mediations?org=520200&from=2024-01-01&to=2024-12-31&date=concluded_date&f.outcome=success",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["total"], 2, "{label}");
    let refused = admin
        .get(format!(
            "{}/registers/mediations/export?date=no_such_field",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{label}");
    let bad_filter = admin
        .get(format!(
            "{}/registers/mediations?f.outcome=won",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_filter.status(), StatusCode::BAD_REQUEST, "{label}");
    let doc: Value = admin
        .get(format!("{}/api/openapi.json", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["paths"]["/api/v1/indicators"].is_object(), "{label}");
}
