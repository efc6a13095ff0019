//! HTTP tests against a real server bound to port 0 with a fresh database, on every backend.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{Server, api_login, client, page_text, post_json, start};
use fazhi_store::testing::TestDb;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn login_and_bad_password(server: &Server) {
    let res = client()
        .post(format!("{}/api/v1/login", server.base))
        .json(&json!({"username": "admin", "password": "nope12345"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "用户名或密码错误");
    let anonymous = client()
        .get(format!("{}/api/v1/orgs", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let page = client()
        .get(format!("{}/orgs", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(page.headers()["location"], "/login");
}

async fn clerk_sees_only_own_county(server: &Server) {
    let (c, _) = api_login(server, "clerk").await;
    let orgs: Vec<Value> = c
        .get(format!("{}/api/v1/orgs", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = orgs.iter().map(|o| o["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["520201"]);
    assert_eq!(orgs[0]["parent_code"], "520200");
    assert_eq!(orgs[0]["name"], "钟山区");
    for path in [
        "/api/v1/orgs/520203",
        "/api/v1/orgs/520203-sfj",
        "/api/v1/orgs/520203/history",
        "/orgs/520203",
    ] {
        let res = c
            .get(format!("{}{path}", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let page = page_text(&c, &format!("{}/orgs", server.base)).await;
    assert!(page.contains("钟山区") && !page.contains("六枝特区"));
    let audit = c
        .get(format!("{}/api/v1/audit", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(audit.status(), StatusCode::FORBIDDEN);
}

async fn csrf_is_required(server: &Server) {
    let (c, csrf) = api_login(server, "admin").await;
    let body = json!({"code": "520201-sfj", "kind": "department", "name": "钟山区司法局", "parent_code": "520201"});
    let without = c
        .post(format!("{}/api/v1/orgs", server.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), StatusCode::FORBIDDEN);
    let wrong = c
        .post(format!("{}/api/v1/orgs", server.base))
        .header("x-csrf-token", "0".repeat(64))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    let form = c
        .post(format!("{}/orgs", server.base))
        .form(&[
            ("csrf", "forged"),
            ("code", "520201-sfj"),
            ("kind", "department"),
            ("name", "钟山区司法局"),
            ("parent_code", "520201"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
    let login_form = client()
        .post(format!("{}/login", server.base))
        .form(&[
            ("username", "admin"),
            ("password", "Fazhi@2024"),
            ("csrf", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login_form.status(), StatusCode::FORBIDDEN);
    // Nothing was written by the refused requests; the right token works.
    let ok = post_json(&c, &format!("{}/api/v1/orgs", server.base), &csrf, &body).await;
    assert_eq!(ok.status(), StatusCode::CREATED);
}

async fn bad_input_is_4xx_in_chinese(server: &Server) {
    let (c, csrf) = api_login(server, "admin").await;
    let post = |body: Value| {
        c.post(format!("{}/api/v1/orgs", server.base))
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };
    let bad_region =
        post(json!({"code": "99020", "kind": "county", "name": "某区", "parent_code": "520200"}))
            .await
            .unwrap();
    assert_eq!(bad_region.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = bad_region.json().await.unwrap();
    assert_eq!(body["field"], "机构代码");
    let bad_credit = post(json!({"code": "520201-scjg", "kind": "department", "name": "钟山区市场监管局", "parent_code": "520201", "credit_code": "91310115MA1G4L1WXK"})).await.unwrap();
    assert_eq!(bad_credit.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = bad_credit.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("校验位错误"),
        "{body}"
    );
    let unknown_parent =
        post(json!({"code": "520202", "kind": "county", "name": "某区", "parent_code": "520299"}))
            .await
            .unwrap();
    assert_eq!(unknown_parent.status(), StatusCode::NOT_FOUND);
    let duplicate = post(
        json!({"code": "520203", "kind": "county", "name": "六枝特区", "parent_code": "520200"}),
    )
    .await
    .unwrap();
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
    let garbage = c
        .post(format!("{}/api/v1/orgs", server.base))
        .header("x-csrf-token", &csrf)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let cycle = c
        .put(format!("{}/api/v1/orgs/520200", server.base))
        .header("x-csrf-token", &csrf)
        .json(&json!({"parent_code": "520203"}))
        .send()
        .await
        .unwrap();
    assert_eq!(cycle.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = cycle.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("循环")
            || body["error"].as_str().unwrap().contains("不能设在"),
        "{body}"
    );
    let orgs: Vec<Value> = c
        .get(format!("{}/api/v1/orgs", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        orgs.iter()
            .all(|o| o["code"] != "520202" && o["code"] != "99020")
    );
}

async fn org_forms_rename_and_move(server: &Server) {
    let (c, csrf) = api_login(server, "admin").await;
    let post = |path: &str, fields: Vec<(&'static str, String)>| {
        let mut form = vec![("csrf", csrf.clone())];
        form.extend(fields);
        c.post(format!("{}{path}", server.base)).form(&form).send()
    };
    let renamed = post(
        "/orgs/520203-sfj/edit",
        vec![
            ("name", "六枝特区司法局(更名)".into()),
            ("credit_code", String::new()),
            ("effective", "2024-06-01".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(renamed.status(), StatusCode::SEE_OTHER);
    let moved = post(
        "/orgs/520203-sfj/move",
        vec![
            ("parent_code", "520200".into()),
            ("effective", "2024-07-01".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    let org: Value = c
        .get(format!("{}/api/v1/orgs/520203-sfj", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (org["name"].as_str(), org["parent_code"].as_str()),
        (Some("六枝特区司法局(更名)"), Some("520200"))
    );
    let history: Vec<Value> = c
        .get(format!("{}/api/v1/orgs/520203-sfj/history", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(history.len(), 3, "created, renamed, moved");
    let bad = post(
        "/orgs/520203-sfj/move",
        vec![
            ("parent_code", "520299".into()),
            ("effective", "2024-08-01".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(bad.status(), StatusCode::NOT_FOUND);
}

async fn openapi_and_health(server: &Server) {
    let doc: Value = client()
        .get(format!("{}/api/openapi.json", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["paths"]["/api/v1/orgs"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/login"]["post"].is_object());
    let health = client()
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let css = client()
        .get(format!("{}/static/app.css", server.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !css.contains("http://") && !css.contains("https://"),
        "no remote assets"
    );
}

fazhi_store::test_each_backend!(http_suite, http_suite_on);

async fn http_suite_on(db: TestDb) {
    let server = start(&db).await;
    login_and_bad_password(&server).await;
    clerk_sees_only_own_county(&server).await;
    csrf_is_required(&server).await;
    bad_input_is_4xx_in_chinese(&server).await;
    org_forms_rename_and_move(&server).await;
    openapi_and_health(&server).await;
}

fazhi_store::test_each_backend!(
    org_pages_name_the_parent_and_default_the_kind,
    org_pages_name_the_parent_and_default_the_kind_on
);

/// A unit's page names its parent and offers a sub-unit form with the usual kind selected; a
/// kind that does not fit the code is blamed on both, at the top of the page.
async fn org_pages_name_the_parent_and_default_the_kind_on(db: TestDb) {
    let server = start(&db).await;
    let (c, csrf) = api_login(&server, "admin").await;
    let html = page_text(&c, &format!("{}/orgs/520203", server.base)).await;
    assert!(html.contains("六盘水市(520200)"), "parent named");
    assert!(html.contains("新增下级机构"));
    assert!(html.contains("<option value=\"department\" selected>"));
    assert!(html.contains("value=\"520203-\""));
    let res = c
        .post(format!("{}/orgs", server.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("parent_code", "520203"),
            ("kind", "county"),
            ("code", "520203-wjw"),
            ("name", "六枝特区卫生健康局"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    let top = html.find("新增机构未成功").expect("error at the top");
    assert!(top < html.find("<table").unwrap_or(usize::MAX));
    assert!(
        html.contains("「类别」") && html.contains("政府工作部门"),
        "{html}"
    );
}
