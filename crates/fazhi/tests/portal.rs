//! 公示平台 on the demo city (1% scale), every backend, without a session: a crawl of every
//! portal link finds no server error, no link out of the portal, no cookie, and no non-public
//! field — no natural person's full ID number, no withdrawn or expired decision, none of the
//! register's internal fields; published reports are snapshots served with an ETag (304 on a
//! repeat); bad queries get a Chinese 4xx page; the per-address limit answers 429 in Chinese.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::{BTreeSet, VecDeque};
use std::process::Command;

use fazhi_domain::register::publicity::PUBLICITY_RECORDS;
use fazhi_store::testing::{Backend, TestDb, fresh_database};
use fazhi_store::{RecordFilter, Store};
use reqwest::StatusCode;

/// The most pages of one kind read (a kind: the path without its trailing number).
const PER_KIND: usize = 12;

struct Server {
    base: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn serve(store: Store, settings: fazhi_web::ServerSettings) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(fazhi_web::serve_with(listener, store, settings, async {
        let _ = rx.await;
    }));
    Server { base, _stop: tx }
}

fn unlimited() -> fazhi_web::ServerSettings {
    fazhi_web::ServerSettings {
        portal_rate: fazhi_web::PortalRate::new(0),
        ..fazhi_web::ServerSettings::default()
    }
}

/// What the public must never see of the 双公示 register: natural persons' full IDs, and the
/// ids of records withdrawn or not public today.
struct Secrets {
    person_ids: Vec<String>,
    hidden_ids: Vec<i64>,
}

async fn secrets(store: &Store) -> Secrets {
    let sys = store.unscoped_system("test");
    let filter = RecordFilter {
        limit: 100_000,
        ..RecordFilter::default()
    };
    let (_, records) = sys.list_records(&PUBLICITY_RECORDS, &filter).await.unwrap();
    let mut person_ids = Vec::new();
    let mut hidden_ids = Vec::new();
    for r in &records {
        if r.record.text("party_category") == Some("natural_person")
            && let Some(id) = r.record.text("party_id")
        {
            person_ids.push(id.to_owned());
        }
        if store.public_decision(r.id.get()).await.unwrap().is_none() {
            hidden_ids.push(r.id.get());
        }
    }
    assert!(!records.is_empty(), "the demo has 双公示 records");
    Secrets {
        person_ids,
        hidden_ids,
    }
}

fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|part| part.split('"').next())
        .map(|h| h.replace("&#38;", "&").replace("&amp;", "&"))
        .collect()
}

#[tokio::test]
async fn portal_on_sqlite() {
    portal_on(Backend::Sqlite).await;
}

#[tokio::test]
async fn portal_on_postgres() {
    portal_on(Backend::Postgres).await;
}

