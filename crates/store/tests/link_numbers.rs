//! A link field (关联执法案件) takes the number clerks know, on every backend: resolved within
//! the caller's scope on the form path and in the import, `#id` and a bare id as before, an
//! unknown or ambiguous number refused in Chinese naming what is expected, and stored links
//! written back as numbers (`number_links`) so an export reads back to the same records.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::register::{Record, RegisterDef, Value, by_key};
use fazhi_store::testing::{TestDb, import_as_file, open_with_orgs, signed_in};
use fazhi_store::{NewUser, ScopedStore, Store};

fn def(key: &str) -> &'static RegisterDef {
    by_key(key).unwrap()
}

fn parse(key: &str, pairs: &[(&str, &str)]) -> Record {
    let raw: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    def(key)
        .parse(&raw)
        .unwrap_or_else(|e| panic!("test record: {e:?}"))
}

/// A 许可 case (no officers needed) with number `code`.
fn case(code: &str) -> Record {
    parse(
        "enforcement-cases",
        &[
            ("case_code", code),
            ("kind", "许可"),
            ("party_name", "某某商贸有限公司"),
            ("party_type", "法人"),
            ("filed_date", "2024-03-05"),
            ("status", "办理中"),
        ],
    )
}

/// A reconsideration numbered `no` linking to the case `link` names.
fn reconsideration(no: &str, link: &str) -> Record {
    parse(
        "reconsiderations",
        &[
            ("case_no", no),
            ("applicant", "某某商贸有限公司"),
            ("respondent", "钟山区市场监督管理局"),
            ("act_challenged", "行政处罚决定"),
            ("received_date", "2024-05-06"),
            ("acceptance", "受理"),
            ("acceptance_date", "2024-05-10"),
            ("procedure", "普通程序"),
            ("enforcement_case_id", link),
        ],
    )
}

/// The city (system handle) and a clerk of 钟山区 (520201).
async fn setup(url: &str) -> (ScopedStore, ScopedStore) {
    let sys = open_with_orgs(
        url,
        &[
            ("520200", "city", "六盘水市", None),
            ("520201", "county", "钟山区", Some("520200")),
            ("520203", "county", "六枝特区", Some("520200")),
            (
                "520201-scjg",
                "department",
                "钟山区市场监管局",
                Some("520201"),
            ),
            (
                "520203-scjg",
                "department",
                "六枝特区市场监管局",
                Some("520203"),
            ),
        ],
    )
    .await
    .unwrap();
    let clerk = NewUser {
        username: "zs".into(),
        display_name: String::new(),
        password: "Fazhi@2024".into(),
        role: Role::Clerk,
        org_code: "520201".into(),
        scope: ScopeKind::Subtree,
    };
    let store = Store::open(url).await.unwrap();
    let clerk = signed_in(&sys, &store, clerk).await.unwrap();
    (sys, clerk)
}

async fn create_case(store: &ScopedStore, org: &str, code: &str) -> i64 {
    let stored = store
        .create_record(def("enforcement-cases"), org, case(code))
        .await
        .unwrap()
        .unwrap_or_else(|r| panic!("case {code}: {:?}", r.0));
    stored.id.get()
}

/// Creates a reconsideration on the form path: the stored link, or the problem's text.
async fn link(store: &ScopedStore, no: &str, text: &str) -> Result<i64, String> {
    let record = reconsideration(no, text);
    match store
        .create_record(def("reconsiderations"), "520201", record)
        .await
        .unwrap()
    {
        Ok(stored) => Ok(stored.record.get("enforcement_case_id").as_int().unwrap()),
        Err(rejected) => {
            assert_eq!(rejected.0.len(), 1, "{:?}", rejected.0);
            assert_eq!(rejected.0[0].label, "关联执法案件");
            assert_eq!(rejected.0[0].value, text, "the value as typed");
            Err(rejected.0[0].to_string())
        }
    }
}

fazhi_store::test_each_backend!(links_take_numbers_in_scope, links_on);

