//! 列表筛选 — the one reading of a register list's query (`org`, `from`, `to`, `q`, `status`,
//! `due`, `within`, `date`, `f.<field>`, `count`) into a [`RecordFilter`], for the list page, its
//! 导出(当前筛选) and the JSON API alike: an export after an indicator drill-down holds exactly
//! the records the list shows. A parameter that cannot be applied is refused in Chinese, never
//! dropped.

use fazhi_domain::register::{FieldDef, FieldKind, RegisterDef};
use fazhi_indicators::Filter;
use fazhi_store::{RecordFilter, ScopedStore};

/// A list counts at most this many records unless `count=exact` asks for all: counting a
/// million rows takes about a second, the page itself milliseconds.
pub const COUNT_LIMIT: i64 = 10_000;

/// How many records a text search counts at most: a word found in more than a thousand
/// records is a search to narrow, and counting a common word's matches in a county (each one
/// a row read to test the unit) cost more than the page itself (20 ms of 22 on the full demo).
pub const TEXT_COUNT_LIMIT: i64 = 1_000;

/// The most working days `due=soon` looks ahead (a year).
pub const MAX_WITHIN: u32 = 366;

/// A list's filter and what the page shows of it.
pub struct ListFilter {
    /// The filter, without paging.
    pub filter: RecordFilter,
    /// The `f.<field>` parameters in canonical form, for links that keep the filter.
    pub field_params: Vec<(String, String)>,
    /// `sum=<field>`: the amount or number an indicator adds up over these records, for the
    /// list's 合计 row (not a filter: the export and the API list the same records).
    pub sum_field: Option<&'static FieldDef>,
}

/// A code of the register's status field: anything else would list nothing and look like an
/// empty register.
fn status_code(def: &RegisterDef, code: &str) -> Result<String, String> {
    let known = def
        .status_field
        .and_then(|k| def.field(k))
        .is_some_and(|f| f.options().iter().any(|o| o.code == code));
    if known {
        Ok(code.to_owned())
    } else {
        Err(format!(
            "参数 status 的值「{}」不是{}的办理状态代码",
            code.trim(),
            def.label
        ))
    }
}

/// Reads the filter parameters of `raw` (the URL's query string); other parameters are left
/// to the caller. Every refusal is a Chinese sentence naming the parameter.
pub fn list_filter(
    store: &ScopedStore,
    def: &'static RegisterDef,
    raw: Option<&str>,
) -> Result<ListFilter, String> {
    let mut filter = RecordFilter::default();
    let mut field_params = Vec::new();
    let mut due = String::new();
    let mut within: Option<u32> = None;
    let mut sum_field = None;
    filter.count_limit = Some(COUNT_LIMIT);
    for (name, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if let Some(field) = name.strip_prefix("f.") {
            let test = Filter::parse_param(def, field, &value)?;
            field_params.push(test.to_param());
            filter.fields.push(test);
            continue;
        }
        // An empty value is no filter (a form's empty field); blanks alone are not empty.
        if value.is_empty() {
            continue;
        }
        // Codes (status, due, date) are taken as sent; names and text trimmed.
        let code = &*value;
        let value = value.trim();
        match &*name {
            "org" => filter.org_code = Some(value.to_owned()),
            "from" => filter.from = Some(date(value, "from")?),
            "to" => filter.to = Some(date(value, "to")?),
            "q" => filter.q = Some(value.to_owned()),
            "status" => filter.status = Some(status_code(def, code)?),
            "due" => due = code.to_owned(),
            "count" if code == "exact" => filter.count_limit = None,
            "unit_only" if code == "1" => filter.org_only = true,
            "reverse" if code == "1" => filter.reverse = true,
            "reverse" => {
                return Err(format!(
                    "参数 reverse 的值「{value}」无效,应为 1(倒序:最早的在前;期限清单中最晚到期的在前)"
                ));
            }
            "unit_only" => {
                return Err(format!(
                    "参数 unit_only 的值「{value}」无效,应为 1(仅本单位,不含下级)"
                ));
            }
            "count" => {
                return Err(format!(
                    "参数 count 的值「{value}」无效,应为 exact(精确计数)"
                ));
            }
            "within" => within = Some(value.parse().ok().filter(|n| *n <= MAX_WITHIN).ok_or_else(
                || format!("参数 within 的值「{value}」无效,应为 0 至 {MAX_WITHIN} 的工作日天数"),
            )?),
            "date" => {
                let field = def
                    .field(value)
                    .filter(|f| f.kind == FieldKind::Date)
                    .ok_or_else(|| {
                        format!("参数 date 的值「{value}」不是{}的日期字段", def.label)
                    })?;
                filter.date_field = Some(field.key);
            }
            "sum" => sum_field = Some(summed_field(def, value)?),
            _ => {}
        }
    }
    let today = crate::home::today();
    filter.due = match due.as_str() {
        "" => None,
        "overdue" => today.pred_opt().map(|yesterday| (None, yesterday)),
        "soon" => {
            let until = store
                .working_days_after(today, within.unwrap_or(5))
                .ok_or("工作日历未覆盖所需的日期,无法筛选即将到期的记录,请先载入当年的放假安排")?;
            Some((Some(today), until))
        }
        // 暂估: the earliest open due date after the last day the calendar covers.
        "provisional" => {
            let last = store
                .last_calendar_day()
                .ok_or("工作日历尚未载入任何年度的放假安排")?;
            last.succ_opt()
                .zip(chrono::NaiveDate::from_ymd_opt(9999, 12, 31))
                .map(|(from, to)| (Some(from), to))
        }
        other => {
            return Err(format!(
                "参数 due 的值「{other}」无效,应为 overdue(已超期)、soon(即将到期)或 provisional(届满日暂估)"
            ));
        }
    };
    if filter.q.is_some() && filter.count_limit.is_some() {
        filter.count_limit = Some(TEXT_COUNT_LIMIT);
    }
    Ok(ListFilter {
        filter,
        field_params,
        sum_field,
    })
}

/// The field of `sum=`: an amount or a whole number of the register.
fn summed_field(def: &'static RegisterDef, key: &str) -> Result<&'static FieldDef, String> {
    def.field(key)
        .filter(|f| matches!(f.kind, FieldKind::Amount | FieldKind::Integer { .. }))
        .ok_or_else(|| format!("参数 sum 的值「{key}」不是{}的金额或数量字段", def.label))
}

fn date(text: &str, name: &str) -> Result<chrono::NaiveDate, String> {
    fazhi_domain::register::parse_date(text)
        .map_err(|e| format!("参数 {name} 的值「{text}」不是日期:{e}"))
}
