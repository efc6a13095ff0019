//! 审计内容 — an audit entry as a clerk reads it: what it is about (a record's number, a unit's
//! or an account's name, an import batch) and each change as 「字段: 原值 → 新值」 with the
//! Chinese labels of the register or of the org and account pages. An update lists the fields
//! it changed, a creation or deletion every field that has a value; amounts are in 元 with
//! thousands separators, enum codes as their labels. No stored JSON and no English key is shown.

use std::collections::HashMap;

use fazhi_domain::account::{Role, ScopeKind};
use fazhi_domain::org::OrgKind;
use fazhi_domain::register::RegisterDef;
use fazhi_store::AuditRow;
use serde_json::Value as Json;

use crate::audit_batches;

/// Unit names by code, for naming units in changes (units outside the reader's scope keep
/// their code).
pub type OrgNames = HashMap<String, String>;

/// An audit entry described for the page and the export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// 「行政执法案件 六枝罚〔2024〕1号」, 「机构 钟山区」, 「导入批次 17」 …
    pub object: String,
    /// The page of the object, while it exists.
    pub link: Option<String>,
    /// 「字段: 原值 → 新值」, 「字段: 值」 for a creation or deletion.
    pub lines: Vec<String>,
}

/// Audited entities that are not registers, with their Chinese names (every entity the store
/// writes to the audit; registers are named by their definitions).
pub const OTHER_ENTITIES: [(&str, &str); 9] = [
    ("org_unit", "机构"),
    ("app_user", "账号"),
    ("calendar_notice", "放假安排"),
    ("import_batch", "导入批次"),
    ("reported_value", "填报值"),
    ("report_narrative", "年度报告"),
    ("record_file", "附件"),
    ("record_draw", "随机抽取"),
    ("case_review_score", "案卷评查评分"),
];

/// Every audited entity (table name, Chinese name): the fixed ones and every register.
pub fn entities() -> impl Iterator<Item = (&'static str, &'static str)> {
    OTHER_ENTITIES.into_iter().chain(
        fazhi_domain::register::all()
            .iter()
            .map(|d| (d.table, d.label)),
    )
}

/// The Chinese name of an audited entity kind.
pub fn entity_label(entity: &str) -> &'static str {
    entities()
        .find(|(e, _)| *e == entity)
        .map_or("其他", |(_, l)| l)
}

/// One line of a change. `None` is a side that does not exist (before a creation, after a
/// deletion); an empty text is an empty value. Unchanged values and absent empty ones give no
/// line.
pub fn line(label: &str, old: Option<String>, new: Option<String>) -> Option<String> {
    let blank = |v: String| if v.is_empty() { "(空)".to_owned() } else { v };
    match (old, new) {
        (None, Some(v)) | (Some(v), None) if !v.is_empty() => Some(format!("{label}: {v}")),
        (Some(old), Some(new)) if old != new => {
            Some(format!("{label}: {} → {}", blank(old), blank(new)))
        }
        _ => None,
    }
}

/// The stored before/after text as JSON (`Null` when there is none).
fn json(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or(Json::Null)
}

/// Plain text of a JSON scalar: strings as they are, numbers and booleans written out.
pub fn plain(value: &Json) -> String {
    match value {
        Json::Null => String::new(),
        Json::String(s) => s.clone(),
        Json::Bool(true) => "是".into(),
        Json::Bool(false) => "否".into(),
        other => other.to_string(),
    }
}

/// A unit's code as its name (code kept when the name is not known to the reader).
pub fn org_name(orgs: &OrgNames, code: &str) -> String {
    match orgs.get(code) {
        Some(name) => format!("{name}({code})"),
        None => code.to_owned(),
    }
}

/// Describes one audit entry.
pub fn describe(row: &AuditRow, orgs: &OrgNames) -> Described {
    let (before, after) = (json(&row.before_json), json(&row.after_json));
    let entry = Entry {
        row,
        before: &before,
        after: &after,
        orgs,
    };
    if let Some(def) = fazhi_domain::register::all()
        .iter()
        .find(|d| d.table == row.entity)
    {
        return register_entry(def, &entry);
    }
    match row.entity.as_str() {
        "org_unit" => org_entry(&entry),
        "app_user" => user_entry(&entry),
        "import_batch" => audit_batches::import_entry(&entry),
        "reported_value" => audit_batches::reported_entry(&entry),
        "report_narrative" => audit_batches::narrative_entry(&entry),
        "calendar_notice" => audit_batches::calendar_entry(&entry),
        "record_file" => crate::audit_supervision::file_entry(&entry),
        "record_draw" => crate::audit_supervision::draw_entry(&entry),
        "case_review_score" => crate::audit_supervision::score_entry(&entry),
        _ => Described {
            object: format!("{} {}", entity_label(&row.entity), row.entity_id),
            link: None,
            lines: Vec::new(),
        },
    }
}