async fn links_on(db: TestDb) {
    let (sys, clerk) = setup(&db.url).await;
    let label = db.label;
    let own = create_case(&sys, "520201-scjg", "LPS-1").await;
    let outside = create_case(&sys, "520203-scjg", "LZ-1").await;
    // One number in two regions: unique in the clerk's scope, ambiguous for the city.
    let dup_own = create_case(&sys, "520201-scjg", "DUP-1").await;
    let dup_other = create_case(&sys, "520203-scjg", "DUP-1").await;

    // The form path: the number, `#id` and a bare id resolve within scope.
    assert_eq!(link(&clerk, "复1", "LPS-1").await, Ok(own), "{label}");
    assert_eq!(link(&clerk, "复2", &format!("#{own}")).await, Ok(own));
    assert_eq!(link(&clerk, "复3", &own.to_string()).await, Ok(own));
    assert_eq!(link(&clerk, "复4", "DUP-1").await, Ok(dup_own), "{label}");
    // Outside the clerk's scope the number and the id are unknown, as if they did not exist.
    for text in [
        "LZ-1".to_owned(),
        format!("#{outside}"),
        outside.to_string(),
    ] {
        let problem = link(&clerk, "复5", &text).await.unwrap_err();
        assert!(
            problem.contains("没有对应的行政执法案件") && problem.contains("「案件编号」"),
            "{label}: {problem}"
        );
        assert!(
            !problem.contains("六枝"),
            "nothing of the other county shows"
        );
    }
    assert!(link(&clerk, "复5", "NO-SUCH").await.is_err());
    // For the city the shared number is ambiguous: both units and both ids are named.
    let problem = link(&sys, "复6", "DUP-1").await.unwrap_err();
    assert!(
        problem.contains("520201-scjg")
            && problem.contains("520203-scjg")
            && problem.contains(&format!("#{dup_own}"))
            && problem.contains(&format!("#{dup_other}")),
        "{label}: {problem}"
    );
    assert_eq!(
        link(&sys, "复6", &format!("#{dup_other}")).await,
        Ok(dup_other)
    );

    // Stored links read back as numbers; a number shared in scope, or a record outside it,
    // as `#id`.
    let mut records = vec![
        reconsideration("x", ""),
        reconsideration("y", ""),
        reconsideration("z", ""),
    ];
    for (record, id) in records.iter_mut().zip([own, dup_own, outside]) {
        record.set("enforcement_case_id", Value::Int(id));
    }
    let mut for_city = records.clone();
    sys.number_links(def("reconsiderations"), for_city.iter_mut())
        .await
        .unwrap();
    let shown = |rs: &[Record]| -> Vec<String> {
        rs.iter()
            .map(|r| r.text("enforcement_case_id").unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(
        shown(&for_city),
        ["LPS-1".to_owned(), format!("#{dup_own}"), "LZ-1".to_owned()],
        "{label}"
    );
    clerk
        .number_links(def("reconsiderations"), records.iter_mut())
        .await
        .unwrap();
    assert_eq!(
        shown(&records),
        [
            "LPS-1".to_owned(),
            "DUP-1".to_owned(),
            format!("#{outside}")
        ],
        "{label}"
    );

    // The import resolves the same way, row by row, and refuses the file on any bad link.
    let rows = vec![
        reconsideration("导1", "LPS-1"),
        reconsideration("导2", "LZ-1"),
        reconsideration("导3", "DUP-1"),
    ];
    let outcome = import_as_file(&clerk, def("reconsiderations"), "520201", rows)
        .await
        .unwrap();
    assert!(!outcome.committed, "{label}");
    assert_eq!(outcome.problems.len(), 1, "{label}: {:?}", outcome.problems);
    let problem = &outcome.problems[0];
    assert_eq!(
        (problem.line, problem.field, problem.value.as_str()),
        (3, "enforcement_case_id", "LZ-1")
    );
    assert!(
        problem.message.contains("没有对应的行政执法案件"),
        "{problem:?}"
    );
    let rows = vec![
        reconsideration("导1", "LPS-1"),
        reconsideration("导3", "DUP-1"),
    ];
    let outcome = import_as_file(&clerk, def("reconsiderations"), "520201", rows)
        .await
        .unwrap();
    assert!(
        outcome.committed && outcome.created == 2,
        "{label}: {outcome:?}"
    );
    // The city's import of the shared number is refused as ambiguous.
    let rows = vec![reconsideration("导4", "DUP-1")];
    let outcome = import_as_file(&sys, def("reconsiderations"), "520201", rows)
        .await
        .unwrap();
    assert!(!outcome.committed, "{label}");
    assert!(
        outcome.problems[0].message.contains("不唯一"),
        "{outcome:?}"
    );
    // Importing the stored links again as numbers changes nothing.
    let rows = vec![
        reconsideration("导1", "LPS-1"),
        reconsideration("导3", &format!("#{dup_own}")),
    ];
    let outcome = import_as_file(&clerk, def("reconsiderations"), "520201", rows)
        .await
        .unwrap();
    assert_eq!(
        (outcome.created, outcome.updated, outcome.unchanged),
        (0, 0, 2),
        "{label}: {outcome:?}"
    );
}
