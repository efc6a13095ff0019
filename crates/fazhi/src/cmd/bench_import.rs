//! `fazhi bench import` — a city-year of enforcement cases (六盘水 2024 published 1,530,501)
//! as one CSV imported into a fresh SQLite database through the bulk path, against two
//! references measured in the same run: the row-at-a-time path (`create_record`, one insert
//! per row, on a sample), `sqlite3 .import` of the same file into a bare table, and the
//! schema's floor: what SQLite alone takes to store the rows the import stored.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::NaiveDate;
use fazhi_domain::org::NewOrgUnit;
use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;
use fazhi_exchange::{Format, ImportReport, template_headers};
use fazhi_store::{ImportOptions, KeptFile, RecordFilter, ScopedStore, Store};

/// The officers every generated case names (issued certificates created first).
const CERTIFICATES_NO: [&str; 2] = ["BENCH-CERT-1", "BENCH-CERT-2"];

/// One generated, valid enforcement case as CSV cells in the template's column order.
fn case_row(i: u64, base: NaiveDate) -> Vec<String> {
    let filed = base + chrono::Days::new(i % 330);
    let decided = filed + chrono::Days::new(5 + i % 20);
    let fine = i.is_multiple_of(3);
    let mut cells = vec![String::new(); ENFORCEMENT_CASES.fields.len() + 1];
    let mut set = |key: &str, value: String| {
        if let Some(pos) = ENFORCEMENT_CASES.fields.iter().position(|f| f.key == key) {
            cells[pos + 1] = value;
        }
    };
    set("case_code", format!("LPS-2024-{i:08}"));
    set("kind", "处罚".into());
    set("party_name", format!("六盘水某商贸有限公司第{i}号"));
    set("party_type", "法人".into());
    set("filed_date", filed.to_string());
    set("decision_date", decided.to_string());
    set("penalty_types", if fine { "罚款" } else { "警告" }.into());
    if fine {
        set("fine_amount", format!("{}.00", 500 + i % 20_000));
    }
    set("no_penalty", "无".into());
    set("major_decision", "否".into());
    set(
        "published_date",
        (decided + chrono::Days::new(3)).to_string(),
    );
    set("recorded", "文字和音像".into());
    set("handlers", CERTIFICATES_NO.join(","));
    set("status", "已决定".into());
    cells
}

/// Writes `rows` valid cases, and with `bad_last_row` one more whose 立案日期 is no date.
fn write_csv(path: &Path, rows: u64, base: NaiveDate, bad_last_row: bool) -> anyhow::Result<()> {
    let file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut writer = csv::Writer::from_writer(file);
    let mut headers = template_headers(&ENFORCEMENT_CASES);
    // The bench files name no unit column: every case belongs to --org.
    headers[0] = String::new();
    writer.write_record(&headers)?;
    for i in 0..rows {
        writer.write_record(case_row(i, base))?;
    }
    if bad_last_row {
        let mut cells = case_row(rows, base);
        if let Some(pos) = ENFORCEMENT_CASES
            .fields
            .iter()
            .position(|f| f.key == "filed_date")
        {
            cells[pos + 1] = "2024-13-45".into();
        }
        writer.write_record(cells)?;
    }
    writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .flush()?;
    Ok(())
}

async fn city(url: &str) -> anyhow::Result<(Store, ScopedStore)> {
    let store = Store::open(url)
        .await
        .with_context(|| format!("无法打开 {url}"))?;
    let system = store.unscoped_system("bench");
    let since = NaiveDate::from_ymd_opt(2020, 1, 1).context("日期")?;
    system
        .create_org(
            NewOrgUnit::parse("520200", "city", "六盘水市", None, since)?,
            None,
        )
        .await?;
    fazhi_store::testing::issue_certificates(&system, "520200", &CERTIFICATES_NO)
        .await
        .map_err(|e| anyhow::anyhow!("无法创建基准数据的执法证:{e}"))?;
    Ok((store, system))
}

/// Peak resident memory of this process so far (VmHWM), in MB.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The bulk path: `csv_path` imported into a fresh SQLite database in `dir`, timed.
async fn bulk_import(
    csv_path: &Path,
    dir: &Path,
) -> anyhow::Result<(ScopedStore, ImportReport, Duration)> {
    let url = format!("sqlite://{}", dir.join("bulk.db").display());
    bulk_import_into(csv_path, &url).await
}

/// The bulk path: `csv_path` imported into the empty database at `url`, timed.
async fn bulk_import_into(
    csv_path: &Path,
    url: &str,
) -> anyhow::Result<(ScopedStore, ImportReport, Duration)> {
    let (_store, system) = city(url).await?;
    let t = Instant::now();
    let report = fazhi_exchange::import_register(
        &system,
        &ENFORCEMENT_CASES,
        csv_path,
        Format::Csv,
        ImportOptions {
            default_org: Some("520200".into()),
            dry_run: false,
            file: Some(KeptFile {
                name: "cases.csv".into(),
                path: csv_path.to_owned(),
            }),
        },
        None,
    )
    .await?;
    Ok((system, report, t.elapsed()))
}

