//! 双随机 over HTTP on both backends: the office draws objects from the 名录库 with 交叉检查,
//! sees the two officers sent to each, and hands the inspections out from the draw's page;
//! a clerk can do neither.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::collections::BTreeMap;

use common::{api_login, page_text, seed, serve, visible};
use fazhi_domain::register::RegisterDef;
use fazhi_domain::register::certificate::CERTIFICATES;
use fazhi_domain::register::double_random::INSPECTION_OBJECTS;
use fazhi_domain::{CitizenId, CreditCode};
use fazhi_store::testing::TestDb;
use fazhi_store::{ScopedStore, Store};
use reqwest::StatusCode;

async fn add(sys: &ScopedStore, def: &'static RegisterDef, org: &str, pairs: Vec<(&str, String)>) {
    let raw: BTreeMap<String, String> = pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    sys.create_record(def, org, def.parse(&raw).unwrap())
        .await
        .unwrap()
        .unwrap();
}

fazhi_store::test_each_backend!(double_random_pages, double_random_pages_on);

async fn double_random_pages_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let sys = store.unscoped_system("test");
    for org in ["520201", "520203"] {
        for n in 1..=2u32 {
            let id = CitizenId::with_check_char(&format!("{org}19850101{n:03}")).unwrap();
            add(
                &sys,
                &CERTIFICATES,
                org,
                vec![
                    ("officer_name", format!("检查员{n}")),
                    ("officer_id", id.as_str().to_owned()),
                    ("certificate_no", format!("{org}{n:04}")),
                    ("status", "已发证".into()),
                    ("applied_date", "2021-01-06".into()),
                    ("reviewed_date", "2021-02-03".into()),
                    ("issued_date", "2021-03-02".into()),
                ],
            )
            .await;
            add(
                &sys,
                &INSPECTION_OBJECTS,
                org,
                vec![
                    (
                        "credit_code",
                        CreditCode::with_check_char(&format!("92{org}MA{n:07}"))
                            .unwrap()
                            .to_string(),
                    ),
                    ("name", format!("某某商行{org}-{n}")),
                    ("object_type", "个体工商户".into()),
                    ("listed_date", "2024-01-08".into()),
                    ("status", "在册".into()),
                ],
            )
            .await;
        }
    }
    let server = serve(store.clone(), fazhi_web::ServerSettings::default()).await;
    let (admin, csrf) = api_login(&server, "admin").await;
    let res = admin
        .post(format!("{}/draws", server.base))
        .form(&[
            ("csrf", csrf.as_str()),
            ("campaign", "2025年第一批双随机抽查"),
            ("register", "inspection-objects"),
            ("under", "520200"),
            ("year", "2025"),
            ("per_unit", "1"),
            ("cross_check", "1"),
            ("seed_source", "2025年1月6日福彩3D开奖号码 617"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let draw_url = format!("{}{location}", server.base);
    let page = visible(&page_text(&admin, &draw_url).await);
    assert!(page.contains("抽中的检查对象与选派人员"), "{label}: {page}");
    assert!(page.contains("交叉检查"), "{label}");
    // Each county's object is inspected by the other county's two officers.
    assert!(
        page.contains("5202030001、5202030002") || page.contains("5202030002、5202030001"),
        "{label}: {page}"
    );
    assert!(
        page.contains("5202010001、5202010002") || page.contains("5202010002、5202010001"),
        "{label}: {page}"
    );

    let hand_out = format!("{draw_url}/inspections");
    let post = async |client: &reqwest::Client, csrf: &str| {
        client
            .post(&hand_out)
            .form(&[
                ("csrf", csrf),
                ("matter", "企业公示信息检查"),
                ("planned_date", "2025-03-10"),
            ])
            .send()
            .await
            .unwrap()
    };
    let (clerk, clerk_csrf) = api_login(&server, "clerk").await;
    let res = post(&clerk, &clerk_csrf).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "{label}");
    // Handed out once: the first post writes the two inspections, a second says so.
    for expected in ["已生成抽查任务 2 条", "已生成抽查任务(2条)"] {
        let res = post(&admin, &csrf).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        let page = visible(&page_text(&admin, &format!("{}{location}", server.base)).await);
        assert!(page.contains(expected), "{label}: {page}");
        let list = visible(
            &page_text(
                &admin,
                &format!("{}/registers/random-inspections", server.base),
            )
            .await,
        );
        assert_eq!(
            list.matches("2025年第一批双随机抽查").count(),
            2,
            "{label}: {list}"
        );
    }
}
