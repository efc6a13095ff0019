//! The review flow (issue 19) through the HTTP API on every backend: a town's form goes to its
//! county and a county's to the city — filled, checked on submit (an error blocks, a warning
//! needs a comment), returned with a reason, resubmitted, approved bottom-up; an approved or
//! submitted form refuses every write path; unapprove needs a reason; the indicators use
//! approved values unless asked otherwise; each role's 待办 and 站内信; scope everywhere.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{api_login, page_text, post_json, seed, serve, visible};
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::testing::TestDb;
use fazhi_store::{NewUser, Store};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A quarterly form of towns, counties and departments, reviewed by counties and the city.
const DEFINITIONS: &str = r#"
[[data_set]]
code = "test-q"
name = "测试季报"
period = "quarter"
keys = ["disputes.screened", "disputes.resolved"]
reporters = { kinds = ["township", "county", "department"] }
due = { working_days = 10 }
review = ["county", "city"]
"#;

/// The seeded site plus 岩脚镇 under 六枝特区, a clerk of the town and of the county's 司法局,
/// the county's office, and the test definitions.
async fn site(db: &TestDb) -> common::Server {
    site_with(db, Some(DEFINITIONS)).await
}

/// The same site with `definitions` in effect (`None`: the shipped ones).
async fn site_with(db: &TestDb, definitions: Option<&str>) -> common::Server {
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let sys = store.unscoped_system("test");
    let day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let town = NewOrgUnit::parse("520203101", "township", "岩脚镇", None, day).unwrap();
    sys.create_org(town, Some("520203")).await.unwrap();
    for (name, role, org, scope) in [
        ("town", Role::Clerk, "520203101", ScopeKind::Unit),
        ("sfj", Role::Clerk, "520203-sfj", ScopeKind::Unit),
        ("county", Role::Office, "520203", ScopeKind::Subtree),
    ] {
        let user = NewUser {
            username: name.into(),
            display_name: String::new(),
            password: "Fazhi@2024".into(),
            role,
            org_code: org.into(),
            scope,
        };
        sys.create_user(user).await.unwrap();
    }
    if let Some(text) = definitions {
        sys.save_data_sets(text).await.unwrap();
    }
    serve(store, fazhi_web::ServerSettings::default()).await
}

struct Actor {
    client: reqwest::Client,
    csrf: String,
    base: String,
}

impl Actor {
    async fn login(server: &common::Server, name: &str) -> Actor {
        let (client, csrf) = api_login(server, name).await;
        Actor {
            client,
            csrf,
            base: server.base.clone(),
        }
    }

    fn form_url(&self, org: &str) -> String {
        format!("{}/api/v1/forms/test-q/2024Q3/{org}", self.base)
    }

    async fn save(&self, org: &str, values: Value) -> (StatusCode, Value) {
        let res = self
            .client
            .put(self.form_url(org))
            .header("x-csrf-token", &self.csrf)
            .json(&json!({ "values": values }))
            .send()
            .await
            .unwrap();
        (res.status(), res.json().await.unwrap())
    }

    async fn step(&self, org: &str, step: &str, text: Option<&str>) -> (StatusCode, Value) {
        let url = format!("{}/{step}", self.form_url(org));
        let res = post_json(&self.client, &url, &self.csrf, &json!({ "text": text })).await;
        (res.status(), res.json().await.unwrap())
    }

    async fn status(&self, org: &str) -> String {
        let res = self.client.get(self.form_url(org)).send().await.unwrap();
        let body: Value = res.json().await.unwrap();
        body["form"]["status"].as_str().unwrap_or("").to_owned()
    }

    async fn page(&self, path: &str) -> String {
        visible(&page_text(&self.client, &format!("{}{path}", self.base)).await)
    }
}

