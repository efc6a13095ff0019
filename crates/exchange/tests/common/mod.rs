//! What the exchange crate's integration tests share: the demo city with officers' certificates,
//! a CSV of enforcement cases, an import of it, and a count on either backend.

#![allow(dead_code)] // each test file uses part of it

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;
use fazhi_domain::register::{Record, RegisterDef};
use fazhi_exchange::{Format, ImportReport, import_register};
use fazhi_store::testing::issue_certificates;
use fazhi_store::{Db, ImportOptions, KeptFile, RecordFilter, ScopedStore, Store};

pub const HEADER: &str = "单位代码,案件编号,执法类别*,当事人名称*,当事人类型*,立案日期*,决定日期,处罚种类,罚款金额(元),执法人员执法证号,办理状态*";

/// 六盘水市 with 钟山区 under it, and two issued certificates (ZF-001, ZF-002) of the city.
pub async fn city(url: &str) -> (Store, ScopedStore) {
    let store = Store::open(url).await.expect("open");
    let system = store.unscoped_system("test");
    let since = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    system
        .create_org(
            NewOrgUnit::parse("520200", "city", "六盘水市", None, since).unwrap(),
            None,
        )
        .await
        .expect("city");
    system
        .create_org(
            NewOrgUnit::parse("520201", "county", "钟山区", None, since).unwrap(),
            Some("520200"),
        )
        .await
        .expect("county");
    issue_certificates(&system, "520200", &["ZF-001", "ZF-002"])
        .await
        .expect("certificates");
    (store, system)
}

/// A CSV file of `header` and `rows` in `dir`.
pub fn write<S: AsRef<str>>(
    dir: &Path,
    name: &str,
    header: &str,
    rows: impl IntoIterator<Item = S>,
) -> PathBuf {
    let mut text = String::from(header);
    for row in rows {
        text.push('\n');
        text.push_str(row.as_ref());
    }
    text.push('\n');
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Imports the enforcement cases of `path` (unit 520200 by default), the file kept.
pub async fn import(store: &ScopedStore, path: &Path, dry_run: bool) -> ImportReport {
    let format = Format::detect(path, None).unwrap();
    import_register(
        store,
        &ENFORCEMENT_CASES,
        path,
        format,
        ImportOptions {
            default_org: Some("520200".into()),
            dry_run,
            file: Some(KeptFile {
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                path: path.to_owned(),
            }),
        },
        None,
    )
    .await
    .expect("import runs")
}

/// One number read with `sql` (a `COUNT(*)`, a `MAX(id)` …) on either backend.
pub async fn count(store: &Store, sql: &'static str) -> i64 {
    match store.unscoped_db_for_tests() {
        Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    }
}

/// Imports `path` into register `def` (unit 520200 by default).
pub async fn import_into(
    store: &ScopedStore,
    def: &'static RegisterDef,
    path: &Path,
) -> ImportReport {
    let format = Format::detect(path, None).unwrap();
    let options = ImportOptions {
        default_org: Some("520200".into()),
        ..ImportOptions::default()
    };
    import_register(store, def, path, format, options, None)
        .await
        .expect("import runs")
}

/// Every record of `def` with its unit, links written as numbers, in natural-key order: what
/// a round trip through a file must keep.
pub async fn facts(store: &ScopedStore, def: &'static RegisterDef) -> Vec<(String, Record)> {
    let filter = RecordFilter {
        limit: 100,
        ..RecordFilter::default()
    };
    let (_, records) = store.list_records(def, &filter).await.unwrap();
    let mut out: Vec<(String, Record)> = records
        .into_iter()
        .map(|r| (r.org_code, r.record))
        .collect();
    let mut shown: Vec<Record> = out.iter().map(|(_, r)| r.clone()).collect();
    store.number_links(def, shown.iter_mut()).await.unwrap();
    for ((_, r), numbered) in out.iter_mut().zip(shown) {
        *r = numbered;
    }
    out.sort_by(|a, b| a.1.text(def.natural_key).cmp(&b.1.text(def.natural_key)));
    out
}

/// The demo city in a fresh, empty database of the backend `label` names.
pub async fn empty_city(label: &str) -> (Store, ScopedStore) {
    let url = match label {
        "sqlite" => fazhi_store::testing::fresh_sqlite_url(),
        _ => fazhi_store::testing::fresh_postgres_url()
            .await
            .unwrap()
            .unwrap(),
    };
    city(&url).await
}
