//! 政府信息公开申请 on every backend: the reply clock counted again from a supplement, a
//! third-party consultation across the 劳动节 break not counted, an approved extension; the
//! stored clock re-evaluated with its pause when a holiday notice is loaded; the 年报 tables
//! and indicators of a unit, and a clerk's scope over them.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::Record;
use fazhi_domain::register::information_request::INFORMATION_REQUESTS;
use fazhi_indicators::Period;
use fazhi_store::testing::{TestDb, signed_in};
use fazhi_store::{NewUser, RecordFilter, ScopedStore, Store, StoredRecord};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A request as a clerk types it, with `extra` fields over the plain one.
fn request(no: &str, received: &str, extra: &[(&str, &str)]) -> Record {
    let mut raw: BTreeMap<String, String> = [
        ("request_no", no),
        ("applicant_type", "自然人"),
        ("applicant", "李某某"),
        ("channel", "网络"),
        ("received_date", received),
        ("content", "某路段道路拓宽工程的征收补偿方案"),
    ]
    .into_iter()
    .chain(extra.iter().copied())
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    raw.retain(|_, v| !v.is_empty());
    INFORMATION_REQUESTS.parse(&raw).unwrap()
}

async fn setup(store: &Store) -> ScopedStore {
    let sys = store.unscoped_system("test");
    let since = day(2020, 1, 1);
    for (code, kind, name, parent) in [
        ("430200", "city", "株洲市", None),
        ("430203", "county", "芦淞区", Some("430200")),
    ] {
        sys.create_org(
            NewOrgUnit::parse(code, kind, name, None, since).unwrap(),
            parent,
        )
        .await
        .unwrap();
    }
    sys
}

async fn create(sys: &ScopedStore, org: &str, record: Record) -> StoredRecord {
    sys.create_record(&INFORMATION_REQUESTS, org, record)
        .await
        .unwrap()
        .unwrap()
}

/// The reply clock's due date as the record page explains it.
fn reply_due(sys: &ScopedStore, stored: &StoredRecord) -> Option<NaiveDate> {
    sys.record_deadlines(&INFORMATION_REQUESTS, &stored.record, day(2025, 6, 1))
        .into_iter()
        .find(|c| c.rule == "disclosure.reply")
        .and_then(|c| c.due)
}

fazhi_store::test_each_backend!(reply_clocks, reply_clocks_on);

async fn reply_clocks_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    let sys = setup(&store).await;
    // Plain: 20 working days from Monday 21 April 2025 — Sunday 27 April is a 调休 working
    // day, 1–5 May the 劳动节 break → Wednesday 21 May.
    let plain = create(
        &sys,
        "430200",
        request("依申请〔2025〕第1号", "2025-04-21", &[]),
    )
    .await;
    assert_eq!(reply_due(&sys, &plain), Some(day(2025, 5, 21)), "{label}");
    // 补正: counted again from the supplement received on Friday 25 April → 27 May.
    let supplemented = create(
        &sys,
        "430200",
        request(
            "依申请〔2025〕第2号",
            "2025-04-21",
            &[
                ("supplement_notice_date", "2025-04-22"),
                ("supplement_date", "2025-04-25"),
            ],
        ),
    )
    .await;
    assert_eq!(
        reply_due(&sys, &supplemented),
        Some(day(2025, 5, 27)),
        "{label}"
    );
    let clocks = sys.record_deadlines(&INFORMATION_REQUESTS, &supplemented.record, day(2025, 6, 1));
    let notice = clocks
        .iter()
        .find(|c| c.rule == "disclosure.supplement_notice")
        .expect("a notice clock where a notice was given");
    // Seven working days, Sunday 27 April among them.
    assert_eq!(
        (notice.due, notice.state),
        (Some(day(2025, 4, 29)), "已按期办结")
    );
    assert!(
        clocks
            .iter()
            .any(|c| c.explanation.join("").contains("补正")),
        "{label}: the explanation names the restart: {clocks:?}"
    );
    // 征求第三方意见 from 28 April to 7 May (the break inside it) is not counted: five days
    // before it, fifteen from 8 May → Wednesday 28 May.
    let consulted = create(
        &sys,
        "430200",
        request(
            "依申请〔2025〕第3号",
            "2025-04-21",
            &[
                ("third_party_from", "2025-04-28"),
                ("third_party_to", "2025-05-07"),
            ],
        ),
    )
    .await;
    assert_eq!(
        reply_due(&sys, &consulted),
        Some(day(2025, 5, 28)),
        "{label}"
    );
    // Extended with the head's approval: twenty more working days, over 端午 (31 May – 2 June).
    let extended = create(
        &sys,
        "430203",
        request(
            "依申请〔2025〕第4号",
            "2025-04-21",
            &[("extended", "是"), ("extension_approver", "王某")],
        ),
    )
    .await;
    assert_eq!(
        reply_due(&sys, &extended),
        Some(day(2025, 6, 19)),
        "{label}"
    );
    // The list's due filter reads the stored clock: it holds the restart, too.
    let due_on = |d: NaiveDate| RecordFilter {
        due: Some((Some(d), d)),
        limit: 10,
        ..Default::default()
    };
    let (n, rows) = sys
        .list_records(&INFORMATION_REQUESTS, &due_on(day(2025, 5, 27)))
        .await
        .unwrap();
    assert_eq!((n, rows[0].id), (1, supplemented.id), "{label}");
    assert!(store.unscoped_verify_audit().await.unwrap().is_ok());
}

