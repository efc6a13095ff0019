//! 考核评分 (issue 19) through HTTP on every backend: the shipped example scheme scores the
//! counties from their approved indicators and the timeliness of their forms; the city sees
//! every county ranked, a county's office only its own subtree; the export is a valid xlsx
//! with the page's totals.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{api_login, page_text, post_json, seed, serve, visible};
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_exchange::{ExchangeError, Format, RowSink};
use fazhi_store::testing::TestDb;
use fazhi_store::{NewUser, Store};
use reqwest::StatusCode;
use serde_json::json;

/// A yearly form of the counties carrying 合法性审查/审核率, due 1 March, reviewed by the city.
const DEFINITIONS: &str = r#"
[[data_set]]
code = "test-y"
name = "测试年报"
period = "year"
keys = ["legality_review.rate"]
reporters = { kinds = ["county"] }
due = { date = "03-01" }
review = ["city"]
"#;

/// The seeded site (六盘水市 with 钟山区 and 六枝特区), the office of 六枝特区 and the test
/// definitions.
async fn site(db: &TestDb) -> common::Server {
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    let sys = store.unscoped_system("test");
    let user = NewUser {
        username: "county".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Office,
        org_code: "520203".into(),
        scope: ScopeKind::Subtree,
    };
    sys.create_user(user).await.unwrap();
    sys.save_data_sets(DEFINITIONS).await.unwrap();
    serve(store, fazhi_web::ServerSettings::default()).await
}

/// The rows of an xlsx file.
#[derive(Default)]
struct Rows(Vec<Vec<String>>);

impl RowSink for Rows {
    fn header(&mut self, cells: &[String]) -> Result<(), ExchangeError> {
        self.0.push(cells.to_vec());
        Ok(())
    }
    fn row(&mut self, _line: u64, cells: &[String]) -> Result<bool, ExchangeError> {
        self.0.push(cells.to_vec());
        Ok(true)
    }
}

/// The (unit, total) of each 合计 row of the export, in order.
async fn exported_totals(
    client: &reqwest::Client,
    base: &str,
    label: &str,
) -> Vec<(String, String)> {
    let res = client
        .get(format!("{base}/assessment/export?year=2024"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{label}");
    let bytes = res.bytes().await.unwrap();
    let dir =
        fazhi_exchange::files::private_temp_dir(&std::env::temp_dir(), "assessment-").unwrap();
    let path = dir.path().join("export.xlsx");
    // The exchange crate's reader reads a path: the download is handed to it as a file.
    #[allow(clippy::disallowed_methods)]
    std::fs::write(&path, &bytes).unwrap();
    let mut rows = Rows::default();
    fazhi_exchange::read_rows(&path, Format::Xlsx, None, &mut rows).unwrap();
    assert_eq!(
        rows.0[0][..4],
        ["名次", "单位代码", "单位", "总分"],
        "{label}"
    );
    rows.0
        .iter()
        .skip(1)
        .filter(|r| r.get(4).map(String::as_str) == Some("合计"))
        .map(|r| (r[2].clone(), r[3].clone()))
        .collect()
}

async fn assessment_on(db: TestDb) {
    let label = db.label;
    let server = site(&db).await;
    let (admin, admin_csrf) = api_login(&server, "admin").await;
    let (county, county_csrf) = api_login(&server, "county").await;
    let base = server.base.clone();

    // 六枝特区 reports 100 % and is approved, but after the due date (today is past 2025-03-01);
    // 钟山区 reports nothing.
    let form = format!("{base}/api/v1/forms/test-y/2024/520203");
    let res = county
        .put(&form)
        .header("x-csrf-token", &county_csrf)
        .json(&json!({"values": {"legality_review.rate": 100}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{label}");
    let res = post_json(&county, &format!("{form}/submit"), &county_csrf, &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK, "{label}");
    let res = post_json(&admin, &format!("{form}/approve"), &admin_csrf, &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK, "{label}");

    // Hand-computed with the shipped scheme: no litigation or reconsideration figures → full
    // 25 + 25 + 15; 合法性审查率 100 % → 15 (钟山区: no figure → 0); one form late → 20 − 5,
    // one form missing → 20 − 5. 六枝特区 95, 钟山区 80.
    let page = visible(&page_text(&admin, &format!("{base}/assessment?year=2024")).await);
    assert!(page.contains("示例"), "{label}: {page}");
    assert!(page.contains("六枝特区:95分(第1名)"), "{label}: {page}");
    assert!(page.contains("钟山区:80分(第2名)"), "{label}: {page}");
    assert!(
        page.contains("应报1份,逾期报送1份,未报送0份"),
        "{label}: {page}"
    );
    assert!(
        page.contains("应报1份,逾期报送0份,未报送1份"),
        "{label}: {page}"
    );
    let raw = page_text(&admin, &format!("{base}/assessment?year=2024")).await;
    assert!(
        raw.contains("href=\"/dashboard?org=520203&#38;period=2024\""),
        "{label}: the figures link to the cockpit: {raw}"
    );
    assert_eq!(
        exported_totals(&admin, &base, label).await,
        vec![
            ("六枝特区".to_owned(), "95".to_owned()),
            ("钟山区".to_owned(), "80".to_owned())
        ],
        "{label}"
    );

    // The county's office sees its own subtree only.
    let page = visible(&page_text(&county, &format!("{base}/assessment?year=2024")).await);
    assert!(page.contains("六枝特区:95分(第1名)"), "{label}: {page}");
    assert!(!page.contains("钟山区"), "{label}: {page}");
    assert_eq!(
        exported_totals(&county, &base, label).await,
        vec![("六枝特区".to_owned(), "95".to_owned())],
        "{label}"
    );

    // The forms page links to the assessment.
    let forms = page_text(&county, &format!("{base}/forms")).await;
    assert!(forms.contains("href=\"/assessment\""), "{label}");
}
fazhi_store::test_each_backend!(assessment_scores_ranks_scope_and_export, assessment_on);