async fn review_flow_on(db: TestDb) {
    let label = db.label;
    let server = site(&db).await;
    let admin = Actor::login(&server, "admin").await;
    let town = Actor::login(&server, "town").await;
    let sfj = Actor::login(&server, "sfj").await;
    let county = Actor::login(&server, "county").await;
    const TOWN: &str = "520203101";

    // Last year's figure, for the plausibility warning.
    let last = format!("{}/api/v1/forms/test-q/2023Q3/{TOWN}", admin.base);
    let res = admin
        .client
        .put(&last)
        .header("x-csrf-token", &admin.csrf)
        .json(&json!({"values": {"disputes.screened": 2}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{label}");

    // An error blocks the submission; the values stay saved as a draft.
    let (status, _) = town
        .save(
            TOWN,
            json!({"disputes.screened": 10, "disputes.resolved": 12}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{label}");
    assert_eq!(town.status(TOWN).await, "draft", "{label}");
    let (status, body) = town.step(TOWN, "submit", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {body}");
    assert_eq!(body["findings"][0]["severity"], "error", "{label}: {body}");
    assert!(
        body["findings"].to_string().contains("应不大于"),
        "{label}: {body}"
    );

    // A warning (10 against 2 last year) needs a comment.
    town.save(TOWN, json!({"disputes.resolved": 8})).await;
    let (status, body) = town.step(TOWN, "submit", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {body}");
    assert_eq!(body["needs_comment"], true, "{label}: {body}");
    let (status, body) = town.step(TOWN, "submit", Some("新设调解室,案件增加")).await;
    assert_eq!(status, StatusCode::OK, "{label}: {body}");
    assert_eq!(body["form"]["status"], "submitted", "{label}");

    // The form as a workbook: a row per indicator with the unit, the period and the saved value.
    let res = town
        .client
        .get(format!(
            "{}/forms/test-q/2024Q3/template?org={TOWN}",
            town.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{label}");
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    for want in [TOWN, "2024年第三季度", "排查矛盾纠纷数", "化解矛盾纠纷数"] {
        assert!(
            strings.contains(want),
            "{label}: {want} not in the workbook"
        );
    }

    // Submitted: no path writes the form's values.
    let (status, body) = town.save(TOWN, json!({"disputes.screened": 11})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{label}: {body}");
    assert!(
        body["error"].as_str().unwrap().contains("已上报待审核"),
        "{label}: {body}"
    );
    let form = [
        ("csrf", town.csrf.as_str()),
        ("org", TOWN),
        ("period", "2024Q3"),
        ("value.disputes.screened", "11"),
    ];
    let res = town
        .client
        .post(format!("{}/reported", town.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{label}: the 填报值 page"
    );
    // Another unit's clerk cannot see or touch the form; a clerk cannot review.
    let (status, _) = sfj.step(TOWN, "withdraw", None).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "{label}: another unit's form"
    );
    let (status, _) = town.step(TOWN, "approve", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{label}: a clerk approves");

    // The county's office sees it in its 待办, counted in the navigation of every page as the
    // home page lists it (another unit's clerk has nothing to do), and returns it; a return
    // needs a reason.
    let home = county.page("/").await;
    assert!(
        home.contains("审核「岩脚镇」《测试季报》2024年第三季度"),
        "{label}"
    );
    assert!(county.page("/forms").await.contains("待办 1"), "{label}");
    assert!(!sfj.page("/forms").await.contains("待办 "), "{label}");
    let (status, _) = county.step(TOWN, "return", None).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "{label}: a return without reason"
    );
    let (status, body) = county.step(TOWN, "return", Some("调解数与台账不符")).await;
    assert_eq!(status, StatusCode::OK, "{label}: {body}");
    let home = town.page("/").await;
    assert!(home.contains("已退回:调解数与台账不符"), "{label}: {home}");
    assert!(home.contains("待办 1"), "{label}: the returned form counts");
    assert!(
        home.contains("被退回,请修改后重新上报"),
        "{label}: the 站内信: {home}"
    );
    town.save(TOWN, json!({"disputes.screened": 9})).await;
    let (status, _) = town.step(TOWN, "submit", Some("已核实")).await;
    assert_eq!(status, StatusCode::OK, "{label}");

    // Approved values count; before, only with 含未审核数据.
    let screened = |body: &Value| body["indicators"]["disputes.screened"]["value"].as_f64();
    let url = |extra: &str| {
        format!(
            "{}/api/v1/indicators?org=520203&period=2024Q3{extra}",
            admin.base
        )
    };
    let approved: Value = admin
        .client
        .get(url(""))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        screened(&approved),
        None,
        "{label}: unapproved values do not count"
    );
    let all: Value = admin
        .client
        .get(url("&unapproved=1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(screened(&all), Some(9.0), "{label}");
    let (status, _) = county.step(TOWN, "approve", None).await;
    assert_eq!(status, StatusCode::OK, "{label}");
    let approved: Value = admin
        .client
        .get(url(""))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        screened(&approved),
        Some(9.0),
        "{label}: approved values count"
    );
    let (status, _) = admin.save(TOWN, json!({"disputes.screened": 1})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "{label}: even the admin cannot write a locked form"
    );

    // Bottom-up: the county's form waits for its 司法局's; a county does not review itself.
    county
        .save(
            "520203",
            json!({"disputes.screened": 3, "disputes.resolved": 3}),
        )
        .await;
    let (status, _) = county.step("520203", "submit", None).await;
    assert_eq!(status, StatusCode::OK, "{label}");
    let (status, _) = county.step("520203", "approve", None).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "{label}: the county approves its own form"
    );
    let (status, body) = admin.step("520203", "approve", None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{label}: {body}");
    assert!(
        body["error"].as_str().unwrap().contains("六枝特区司法局"),
        "{label}: {body}"
    );
    sfj.save(
        "520203-sfj",
        json!({"disputes.screened": 1, "disputes.resolved": 1}),
    )
    .await;
    sfj.step("520203-sfj", "submit", None).await;
    let (status, _) = county.step("520203-sfj", "approve", None).await;
    assert_eq!(status, StatusCode::OK, "{label}");
    let (status, _) = admin.step("520203", "approve", None).await;
    assert_eq!(status, StatusCode::OK, "{label}");

    // Unapprove runs top-down: the county's 司法局 stays approved while the county is.
    let (status, body) = county.step("520203-sfj", "unapprove", Some("复核")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{label}: {body}");
    assert!(
        body["error"].as_str().unwrap().contains("须先取消其审核"),
        "{label}: {body}"
    );

    // Unapprove needs a reason, goes back to the unit, and is audited with the state it ends.
    let (status, _) = admin.step("520203", "unapprove", Some(" ")).await;
    assert_eq!(status, StatusCode::CONFLICT, "{label}");
    let (status, body) = admin
        .step("520203", "unapprove", Some("汇总口径有误"))
        .await;
    assert_eq!(status, StatusCode::OK, "{label}");
    assert_eq!(body["form"]["status"], "returned", "{label}");
    let audit: Value = admin
        .client
        .get(format!("{}/api/v1/audit?entity=submission", admin.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let parsed = |e: &Value, side: &str| -> Value {
        serde_json::from_str(e[side].as_str().unwrap_or("null")).unwrap_or(Value::Null)
    };
    let entries = audit["items"].as_array().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| parsed(e, "before")["status"] == "approved"
                && parsed(e, "after")["step"] == "unapprove"),
        "{label}: {audit}"
    );

    // The 报送情况 page: due 2024-10-18 (after the National Day holiday), 4 reporting units.
    let page = admin.page("/review?set=test-q&period=2024Q3").await;
    assert!(page.contains("截止日期:2024-10-18"), "{label}: {page}");
    assert!(page.contains("应报单位4"), "{label}: {page}");

    // 报送情况 as indicators. The test runs after 2024, so every 2024 form is due and every
    // submission was late; 钟山区 never submitted. The city: 4 due, 3 submitted, none on time;
    // the county's subtree over the year: 4 quarters × 3 units due, 3 submitted.
    let figures = |org: &str, period: &str| {
        let url = format!("{}/api/v1/indicators?org={org}&period={period}", admin.base);
        let client = admin.client.clone();
        async move {
            let body: Value = client.get(url).send().await.unwrap().json().await.unwrap();
            [
                "review.forms_expected",
                "review.forms_submitted",
                "review.forms_on_time",
                "review.submission_rate",
                "review.timeliness_rate",
            ]
            .map(|key| body["indicators"][key]["value"].as_f64())
        }
    };
    assert_eq!(
        figures("520200", "2024Q3").await,
        [Some(4.0), Some(3.0), Some(0.0), Some(75.0), Some(0.0)],
        "{label}"
    );
    assert_eq!(
        figures("520203", "2024").await,
        [Some(12.0), Some(3.0), Some(0.0), Some(25.0), Some(0.0)],
        "{label}"
    );
    // They are counted, never entered.
    let store = Store::open(&db.url).await.unwrap();
    let row = fazhi_store::ReportedInput {
        line: 1,
        org_code: Some("520203".into()),
        period: "2024".into(),
        indicator_key: "review.forms_expected".into(),
        value: 1.0,
        note: None,
        qualifier: None,
    };
    let outcome = store
        .unscoped_system("test")
        .save_reported_values(vec![row], &Default::default())
        .await
        .unwrap();
    assert!(!outcome.committed, "{label}");
    assert!(
        outcome.problems[0].message.contains("报送情况"),
        "{label}: {:?}",
        outcome.problems
    );
}
fazhi_store::test_each_backend!(review_flow, review_flow_on);

async fn bad_definitions_on(db: TestDb) {
    let label = db.label;
    let server = site(&db).await;
    let admin = Actor::login(&server, "admin").await;
    let county = Actor::login(&server, "county").await;
    let bad = DEFINITIONS
        .replace("quarter", "weekly")
        .replace("disputes.screened", "no.key");
    let form = [("csrf", admin.csrf.as_str()), ("body", bad.as_str())];
    let res = admin
        .client
        .post(format!("{}/datasets", admin.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{label}");
    let page = visible(&res.text().await.unwrap());
    assert!(
        page.contains("周期「weekly」无效") && page.contains("「no.key」不是指标目录中的指标"),
        "{label}: {page}"
    );
    let sets: Value = admin
        .client
        .get(format!("{}/api/v1/data-sets", admin.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        sets[0]["code"], "test-q",
        "{label}: nothing half-saved: {sets}"
    );
    let form = [("csrf", county.csrf.as_str()), ("body", DEFINITIONS)];
    let res = county
        .client
        .post(format!("{}/datasets", county.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "{label}: a county office edits the city's forms"
    );
}
fazhi_store::test_each_backend!(bad_definitions, bad_definitions_on);

/// Each unit's own annual report is collected through the shipped 「法治政府建设年度报告」 form:
/// it cannot be submitted unwritten, is locked once submitted, accepted by the county, then
/// published with a date.
async fn report_collection_on(db: TestDb) {
    let label = db.label;
    let server = site_with(&db, None).await;
    let sfj = Actor::login(&server, "sfj").await;
    let county = Actor::login(&server, "county").await;
    let url = |org: &str, step: &str| {
        format!("{}/api/v1/forms/annual-report/2024/{org}/{step}", sfj.base)
    };
    let submit = post_json(
        &sfj.client,
        &url("520203-sfj", "submit"),
        &sfj.csrf,
        &json!({}),
    )
    .await;
    assert_eq!(submit.status(), StatusCode::UNPROCESSABLE_ENTITY, "{label}");
    let body: Value = submit.json().await.unwrap();
    assert!(
        body["findings"].to_string().contains("年度报告尚未撰写"),
        "{label}: {body}"
    );
    let write = |text: &str| {
        [
            ("csrf", sfj.csrf.clone()),
            ("org", "520203-sfj".to_owned()),
            ("year", "2024".to_owned()),
            ("slot.opening", text.to_owned()),
        ]
    };
    let narrative = format!("{}/annual-report/narrative", sfj.base);
    let res = sfj
        .client
        .post(&narrative)
        .form(&write("2024年,本局……"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");
    let submit = post_json(
        &sfj.client,
        &url("520203-sfj", "submit"),
        &sfj.csrf,
        &json!({}),
    )
    .await;
    assert_eq!(submit.status(), StatusCode::OK, "{label}");
    let res = sfj
        .client
        .post(&narrative)
        .form(&write("改写"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "{label}: a submitted report is locked"
    );
    let text = page_text(
        &sfj.client,
        &format!("{}/annual-report?org=520203-sfj&year=2024", sfj.base),
    )
    .await;
    assert!(visible(&text).contains("报送状态:已上报待审核"), "{label}");
    let publish = post_json(
        &county.client,
        &url("520203-sfj", "publish"),
        &county.csrf,
        &json!({"text": "2025-03-28"}),
    )
    .await;
    assert_eq!(
        publish.status(),
        StatusCode::CONFLICT,
        "{label}: published before it is accepted"
    );
    let approve = post_json(
        &county.client,
        &url("520203-sfj", "approve"),
        &county.csrf,
        &json!({}),
    )
    .await;
    assert_eq!(approve.status(), StatusCode::OK, "{label}");
    let publish = post_json(
        &county.client,
        &url("520203-sfj", "publish"),
        &county.csrf,
        &json!({"text": "2025-03-28"}),
    )
    .await;
    assert_eq!(publish.status(), StatusCode::OK, "{label}");
    let body: Value = publish.json().await.unwrap();
    assert_eq!(
        body["form"]["published_at"], "2025-03-28",
        "{label}: {body}"
    );
    let page = county.page("/review?set=annual-report&period=2024").await;
    assert!(page.contains("已发布 2025-03-28"), "{label}: {page}");
}
fazhi_store::test_each_backend!(report_collection, report_collection_on);
