//! 随机抽取 over HTTP on both backends: the office runs a draw from the form, sees its list with
//! lots and re-runs it; a refused draw keeps the form with a Chinese reason and writes nothing;
//! a clerk cannot draw and cannot open a draw outside its unit.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::collections::BTreeMap;

use common::{api_login, page_text, seed, serve, visible};
use fazhi_domain::register::by_key;
use fazhi_store::Store;
use fazhi_store::testing::TestDb;
use reqwest::StatusCode;

fazhi_store::test_each_backend!(draw_pages, draw_pages_on);

async fn draw_pages_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let sys = store.unscoped_system("test");
    let def = by_key("mediations").unwrap();
    for (org, n) in [("520201", 8), ("520203", 3)] {
        for i in 0..n {
            let raw: BTreeMap<String, String> = [
                ("case_no", format!("{org}人调〔2024〕{i}号")),
                ("dispute_type", "邻里".into()),
                ("parties_count", "2".into()),
                ("received_date", "2024-05-06".into()),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
            sys.create_record(def, org, def.parse(&raw).unwrap())
                .await
                .unwrap()
                .unwrap();
        }
    }
    let server = serve(store.clone(), fazhi_web::ServerSettings::default()).await;
    let url = format!("{}/draws", server.base);
    let (admin, csrf) = api_login(&server, "admin").await;
    let form = |campaign: &str, per_unit: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("campaign", campaign.to_owned()),
            ("register", "mediations".to_owned()),
            ("under", "520200".to_owned()),
            ("year", "2024".to_owned()),
            ("per_unit", per_unit.to_owned()),
            ("seed_source", "2025年3月3日福彩3D开奖号码 385".to_owned()),
        ]
    };

    // Refused, with the reason and the typed values; nothing recorded.
    let res = admin
        .post(&url)
        .form(&form("评查", "0"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{label}");
    let page = res.text().await.unwrap();
    assert!(
        page.contains("「每单位抽取件数」应为1至1000之间的整数"),
        "{label}"
    );
    assert!(
        page.contains("value=\"评查\""),
        "{label}: the form keeps its values"
    );
    assert!(sys.list_draws().await.unwrap().is_empty(), "{label}");

    let res = admin
        .post(&url)
        .form(&form("评查", "5"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let page = visible(&page_text(&admin, &format!("{}{location}", server.base)).await);
    assert!(page.contains("11 件"), "{label}: the population: {page}");
    assert_eq!(
        page.matches("人调〔2024〕").count(),
        8,
        "{label}: 5 + 3 drawn"
    );
    let verified =
        visible(&page_text(&admin, &format!("{}{location}?verify=1", server.base)).await);
    assert!(verified.contains("核验通过"), "{label}: {verified}");
    let list = visible(&page_text(&admin, &url).await);
    assert!(list.contains("评查"), "{label}");
    let audit = visible(&page_text(&admin, &format!("{}/audit", server.base)).await);
    assert!(audit.contains("随机抽取「评查」"), "{label}: {audit}");

    // The same campaign again is refused; a clerk cannot draw nor open another unit's draw.
    let res = admin
        .post(&url)
        .form(&form("评查", "5"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{label}");
    let (clerk, clerk_csrf) = api_login(&server, "clerk").await;
    let res = clerk
        .post(&url)
        .form(&[("csrf", clerk_csrf.as_str()), ("campaign", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "{label}");
    let res = clerk
        .get(format!("{}{location}", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "{label}");
    assert!(
        !page_text(&clerk, &url).await.contains("抽取并记录"),
        "{label}"
    );

    // Scoring a drawn file against the example standard, by hand: 卷面 −2 (F1), 内容 −10 (C5)
    // = 88, 合格; with the problem registered for the file's unit. A veto item scores 0.
    let draw = sys.list_draws().await.unwrap().remove(0);
    let file = |i: usize| {
        format!(
            "{}/draws/{}/files/{}",
            server.base, draw.id, draw.drawn[i].id
        )
    };
    let score = |items: &[&str], to_problem: bool| {
        let mut form: Vec<(&str, String)> = vec![("csrf", csrf.clone())];
        form.extend(items.iter().map(|i| ("item", (*i).to_owned())));
        form.push(("comment", "送达回证缺失".to_owned()));
        if to_problem {
            form.push(("to_problem", "1".to_owned()));
        }
        form
    };
    let res = admin
        .post(file(0))
        .form(&score(&["F1", "C5"], true))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let page = visible(&page_text(&admin, &format!("{}{location}", server.base)).await);
    assert!(
        page.contains("已评分:88分,合格;已登记整改问题 评查"),
        "{label}: {page}"
    );
    assert!(page.contains("88分 合格"), "{label}");
    let res = admin
        .post(file(1))
        .form(&score(&["V2", "F1"], false))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");
    let scores = sys.case_scores(draw.id).await.unwrap();
    let totals: Vec<(i64, &str)> = scores.iter().map(|s| (s.total, s.grade.as_str())).collect();
    assert_eq!(totals.len(), 2, "{label}");
    assert!(
        totals.contains(&(88, "合格")) && totals.contains(&(0, "不合格")),
        "{label}: {totals:?}"
    );
    let problems = by_key("rectifications").unwrap();
    let (n, rows) = sys
        .list_records(problems, &Default::default())
        .await
        .unwrap();
    assert_eq!(n, 1, "{label}: only the file sent to the list");
    assert_eq!(
        rows[0].record.text("source"),
        Some("case_file_review"),
        "{label}"
    );
    assert_eq!(
        rows[0].org_code, draw.drawn[0].unit,
        "{label}: the file's unit"
    );
    // Refused: an unknown item (Chinese, nothing saved), a file not drawn, a clerk.
    let res = admin
        .post(file(2))
        .form(&score(&["X9"], false))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{label}");
    assert!(res.text().await.unwrap().contains("X9 不在"), "{label}");
    assert_eq!(sys.case_scores(draw.id).await.unwrap().len(), 2, "{label}");
    let res = admin
        .post(format!("{}/draws/{}/files/999999", server.base, draw.id))
        .form(&score(&[], false))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "{label}");
    let res = clerk.get(file(0)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "{label}");
    // A re-score keeps the earlier one in the audit, in words.
    let res = admin
        .post(file(0))
        .form(&score(&["F1"], false))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{label}");
    let audit = visible(&page_text(&admin, &format!("{}/audit", server.base)).await);
    assert!(
        audit.contains("评分: 88分 合格(扣分项 F1,C5) → 98分 优秀(扣分项 F1)"),
        "{label}: {audit}"
    );
}
