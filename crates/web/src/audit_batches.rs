//! 审计内容 (续) — the entries that are not one record, unit or account: import batches,
//! 填报值 saved by form, annual-report narratives and loaded holiday notices.

use std::sync::LazyLock;

use serde_json::Value as Json;

use crate::audit_changes::{Described, Entry, line, org_name, plain};

/// At most this many values of one entry are listed; the rest are counted.
const MAX_VALUE_LINES: usize = 50;

/// A number as read: whole numbers without a fraction, thousands grouped.
fn figure(value: &Json) -> String {
    let text = match value.as_f64() {
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
        Some(x) => x.to_string(),
        None => plain(value),
    };
    fazhi_domain::numbers::thousands(&text)
}

fn count_line(label: &str, value: &Json) -> Option<String> {
    value
        .as_i64()
        .map(|n| format!("{label}: {}", fazhi_domain::numbers::count(n)))
}

/// 导入批次 — one entry per imported file: register, file, counts; for 填报值 the values.
pub fn import_entry(e: &Entry<'_>) -> Described {
    let register = e.after["register"]
        .as_str()
        .or(e.before["register"].as_str());
    let register_label = match register.and_then(fazhi_domain::register::by_key) {
        Some(def) => def.label,
        None => "填报值",
    };
    let mut lines = vec![format!("登记簿: {register_label}")];
    lines.extend(line("文件", None, Some(plain(&e.after["file"]))));
    for (label, key) in [
        ("数据行数", "rows"),
        ("新增", "created"),
        ("更新", "updated"),
        ("未变", "unchanged"),
    ] {
        lines.extend(count_line(label, &e.after[key]));
    }
    if let Some(records) = e.before["records"].as_array() {
        lines.push(format!(
            "更新前的原值: {} 条记录(逐项见各记录页的修改历史)",
            fazhi_domain::numbers::count(records.len() as i64)
        ));
    }
    lines.extend(value_lines(e));
    Described {
        object: format!("导入批次 {}", e.row.entity_id),
        link: None,
        lines,
    }
}

/// 填报值 saved on the form: every value written, with the value it replaced.
pub fn reported_entry(e: &Entry<'_>) -> Described {
    Described {
        object: "填报值".to_owned(),
        link: Some("/reported".to_owned()),
        lines: value_lines(e),
    }
}

/// `[unit, period, key, value]` written and `[unit, period, key, old value, …]` replaced, as
/// 「指标名称(单位 期间): 原值 → 新值」.
fn value_lines(e: &Entry<'_>) -> Vec<String> {
    let Some(written) = e.after["values"].as_array() else {
        return Vec::new();
    };
    let replaced = e.before["replaced"].as_array();
    let catalog = fazhi_catalog::Catalog::embedded().ok();
    let mut lines: Vec<String> = written
        .iter()
        .take(MAX_VALUE_LINES)
        .filter_map(|value| {
            let (unit, period, key) = (plain(&value[0]), plain(&value[1]), plain(&value[2]));
            let old = replaced.and_then(|list| {
                list.iter()
                    .find(|r| plain(&r[0]) == unit && plain(&r[1]) == period && plain(&r[2]) == key)
                    .map(|r| figure(&r[3]))
            });
            let name = catalog
                .and_then(|c| c.get(&key))
                .map_or("未知指标", |i| i.name.as_str());
            let label = format!("{name}({} {period})", org_name(e.orgs, &unit));
            line(&label, old, Some(figure(&value[3])))
        })
        .collect();
    if written.len() > MAX_VALUE_LINES {
        lines.push(format!(
            "……另有 {} 项",
            fazhi_domain::numbers::count((written.len() - MAX_VALUE_LINES) as i64)
        ));
    }
    lines
}

/// Narrative slot headings by slot key, from the report outline.
static SLOT_HEADINGS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let Ok(catalog) = fazhi_catalog::Catalog::embedded() else {
        return Vec::new();
    };
    let Ok(outline) = fazhi_report::Outline::embedded(catalog) else {
        return Vec::new();
    };
    let mut headings = vec![(fazhi_report::OPENING_SLOT.to_owned(), "开篇段落".to_owned())];
    for section in &outline.sections {
        headings.push((section.key.clone(), section.heading.clone()));
        for sub in &section.subs {
            headings.push((sub.key.clone(), sub.heading.clone()));
        }
    }
    headings
});

/// Shortens a long text for a change line.
fn excerpt(text: String) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}……", &text[..cut]),
        None => text,
    }
}