/// A made-up 2027 notice in the calendar's format (test data, not the real notice).
const NOTICE_2027: &str = r#"
[[year]]
year = 2027
notice = "测试用:2027年部分节假日安排"
url_note = "测试数据"
holiday = [
  { name = "元旦", from = "2027-01-01", to = "2027-01-03" },
]
"#;

fazhi_store::test_each_backend!(paused_clock_reevaluated, paused_clock_reevaluated_on);

/// The re-evaluation after a holiday notice keeps the pause: counted by hand, 2 December 2026
/// to 9 December is six working days, 10–20 December is the consultation, 21–31 December
/// nine more, and with 1–3 January 2027 a holiday the twentieth is Friday 8 January.
async fn paused_clock_reevaluated_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    let sys = setup(&store).await;
    let open = create(
        &sys,
        "430200",
        request(
            "依申请〔2026〕第9号",
            "2026-12-01",
            &[
                ("third_party_from", "2026-12-10"),
                ("third_party_to", "2026-12-20"),
            ],
        ),
    )
    .await;
    let (_, reevaluated) = sys.load_calendar_notice(NOTICE_2027).await.unwrap();
    assert!(reevaluated >= 1, "{label}");
    let expected = day(2027, 1, 8);
    let fresh = sys
        .record_deadlines(&INFORMATION_REQUESTS, &open.record, day(2026, 12, 7))
        .into_iter()
        .find(|c| c.rule == "disclosure.reply")
        .and_then(|c| c.due);
    assert_eq!(fresh, Some(expected), "{label}");
    let stored = RecordFilter {
        due: Some((Some(expected), expected)),
        limit: 10,
        ..Default::default()
    };
    let (n, _) = sys
        .list_records(&INFORMATION_REQUESTS, &stored)
        .await
        .unwrap();
    assert_eq!(
        n, 1,
        "{label}: the stored clock was re-evaluated with its pause"
    );
}

fazhi_store::test_each_backend!(annual_tables_and_scope, annual_tables_and_scope_on);

