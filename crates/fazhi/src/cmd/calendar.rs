//! `fazhi calendar` and `fazhi deadline` — the official working-day calendar and statutory deadlines
//! from the command line.
//!
//! Errors a user can fix (an uncovered year, a bad date, an unknown rule) are printed in Chinese on
//! stderr with exit code 2; the functions return `Err` only for failures of the program itself.

use std::process::ExitCode;

use chrono::NaiveDate;
use fazhi_calendar::{Calendar, DeadlineEngine, DeadlineOptions};

/// 工作日历 — show the kind of every day in a range.
#[derive(clap::Args, Debug)]
pub struct CalendarArgs {
    #[command(subcommand)]
    pub command: CalendarCommand,
}

/// `fazhi calendar …` subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum CalendarCommand {
    /// 列出日期范围内每一天的类型：日期、类型（workday/weekend/holiday/adjusted-workday）、节日名称
    Range {
        /// 开始日期（YYYY-MM-DD）
        from: String,
        /// 结束日期（YYYY-MM-DD，含当日）
        to: String,
    },
    /// 载入一年的放假调休通知(与内置 holidays.toml 相同格式),并重新计算所有未办结的法定期限
    Load {
        /// 通知文件(TOML)
        file: std::path::PathBuf,
        #[arg(long, env = "FAZHI_DB", default_value = crate::DEFAULT_DB)]
        db: String,
    },
}

/// 法定期限 — compute a statutory deadline with its explanation.
#[derive(clap::Args, Debug)]
pub struct DeadlineArgs {
    /// 期限规则，如 disclosure.reply、reconsideration.decision
    pub rule: String,
    /// 起算日（YYYY-MM-DD），如收到申请之日
    #[arg(long)]
    pub from: String,
    /// 已批准延长
    #[arg(long)]
    pub extended: bool,
    /// 中止期间 FROM..TO（含两端，可重复），如征求第三方意见的期间
    #[arg(long = "pause")]
    pub pauses: Vec<String>,
    /// 补正后重新起算之日（YYYY-MM-DD）
    #[arg(long = "restart-on")]
    pub restart_on: Option<String>,
    /// 地区（按地区设置期限的规则，如规范性文件备案）
    #[arg(long)]
    pub jurisdiction: Option<String>,
}

/// Exit code for errors the user can fix.
const USER_ERROR: u8 = 2;

/// `fazhi calendar range FROM TO`: one line per day, `YYYY-MM-DD<TAB>kind<TAB>festival`.
pub fn run_calendar(args: CalendarArgs) -> anyhow::Result<ExitCode> {
    let (from, to) = match args.command {
        CalendarCommand::Range { from, to } => (from, to),
        CalendarCommand::Load { file, db } => return load_notice(&file, &db),
    };
    let calendar = Calendar::embedded()?;
    let (from, to) = match (parse_date(&from, "开始日期"), parse_date(&to, "结束日期")) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(message), _) | (_, Err(message)) => return Ok(user_error(&message)),
    };
    if to < from {
        return Ok(user_error(&format!("结束日期 {to} 早于开始日期 {from}")));
    }
    let mut out = String::new();
    for day in calendar.range(from, to) {
        match day {
            Ok(info) => {
                let name = info.holiday.unwrap_or("");
                out.push_str(&format!("{}\t{}\t{name}\n", info.date, info.kind.as_str()));
            }
            Err(e) => return Ok(user_error(&e.to_string())),
        }
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

/// `fazhi deadline RULE --from DATE …`: the due date first, then the explanation lines.
pub fn run_deadline(args: DeadlineArgs) -> anyhow::Result<ExitCode> {
    let engine = DeadlineEngine::embedded()?;
    let start = match parse_date(&args.from, "起算日") {
        Ok(d) => d,
        Err(message) => return Ok(user_error(&message)),
    };
    let pauses = match args.pauses.iter().map(|p| parse_pause(p)).collect() {
        Ok(p) => p,
        Err(message) => return Ok(user_error(&message)),
    };
    let restart_on = match args
        .restart_on
        .as_deref()
        .map(|r| parse_date(r, "重新起算日"))
    {
        Some(Err(message)) => return Ok(user_error(&message)),
        other => other.and_then(Result::ok),
    };
    let options = DeadlineOptions {
        extended: args.extended,
        pauses,
        restart_on,
        jurisdiction: args.jurisdiction.as_deref(),
    };
    match engine.compute(&args.rule, start, &options) {
        Ok(deadline) => {
            println!(
                "{}\t{}（{}）",
                deadline.due, deadline.rule_name, deadline.rule_version
            );
            for line in &deadline.explanation {
                println!("  {line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(user_error(&e.to_string())),
    }
}

fn user_error(message: &str) -> ExitCode {
    eprintln!("错误：{message}");
    ExitCode::from(USER_ERROR)
}

fn parse_date(text: &str, what: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{what}「{text}」不是有效日期，应为 YYYY-MM-DD 格式，如 2025-01-24"))
}

/// `FROM..TO`, both inclusive.
fn parse_pause(text: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let Some((from, to)) = text.split_once("..") else {
        return Err(format!(
            "中止期间「{text}」格式错误，应为 开始日..结束日，如 2025-03-10..2025-03-14"
        ));
    };
    Ok((
        parse_date(from, "中止开始日")?,
        parse_date(to, "中止结束日")?,
    ))
}

/// `fazhi calendar load FILE`: stores the notice, replaces the calendar's years, re-evaluates.
fn load_notice(file: &std::path::Path, db: &str) -> anyhow::Result<ExitCode> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("错误：无法读取文件 {}：{e}", file.display());
            return Ok(ExitCode::from(USER_ERROR));
        }
    };
    crate::runtime()?.block_on(async {
        let store = fazhi_store::Store::open(db).await?;
        match store
            .unscoped_system("cli")
            .load_calendar_notice(&text)
            .await
        {
            Ok((years, count)) => {
                let years: Vec<String> = years.iter().map(i32::to_string).collect();
                println!(
                    "已载入 {} 年放假安排，重新计算未办结法定期限 {count} 项",
                    years.join("、")
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(fazhi_store::StoreError::Invalid(e)) => {
                eprintln!("错误：{e}");
                Ok(ExitCode::from(USER_ERROR))
            }
            Err(e) => Err(e.into()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_pauses() {
        assert!(parse_date("2025-01-24", "起算日").is_ok());
        assert_eq!(
            parse_date("2025-02-30", "起算日"),
            Err("起算日「2025-02-30」不是有效日期，应为 YYYY-MM-DD 格式，如 2025-01-24".to_owned())
        );
        assert!(parse_pause("2025-03-10..2025-03-14").is_ok());
        assert!(parse_pause("2025-03-10").is_err());
    }
}