/// Generates the CSV (with a bad last row if asked); returns its path, the time and size in MB.
fn generate(rows: u64, dir: &Path, bad_last_row: bool) -> anyhow::Result<(PathBuf, Duration, f64)> {
    let base = NaiveDate::from_ymd_opt(2024, 1, 2).context("日期")?;
    let csv_path = dir.join("cases.csv");
    let t = Instant::now();
    write_csv(&csv_path, rows, base, bad_last_row)?;
    let elapsed = t.elapsed();
    let size_mb = std::fs::metadata(&csv_path)?.len() as f64 / 1e6;
    Ok((csv_path, elapsed, size_mb))
}

/// A valid file with one bad row at its end: how long until the import reports it and rolls
/// everything back, the peak memory, and that nothing stayed in the database.
pub async fn bench_bad_last_row(rows: u64, dir: &Path) -> anyhow::Result<ExitCode> {
    let (csv_path, generated, size_mb) = generate(rows, dir, true)?;
    let (system, report, elapsed) = bulk_import(&csv_path, dir).await?;
    let memory = peak_memory_mb();
    let filter = RecordFilter {
        limit: 1,
        ..RecordFilter::default()
    };
    let (stored, _) = system.list_records(&ENFORCEMENT_CASES, &filter).await?;
    println!(
        "fazhi bench import --bad-last-row — SQLite, {} cores",
        cores()
    );
    println!(
        "generated CSV:                 {rows} valid rows + 1 bad, {size_mb:.0} MB in {:.2} s",
        generated.as_secs_f64()
    );
    println!(
        "bulk import, rolled back:      {:.2} s ({:.0} rows/s read)",
        elapsed.as_secs_f64(),
        (rows + 1) as f64 / elapsed.as_secs_f64()
    );
    for e in report.errors.iter().take(3) {
        println!("reported:                      {e}");
    }
    if let Some(memory) = memory {
        println!("peak memory (VmHWM):           {memory:.0} MB");
    }
    println!("cases in the database after:   {stored}");
    let caught =
        report.error_count == 1 && report.errors.first().is_some_and(|e| e.row == rows + 2);
    if !caught || stored != 0 {
        anyhow::bail!("错误行未被正确拒绝,或数据库中留下了数据");
    }
    Ok(ExitCode::SUCCESS)
}