/// 年度报告 narrative: entity `{unit code}-{year}`, `{slot: text}` before and after.
pub fn narrative_entry(e: &Entry<'_>) -> Described {
    let (code, year) = e
        .row
        .entity_id
        .rsplit_once('-')
        .unwrap_or((e.row.entity_id.as_str(), ""));
    let next_year = year
        .parse::<i32>()
        .map_or(String::new(), |y| (y + 1).to_string());
    let slots: Vec<&String> = e
        .after
        .as_object()
        .into_iter()
        .chain(e.before.as_object())
        .flat_map(|m| m.keys())
        .collect();
    let mut lines = Vec::new();
    let mut seen = Vec::new();
    for slot in slots {
        if seen.contains(&slot) {
            continue;
        }
        seen.push(slot);
        let heading = SLOT_HEADINGS
            .iter()
            .find(|(key, _)| key == slot)
            .map_or("其他段落".to_owned(), |(_, h)| {
                h.replace("{year}", year).replace("{next_year}", &next_year)
            });
        let [old, new] = e.sides(slot, |v| excerpt(plain(v)));
        lines.extend(line(&heading, old, new));
    }
    Described {
        object: format!("年度报告 {} {year}年", org_name(e.orgs, code)),
        link: Some(format!("/annual-report?org={code}&year={year}")),
        lines,
    }
}

/// The titles (`notice = "…"`) of a holiday notice file.
fn notice_titles(text: &str) -> String {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("notice"))
        .filter_map(|rest| rest.trim_start().strip_prefix('='))
        .map(|v| v.trim().trim_matches('"').to_owned())
        .collect::<Vec<_>>()
        .join("、")
}

/// 放假安排: the years loaded, the notices' titles, and the notices they replaced.
pub fn calendar_entry(e: &Entry<'_>) -> Described {
    let years: Vec<String> = e.after["years"]
        .as_array()
        .map(|ys| ys.iter().map(plain).collect())
        .unwrap_or_default();
    let mut lines = vec![format!("年份: {}", years.join("、"))];
    lines.extend(line(
        "通知",
        None,
        Some(notice_titles(
            e.after["notice"].as_str().unwrap_or_default(),
        )),
    ));
    if let Some(replaced) = e.before["notices"].as_object() {
        for (year, old) in replaced {
            lines.push(format!(
                "替换的{year}年通知: {}(载入于 {},载入人 {})",
                notice_titles(old["notice"].as_str().unwrap_or_default()),
                crate::home::beijing_time(old["loaded_at"].as_str().unwrap_or_default()),
                plain(&old["loaded_by"])
            ));
        }
    }
    Described {
        object: format!("放假安排 {}", years.join("、")),
        link: Some("/calendar".to_owned()),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use crate::audit_changes::{OrgNames, describe};
    use fazhi_store::AuditRow;

    fn row(entity: &str, id: &str, before: &str, after: &str) -> AuditRow {
        AuditRow {
            seq: 17,
            at: "2026-12-04T15:00:56Z".into(),
            actor: "admin".into(),
            action: "import".into(),
            entity: entity.into(),
            entity_id: id.into(),
            before_json: before.into(),
            after_json: after.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn an_import_batch_is_named_and_counted() {
        let after = r#"{"register":"mediations","file":"调解.xlsx","sha256":"ab","size":10,"rows":12345,"created":12000,"updated":345,"unchanged":0,"created_ids":"1-12000","updated_ids":"7"}"#;
        let d = describe(&row("import_batch", "17", "", after), &OrgNames::new());
        assert_eq!(d.object, "导入批次 17");
        let text = d.lines.join("\n");
        assert!(text.contains("登记簿: 人民调解案件"), "{text}");
        assert!(text.contains("文件: 调解.xlsx"), "{text}");
        assert!(text.contains("数据行数: 12,345"), "{text}");
        assert!(
            !text.contains("sha256") && !text.contains("1-12000"),
            "{text}"
        );
    }

    #[test]
    fn reported_values_show_indicator_names_and_old_values() {
        let before = r#"{"register":"reported-values","replaced":[["520200","2024","mediation.cases",1200.0,null,null]]}"#;
        let after = r#"{"file":null,"rows":1,"created":0,"updated":1,"unchanged":0,"values":[["520200","2024","mediation.cases",15000.0]]}"#;
        let names: OrgNames = [("520200".to_owned(), "六盘水市".to_owned())].into();
        let d = describe(&row("reported_value", "form", before, after), &names);
        assert_eq!(d.object, "填报值");
        assert_eq!(d.lines.len(), 1, "{d:?}");
        assert!(
            d.lines[0].ends_with("(六盘水市(520200) 2024): 1,200 → 15,000"),
            "{d:?}"
        );
        assert!(!d.lines[0].contains("mediation.cases"), "{d:?}");
    }

    #[test]
    fn narratives_and_notices_are_described_in_words() {
        let d = describe(
            &row(
                "report_narrative",
                "520200-2024",
                r#"{"opening":null}"#,
                r#"{"opening":"2024年,全市……"}"#,
            ),
            &OrgNames::new(),
        );
        assert_eq!(d.object, "年度报告 520200 2024年");
        assert_eq!(d.lines, ["开篇段落: (空) → 2024年,全市……"]);
        let notice = "[[year]]\\nyear = 2027\\nnotice = \\\"国务院办公厅关于2027年部分节假日安排的通知\\\"\\n";
        let after = format!(r#"{{"years":[2027],"notice":"{notice}"}}"#);
        let d = describe(
            &row("calendar_notice", "2027", "", &after),
            &OrgNames::new(),
        );
        assert_eq!(
            d.lines,
            [
                "年份: 2027",
                "通知: 国务院办公厅关于2027年部分节假日安排的通知"
            ]
        );
    }
}
