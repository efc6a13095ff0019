//! The clerk's daily screens (issue 25) on every backend: the audit page in words with date
//! filters and its Excel export in the reader's scope; 「暂无数据」 on empty lists; thousands
//! separators; citizen ids masked in lists only; 返回列表 keeping the filters; no internal
//! keys, 「JSON」 link or empty 「」 on a page.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::io::Read;

use common::{api_login, dotted_key, page_text, post_json, seed, serve, visible};
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_store::testing::TestDb;
use fazhi_store::{NewUser, Store};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The seeded site plus an office account of 钟山区 (it reads the audit of its county only).
async fn site(db: &TestDb) -> common::Server {
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let office = NewUser {
        username: "office".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Office,
        org_code: "520201".into(),
        scope: ScopeKind::Subtree,
    };
    store
        .unscoped_system("test")
        .create_user(office)
        .await
        .unwrap();
    serve(store, fazhi_web::ServerSettings::default()).await
}

fn mediation(org: &str, no: &str, amount: &str) -> Value {
    json!({
        "org": org, "case_no": no, "dispute_type": "邻里", "parties_count": 2,
        "received_date": "2024-03-05", "concluded_date": "2024-03-20", "outcome": "成功",
        "agreement_amount": amount, "judicial_confirmation": false
    })
}

/// A page with `&` as it was before HTML escaping (askama writes `&#38;`).
fn unescaped(html: &str) -> String {
    html.replace("&#38;", "&").replace("&amp;", "&")
}

/// The shared strings of an xlsx workbook (its cell texts).
fn xlsx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fazhi_store::test_each_backend!(audit_in_words, audit_in_words_on);