/// The bulk path into the (empty) database at `url` — PostgreSQL, say — beside SQLite in the
/// same run, on the same file.
pub async fn bench_against(rows: u64, dir: &Path, url: &str) -> anyhow::Result<ExitCode> {
    let (csv_path, _, size_mb) = generate(rows, dir, false)?;
    let (_, sqlite, sqlite_time) = bulk_import(&csv_path, dir).await?;
    let (_, other, other_time) = bulk_import_into(&csv_path, url).await?;
    if !sqlite.ok() || !other.ok() {
        anyhow::bail!("基准数据未通过校验");
    }
    println!(
        "fazhi bench import --db — {} cores, {rows} rows, {size_mb:.0} MB",
        cores()
    );
    for (name, report, time) in [
        ("SQLite (same run)", &sqlite, sqlite_time),
        (url, &other, other_time),
    ] {
        println!(
            "{name}: {:.2} s = {:.0} rows/s (created {})",
            time.as_secs_f64(),
            rows as f64 / time.as_secs_f64(),
            report.outcome.created
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
}

pub async fn bench(rows: u64, sample: u64, dir: &Path) -> anyhow::Result<ExitCode> {
    let base = NaiveDate::from_ymd_opt(2024, 1, 2).context("日期")?;
    let (csv_path, generate, size_mb) = generate(rows, dir, false)?;

    // Bulk path.
    let memory_before = peak_memory_mb();
    let (_system, report, bulk) = bulk_import(&csv_path, dir).await?;
    let memory_after = peak_memory_mb();
    if !report.ok() {
        for e in report.errors.iter().take(10) {
            eprintln!("{e}");
        }
        anyhow::bail!("基准数据未通过校验({} 个问题)", report.error_count);
    }

    // Row-at-a-time path on a sample.
    let url = format!("sqlite://{}", dir.join("rows.db").display());
    let (_rows_store, rows_system) = city(&url).await?;
    let t = Instant::now();
    for i in 0..sample {
        let cells = case_row(i, base);
        let raw = ENFORCEMENT_CASES
            .fields
            .iter()
            .zip(&cells[1..])
            .map(|(f, v)| (f.key.to_owned(), v.clone()))
            .collect();
        let record = ENFORCEMENT_CASES
            .parse(&raw)
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        rows_system
            .create_record(&ENFORCEMENT_CASES, "520200", record)
            .await?
            .map_err(|e| anyhow::anyhow!("{:?}", e.0))?;
    }
    let row_path = t.elapsed();

    // sqlite3 .import of the same file into a bare table (the reference limit).
    let bare = dir.join("bare.db");
    let bare_arg = bare.display().to_string();
    let import_cmd = format!(".import {} cases", csv_path.display());
    let sqlite_line = timed_sqlite3(&[&bare_arg, "-cmd", ".mode csv", &import_cmd], rows);

    // The schema's floor: the records, clocks and kept file the bulk import stored, copied by
    // SQLite itself into a fresh database with the same schema (no parsing, no checks, no
    // binding), secondary indexes dropped and rebuilt as the import does.
    let floor = dir.join("floor.db");
    let (schema, _) = city(&format!("sqlite://{}", floor.display())).await?;
    schema.close().await;
    let floor_arg = floor.display().to_string();
    let script = floor_script(&dir.join("bulk.db"), &floor_arg);
    let floor_line = timed_sqlite3(&[&floor_arg, &script], rows);

    let bulk_rate = rows as f64 / bulk.as_secs_f64();
    let row_rate = sample as f64 / row_path.as_secs_f64();
    println!("fazhi bench import — SQLite, {} cores", cores());
    println!(
        "generated CSV:                 {rows} rows, {size_mb:.0} MB in {:.2} s",
        generate.as_secs_f64()
    );
    println!(
        "bulk import (validate+write):  {:.2} s = {bulk_rate:.0} rows/s (created {}, deadlines and audit batch included)",
        bulk.as_secs_f64(),
        report.outcome.created
    );
    if let (Some(before), Some(after)) = (memory_before, memory_after) {
        println!("peak memory (VmHWM):           {after:.0} MB (before the import {before:.0} MB)");
    }
    println!(
        "row-at-a-time create_record:   {sample} rows in {:.2} s = {row_rate:.0} rows/s",
        row_path.as_secs_f64()
    );
    println!(
        "ratio bulk / row-at-a-time:    {:.1}×",
        bulk_rate / row_rate
    );
    println!("sqlite3 .import, bare table:   {sqlite_line}");
    println!("schema floor (SQLite copies):  {floor_line}");
    Ok(ExitCode::SUCCESS)
}

/// Runs the `sqlite3` shell with `args`; its time and rate for `rows` rows, or why not.
fn timed_sqlite3(args: &[&str], rows: u64) -> String {
    let t = Instant::now();
    let out = std::process::Command::new("sqlite3").args(args).output();
    let elapsed = t.elapsed().as_secs_f64();
    match out {
        Ok(out) if out.status.success() => {
            format!("{elapsed:.2} s ({:.0} rows/s)", rows as f64 / elapsed)
        }
        Ok(out) => format!("失败:{}", String::from_utf8_lossy(&out.stderr).trim()),
        Err(e) => format!("未运行(sqlite3 不可用:{e})"),
    }
}

/// The SQL that copies the import's stored rows from `bulk` into the fresh database `floor`
/// in one transaction, with the pragmas of the import's connection. `WHERE id > 0` keeps
/// SQLite from copying records as raw bytes (its transfer optimisation), so every row is
/// encoded and inserted into each index as an import's would be.
fn floor_script(bulk: &Path, floor: &str) -> String {
    let out = std::process::Command::new("sqlite3")
        .arg(floor)
        .arg(
            "SELECT m.sql FROM sqlite_master m JOIN pragma_index_list('enforcement_case') l \
             ON l.name = m.name WHERE m.type = 'index' AND l.origin = 'c' \
             AND l.\"unique\" = 0 AND l.partial = 0",
        )
        .output();
    // Without the shell the floor line reports it; the script is then never run.
    let creates = match out {
        Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
        Err(_) => String::new(),
    };
    let creates: Vec<&str> = creates.lines().filter(|l| !l.trim().is_empty()).collect();
    let drops: String = creates
        .iter()
        .filter_map(|sql| sql.split_whitespace().nth(2))
        .map(|name| format!("DROP INDEX {name};\n"))
        .collect();
    let bulk = bulk.display().to_string().replace('\'', "''");
    format!(
        "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -131072; PRAGMA temp_store = FILE;\n\
         ATTACH '{bulk}' AS src;\n\
         BEGIN IMMEDIATE;\n{drops}\
         INSERT INTO enforcement_case SELECT * FROM src.enforcement_case WHERE id > 0;\n\
         INSERT INTO deadline SELECT * FROM src.deadline WHERE id > 0;\n\
         INSERT INTO import_file_chunk SELECT * FROM src.import_file_chunk WHERE batch_id > 0;\n\
         {};\n\
         COMMIT;",
        creates.join(";\n")
    )
}

/// Runs the benchmark in a fresh temp directory (kept with `keep`).
pub fn run(
    rows: u64,
    sample: u64,
    keep: Option<PathBuf>,
    bad_last_row: bool,
    db: Option<String>,
) -> anyhow::Result<ExitCode> {
    let dir = keep.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("fazhi-bench-import-{}", std::process::id()))
    });
    std::fs::create_dir_all(&dir)?;
    let result = if let Some(url) = db {
        crate::runtime()?.block_on(bench_against(rows, &dir, &url))
    } else if bad_last_row {
        crate::runtime()?.block_on(bench_bad_last_row(rows, &dir))
    } else {
        crate::runtime()?.block_on(bench(rows, sample, &dir))
    };
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}
