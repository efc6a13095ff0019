//! 报告解读 page over HTTP: a server on port 0 with a fresh SQLite database, an admin logged in
//! through the API, the form posted with the session's CSRF token.

use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::{NewUser, Store};
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Server {
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

async fn start() -> Server {
    let url = fazhi_store::testing::fresh_sqlite_url();
    let store = Store::open(&url).await.unwrap();
    let sys = store.unscoped_system("test");
    let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let city = NewOrgUnit::parse("520200", "city", "六盘水市", None, day).unwrap();
    sys.create_org(city, None).await.unwrap();
    let admin = NewUser {
        username: "admin".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Admin,
        org_code: "520200".into(),
        scope: ScopeKind::All,
    };
    sys.create_user(admin).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(fazhi_web::serve(listener, store, async {
        let _ = rx.await;
    }));
    Server {
        base,
        stop: Some(tx),
    }
}

/// A client holding the session cookie, and the session's CSRF token.
async fn login(server: &Server) -> (reqwest::Client, String) {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = c
        .post(format!("{}/api/v1/login", server.base))
        .json(&json!({"username": "admin", "password": "Fazhi@2024"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    (c, body["csrf_token"].as_str().unwrap().to_owned())
}

const REPORT: &str = "六盘水市人民政府关于2024年度法治政府建设情况的报告\n\
全年受理行政复议案件<b>200件</b>,办结180件,纠错20件,纠错率10%。\n\
调解成功率99.5%。";

#[tokio::test]
async fn reader_highlights_statistics_and_checks() {
    let server = start().await;
    let (c, csrf) = login(&server).await;
    let form = c
        .get(format!("{}/reader", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let html = form.text().await.unwrap();
    assert!(html.contains("<textarea id=\"text\" name=\"text\""));
    assert!(html.contains("href=\"/reader\" class=\"active\""));

    let res = c
        .post(format!("{}/reader", server.base))
        .form(&[("csrf", csrf.as_str()), ("text", REPORT)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    // Pasted markup is shown as text, never as markup.
    assert!(
        html.contains("&#60;b&#62;") || html.contains("&lt;b&gt;"),
        "escaped input"
    );
    assert!(!html.contains("<b>"));
    assert!(html.contains("title=\"reconsideration.received: 200件\""));
    assert!(html.contains("<code>reconsideration.correction_rate</code>"));
    assert!(html.contains("六盘水市人民政府"));
    assert!(html.contains("class=\"ok\">一致</td>"), "rate check shown");
}

#[tokio::test]
async fn reader_refuses_without_csrf_and_oversized_text() {
    let server = start().await;
    let (c, csrf) = login(&server).await;
    let res = c
        .post(format!("{}/reader", server.base))
        .form(&[("csrf", "wrong"), ("text", REPORT)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let big = "受理案件5件。".repeat(120_000);
    assert!(big.len() > fazhi_web_max());
    let res = c
        .post(format!("{}/reader", server.base))
        .form(&[("csrf", csrf.as_str()), ("text", big.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().await.unwrap().contains("报告过长"));

    let res = c
        .post(format!("{}/reader", server.base))
        .form(&[("csrf", csrf.as_str()), ("text", "  ")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

/// The page's limit: 2 MB of text.
fn fazhi_web_max() -> usize {
    2 << 20
}

#[tokio::test]
async fn reader_needs_login() {
    let server = start().await;
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/reader", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}
