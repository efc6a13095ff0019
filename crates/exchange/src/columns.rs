//! 列 — the columns of a register's file, generated from its definition, and the matching of
//! a file's header row to them (by Chinese label or English field key, in any order).

use fazhi_domain::register::{FieldDef, RegisterDef};

use crate::import::RowError;

/// Header of the unit column (the owning 执法机关 / 复议机关 … by its org code).
pub const ORG_HEADER: &str = "单位代码";
/// Header of the column added to a file handed back with its problems; ignored on import.
pub const ERROR_HEADER: &str = "错误说明";

/// What one column of a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Org,
    Field(&'static FieldDef),
    /// Our own 错误说明 column: ignored.
    Ignored,
}

/// The template's and export's headers: 单位代码, then every field's label, required ones
/// marked with `*`.
pub fn template_headers(def: &RegisterDef) -> Vec<String> {
    std::iter::once(ORG_HEADER.to_owned())
        .chain(def.fields.iter().map(|f| {
            if f.required {
                format!("{}*", f.label)
            } else {
                f.label.to_owned()
            }
        }))
        .collect()
}

/// A header cell without the required mark and spaces.
fn clean(header: &str) -> &str {
    header
        .trim()
        .trim_start_matches('\u{FEFF}')
        .trim_end_matches(['*', '\u{FF0A}'])
        .trim_end_matches("(必填)")
        .trim_end_matches("(必填)")
        .trim()
}

/// The file's header row matched to the register's columns.
#[derive(Debug, Clone)]
pub struct HeaderMap {
    /// Per file column, what it holds (`None`: empty header, ignored).
    pub targets: Vec<Option<Target>>,
    /// The file's header cells as written.
    pub headers: Vec<String>,
}

impl HeaderMap {
    /// Matches `headers`; unknown, repeated or missing required columns are problems of row 1.
    pub fn new(def: &'static RegisterDef, headers: &[String]) -> Result<Self, Vec<RowError>> {
        let mut targets = Vec::with_capacity(headers.len());
        let mut problems = Vec::new();
        let mut seen: Vec<(Target, &str)> = Vec::new();
        for header in headers {
            let name = clean(header);
            let target = if name.is_empty() {
                None
            } else if name == ORG_HEADER || name.eq_ignore_ascii_case("org") || name == "单位" {
                Some(Target::Org)
            } else if name.starts_with(ERROR_HEADER) {
                Some(Target::Ignored)
            } else if let Some(f) = def
                .fields
                .iter()
                .find(|f| f.label == name || f.key.eq_ignore_ascii_case(name))
            {
                Some(Target::Field(f))
            } else {
                problems.push(RowError::new(
                    1,
                    header,
                    "",
                    format!(
                        "不是「{}」的列名,应为模板中的列名之一(中文列名或英文字段名)",
                        def.label
                    ),
                ));
                None
            };
            if let Some(t) = target.filter(|t| *t != Target::Ignored) {
                if let Some((_, first)) = seen.iter().find(|(s, _)| *s == t) {
                    problems.push(RowError::new(
                        1,
                        header,
                        "",
                        format!("与列「{first}」重复,每一列只能出现一次"),
                    ));
                }
                seen.push((t, header));
            }
            targets.push(target);
        }
        let known = targets
            .iter()
            .flatten()
            .filter(|t| **t != Target::Ignored)
            .count();
        if known == 0 {
            return Err(vec![RowError::new(
                1,
                "",
                "",
                format!(
                    "第一行没有可识别的列名:不是「{}」的导入文件,或工作表不对(请使用下载的模板)",
                    def.label
                ),
            )]);
        }
        for field in def.fields.iter().filter(|f| f.required) {
            if !targets.contains(&Some(Target::Field(field))) {
                problems.push(RowError::new(1, field.label, "", "缺少必填列".to_owned()));
            }
        }
        if problems.is_empty() {
            Ok(Self {
                targets,
                headers: headers.to_vec(),
            })
        } else {
            Err(problems)
        }
    }

    /// The file's header of a field (`org` for the unit column), else its Chinese label.
    pub fn header_of(&self, def: &RegisterDef, field: &str) -> String {
        let position = self.targets.iter().position(|t| match t {
            Some(Target::Field(f)) => f.key == field,
            Some(Target::Org) => field == fazhi_store::ORG_FIELD,
            _ => false,
        });
        match position {
            Some(i) => self.headers[i].clone(),
            None if field == fazhi_store::ORG_FIELD => ORG_HEADER.to_owned(),
            None => def
                .field(field)
                .map_or(String::new(), |f| f.label.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn headers_by_label_or_key_in_any_order() {
        let mut headers = template_headers(&ENFORCEMENT_CASES);
        headers.reverse();
        headers[0] = "status".into();
        let map = HeaderMap::new(&ENFORCEMENT_CASES, &headers).expect("matches");
        assert_eq!(map.targets.len(), headers.len());
        assert_eq!(map.header_of(&ENFORCEMENT_CASES, "status"), "status");
        assert_eq!(map.header_of(&ENFORCEMENT_CASES, "kind"), "执法类别*");
    }

    #[test]
    fn unknown_repeated_and_missing_columns_are_named() {
        let err = HeaderMap::new(
            &ENFORCEMENT_CASES,
            &strings(&["案件编号", "执法类别", "kind", "罚款", "当事人名称"]),
        )
        .expect_err("bad header");
        let text: Vec<String> = err.iter().map(ToString::to_string).collect();
        assert!(
            text.iter()
                .any(|t| t.contains("「罚款」") && t.contains("不是")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("「kind」") && t.contains("重复")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|t| t.contains("「立案日期」") && t.contains("缺少必填列")),
            "{text:?}"
        );
    }

    #[test]
    fn a_foreign_sheet_is_refused_as_a_whole() {
        let err =
            HeaderMap::new(&ENFORCEMENT_CASES, &strings(&["姓名", "年龄"])).expect_err("foreign");
        assert_eq!(err.len(), 1);
        assert!(err[0].message.contains("没有可识别的列名"));
    }
}
