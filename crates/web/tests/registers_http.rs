//! The registers over HTTP on every backend: JSON create/list/get/update/delete, Chinese
//! validation errors (422 listing every field), scope (404), CSRF, and the generated pages.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{api_login, post_json, start};
use fazhi_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn mediation(no: &str) -> Value {
    json!({
        "org": "520203-sfj",
        "case_no": no,
        "dispute_type": "邻里",
        "parties_count": 2,
        "received_date": "2024-03-05",
        "concluded_date": "2024-03-20",
        "outcome": "成功",
        "agreement_amount": "1200.00",
        "judicial_confirmation": false
    })
}

fazhi_store::test_each_backend!(register_api_and_pages, register_api_and_pages_on);

async fn register_api_and_pages_on(db: TestDb) {
    let server = start(&db).await;
    let label = db.label;
    let (admin, csrf) = api_login(&server, "admin").await;
    let url = format!("{}/api/v1/mediations", server.base);

    let created = post_json(&admin, &url, &csrf, &mediation("六枝调〔2024〕1号")).await;
    let status = created.status();
    let body: Value = created.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{label}: {body}");
    assert_eq!(body["outcome"], "success");
    assert_eq!(body["agreement_amount"], "1200.00");
    let id = body["id"].as_i64().unwrap();

    // Every bad field is reported at once, in Chinese, and nothing is written.
    let mut bad = mediation("六枝调〔2024〕2号");
    bad["received_date"] = json!("2024-02-30");
    bad["parties_count"] = json!(1);
    bad["dispute_type"] = json!("打架");
    let res = post_json(&admin, &url, &csrf, &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{label}");
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["label"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"受理日期") || fields.iter().any(|f| f.contains("日期")),
        "{body}"
    );
    assert!(body["errors"].as_array().unwrap().len() >= 3, "{body}");
    assert!(body["error"].as_str().unwrap().contains("「"), "{body}");

    // A JSON object where text belongs is refused (the schema's types), not stored as "{}".
    let mut object = mediation("六枝调〔2024〕9号");
    object["case_no"] = json!({"a": 1});
    let res = post_json(&admin, &url, &csrf, &object).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{label}");
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]
            .as_str()
            .is_some_and(|e| e.contains("案件编号")),
        "{body}"
    );

    // Dates out of order are refused with both fields named.
    let mut reversed = mediation("六枝调〔2024〕3号");
    reversed["concluded_date"] = json!("2024-03-01");
    let res = post_json(&admin, &url, &csrf, &reversed).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Duplicate natural key → 409.
    let dup = post_json(&admin, &url, &csrf, &mediation("六枝调〔2024〕1号")).await;
    assert_eq!(dup.status(), StatusCode::CONFLICT, "{label}");

    let list: Value = admin
        .get(format!("{url}?from=2024-01-01&to=2024-12-31&q=六枝"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1, "{label}: {list}");

    // The clerk of 钟山区 neither sees nor reaches 六枝特区's record.
    let (clerk, clerk_csrf) = api_login(&server, "clerk").await;
    let list: Value = clerk.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(list["total"], 0, "{label}");
    assert_eq!(
        clerk
            .get(format!("{url}/{id}"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let del = clerk
        .delete(format!("{url}/{id}"))
        .header("x-csrf-token", &clerk_csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), StatusCode::NOT_FOUND);
    let outside = post_json(&clerk, &url, &clerk_csrf, &mediation("钟山调〔2024〕9号")).await;
    assert_eq!(outside.status(), StatusCode::NOT_FOUND, "{label}");

    // Update and delete need the CSRF header.
    let mut changed = mediation("六枝调〔2024〕1号");
    changed["outcome"] = json!("不成功");
    changed["agreement_amount"] = json!(null);
    let no_csrf = admin
        .put(format!("{url}/{id}"))
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(no_csrf.status(), StatusCode::FORBIDDEN);
    let updated: Value = admin
        .put(format!("{url}/{id}"))
        .header("x-csrf-token", &csrf)
        .json(&changed)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(updated["outcome"], "failure", "{label}: {updated}");

    // Pages: list, detail with history, form with field errors next to the field.
    let page = admin
        .get(format!("{}/registers/mediations", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("人民调解") && page.contains("六枝调〔2024〕1号"),
        "{label}"
    );
    let detail = admin
        .get(format!("{}/registers/mediations/{id}", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(detail.contains("修改历史") && detail.contains("新增") && detail.contains("修改"));
    let form = admin
        .post(format!("{}/registers/mediations", server.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("org", "520203-sfj"),
            ("case_no", "六枝调〔2024〕5号"),
            ("received_date", "昨天"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = form.text().await.unwrap();
    assert!(
        html.contains("field-error") && html.contains("昨天"),
        "the form keeps the input and marks the field"
    );

    let audit = admin
        .get(format!("{}/audit?entity=mediation_case", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        audit.contains("人民调解案件 "),
        "{label}: register entries are named in the audit browser"
    );
    let gone = admin
        .delete(format!("{url}/{id}"))
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        admin
            .get(format!("{url}/{id}"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    let unknown = admin
        .get(format!("{}/api/v1/no-such-register", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let doc: Value = admin
        .get(format!("{}/api/openapi.json", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // One path pair and schema per register, generated from its definition.
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/v1/{register}"].is_null());
    assert_eq!(
        doc["paths"]["/api/v1/mediations"]["post"]["requestBody"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/MediationsInput"
    );
    let input = &doc["components"]["schemas"]["MediationsInput"];
    let required: Vec<&str> = input["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        required,
        [
            "org",
            "case_no",
            "dispute_type",
            "parties_count",
            "received_date"
        ]
    );
    let outcome = &doc["components"]["schemas"]["Mediations"]["properties"]["outcome"];
    assert_eq!(outcome["enum"][0], "success");
    assert!(
        outcome["description"]
            .as_str()
            .is_some_and(|d| d.contains("success = 成功"))
    );
    let put = &doc["paths"]["/api/v1/mediations/{id}"]["put"];
    assert!(put["parameters"].as_array().is_some_and(|p| {
        p.iter()
            .any(|p| p["name"] == "X-CSRF-Token" && p["in"] == "header")
    }));
    assert_eq!(
        put["responses"]["422"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
}

fazhi_store::test_each_backend!(capped_counts, capped_counts_on);

/// A list counts at most 10,000 records and a text search at most 1,000 (more are shown as
/// 「余条」 with a link to the exact count), so that a common word's count does not cost more
/// than its page.
async fn capped_counts_on(db: TestDb) {
    let server = start(&db).await;
    let label = db.label;
    let store = fazhi_store::Store::open(&db.url).await.unwrap();
    let def = fazhi_domain::register::by_key("mediations").unwrap();
    let records = (1..=1_001)
        .map(|i| {
            let raw: std::collections::BTreeMap<String, String> = [
                ("case_no", format!("计数调〔2024〕{i}号")),
                ("dispute_type", "邻里".to_owned()),
                ("parties_count", "2".to_owned()),
                ("received_date", "2024-03-05".to_owned()),
                ("concluded_date", "2024-03-20".to_owned()),
                ("outcome", "成功".to_owned()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
            def.parse(&raw).unwrap()
        })
        .collect();
    let sys = store.unscoped_system("test");
    fazhi_store::testing::import_as_file(&sys, def, "520203-sfj", records)
        .await
        .unwrap();
    let (admin, _) = api_login(&server, "admin").await;
    let page = |query: &str| {
        let url = format!("{}/api/v1/mediations?limit=5&{query}", server.base);
        let admin = admin.clone();
        async move {
            let body: Value = admin.get(url).send().await.unwrap().json().await.unwrap();
            (
                body["total"].as_i64().unwrap(),
                body["total_exact"].as_bool().unwrap(),
            )
        }
    };
    assert_eq!(
        page("").await,
        (1_001, true),
        "{label}: a list counts 10,000"
    );
    let word = "q=%E8%AE%A1%E6%95%B0%E8%B0%83"; // 计数调
    assert_eq!(
        page(word).await,
        (1_001, false),
        "{label}: a search counts 1,000"
    );
    assert_eq!(
        page(&format!("{word}&count=exact")).await,
        (1_001, true),
        "{label}"
    );
    let html = admin
        .get(format!("{}/registers/mediations?{word}", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("共 1,000 余条"), "{label}: {html}");
    assert!(html.contains("count=exact"), "{label}");
}

fazhi_store::test_each_backend!(delete_asks_first, delete_asks_first_on);

/// Deleting from a record's page first asks, naming the record; only the confirmation deletes.
async fn delete_asks_first_on(db: TestDb) {
    let server = start(&db).await;
    let label = db.label;
    let (admin, csrf) = api_login(&server, "admin").await;
    let url = format!("{}/api/v1/mediations", server.base);
    let created = post_json(&admin, &url, &csrf, &mediation("六枝调〔2024〕77号")).await;
    let id = created.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let delete = format!("{}/registers/mediations/{id}/delete", server.base);
    let asked = admin
        .post(&delete)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::OK, "{label}");
    let page = asked.text().await.unwrap();
    assert!(
        page.contains("确认删除") && page.contains("六枝调〔2024〕77号"),
        "{label}: {page}"
    );
    let record = format!("{url}/{id}");
    let still = admin.get(&record).send().await.unwrap().status();
    assert_eq!(
        still,
        StatusCode::OK,
        "{label}: not deleted by the first press"
    );
    let done = admin
        .post(&delete)
        .form(&[("csrf", csrf.as_str()), ("confirm", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER, "{label}");
    let location = done.headers()["location"].to_str().unwrap().to_owned();
    let list = admin
        .get(format!("{}{location}", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.contains("已删除人民调解案件「六枝调〔2024〕77号」"),
        "{label}: {list}"
    );
    let gone = admin.get(&record).send().await.unwrap().status();
    assert_eq!(gone, StatusCode::NOT_FOUND, "{label}");
}