/// An entry with its images read.
pub struct Entry<'a> {
    pub row: &'a AuditRow,
    pub before: &'a Json,
    pub after: &'a Json,
    pub orgs: &'a OrgNames,
}

impl Entry<'_> {
    /// The value of `key` on each side, shown by `show` (`None` for a side that is absent).
    pub fn sides(&self, key: &str, show: impl Fn(&Json) -> String) -> [Option<String>; 2] {
        [self.before, self.after].map(|side| match side {
            Json::Null => None,
            side => Some(show(&side[key])),
        })
    }
}

/// A register record's own entry: `{"org": code, "record": {"values": {…}}}` on each side.
fn register_entry(def: &'static RegisterDef, e: &Entry<'_>) -> Described {
    let record_side = |side: &Json| match side {
        Json::Null => Json::Null,
        side => side["record"]["values"].clone(),
    };
    let values = Entry {
        before: &record_side(e.before),
        after: &record_side(e.after),
        ..*e
    };
    let [old_org, new_org] = e.sides("org", |v| org_name(e.orgs, &plain(v)));
    let mut lines: Vec<String> = line(def.org_label, old_org, new_org).into_iter().collect();
    for field in def.fields {
        let [old, new] = values.sides(field.key, |v| fazhi_store::audited_value(field, v));
        lines.extend(line(field.label, old, new));
    }
    let number = [e.after, e.before]
        .iter()
        .find_map(|side| side["record"]["values"][def.natural_key].as_str())
        .map(str::to_owned);
    Described {
        object: match number {
            Some(number) => format!("{} {number}", def.label),
            None => format!("{}(记录 {})", def.label, e.row.entity_id),
        },
        link: (!e.after.is_null()).then(|| format!("/registers/{}/{}", def.key, e.row.entity_id)),
        lines,
    }
}

/// Labels of a unit's audited fields (the org pages' words), in the order shown.
const ORG_FIELDS: [(&str, &str); 7] = [
    ("name", "名称"),
    ("code", "机构代码"),
    ("kind", "类别"),
    ("parent_code", "上级机构"),
    ("credit_code", "统一社会信用代码"),
    ("valid_from", "生效日期"),
    ("valid_to", "失效日期"),
];

fn org_entry(e: &Entry<'_>) -> Described {
    let show = |key: &str, v: &Json| {
        let text = plain(v);
        match key {
            "kind" => OrgKind::parse(&text).map_or(text, |k| k.label().to_owned()),
            "parent_code" if !text.is_empty() => org_name(e.orgs, &text),
            _ => text,
        }
    };
    let lines = ORG_FIELDS
        .iter()
        .filter_map(|(key, label)| {
            let [old, new] = e.sides(key, |v| show(key, v));
            line(label, old, new)
        })
        .collect();
    let name = [e.after, e.before]
        .iter()
        .find_map(|side| side["name"].as_str())
        .unwrap_or(&e.row.entity_id)
        .to_owned();
    Described {
        object: format!("机构 {name}"),
        link: Some(format!("/orgs/{}", e.row.entity_id)),
        lines,
    }
}

/// Labels of an account's audited fields, and of its logins and password changes.
const USER_FIELDS: [(&str, &str); 10] = [
    ("username", "用户名"),
    ("display_name", "姓名"),
    ("role", "角色"),
    ("org", "所属机构"),
    ("scope", "数据范围"),
    ("active", "状态"),
    ("must_change_password", "须在登录时修改密码"),
    ("by", "操作人"),
    ("client", "客户端地址"),
    ("known", "账号存在"),
];

