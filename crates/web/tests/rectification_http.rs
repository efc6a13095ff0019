//! 问题整改 and the 督办函 over HTTP on both backends: the office lists a unit's problems past
//! their 整改时限, sends a letter (a 公文 DOCX naming each problem), and the letter's 文号 is
//! recorded on each problem with the letter among its files; a clerk cannot send one, a county
//! office cannot reach a unit outside its subtree, and a letter without a 文号 is refused in
//! Chinese.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::collections::BTreeMap;
use std::io::Read;

use common::{api_login, page_text, seed, serve, visible};
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::register::by_key;
use fazhi_store::testing::TestDb;
use fazhi_store::{NewUser, Store};
use reqwest::StatusCode;

fn problem(no: &str, due: &str, status: &str, rectified: Option<&str>) -> BTreeMap<String, String> {
    let mut raw: BTreeMap<String, String> = [
        ("problem_no", no),
        ("source", "案卷评查"),
        ("found_date", "2024-03-01"),
        ("description", "案卷缺少送达回证"),
        ("due_date", due),
        ("status", status),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    if let Some(day) = rectified {
        raw.insert("rectified_date".into(), day.into());
        raw.insert("measures".into(), "补齐送达回证".into());
        raw.insert("evidence".into(), "六枝司报〔2024〕9号整改报告".into());
    }
    raw
}

fazhi_store::test_each_backend!(supervision_letter, supervision_letter_on);

async fn supervision_letter_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let sys = store.unscoped_system("test");
    sys.create_user(NewUser {
        username: "county".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Office,
        org_code: "520203".into(),
        scope: ScopeKind::Subtree,
    })
    .await
    .unwrap();
    let def = by_key("rectifications").unwrap();
    let mut ids = Vec::new();
    for (org, raw) in [
        (
            "520203-sfj",
            problem("评查-001", "2024-05-31", "整改中", None),
        ),
        (
            "520203-sfj",
            problem("评查-002", "2024-04-30", "待整改", None),
        ),
        (
            "520203-sfj",
            problem("评查-003", "2024-05-31", "申请销号", Some("2024-05-20")),
        ),
        ("520201", problem("评查-101", "2024-05-31", "待整改", None)),
    ] {
        let stored = sys
            .create_record(def, org, def.parse(&raw).unwrap())
            .await
            .unwrap()
            .unwrap();
        ids.push(stored.id);
    }
    let server = serve(store.clone(), fazhi_web::ServerSettings::default()).await;
    let url = format!("{}/rectifications/letter", server.base);

    // The county's office sees the department's two overdue problems, oldest time limit first.
    let (county, csrf) = api_login(&server, "county").await;
    let page = visible(&page_text(&county, &format!("{url}?org=520203-sfj")).await);
    assert!(
        page.contains("超过整改时限未整改的问题 2 个"),
        "{label}: {page}"
    );
    let (first, second) = (
        page.find("评查-002").unwrap(),
        page.find("评查-001").unwrap(),
    );
    assert!(first < second, "{label}: oldest first");
    assert!(!page.contains("评查-003"), "{label}: reported done");

    // Refusals: no 文号; a unit outside the county; a clerk.
    let post = |client: &reqwest::Client, csrf: &str, org: &str, number: &str| {
        client.post(&url).form(&[
            ("csrf", csrf),
            ("org", org),
            ("number", number),
            ("reply_days", "10"),
        ])
    };
    let res = post(&county, &csrf, "520203-sfj", " ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{label}");
    assert!(res.text().await.unwrap().contains("「督办函文号」必须填写"));
    let res = post(&county, &csrf, "520201", "六枝法督函〔2024〕1号")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{label}: {}", res.status());
    let (clerk, clerk_csrf) = api_login(&server, "clerk").await;
    let res = post(&clerk, &clerk_csrf, "520201", "x号")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "{label}");
    let unchanged = sys.get_record(def, ids[3]).await.unwrap();
    assert_eq!(unchanged.record.text("supervision_letter"), None, "{label}");

    // The letter: a DOCX with its number and both problems; the number is on each problem.
    let res = post(&county, &csrf, "520203-sfj", "六枝法督函〔2024〕1号")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{label}");
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    for text in [
        "六枝法督函〔2024〕1号",
        "六枝特区司法局",
        "评查-001",
        "评查-002",
        "特此函告",
    ] {
        assert!(xml.contains(text), "{label}: {text}");
    }
    // The letter is kept among each listed problem's files, downloadable as sent.
    for i in [0, 1] {
        let files = sys.attachments(def, ids[i]).await.unwrap();
        assert_eq!(files.len(), 1, "{label}: problem {i}");
        assert_eq!(
            files[0].name, "督办函-六枝法督函〔2024〕1号.docx",
            "{label}"
        );
        let kept = county
            .get(format!(
                "{}/registers/rectifications/{}/files/{}",
                server.base,
                ids[i].get(),
                files[0].id
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(kept.status(), StatusCode::OK, "{label}");
        assert_eq!(kept.bytes().await.unwrap(), bytes, "{label}: problem {i}");
    }
    assert!(sys.attachments(def, ids[2]).await.unwrap().is_empty());
    for (i, letter) in [
        (0, Some("六枝法督函〔2024〕1号")),
        (1, Some("六枝法督函〔2024〕1号")),
        (2, None),
    ] {
        let r = sys.get_record(def, ids[i]).await.unwrap();
        assert_eq!(
            r.record.text("supervision_letter"),
            letter,
            "{label}: problem {i}"
        );
    }
    let figures: serde_json::Value = county
        .get(format!(
            "{}/api/v1/indicators?org=520203&period=2024",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let value = |key: &str| figures["indicators"][key]["value"].as_f64();
    assert_eq!(value("inspection.problems_found"), Some(3.0), "{label}");
    assert_eq!(
        value("inspection.problems_supervised"),
        Some(2.0),
        "{label}"
    );
    assert_eq!(
        value("inspection.problems_from_case_review"),
        Some(3.0),
        "{label}"
    );
    assert_eq!(value("inspection.rectification_rate"), Some(0.0), "{label}");

    // The alerts offer the letter beside the overdue problems, to the office only.
    let alerts = page_text(&county, &format!("{}/alerts", server.base)).await;
    assert!(
        alerts.contains("/rectifications/letter?org=520203-sfj"),
        "{label}"
    );
    let alerts = page_text(&clerk, &format!("{}/alerts", server.base)).await;
    assert!(!alerts.contains("/rectifications/letter"), "{label}");

    // The 通报 of 2024Q2 counts the county's units as they stood on 2024-06-30.
    let bulletin = format!("{}/rectifications/bulletin?period=2024Q2", server.base);
    let page = visible(&page_text(&county, &bulletin).await);
    assert!(page.contains("六枝特区司法局301222"), "{label}: {page}");
    assert!(!page.contains("钟山区"), "{label}: outside the county");
    let march = format!("{}/rectifications/bulletin?period=2023Q4", server.base);
    let page = visible(&page_text(&county, &march).await);
    assert!(page.contains("暂无数据"), "{label}: nothing found in 2023");
    let res = county
        .get(format!("{bulletin}&format=docx"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{label}");
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("关于2024年第二季度问题整改情况的通报"),
        "{label}"
    );
    assert!(
        xml.contains("六枝特区司法局(2个)存在超过整改时限"),
        "{label}"
    );
    let res = clerk.get(&bulletin).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "{label}");
    let res = county.get(format!("{bulletin}x")).send().await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "{label}: a bad period"
    );
}

fazhi_store::test_each_backend!(problem_from_a_correction, problem_from_a_correction_on);

/// A 复议 decision that corrects offers 登记为整改问题: the new problem's form comes prefilled
/// and linked, and once saved each record names the other; another county cannot use it.
async fn problem_from_a_correction_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let sys = store.unscoped_system("test");
    let recon = by_key("reconsiderations").unwrap();
    let raw: BTreeMap<String, String> = [
        ("case_no", "六枝复〔2024〕12号"),
        ("applicant", "王某"),
        ("respondent", "六枝特区司法局"),
        ("act_challenged", "六枝司罚〔2024〕5号行政处罚决定"),
        ("received_date", "2024-03-01"),
        ("acceptance", "受理"),
        ("acceptance_date", "2024-03-05"),
        ("procedure", "普通程序"),
        ("decision_type", "撤销"),
        ("decision_date", "2024-04-20"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let case = sys
        .create_record(recon, "520203", recon.parse(&raw).unwrap())
        .await
        .unwrap()
        .unwrap();
    let server = serve(store.clone(), fazhi_web::ServerSettings::default()).await;
    let (admin, _) = api_login(&server, "admin").await;
    let case_page = format!(
        "{}/registers/reconsiderations/{}",
        server.base,
        case.id.get()
    );
    let page = page_text(&admin, &case_page).await;
    let new = format!(
        "/registers/rectifications/new?from=reconsiderations&amp;id={}",
        case.id.get()
    );
    assert!(page.contains(&new), "{label}: the action is offered");
    let form = page_text(
        &admin,
        &format!("{}{}", server.base, new.replace("&amp;", "&")),
    )
    .await;
    for value in [
        "六枝复〔2024〕12号-整改",
        "2024-04-20",
        "六枝司罚〔2024〕5号",
    ] {
        assert!(form.contains(value), "{label}: {value} prefilled");
    }
    assert!(
        form.contains(&format!("value=\"#{}\"", case.id.get())),
        "{label}: linked"
    );

    // Saved (as the form would post it), each record names the other.
    let problems = by_key("rectifications").unwrap();
    let mut raw = problem("六枝复〔2024〕12号-整改", "2024-07-31", "待整改", None);
    raw.insert("source".into(), "复议纠错".into());
    raw.insert(
        "reconsideration_case_id".into(),
        format!("#{}", case.id.get()),
    );
    let problem = sys
        .create_record(problems, "520203-sfj", problems.parse(&raw).unwrap())
        .await
        .unwrap()
        .unwrap();
    let page = visible(&page_text(&admin, &case_page).await);
    assert!(
        page.contains("问题整改(关联复议案件):六枝复〔2024〕12号-整改"),
        "{label}: {page}"
    );
    let page = visible(
        &page_text(
            &admin,
            &format!(
                "{}/registers/rectifications/{}",
                server.base,
                problem.id.get()
            ),
        )
        .await,
    );
    assert!(
        page.contains("关联复议案件六枝复〔2024〕12号"),
        "{label}: {page}"
    );

    // 钟山区's clerk cannot read the case, nor start from it.
    let (clerk, _) = api_login(&server, "clerk").await;
    let res = clerk
        .get(format!("{}{}", server.base, new.replace("&amp;", "&")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "{label}");
}