async fn annual_tables_and_scope_on(db: TestDb) {
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    let sys = setup(&store).await;
    let replied =
        |date: &'static str, result: &'static str| [("reply_date", date), ("result", result)];
    create(
        &sys,
        "430200",
        request("甲1", "2023-12-20", &replied("2024-01-10", "予以公开")),
    )
    .await;
    create(
        &sys,
        "430200",
        request("甲2", "2024-03-01", &replied("2024-03-20", "部分公开")),
    )
    .await;
    create(
        &sys,
        "430203",
        request(
            "乙1",
            "2024-05-06",
            &replied("2024-05-30", "无法提供:本机关不掌握相关政府信息"),
        ),
    )
    .await;
    create(&sys, "430203", request("乙2", "2024-12-24", &[])).await;

    let city = sys.draft_disclosure_report("430200", 2024).await.unwrap();
    let a = &city.tables.applications;
    assert_eq!(
        a.received[0], 3,
        "{label}: 本年新收 of the city and its county"
    );
    assert_eq!(a.carried_in[0], 1, "{label}");
    assert_eq!(a.carried_out[0], 1, "{label}");
    assert!(city.problems.is_empty(), "{label}: {:?}", city.problems);
    let due = city.due.as_ref().expect("a due date");
    assert_eq!(
        due.due,
        day(2025, 3, 31),
        "{label}: a city government's report"
    );
    let docx = fazhi_report::to_docx(&city.report).unwrap();
    assert!(docx.starts_with(b"PK"));

    let values = sys.indicators("430200", Period::Year(2024)).await.unwrap();
    assert_eq!(
        values.value("disclosure.requests"),
        Some(3.0),
        "{label}: 办结 in 2024"
    );
    assert_eq!(
        values.value("disclosure.requests_received"),
        Some(3.0),
        "{label}"
    );
    assert_eq!(
        values.value("disclosure.requests_disclosed"),
        Some(2.0),
        "{label}"
    );

    // A clerk of the county sees the county's requests only, and not the city's report.
    let user = NewUser {
        username: "clerk".into(),
        display_name: String::new(),
        password: "Secret1234".into(),
        role: Role::Clerk,
        org_code: "430203".into(),
        scope: ScopeKind::Unit,
    };
    let clerk = signed_in(&sys, &store, user).await.unwrap();
    let county = clerk.disclosure_tables("430203", 2024).await.unwrap();
    assert_eq!(county.applications.received[0], 2, "{label}");
    assert_eq!(county.applications.carried_in[0], 0, "{label}");
    assert!(
        clerk.draft_disclosure_report("430200", 2024).await.is_err(),
        "{label}: the city is outside the clerk's scope"
    );
}

fazhi_store::test_each_backend!(disclosure_report_form, disclosure_report_form_on);

/// The 年报 is a report form of its own: a county government's is due on 31 March (a
/// department's on 31 January), a submission needs the 年报's text (the 法治政府建设年度报告's
/// does not count), and once submitted it locks its own slots only.
async fn disclosure_report_form_on(db: TestDb) {
    use fazhi_review::{DISCLOSURE_SLOT_PREFIX, ReportText, Step};
    use fazhi_store::FormStep;
    let label = db.label;
    let store = Store::open(&db.url).await.unwrap();
    let sys = setup(&store).await;
    for (key, _, _) in fazhi_report::DISCLOSURE_SLOTS {
        assert!(key.starts_with(DISCLOSURE_SLOT_PREFIX), "{key}");
        assert!(ReportText::Disclosure.owns_slot(key));
        assert!(!ReportText::LawBasedGovernment.owns_slot(key));
    }
    let sets = sys.data_sets().await.unwrap();
    let set = sets
        .all()
        .iter()
        .find(|s| s.code == "disclosure-report-gov")
        .expect("the government's 年报 form");
    assert_eq!(set.text, ReportText::Disclosure);
    let calendar = fazhi_calendar::Calendar::embedded().unwrap();
    assert_eq!(
        set.due_date(fazhi_indicators::Period::Year(2024), &calendar)
            .unwrap(),
        day(2025, 3, 31),
        "{label}"
    );
    let submit = |step| FormStep {
        org_code: "430203",
        data_set: "disclosure-report-gov",
        period: "2024",
        step,
        text: Some("报送"),
    };
    let text = |slot: &str, body: &str| {
        [(slot.to_owned(), body.to_owned())]
            .into_iter()
            .collect::<BTreeMap<_, _>>()
    };
    // Only the 法治政府建设年度报告 is written: the 年报 cannot be submitted.
    sys.save_report_narratives("430203", 2024, &text("opening", "法治政府建设开篇。"))
        .await
        .unwrap();
    let outcome = sys.form_step(submit(Step::Submit)).await.unwrap();
    assert!(!outcome.done, "{label}");
    assert!(
        outcome.findings[0].message.contains("政府信息公开年报"),
        "{label}: {:?}",
        outcome.findings
    );
    sys.save_report_narratives(
        "430203",
        2024,
        &text("disclosure_report.overview", "主动公开政府信息1200条。"),
    )
    .await
    .unwrap();
    let outcome = sys.form_step(submit(Step::Submit)).await.unwrap();
    assert!(outcome.done, "{label}: {:?}", outcome.findings);
    // Submitted: its own text is locked, the other report's is not.
    let locked = sys
        .save_report_narratives("430203", 2024, &text("disclosure_report.overview", "改动"))
        .await;
    assert!(locked.is_err(), "{label}");
    sys.save_report_narratives("430203", 2024, &text("opening", "法治政府建设开篇(修改)。"))
        .await
        .unwrap();
}