fn user_entry(e: &Entry<'_>) -> Described {
    let show = |key: &str, v: &Json| {
        let text = plain(v);
        match (key, v) {
            ("role", _) => Role::parse(&text).map_or(text, |r| r.label().to_owned()),
            ("scope", _) => ScopeKind::parse(&text).map_or(text, |s| s.label().to_owned()),
            ("org", _) => org_name(e.orgs, &text),
            ("active", Json::Bool(active)) => if *active { "启用" } else { "停用" }.to_owned(),
            _ => text,
        }
    };
    let lines = USER_FIELDS
        .iter()
        .filter_map(|(key, label)| {
            let [old, new] = e.sides(key, |v| show(key, v));
            line(label, old, new)
        })
        .collect();
    let known = e.after["known"].as_bool() != Some(false);
    Described {
        object: format!("账号 {}", e.row.entity_id),
        link: known.then(|| format!("/users/{}", e.row.entity_id)),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(entity: &str, id: &str, action: &str, before: &str, after: &str) -> AuditRow {
        AuditRow {
            seq: 1,
            at: "2026-12-04T15:00:56.928635Z".into(),
            actor: "admin".into(),
            action: action.into(),
            entity: entity.into(),
            entity_id: id.into(),
            before_json: before.into(),
            after_json: after.into(),
            hash: String::new(),
        }
    }

    fn names() -> OrgNames {
        [("520203-sfj".to_owned(), "六枝特区司法局".to_owned())].into()
    }

    #[test]
    fn an_update_lists_only_what_changed_with_labels_and_yuan() {
        let old = r#"{"org":"520203-sfj","record":{"values":{"case_no":"六枝调〔2024〕1号","outcome":"success","agreement_amount":123456789,"parties_count":2}}}"#;
        let new = r#"{"org":"520203-sfj","record":{"values":{"case_no":"六枝调〔2024〕1号","outcome":"failure","agreement_amount":null,"parties_count":2}}}"#;
        let d = describe(&row("mediation_case", "7", "update", old, new), &names());
        assert_eq!(d.object, "人民调解案件 六枝调〔2024〕1号", "{d:?}");
        assert_eq!(d.link.as_deref(), Some("/registers/mediations/7"));
        assert_eq!(
            d.lines,
            [
                "调解结果: 成功 → 不成功",
                "协议金额(元): 1,234,567.89 → (空)"
            ],
            "{d:?}"
        );
    }

    #[test]
    fn a_creation_lists_every_field_with_a_value_and_no_key() {
        let new = r#"{"org":"520203-sfj","record":{"values":{"case_no":"六枝调〔2024〕2号","parties_count":3,"judicial_confirmation":false,"concluded_date":null}}}"#;
        let d = describe(&row("mediation_case", "8", "create", "", new), &names());
        let text = d.lines.join("\n");
        assert!(
            text.contains("调解委员会: 六枝特区司法局(520203-sfj)"),
            "{text}"
        );
        assert!(text.contains("案件编号: 六枝调〔2024〕2号"), "{text}");
        assert!(text.contains(": 否"), "{text}");
        assert!(
            !text.contains("concluded") && !text.contains("(空)"),
            "{text}"
        );
        // Deleted: named from its last state, no link.
        let d = describe(&row("mediation_case", "8", "delete", new, ""), &names());
        assert_eq!(d.object, "人民调解案件 六枝调〔2024〕2号");
        assert_eq!(d.link, None);
    }

    #[test]
    fn units_and_accounts_are_named_in_chinese() {
        let old = r#"{"id":5,"code":"520203-sfj","kind":"department","region_code":"520203","name":"六枝特区司法局","parent_id":3,"parent_code":"520203","credit_code":null,"valid_from":"2020-01-01","valid_to":null}"#;
        let new = old.replace("六枝特区司法局\"", "六枝特区司法行政局\"");
        let d = describe(
            &row("org_unit", "520203-sfj", "update", old, &new),
            &names(),
        );
        assert_eq!(d.object, "机构 六枝特区司法行政局");
        assert_eq!(d.lines, ["名称: 六枝特区司法局 → 六枝特区司法行政局"]);
        let user = r#"{"username":"clerk","display_name":"张三","role":"clerk","org":"520203-sfj","scope":"subtree","active":true}"#;
        let d = describe(&row("app_user", "clerk", "create", "", user), &names());
        let text = d.lines.join("\n");
        assert!(text.contains("角色: 业务人员"), "{text}");
        assert!(text.contains("数据范围: 本单位及下级"), "{text}");
        assert!(
            text.contains("所属机构: 六枝特区司法局(520203-sfj)"),
            "{text}"
        );
        assert!(text.contains("状态: 启用"), "{text}");
    }

    #[test]
    fn every_audited_entity_has_a_chinese_name() {
        for entity in [
            "org_unit",
            "app_user",
            "calendar_notice",
            "import_batch",
            "reported_value",
            "report_narrative",
            "record_file",
            "record_draw",
            "case_review_score",
        ] {
            assert_ne!(entity_label(entity), "其他", "{entity}");
        }
        for def in fazhi_domain::register::all() {
            assert_eq!(entity_label(def.table), def.label);
        }
    }
}
