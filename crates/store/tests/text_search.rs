//! 全文检索 — a register's text search finds a text inside a search field, after creates,
//! changes and deletes through the form path and after a bulk import large enough to drop and
//! rebuild the register's indexes (on SQLite the FTS5 table is then re-indexed in one pass);
//! texts shorter than a trigram fall back to `LIKE`. Every backend.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::BTreeMap;

use fazhi_domain::register::{Record, RegisterDef, by_key};
use fazhi_store::testing::{TestDb, open_with_orgs};
use fazhi_store::{ImportChunk, ImportOptions, ImportRow, RecordFilter, ScopedStore};

fn publicity() -> &'static RegisterDef {
    by_key("publicity-records").unwrap()
}

/// A 行政许可 published for `party`, decision number `no`.
fn licence(no: &str, party: &str) -> Record {
    let raw: BTreeMap<String, String> = [
        ("kind", "行政许可"),
        ("decision_no", no),
        ("party_name", party),
        ("party_category", "法人及非法人组织"),
        ("content", "食品经营许可"),
        ("decision_date", "2024-03-05"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    publicity().parse(&raw).unwrap()
}

/// Decision numbers of the records whose search fields hold `q`, sorted, and the total.
async fn search(store: &ScopedStore, q: &str) -> (i64, Vec<String>) {
    let filter = RecordFilter {
        q: Some(q.to_owned()),
        limit: 100,
        ..RecordFilter::default()
    };
    let (total, records) = store.list_records(publicity(), &filter).await.unwrap();
    let mut found: Vec<String> = records
        .iter()
        .map(|r| r.record.text("decision_no").unwrap_or_default().to_owned())
        .collect();
    found.sort();
    (total, found)
}

fazhi_store::test_each_backend!(text_search, text_search_on);

async fn text_search_on(db: TestDb) {
    let label = db.label;
    let sys = open_with_orgs(
        &db.url,
        &[
            ("520200", "city", "六盘水市", None),
            ("520201", "county", "钟山区", Some("520200")),
        ],
    )
    .await
    .unwrap();
    let def = publicity();
    let mut ids = Vec::new();
    for (no, party) in [
        ("钟市监许〔2024〕101号", "六盘水凉都煤业有限公司"),
        ("钟市监许〔2024〕102号", "钟山区某某餐饮店"),
        ("钟市监许〔2024〕203号", "张三"),
    ] {
        let created = sys
            .create_record(def, "520201", licence(no, party))
            .await
            .unwrap()
            .unwrap();
        ids.push(created.id);
    }
    let one = |no: &str| (1, vec![no.to_owned()]);
    assert_eq!(
        search(&sys, "凉都煤业").await,
        one("钟市监许〔2024〕101号"),
        "{label}: inside a party name"
    );
    assert_eq!(
        search(&sys, "〔2024〕10").await.0,
        2,
        "{label}: inside a decision number"
    );
    assert_eq!(
        search(&sys, "张三").await,
        one("钟市监许〔2024〕203号"),
        "{label}: a two-character name (the pair table on SQLite)"
    );
    assert_eq!(
        search(&sys, "煤业").await,
        one("钟市监许〔2024〕101号"),
        "{label}: two characters inside a party name"
    );
    assert_eq!(
        search(&sys, "〔2").await.0,
        3,
        "{label}: two characters with a mark, by LIKE"
    );
    assert_eq!(search(&sys, "不存在的公司").await.0, 0, "{label}");
    // With a period, the matches are bounded by the ids of the period's records.
    let in_month = |from: (u32, u32), to: (u32, u32)| RecordFilter {
        q: Some("有限公司".to_owned()),
        from: chrono::NaiveDate::from_ymd_opt(2024, from.0, from.1),
        to: chrono::NaiveDate::from_ymd_opt(2024, to.0, to.1),
        limit: 100,
        ..RecordFilter::default()
    };
    let (n, found) = sys
        .list_records(def, &in_month((3, 1), (3, 31)))
        .await
        .unwrap();
    assert_eq!((n, found[0].id), (1, ids[0]), "{label}: in March");
    let (n, _) = sys
        .list_records(def, &in_month((3, 6), (4, 30)))
        .await
        .unwrap();
    assert_eq!(n, 0, "{label}: no record from 6 March on");
    assert_eq!(
        search(&sys, "凉都\u{0}煤业\n").await,
        one("钟市监许〔2024〕101号"),
        "{label}: control characters are not searched for"
    );
    assert_eq!(
        search(&sys, "\u{0}\u{1}").await.0,
        3,
        "{label}: nothing left to search"
    );

    // A changed party name is found by its new text only.
    let changed = licence("钟市监许〔2024〕101号", "六盘水水城矿业有限公司");
    sys.update_record(def, ids[0], None, changed)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(search(&sys, "凉都煤业").await.0, 0, "{label}: old name");
    assert_eq!(search(&sys, "煤业").await.0, 0, "{label}: old name's pair");
    assert_eq!(search(&sys, "矿业").await.0, 1, "{label}: new name's pair");
    assert_eq!(
        search(&sys, "水城矿业").await,
        one("钟市监许〔2024〕101号"),
        "{label}: new name"
    );
    // A deleted record is not found.
    sys.delete_record(def, ids[1]).await.unwrap();
    assert_eq!(search(&sys, "餐饮店").await.0, 0, "{label}: deleted");
    assert_eq!(
        search(&sys, "餐饮").await.0,
        0,
        "{label}: deleted, by a pair"
    );

    // A bulk import larger than the register, in chunks: after the second the indexes and,
    // on SQLite, the text-search triggers are dropped; the third chunk's rows are indexed by
    // the rebuild before the commit, and writes after the import by the triggers again.
    let (tx, rx) = tokio::sync::mpsc::channel(4);
    let options = ImportOptions {
        default_org: Some("520201".into()),
        ..ImportOptions::default()
    };
    let import = tokio::spawn({
        let sys = sys.clone();
        async move { sys.import_records(def, &options, rx).await }
    });
    for chunk in (0..25_000_u64).collect::<Vec<_>>().chunks(10_000) {
        let rows = chunk
            .iter()
            .map(|&n| ImportRow {
                line: n + 2,
                org_code: None,
                record: licence(
                    &format!("钟市监许〔2023〕{n}号"),
                    &if n == 24_999 {
                        "末行梁峰".to_owned()
                    } else {
                        format!("批量{n}号商户")
                    },
                ),
            })
            .collect();
        let problems = Vec::new();
        tx.send(ImportChunk { rows, problems }).await.unwrap();
    }
    drop(tx);
    let outcome = import.await.unwrap().unwrap();
    assert!(
        outcome.problems.is_empty(),
        "{label}: {:?}",
        outcome.problems
    );
    assert_eq!(outcome.created, 25_000, "{label}");
    assert_eq!(
        search(&sys, "批量24998号").await,
        one("钟市监许〔2023〕24998号"),
        "{label}: a row of the last chunk"
    );
    assert_eq!(
        search(&sys, "梁峰").await,
        one("钟市监许〔2023〕24999号"),
        "{label}: a pair of a row of the last chunk"
    );
    assert_eq!(
        search(&sys, "量0").await,
        one("钟市监许〔2023〕0号"),
        "{label}: a pair of a row of the first chunk, indexed again"
    );
    assert_eq!(
        search(&sys, "量1999").await.0,
        11,
        "{label}: 1999 and 19990…19999"
    );
    sys.create_record(
        def,
        "520201",
        licence("钟市监许〔2024〕301号", "导入后新增公司"),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        search(&sys, "导入后新增").await,
        one("钟市监许〔2024〕301号"),
        "{label}: a record created after the import"
    );
    assert_eq!(
        search(&sys, "新增").await,
        one("钟市监许〔2024〕301号"),
        "{label}: its pair"
    );
}
