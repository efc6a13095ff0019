//! `fazhi extract` and `fazhi check` — reading published 法治政府建设年度报告.
//!
//! `fazhi extract FILE --format jsonl` prints one JSON object per statistic; with `--out-dir DIR`
//! each file's statistics go to `DIR/<file stem>.jsonl`. `fazhi check FILE` checks the stated
//! rates, 同比 changes and parts against the counts stated beside them.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

/// Output format of `fazhi extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Jsonl,
    Table,
}

fn extract_format(name: &str) -> anyhow::Result<Format> {
    match name {
        "jsonl" => Ok(Format::Jsonl),
        "table" => Ok(Format::Table),
        other => bail!("不支持的输出格式「{other}」: 请使用 jsonl 或 table"),
    }
}

/// 提取报告中的统计数据.
#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// 报告文件 (UTF-8 文本)
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 输出格式: jsonl | table
    #[arg(long, default_value = "jsonl")]
    format: String,
    /// 输出目录: 每个文件写入 <目录>/<文件名>.jsonl
    #[arg(long)]
    out_dir: Option<PathBuf>,
}

/// 校验报告中的比率、同比与分项.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// 报告文件 (UTF-8 文本)
    file: PathBuf,
    /// 输出格式: json | table
    #[arg(long, default_value = "table")]
    format: String,
}

pub(crate) fn read_report(path: &Path) -> anyhow::Result<String> {
    if !path.exists() {
        bail!("文件不存在: {}", path.display());
    }
    let bytes = std::fs::read(path).with_context(|| format!("无法读取文件: {}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("文件不是 UTF-8 文本: {}", path.display()))
}

/// Writes the statistics of `text` to `out`. JSON lines go straight from the text to `out`
/// (no statistic strings, no whole-output buffer: a 14 MB report would otherwise make the
/// process fault in tens of MB of fresh pages).
fn write_statistics(
    reader: &fazhi_text::Reader<'_>,
    text: &str,
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        Format::Jsonl => reader.write_jsonl(text, out).map(|_| ()),
        Format::Table => out.write_all(fazhi_text::to_table(&reader.extract(text)).as_bytes()),
    }
}

/// Runs `fazhi extract`.
pub fn run_extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let format = extract_format(&args.format)?;
    let reader = fazhi_text::Reader::embedded().context("指标目录加载失败")?;
    if let Some(dir) = &args.out_dir {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("无法创建输出目录: {}", dir.display()))?;
    }
    let stdout = std::io::stdout();
    for file in &args.files {
        let text = read_report(file)?;
        match &args.out_dir {
            Some(dir) => {
                let stem = file
                    .file_stem()
                    .map_or_else(|| "report".into(), |s| s.to_string_lossy());
                let ext = if format == Format::Jsonl {
                    "jsonl"
                } else {
                    "txt"
                };
                let path = dir.join(format!("{stem}.{ext}"));
                let written = File::create(&path).and_then(|f| {
                    let mut out = BufWriter::with_capacity(OUT_BUFFER, f);
                    write_statistics(&reader, &text, format, &mut out)?;
                    out.flush()
                });
                written.with_context(|| format!("无法写入文件: {}", path.display()))?;
            }
            None => {
                let mut out = BufWriter::with_capacity(OUT_BUFFER, stdout.lock());
                write_statistics(&reader, &text, format, &mut out)
                    .and_then(|()| out.flush())
                    .context("无法写入标准输出")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Output buffer of `fazhi extract`: large enough that writes are few, small enough to stay
/// in cache.
const OUT_BUFFER: usize = 64 << 10;

/// Runs `fazhi check`. Exits with status 1 when a check is inconsistent.
pub fn run_check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let reader = fazhi_text::Reader::embedded().context("指标目录加载失败")?;
    let text = read_report(&args.file)?;
    let checks = reader.check(&reader.read(&text));
    match args.format.as_str() {
        "json" => println!("{}", serde_json::to_string_pretty(&checks)?),
        "table" => print!("{}", fazhi_text::checks_table(&checks)),
        other => bail!("不支持的输出格式「{other}」: 请使用 json 或 table"),
    }
    let inconsistent = checks
        .iter()
        .any(|c| matches!(c.verdict, fazhi_text::Verdict::Inconsistent { .. }));
    Ok(if inconsistent {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