/// The audit page shows labels and 元, names the record, filters by Beijing date and exports
/// what the reader may see, nothing more.
async fn audit_in_words_on(db: TestDb) {
    let label = db.label;
    let server = site(&db).await;
    let (admin, csrf) = api_login(&server, "admin").await;
    let url = format!("{}/api/v1/mediations", server.base);
    let body = mediation("520203-sfj", "六枝调〔2024〕1号", "1234567.89");
    let created: Value = post_json(&admin, &url, &csrf, &body)
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    let mut changed = body.clone();
    changed["agreement_amount"] = json!("2000000.00");
    changed["dispute_type"] = json!("合同");
    let res = admin
        .put(format!("{url}/{id}"))
        .header("x-csrf-token", &csrf)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{label}");
    let zhongshan = mediation("520201", "钟山调〔2024〕1号", "10.00");
    assert_eq!(
        post_json(&admin, &url, &csrf, &zhongshan).await.status(),
        StatusCode::CREATED
    );

    let today = fazhi_store::clock::beijing_today();
    let page = page_text(
        &admin,
        &format!("{}/audit?from={today}&to={today}", server.base),
    )
    .await;
    let shown = visible(&page);
    assert!(
        shown.contains("协议金额(元): 1,234,567.89 → 2,000,000.00"),
        "{label}: {shown}"
    );
    assert!(shown.contains("纠纷类型: 邻里 → 合同"), "{label}");
    assert!(shown.contains("人民调解案件 六枝调〔2024〕1号"), "{label}");
    // The update lists what changed only; the creation every field with a value.
    assert_eq!(
        shown.matches("案件编号: 六枝调〔2024〕1号").count(),
        1,
        "{label}"
    );
    assert!(
        shown.contains("账号 clerk") || shown.contains("账号 admin"),
        "{label}"
    );
    for internal in ["agreement_amount", "{\"", "其他 ", "record", "values"] {
        assert!(!shown.contains(internal), "{label}: {internal} shown");
    }
    assert!(
        page.contains(&format!("href=\"/registers/mediations/{id}\"")),
        "{label}: the record is linked"
    );

    // 对象编号 takes the record's number as a clerk types it, brackets and all.
    let by_number = visible(
        &page_text(
            &admin,
            &format!("{}/audit?entity_id=六枝调[2024]1号", server.base),
        )
        .await,
    );
    assert!(
        by_number.contains("共 2 条") && by_number.contains("纠纷类型: 邻里 → 合同"),
        "{label}: {by_number}"
    );
    assert!(!by_number.contains("钟山调"), "{label}: another record");
    // Days before or after today hold nothing.
    let tomorrow = today.succ_opt().unwrap();
    let later = page_text(&admin, &format!("{}/audit?from={tomorrow}", server.base)).await;
    assert!(
        later.contains("暂无数据") && later.contains("共 0 条"),
        "{label}"
    );
    let yesterday = today.pred_opt().unwrap();
    let earlier = page_text(&admin, &format!("{}/audit?to={yesterday}", server.base)).await;
    assert!(earlier.contains("共 0 条"), "{label}");
    let bad = admin
        .get(format!("{}/audit?from=2024-02-30", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST, "{label}");

    // The export of the same filter: the page's words, in the reader's scope.
    let export = |client: reqwest::Client| {
        let url = format!(
            "{}/audit/export?from={today}&entity=mediation_case",
            server.base
        );
        async move {
            let res = client.get(url).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            xlsx_text(&res.bytes().await.unwrap())
        }
    };
    let all = export(admin.clone()).await;
    assert!(all.contains("1,234,567.89 → 2,000,000.00"), "{label}");
    assert!(all.contains("钟山调〔2024〕1号"), "{label}");
    let (office, _) = api_login(&server, "office").await;
    let county = export(office).await;
    assert!(county.contains("钟山调〔2024〕1号"), "{label}: {county}");
    assert!(
        !county.contains("六枝调"),
        "{label}: another county's entry exported"
    );
}

fazhi_store::test_each_backend!(lists_read_well, lists_read_well_on);

/// Empty lists say so; amounts and totals are grouped; citizen ids are masked in the list and
/// whole on the record page; credit codes are never masked.
async fn lists_read_well_on(db: TestDb) {
    let label = db.label;
    let server = site(&db).await;
    let (admin, csrf) = api_login(&server, "admin").await;
    let list_url = format!("{}/registers/enforcement-cases", server.base);
    for empty in [
        list_url.clone(),
        format!("{}/alerts", server.base),
        format!("{}/audit?from=2099-01-01", server.base),
        format!("{}/registers/mediations", server.base),
    ] {
        let page = page_text(&admin, &empty).await;
        assert!(page.contains("暂无数据"), "{label}: {empty}");
    }

    let citizen = fazhi_domain::CitizenId::with_check_char("52020119900307123").unwrap();
    let citizen = citizen.as_str().to_owned();
    let url = format!("{}/api/v1/enforcement-cases", server.base);
    let person = json!({
        "org": "520201", "case_code": "钟山许〔2024〕1号", "kind": "许可", "party_name": "王某",
        "party_type": "自然人", "party_id": citizen, "filed_date": "2024-03-05", "status": "办理中"
    });
    let company = json!({
        "org": "520201", "case_code": "钟山许〔2024〕2号", "kind": "许可", "party_name": "华为",
        "party_type": "法人", "party_id": "914403001922038216", "filed_date": "2024-03-06",
        "status": "办理中"
    });
    let mut ids = Vec::new();
    for case in [person, company] {
        let res = post_json(&admin, &url, &csrf, &case).await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{label}: {body}");
        ids.push(body["id"].as_i64().unwrap());
    }
    let list = page_text(&admin, &list_url).await;
    assert!(!list.contains("暂无数据"), "{label}");
    let masked = format!("5202**********{}", &citizen[14..]);
    assert!(list.contains(&masked), "{label}: {list}");
    assert!(
        !list.contains(&citizen),
        "{label}: a full citizen id in a list"
    );
    assert!(
        list.contains("914403001922038216"),
        "{label}: credit code masked"
    );
    let record = page_text(&admin, &format!("{list_url}/{}", ids[0])).await;
    assert!(
        record.contains(&citizen),
        "{label}: the record page shows it whole"
    );

    // Amounts on the record page grouped; the edit form keeps plain digits.
    let med_url = format!("{}/api/v1/mediations", server.base);
    let body = mediation("520201", "钟山调〔2024〕5号", "1234567.89");
    let created: Value = post_json(&admin, &med_url, &csrf, &body)
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    let record_url = format!("{}/registers/mediations/{id}", server.base);
    assert!(
        page_text(&admin, &record_url)
            .await
            .contains("1,234,567.89"),
        "{label}"
    );
    let form = page_text(&admin, &format!("{record_url}/edit")).await;
    assert!(form.contains("value=\"1234567.89\""), "{label}: {form}");
}

fazhi_store::test_each_backend!(back_to_the_list, back_to_the_list_on);

/// From a filtered list to a record, its edit and its deletion, and back to the same list.
async fn back_to_the_list_on(db: TestDb) {
    let label = db.label;
    let server = site(&db).await;
    let base = &server.base;
    let (admin, csrf) = api_login(&server, "admin").await;
    let url = format!("{base}/api/v1/mediations");
    let body = mediation("520203-sfj", "六枝调〔2024〕9号", "100.00");
    let created: Value = post_json(&admin, &url, &csrf, &body)
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();

    let list_url = format!("{base}/registers/mediations?q=六枝&org=520203&page=1");
    let list = unescaped(&page_text(&admin, &list_url).await);
    let back = "back=q%3D%25E5%2585%25AD%25E6%259E%259D%26org%3D520203%26page%3D1";
    let link = format!("/registers/mediations/{id}?{back}");
    assert!(list.contains(&link), "{label}: {list}");
    let record = unescaped(&page_text(&admin, &format!("{base}{link}")).await);
    let list_href = "href=\"/registers/mediations?q=%E5%85%AD%E6%9E%9D&org=520203&page=1\"";
    assert!(record.contains(list_href), "{label}: {record}");
    assert!(
        record.contains(&format!("/registers/mediations/{id}/edit?{back}")),
        "{label}"
    );

    // A hostile `back` cannot lead off the list.
    let hostile = page_text(
        &admin,
        &format!("{base}/registers/mediations/{id}?back=%2F%2Fevil.example%2Fx"),
    )
    .await;
    assert!(
        hostile.contains("href=\"/registers/mediations\">返回"),
        "{label}"
    );
    assert!(!hostile.contains("evil.example\""), "{label}");

    // Saving the edit form comes back to the record, still knowing the list.
    let edit_url = format!("{base}/registers/mediations/{id}/edit?{back}");
    let edit = unescaped(&page_text(&admin, &edit_url).await);
    assert!(edit.contains(list_href), "{label}: the form's 返回列表");
    let mut form: Vec<(String, String)> = body
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().map_or(v.to_string(), str::to_owned)))
        .collect();
    form.retain(|(k, _)| k != "judicial_confirmation");
    form.push(("csrf".into(), csrf.clone()));
    form.push(("back".into(), "q=六枝&org=520203&page=1".into()));
    let saved = admin
        .post(format!("{base}/registers/mediations/{id}"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), StatusCode::SEE_OTHER, "{label}");
    let location = saved.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.ends_with(back), "{label}: {location}");

    // Deleting returns to the same list with the message.
    let deleted = admin
        .post(format!("{base}/registers/mediations/{id}/delete"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("confirm", "1"),
            ("back", "q=六枝&org=520203&page=1"),
        ])
        .send()
        .await
        .unwrap();
    let location = deleted.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/registers/mediations?q=%E5%85%AD%E6%9E%9D&org=520203&page=1&msg="),
        "{label}: {location}"
    );
}

