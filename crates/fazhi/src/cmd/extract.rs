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

/// Writes the statistics of the report `path` to `out`. JSON lines are read a buffer at a
/// time and written straight from the text (no statistic strings, no copy of the whole file
/// or its normalised text: a 14 MB report would otherwise make the process fault in tens of
/// MB of fresh pages).
fn write_statistics(
    reader: &fazhi_text::Reader<'_>,
    path: &Path,
    format: Format,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match format {
        Format::Jsonl => write_jsonl_file(reader, path, out),
        Format::Table => {
            let text = read_report(path)?;
            let table = fazhi_text::to_table(&reader.extract(&text));
            out.write_all(table.as_bytes()).map_err(Into::into)
        }
    }
}

/// Bytes read from a report file at a time.
const READ_BUFFER: usize = fazhi_text::PIECE_BYTES;

/// `fazhi extract --format jsonl` of one file, read a buffer at a time: the first buffer
/// gives the metadata table's end, the script is judged on a sample read at its offsets, and
/// the rest streams through [`fazhi_text::JsonlStream`].
fn write_jsonl_file(
    reader: &fazhi_text::Reader<'_>,
    path: &Path,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    use std::io::{Read, Seek};
    use std::os::unix::fs::FileExt;
    if !path.exists() {
        bail!("文件不存在: {}", path.display());
    }
    let not_read = || format!("无法读取文件: {}", path.display());
    let not_utf8 = |detail: &dyn std::fmt::Display| {
        anyhow::anyhow!("文件不是 UTF-8 文本: {} ({detail})", path.display())
    };
    let mut file = File::open(path).with_context(not_read)?;
    let len = file.metadata().with_context(not_read)?.len();
    let mut buf = vec![0; READ_BUFFER];
    // Nothing is written for a file that is not UTF-8 text, so it is checked whole first.
    if let Some(at) = first_non_utf8(&mut file, &mut buf).with_context(not_read)? {
        return Err(not_utf8(&format_args!("第 {at} 字节")));
    }
    file.rewind().with_context(not_read)?;
    let head_len = read_full(&mut file, &mut buf).with_context(not_read)?;
    let head = &buf[..head_len];
    // The metadata table is whole lines at the start: judged on the head's whole lines.
    let lines = head
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |nl| nl + 1);
    let lines = std::str::from_utf8(&head[..lines]).map_err(|e| not_utf8(&e))?;
    let start = fazhi_text::body_start(lines);
    let body_len = usize::try_from(len)
        .unwrap_or(usize::MAX)
        .saturating_sub(start.1);
    let mut sample = Vec::new();
    for range in fazhi_text::script_sample(body_len) {
        let mut part = vec![0; range.len()];
        file.read_exact_at(&mut part, (start.1 + range.start) as u64)
            .with_context(not_read)?;
        sample.push(part);
    }
    let convert = fazhi_text::is_traditional(sample.iter().map(Vec::as_slice));
    let mut stream = fazhi_text::JsonlStream::new(reader, convert, start, READ_BUFFER);
    let fed = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::InvalidData => not_utf8(&e),
        _ => anyhow::Error::new(e).context("无法写入输出"),
    };
    stream.feed(&buf[start.1..head_len], out).map_err(fed)?;
    loop {
        let n = file.read(&mut buf).with_context(not_read)?;
        if n == 0 {
            break;
        }
        stream.feed(&buf[..n], out).map_err(fed)?;
    }
    stream.finish(out).map_err(fed)?;
    Ok(())
}

/// The 1-based offset of the first byte of `file` that is not UTF-8, read through `buf`.
fn first_non_utf8(file: &mut File, buf: &mut [u8]) -> std::io::Result<Option<u64>> {
    use std::io::Read;
    // Bytes of a char cut at the end of the previous read, moved to the front of `buf`.
    let (mut carried, mut offset) = (0, 0u64);
    loop {
        let n = file.read(&mut buf[carried..])?;
        let filled = carried + n;
        match simdutf8::compat::from_utf8(&buf[..filled]) {
            Ok(_) if n == 0 => return Ok(None),
            Ok(_) => carried = 0,
            Err(e) if e.error_len().is_none() && n > 0 => {
                let good = e.valid_up_to();
                buf.copy_within(good..filled, 0);
                carried = filled - good;
            }
            Err(e) => return Ok(Some(offset + e.valid_up_to() as u64 + 1)),
        }
        offset += (filled - carried) as u64;
    }
}

/// Reads into `buf` until it is full or the file ends; returns the bytes read.
fn read_full(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    use std::io::Read;
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
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
                let cannot_write = || format!("无法写入文件: {}", path.display());
                let mut out = BufWriter::with_capacity(
                    OUT_BUFFER,
                    File::create(&path).with_context(cannot_write)?,
                );
                let written = write_statistics(&reader, file, format, &mut out)
                    .and_then(|()| out.flush().with_context(cannot_write));
                if let Err(e) = written {
                    // No half-written file is left behind.
                    drop(out);
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
            }
            None => {
                let mut out = BufWriter::with_capacity(OUT_BUFFER, stdout.lock());
                write_statistics(&reader, file, format, &mut out)?;
                out.flush().context("无法写入标准输出")?;
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
