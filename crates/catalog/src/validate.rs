//! Validation of a parsed catalog file: unique keys, known units, consistent references.

use std::collections::HashSet;

use crate::error::CatalogError;
use crate::model::{CatalogFile, FieldTest, Indicator, Kind};

pub(crate) fn validate(file: &CatalogFile) -> Result<(), CatalogError> {
    let mut keys = HashSet::new();
    for ind in &file.indicator {
        if !keys.insert(ind.key.as_str()) {
            return Err(CatalogError::DuplicateKey(ind.key.clone()));
        }
        check_fields(file, ind)?;
    }
    for ind in &file.indicator {
        check_references(&keys, ind)?;
    }
    for rel in &file.relation {
        for key in rel.left.iter().chain(std::iter::once(&rel.right)) {
            if !keys.contains(key.as_str()) {
                return Err(CatalogError::UnknownKey {
                    key: "relation".into(),
                    field: "relation",
                    target: key.clone(),
                });
            }
        }
    }
    Ok(())
}

fn invalid(ind: &Indicator, field: &'static str, reason: &str) -> CatalogError {
    CatalogError::Invalid {
        key: ind.key.clone(),
        field,
        reason: reason.into(),
    }
}

fn check_fields(file: &CatalogFile, ind: &Indicator) -> Result<(), CatalogError> {
    let key_ok = ind.key.contains('.')
        && ind
            .key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
    if !key_ok {
        return Err(invalid(
            ind,
            "key",
            "键须为小写英文、数字、下划线并以点分隔",
        ));
    }
    if ind.name.trim().is_empty() {
        return Err(invalid(ind, "name", "名称不能为空"));
    }
    if ind.definition.trim().is_empty() {
        return Err(invalid(ind, "definition", "定义不能为空"));
    }
    if !file.units.contains(&ind.unit) {
        return Err(invalid(ind, "unit", "单位未在 [units] 中列出"));
    }
    if !ind.sentence.contains("{value}") {
        return Err(invalid(ind, "sentence", "报告语句须包含 {value}"));
    }
    // A report states one wording: 「应急演练次数/项数652次」 reads as a form, not a sentence.
    if ind.sentence.contains(['/', '／']) {
        return Err(invalid(
            ind,
            "sentence",
            "报告语句只能有一种说法,不能用“/”列出几种写法",
        ));
    }
    if ind.phrases.iter().any(|p| p.trim().is_empty()) {
        return Err(invalid(ind, "phrases", "短语不能为空"));
    }
    let rate_unit = file.units.rate.contains(&ind.unit);
    if ind.kind == Kind::Rate && !rate_unit {
        return Err(invalid(ind, "unit", "比率指标的单位须为 %"));
    }
    if ind.numerator.is_some() != ind.denominator.is_some() {
        return Err(invalid(ind, "numerator", "分子与分母须同时给出"));
    }
    if ind.numerator.is_some() && ind.kind != Kind::Rate {
        return Err(invalid(ind, "numerator", "只有比率指标可以有分子、分母"));
    }
    check_compute(ind)
}

/// The shape of a compute definition; register, field and code names are checked by the
/// indicator engine, which knows the registers.
fn check_compute(ind: &Indicator) -> Result<(), CatalogError> {
    if ind.forms.is_some() && (ind.kind != Kind::Count || ind.compute.is_some()) {
        return Err(invalid(
            ind,
            "forms",
            "报送情况只能是计数指标,且不能同时从登记簿计算",
        ));
    }
    let Some(compute) = &ind.compute else {
        return Ok(());
    };
    if !matches!(ind.kind, Kind::Count | Kind::Amount) {
        return Err(invalid(
            ind,
            "compute",
            "只有计数或金额指标可以从登记簿计算(比率由分子、分母计算)",
        ));
    }
    if compute.count == compute.sum.is_some() {
        return Err(invalid(
            ind,
            "compute",
            "须且只能给出 count = true 或 sum = \"字段\" 之一",
        ));
    }
    for (field, test) in &compute.filters {
        if matches!(test, FieldTest::Codes(codes) if codes.is_empty()) {
            return Err(invalid(
                ind,
                "compute",
                &format!("条件「{field}」的取值列表不能为空"),
            ));
        }
    }
    Ok(())
}

fn check_references(keys: &HashSet<&str>, ind: &Indicator) -> Result<(), CatalogError> {
    let refs = [
        ("numerator", &ind.numerator),
        ("denominator", &ind.denominator),
        ("change_of", &ind.change_of),
    ];
    for (field, target) in refs {
        if let Some(target) = target
            && !keys.contains(target.as_str())
        {
            return Err(CatalogError::UnknownKey {
                key: ind.key.clone(),
                field,
                target: target.clone(),
            });
        }
    }
    Ok(())
}