async fn portal_on(backend: Backend) {
    let Some(TestDb { url, label, .. }) = fresh_database(backend).await.unwrap() else {
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["demo", "--db", &url, "--scale", "0.01"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let store = Store::open(&url).await.unwrap();
    let secrets = secrets(&store).await;
    assert!(
        !secrets.hidden_ids.is_empty(),
        "{label}: expired or withdrawn decisions exist"
    );
    let server = serve(store.clone(), unlimited()).await;
    let base = &server.base;
    let client = reqwest::Client::new();

    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["/gongshi/".to_owned()]);
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    while let Some(href) = queue.pop_front() {
        let path = href.split('?').next().unwrap_or(&href);
        let kind = path.trim_end_matches(char::is_numeric).to_owned();
        let read = kinds.entry(kind).or_default();
        if *read == PER_KIND || !seen.insert(href.clone()) {
            continue;
        }
        *read += 1;
        let res = client.get(format!("{base}{href}")).send().await.unwrap();
        let status = res.status();
        assert_eq!(status, StatusCode::OK, "{label}: {href}");
        assert!(
            res.headers().get("set-cookie").is_none(),
            "{label}: {href} sets a cookie"
        );
        let cache = res
            .headers()
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(cache.starts_with("public"), "{label}: {href} → {cache}");
        let body = res.bytes().await.unwrap();
        let text = String::from_utf8_lossy(&body);
        for id in &secrets.person_ids {
            assert!(
                !text.contains(id.as_str()),
                "{label}: {href} shows a full ID number"
            );
        }
        for field in [
            "撤下原因",
            "失信程度",
            "处罚程序",
            "执法人员执法证号",
            "登录",
            "/registers/",
        ] {
            assert!(!text.contains(field), "{label}: {href} shows 「{field}」");
        }
        if href.contains(".csv") || href.ends_with("/docx") {
            continue;
        }
        for link in links(&text) {
            assert!(
                link.starts_with("/gongshi/") || link.starts_with("/static/") || link == "#main",
                "{label}: {href} links out of the portal: {link}"
            );
            if link.starts_with("/gongshi/") {
                queue.push_back(link);
            }
        }
    }
    for kind in [
        "/gongshi/decisions/",
        "/gongshi/units/",
        "/gongshi/reports/",
        "/gongshi/decisions.csv",
    ] {
        assert!(
            kinds.contains_key(kind),
            "{label}: the crawl reached {kind}: {kinds:?}"
        );
    }

    for id in secrets.hidden_ids.iter().take(20) {
        let res = client
            .get(format!("{base}/gongshi/decisions/{id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{label}: hidden {id}");
        assert!(res.text().await.unwrap().contains("已过公示期"), "{label}");
    }
    let csv = client
        .get(format!("{base}/gongshi/decisions.csv"))
        .send()
        .await
        .unwrap();
    let csv = csv.text().await.unwrap();
    assert!(
        csv.starts_with("\u{feff}公示类型,决定文书号,"),
        "{label}: CSV with BOM and header"
    );
    assert!(csv.lines().count() > 2 && csv.contains("\r\n"), "{label}");
    revalidation(&client, base, label).await;
    bad_input(&client, base, label).await;
    rate_limit(store, label).await;
}

/// A published report and a decision page come back as 304 with their ETag.
async fn revalidation(client: &reqwest::Client, base: &str, label: &str) {
    let list = client
        .get(format!("{base}/gongshi/reports"))
        .send()
        .await
        .unwrap();
    let page = list.text().await.unwrap();
    let report = links(&page)
        .into_iter()
        .find(|l| l.starts_with("/gongshi/reports/"))
        .expect("a published report");
    for href in [report.clone(), format!("{report}/docx")] {
        let first = client.get(format!("{base}{href}")).send().await.unwrap();
        let etag = first.headers().get("etag").unwrap().clone();
        let bytes = first.bytes().await.unwrap();
        if href.ends_with("/docx") {
            assert!(bytes.starts_with(b"PK"), "{label}: a Word file");
        }
        let again = client
            .get(format!("{base}{href}"))
            .header("if-none-match", etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{label}: {href}");
    }
}

/// Over-long, malformed and out-of-range queries and unknown ids: a Chinese 4xx page.
async fn bad_input(client: &reqwest::Client, base: &str, label: &str) {
    let long = "公".repeat(51);
    for (href, status) in [
        (
            format!("/gongshi/decisions?q={long}"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/gongshi/decisions?q=%E5%85%AC".into(),
            StatusCode::BAD_REQUEST,
        ),
        ("/gongshi/decisions?page=51".into(), StatusCode::BAD_REQUEST),
        ("/gongshi/decisions?page=-1".into(), StatusCode::BAD_REQUEST),
        (
            "/gongshi/decisions?from=2024-02-30".into(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/gongshi/decisions?kind=%FF%FE".into(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/gongshi/decisions?org=nowhere".into(),
            StatusCode::BAD_REQUEST,
        ),
        (
            "/gongshi/decisions?q=%E4%B8%8D%E5%AD%98%E5%9C%A8%E7%9A%84&page=2".into(),
            StatusCode::NOT_FOUND,
        ),
        (
            "/gongshi/decisions/99999999999".into(),
            StatusCode::NOT_FOUND,
        ),
        ("/gongshi/decisions/abc".into(), StatusCode::NOT_FOUND),
        ("/gongshi/units/nowhere".into(), StatusCode::NOT_FOUND),
        ("/gongshi/reports/0".into(), StatusCode::NOT_FOUND),
        ("/gongshi/reports/1x/docx".into(), StatusCode::NOT_FOUND),
        ("/gongshi/nothing/here".into(), StatusCode::NOT_FOUND),
        (
            format!("/gongshi/decisions?q={}", "x".repeat(3000)),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let res = client.get(format!("{base}{href}")).send().await.unwrap();
        assert_eq!(res.status(), status, "{label}: {href}");
        let page = res.text().await.unwrap();
        assert!(
            page.contains("lang=\"zh-CN\"") && page.contains("公示平台"),
            "{label}: {href}"
        );
    }
}

/// A client over the limit gets 429 in Chinese with Retry-After.
async fn rate_limit(store: Store, label: &str) {
    let settings = fazhi_web::ServerSettings {
        portal_rate: fazhi_web::PortalRate::new(3),
        ..fazhi_web::ServerSettings::default()
    };
    let server = serve(store, settings).await;
    let client = reqwest::Client::new();
    let mut refused = Vec::new();
    // Eight requests against three a minute: even if the minute turns once, two are refused.
    for _ in 0..8 {
        let res = client
            .get(format!("{}/gongshi/units", server.base))
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            refused.push(res);
        }
    }
    assert!(refused.len() >= 2, "{label}: {} refused", refused.len());
    let last = refused.pop().unwrap();
    assert!(last.headers().get("retry-after").is_some(), "{label}");
    assert!(
        last.text().await.unwrap().contains("访问过于频繁"),
        "{label}"
    );
    // The clerk pages are not limited by the portal's count.
    let res = client
        .get(format!("{}/login", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{label}");
}
