//! Shared by the HTTP test files: a seeded server on port 0 and logged-in clients.
#![allow(dead_code)]

use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_store::testing::TestDb;
use fazhi_store::{NewUser, Store};
use reqwest::StatusCode;
use serde_json::{Value, json};

pub struct Server {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Whether `text` holds an instant as stored (`2026-12-04T15:00:56…`): pages show Beijing time
/// as `2026-12-05 00:04` instead.
pub fn holds_iso_instant(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (10..b.len().saturating_sub(3)).any(|t| {
        b[t] == b'T'
            && digits(t - 10..t - 6)
            && b[t - 6] == b'-'
            && digits(t - 5..t - 3)
            && b[t - 3] == b'-'
            && digits(t - 2..t)
            && digits(t + 1..t + 3)
            && b.get(t + 3) == Some(&b':')
    })
}

/// The text a reader sees: the page without its tags (attribute values included).
pub fn visible(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// A `word.word` key (rule or catalog key) among the visible words.
pub fn dotted_key(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .find(|w| {
            let mut parts = w.split('.');
            let (a, b) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            parts.next().is_none()
                && a.len() > 2
                && b.len() > 2
                && a.chars()
                    .chain(b.chars())
                    .all(|c| c.is_ascii_lowercase() || c == '_')
        })
}

pub async fn seed(store: &Store) {
    let sys = store.unscoped_system("test");
    let day = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let add = |code: &str, kind: &str, name: &str| {
        NewOrgUnit::parse(code, kind, name, None, day).unwrap()
    };
    sys.create_org(add("520200", "city", "六盘水市"), None)
        .await
        .unwrap();
    sys.create_org(add("520201", "county", "钟山区"), Some("520200"))
        .await
        .unwrap();
    sys.create_org(add("520203", "county", "六枝特区"), Some("520200"))
        .await
        .unwrap();
    sys.create_org(
        add("520203-sfj", "department", "六枝特区司法局"),
        Some("520203"),
    )
    .await
    .unwrap();
    for (name, role, org, scope) in [
        ("admin", Role::Admin, "520200", ScopeKind::All),
        ("clerk", Role::Clerk, "520201", ScopeKind::Subtree),
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
}

pub async fn start(db: &TestDb) -> Server {
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    serve(store, fazhi_web::ServerSettings::default()).await
}

/// Serves `store` on a loopback port until the returned server is dropped.
pub async fn serve(store: Store, settings: fazhi_web::ServerSettings) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(fazhi_web::serve_with(listener, store, settings, async {
        let _ = rx.await;
    }));
    Server {
        base,
        stop: Some(tx),
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// POSTs `body` as JSON to `url` with the session's CSRF token.
pub async fn post_json(
    client: &reqwest::Client,
    url: &str,
    csrf: &str,
    body: &serde_json::Value,
) -> reqwest::Response {
    client
        .post(url)
        .header("x-csrf-token", csrf)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Logs in through the API; returns the client (holding the cookie) and the CSRF token.
pub async fn api_login(server: &Server, user: &str) -> (reqwest::Client, String) {
    let c = client();
    let res = c
        .post(format!("{}/api/v1/login", server.base))
        .json(&json!({"username": user, "password": "Fazhi@2024"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let body: Value = res.json().await.unwrap();
    (c, body["csrf_token"].as_str().unwrap().to_owned())
}

/// The body of a GET of `url` by `client`, whatever its status.
pub async fn page_text(client: &reqwest::Client, url: &str) -> String {
    client.get(url).send().await.unwrap().text().await.unwrap()
}
