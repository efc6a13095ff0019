//! Every page kind as every role (issue 25): a crawl from the home page, following the links
//! each role is shown, finds no server error, no stored instant (pages show Beijing time), no
//! rule or catalog key, no 「JSON」 link or empty 「」, and — for a viewer — no form that writes.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::collections::{BTreeSet, VecDeque};

use common::{api_login, dotted_key, holds_iso_instant, post_json, seed, serve, visible};
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_store::testing::TestDb;
use fazhi_store::{NewUser, Store};
use reqwest::StatusCode;
use serde_json::json;

/// The most pages one role's crawl reads (every kind of page is reached well before).
const MOST_PAGES: usize = 250;

/// Links not followed: leaving the session, downloads (not pages) and the API.
fn followed(href: &str) -> bool {
    let path = href.split('?').next().unwrap_or(href);
    href.starts_with('/')
        && !href.starts_with("//")
        && !["/logout", "/static/", "/api/"]
            .iter()
            .any(|p| path.starts_with(p))
        && !["/export", "/template", ".docx", ".md", ".xlsx", "/download"]
            .iter()
            .any(|p| path.contains(p))
}

/// The kind of page a link opens: its path with numbers as `N`, and its parameter names (a
/// list filtered by status is another kind than the list itself, page 2 the same kind).
fn kind(href: &str) -> String {
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let mut shape = String::new();
    let mut in_number = false;
    for c in path.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                shape.push('N');
            }
            in_number = true;
        } else {
            shape.push(c);
            in_number = false;
        }
    }
    let names: BTreeSet<&str> = query
        .split('&')
        .filter_map(|p| p.split('=').next())
        .filter(|n| !n.is_empty() && *n != "page")
        .collect();
    format!(
        "{shape}?{}",
        names.into_iter().collect::<Vec<_>>().join("&")
    )
}

/// The `href="/…"` links of a page, unescaped.
fn links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|part| part.split('"').next())
        .map(|h| h.replace("&#38;", "&").replace("&amp;", "&"))
        .filter(|h| followed(h))
        .collect()
}

/// Whether a link's words say JSON (the API's raw data is not a page for clerks).
fn links_json(html: &str) -> bool {
    html.split("<a ")
        .skip(1)
        .filter_map(|a| a.split("</a>").next())
        .filter_map(|a| a.split_once('>').map(|(_, words)| words))
        .any(|words| visible(words).contains("JSON"))
}

/// Forms that write (method post) other than leaving the session, changing one's password and
/// the reader (a posted report is read, nothing is stored).
fn writing_forms(html: &str) -> Vec<String> {
    html.split("<form")
        .skip(1)
        .filter_map(|f| f.split('>').next())
        .filter(|head| head.contains("method=\"post\""))
        .filter(|head| {
            !["/logout", "/account/password", "/reader", "/reader/export"]
                .iter()
                .any(|a| head.contains(&format!("action=\"{a}\"")))
        })
        .map(str::to_owned)
        .collect()
}

fazhi_store::test_each_backend!(every_page_as_every_role, every_page_as_every_role_on);

async fn every_page_as_every_role_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    seed(&store).await;
    for (name, role, org) in [
        ("office", Role::Office, "520200"),
        ("viewer", Role::Viewer, "520201"),
    ] {
        let user = NewUser {
            username: name.into(),
            display_name: String::new(),
            password: "Fazhi@2024".into(),
            role,
            org_code: org.into(),
            scope: ScopeKind::Subtree,
        };
        store
            .unscoped_system("test")
            .create_user(user)
            .await
            .unwrap();
    }
    let server = serve(store, fazhi_web::ServerSettings::default()).await;
    let base = &server.base;
    let (admin, csrf) = api_login(&server, "admin").await;
    // Records of both counties, one with statutory clocks, so record pages and alerts exist.
    for (org, no) in [
        ("520201", "钟山调〔2024〕1号"),
        ("520203-sfj", "六枝调〔2024〕1号"),
    ] {
        let body = json!({"org": org, "case_no": no, "dispute_type": "邻里", "parties_count": 2,
            "received_date": "2024-03-05", "concluded_date": "2024-03-20", "outcome": "成功",
            "agreement_amount": "1000", "judicial_confirmation": false});
        let res = post_json(&admin, &format!("{base}/api/v1/mediations"), &csrf, &body).await;
        assert_eq!(res.status(), StatusCode::CREATED, "{label}");
    }
    let case = json!({
        "org": "520201", "case_no": "钟山复〔2024〕1号", "applicant": "王某", "respondent": "某局",
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
    assert_eq!(res.status(), StatusCode::CREATED, "{label}");

    for role in ["admin", "office", "clerk", "viewer"] {
        let (client, _) = api_login(&server, role).await;
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from(["/".to_owned()]);
        let mut read = 0;
        while let Some(href) = queue.pop_front() {
            if read == MOST_PAGES || !seen.insert(kind(&href)) {
                continue;
            }
            read += 1;
            let res = client.get(format!("{base}{href}")).send().await.unwrap();
            let status = res.status();
            assert!(
                !status.is_server_error(),
                "{label} {role}: {href} → {status}"
            );
            let html = res
                .headers()
                .get("content-type")
                .is_some_and(|t| t.to_str().unwrap_or("").starts_with("text/html"));
            if !html {
                continue;
            }
            let page = res.text().await.unwrap();
            let shown = visible(&page);
            assert!(
                !holds_iso_instant(&page),
                "{label} {role}: {href} shows a stored instant"
            );
            assert_eq!(
                dotted_key(&visible(&outside_textareas(&page))),
                None,
                "{label} {role}: {href} shows a key"
            );
            assert!(
                !shown.contains("「」"),
                "{label} {role}: {href} has an empty 「」"
            );
            assert!(!links_json(&page), "{label} {role}: {href} links JSON");
            if role == "viewer" {
                assert_eq!(
                    writing_forms(&page),
                    Vec::<String>::new(),
                    "{label}: a viewer is offered a form that writes on {href}"
                );
                let reading = href.starts_with("/reader");
                assert!(
                    reading || !page.contains("<textarea"),
                    "{label}: viewer, {href}"
                );
            }
            queue.extend(links(&page));
        }
        // The crawl reached the pages of every area, not only the home page.
        for area in [
            "/registers/",
            "/dashboard",
            "/alerts",
            "/annual-report",
            "/audit",
        ] {
            let reached = seen.iter().any(|k| k.starts_with(area));
            let offered = role != "clerk" && role != "viewer" || area != "/audit";
            assert!(
                !offered || reached,
                "{label} {role}: no page under {area}: {seen:?}"
            );
        }
        assert!(
            seen.iter()
                .any(|k| k.starts_with("/registers/mediations/N")),
            "{label} {role}: no record page reached"
        );
    }
}

/// The page without the contents of its text areas: an editor of definitions (报表设置) shows the
/// catalog keys it edits, which is what it is for; everything else must name things in words.
fn outside_textareas(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(start) = rest.find("<textarea") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</textarea>") {
            Some(end) => rest = &rest[start + end..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}
