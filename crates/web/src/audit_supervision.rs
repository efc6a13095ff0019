//! The audit page's words for the supervision entities (issue 20): a file attached to a record
//! (附件: uploaded or downloaded), a recorded random draw (随机抽取) and a case file's score
//! (案卷评查评分).

use serde_json::Value as Json;

use crate::audit_changes::{Described, Entry};

fn text<'j>(json: &'j Json, key: &str) -> &'j str {
    json.get(key).and_then(Json::as_str).unwrap_or_default()
}

/// 附件「整改报告.pdf」 of a record, linked to the record's page.
pub fn file_entry(e: &Entry<'_>) -> Described {
    let register = text(e.after, "register");
    let record = e.after.get("record_id").and_then(Json::as_i64);
    let label = fazhi_domain::register::by_key(register).map_or("登记簿", |d| d.label);
    let mut lines = vec![format!("记录: {label} 第{}号", record.unwrap_or_default())];
    if let Some(size) = e.after.get("size").and_then(Json::as_i64) {
        lines.push(format!(
            "大小: {} 字节",
            fazhi_domain::numbers::thousands(&size.to_string())
        ));
    }
    if !text(e.after, "sha256").is_empty() {
        lines.push(format!("SHA-256: {}", text(e.after, "sha256")));
    }
    Described {
        object: format!("附件「{}」", text(e.after, "name")),
        link: record.map(|id| format!("/registers/{register}/{id}")),
        lines,
    }
}

/// 随机抽取「2025年度案卷评查」, linked to the draw's page.
pub fn draw_entry(e: &Entry<'_>) -> Described {
    let drawn = e
        .after
        .get("drawn")
        .and_then(Json::as_array)
        .map_or(0, Vec::len);
    let population = e
        .after
        .get("population")
        .and_then(Json::as_i64)
        .unwrap_or(0);
    Described {
        object: format!("随机抽取「{}」", text(e.after, "campaign")),
        link: Some(format!("/draws/{}", e.row.entity_id)),
        lines: vec![
            format!("随机种子来源: {}", text(e.after, "seed_source")),
            format!("种子: {}", text(e.after, "seed")),
            format!(
                "总体: {} 件,抽取 {drawn} 件",
                fazhi_domain::numbers::thousands(&population.to_string())
            ),
        ],
    }
}

/// 案卷评查评分「六枝罚〔2024〕3号」: the total and grade, with the earlier score on a re-score.
pub fn score_entry(e: &Entry<'_>) -> Described {
    let shown = |json: &Json| {
        json.get("total").and_then(Json::as_i64).map(|t| {
            format!(
                "{t}分 {}(扣分项 {})",
                text(json, "grade"),
                text(json, "items")
            )
        })
    };
    let line = match (shown(e.before), shown(e.after)) {
        (Some(old), Some(new)) => format!("评分: {old} → {new}"),
        (None, Some(new)) => format!("评分: {new}"),
        _ => String::new(),
    };
    let draw = e
        .after
        .get("draw")
        .and_then(Json::as_i64)
        .unwrap_or_default();
    Described {
        object: format!("案卷评查评分「{}」", text(e.after, "number")),
        link: Some(format!("/draws/{draw}")),
        lines: vec![line],
    }
}