fazhi_store::test_each_backend!(no_internals_shown, no_internals_shown_on);

/// Rule keys, catalog keys, a 「JSON」 link and an empty 「」 reach no page.
async fn no_internals_shown_on(db: TestDb) {
    let label = db.label;
    let server = site(&db).await;
    let base = &server.base;
    let (admin, csrf) = api_login(&server, "admin").await;
    let case = json!({
        "org": "520203-sfj", "case_no": "六枝复〔2024〕1号", "applicant": "王某", "respondent": "某局",
        "act_challenged": "行政处罚", "received_date": "2024-05-06", "acceptance": "受理",
        "acceptance_date": "2024-05-10", "procedure": "普通程序"
    });
    let res = post_json(
        &admin,
        &format!("{base}/api/v1/reconsiderations"),
        &csrf,
        &case,
    )
    .await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let record = page_text(&admin, &format!("{base}/registers/reconsiderations/{id}")).await;
    assert!(
        record.contains("行政复议申请受理审查"),
        "{label}: the rule by its name"
    );
    // Received before the 2023 law's rules were in force: the clock cannot be computed, and
    // says so naming the rule, not its key.
    let mut older = case.clone();
    older["case_no"] = json!("六枝复〔2023〕1号");
    older["received_date"] = json!("2023-11-13");
    older["acceptance_date"] = json!("2023-11-14");
    let res = post_json(
        &admin,
        &format!("{base}/api/v1/reconsiderations"),
        &csrf,
        &older,
    )
    .await;
    let old_id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let old_record = page_text(
        &admin,
        &format!("{base}/registers/reconsiderations/{old_id}"),
    )
    .await;
    assert!(
        old_record.contains("期限规则「行政复议申请受理审查」在 2023-11-13 没有施行中的版本"),
        "{label}: {old_record}"
    );

    // A duplicate number on the form names the field, with no empty 「」 before it.
    let body = mediation("520203-sfj", "六枝调〔2024〕3号", "1.00");
    post_json(&admin, &format!("{base}/api/v1/mediations"), &csrf, &body).await;
    let form: Vec<(String, String)> = body
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| k.as_str() != "judicial_confirmation")
        .map(|(k, v)| (k.clone(), v.as_str().map_or(v.to_string(), str::to_owned)))
        .chain([("csrf".to_owned(), csrf.clone())])
        .collect();
    let res = admin
        .post(format!("{base}/registers/mediations"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{label}");
    let rejected = res.text().await.unwrap();
    assert!(
        rejected.contains("「案件编号」六枝调〔2024〕3号 已存在"),
        "{label}"
    );

    let mut pages = vec![
        record,
        old_record,
        rejected,
        format!("{base}/dashboard?org=520200&period=2024"),
        format!("{base}/reported?org=520200&period=2024"),
        format!("{base}/annual-report?org=520200&year=2024"),
        format!("{base}/audit"),
        format!("{base}/alerts"),
    ];
    for page in pages.iter_mut().skip(3) {
        *page = page_text(&admin, page).await;
    }
    for page in &pages {
        let shown = visible(page);
        assert!(!shown.contains("「」"), "{label}: empty 「」");
        assert!(!shown.contains("JSON"), "{label}: a JSON link");
        assert_eq!(dotted_key(&shown), None, "{label}: a key shown: {shown}");
    }
}

fazhi_store::test_each_backend!(audit_pages_like_lists, audit_pages_like_lists_on);

/// The audit page pages as the register lists do (issue 25): page numbers, the last page, and a
/// jump-to-page form that keeps the filter.
async fn audit_pages_like_lists_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let sys = store.unscoped_system("test");
    let def = fazhi_domain::register::by_key("mediations").unwrap();
    for i in 0..60 {
        let raw: std::collections::BTreeMap<String, String> = [
            ("case_no", format!("钟山人调〔2024〕{i}号")),
            ("dispute_type", "邻里".into()),
            ("parties_count", "2".into()),
            ("received_date", "2024-05-06".into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        sys.create_record(def, "520201", def.parse(&raw).unwrap())
            .await
            .unwrap()
            .unwrap();
    }
    let server = serve(store, fazhi_web::ServerSettings::default()).await;
    let (admin, _) = api_login(&server, "admin").await;
    let url = format!("{}/audit?entity=mediation_case", server.base);
    let first = page_text(&admin, &url).await;
    assert!(visible(&first).contains("第 1 / 2 页"), "{label}");
    assert!(
        first.contains("<input type=\"hidden\" name=\"entity\" value=\"mediation_case\">"),
        "{label}: the jump keeps the filter"
    );
    assert!(
        first.contains("entity=mediation_case&amp;page=2\">末页"),
        "{label}"
    );
    let second = visible(&page_text(&admin, &format!("{url}&page=2")).await);
    assert!(second.contains("第 2 / 2 页"), "{label}");
    // Newest first: the second page holds the ten oldest entries.
    let shown: Vec<usize> = (0..60)
        .filter(|i| second.contains(&format!("钟山人调〔2024〕{i}号")))
        .collect();
    assert_eq!(shown, (0..10).collect::<Vec<_>>(), "{label}: 60 − 50");
}

fazhi_store::test_each_backend!(brackets_as_typed, brackets_as_typed_on);

/// A number typed with [ ] ( ) （ ） finds the record stored with 〔〕 (issue 25), in a register
/// list's search.
async fn brackets_as_typed_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let def = fazhi_domain::register::by_key("mediations").unwrap();
    let raw: std::collections::BTreeMap<String, String> = [
        ("case_no", "钟山人调〔2024〕7号"),
        ("dispute_type", "邻里"),
        ("parties_count", "2"),
        ("received_date", "2024-05-06"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    store
        .unscoped_system("test")
        .create_record(def, "520201", def.parse(&raw).unwrap())
        .await
        .unwrap()
        .unwrap();
    let server = serve(store, fazhi_web::ServerSettings::default()).await;
    let (admin, _) = api_login(&server, "admin").await;
    for typed in [
        "钟山人调[2024]7号",
        "钟山人调(2024)7号",
        "钟山人调（2024）7号",
    ] {
        let q: String = url_encode(typed);
        let page = visible(
            &page_text(
                &admin,
                &format!("{}/registers/mediations?q={q}", server.base),
            )
            .await,
        );
        assert!(
            page.contains("共 1 条") && page.contains("钟山人调〔2024〕7号"),
            "{label}: {typed}: {page}"
        );
    }
}

fn url_encode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}
