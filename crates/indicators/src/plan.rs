//! 计算方案 — the catalog's compute definitions checked against the register definitions and
//! resolved to their `'static` fields, grouped per register and date field, so that the store
//! can build one grouped aggregate query per (register, date field) from constant names only.

use fazhi_domain::OrgId;
use std::collections::HashMap;

use fazhi_catalog::{Catalog, FieldTest, Presence};
use fazhi_domain::register::{self, FieldDef, FieldKind, Record, RegisterDef};

use crate::IndicatorError;
use crate::cube::Cube;
use crate::period::YearMonth;

/// A test on one field, with codes taken from the register's own option list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    /// Enum field equal to one of the codes.
    OneOf(Vec<&'static str>),
    /// Enum-set field containing one of the codes.
    ContainsAny(Vec<&'static str>),
    /// 是 (`true`), or not 是 (`false`: 否 or empty).
    Flag(bool),
    NotNull,
    Null,
}

/// A condition on one field of a register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub field: &'static FieldDef,
    pub test: Test,
}

impl Filter {
    /// Resolves a catalog test (or a list filter's URL value) against the register's field.
    pub fn resolve(
        def: &'static RegisterDef,
        field: &str,
        test: &FieldTest,
    ) -> Result<Filter, String> {
        let field = def
            .field(field)
            .ok_or_else(|| format!("登记簿「{}」没有字段「{field}」", def.label))?;
        let codes = |wanted: &[String]| -> Result<Vec<&'static str>, String> {
            wanted
                .iter()
                .map(|w| {
                    field
                        .options()
                        .iter()
                        .find(|o| o.code == w || o.label == w)
                        .map(|o| o.code)
                        .ok_or_else(|| {
                            let allowed: Vec<&str> =
                                field.options().iter().map(|o| o.code).collect();
                            format!(
                                "字段「{}」没有取值「{w}」,应为:{}",
                                field.label,
                                allowed.join("、")
                            )
                        })
                })
                .collect()
        };
        let test = match (test, field.kind) {
            (FieldTest::Codes(list), FieldKind::Enum(_)) => Test::OneOf(codes(list)?),
            (FieldTest::Codes(list), FieldKind::EnumSet(_)) => Test::ContainsAny(codes(list)?),
            (FieldTest::Flag(b), FieldKind::Bool) => Test::Flag(*b),
            (FieldTest::Presence(Presence::NotNull), _) => Test::NotNull,
            (FieldTest::Presence(Presence::Null), _) => Test::Null,
            (FieldTest::Codes(_), _) => {
                return Err(format!(
                    "字段「{}」不是枚举字段,不能按取值列表筛选",
                    field.label
                ));
            }
            (FieldTest::Flag(_), _) => {
                return Err(format!("字段「{}」不是是/否字段", field.label));
            }
        };
        Ok(Filter { field, test })
    }

    /// Parses a register list's URL filter `f.<field>=<value>`: codes joined by `,`, `true`/
    /// `false` (or 是/否) for 是/否 fields, `not_null` / `null` for any field.
    pub fn parse_param(
        def: &'static RegisterDef,
        field: &str,
        value: &str,
    ) -> Result<Filter, String> {
        let value = value.trim();
        let test = match value {
            "not_null" => FieldTest::Presence(Presence::NotNull),
            "null" => FieldTest::Presence(Presence::Null),
            "true" | "是" => FieldTest::Flag(true),
            "false" | "否" => FieldTest::Flag(false),
            _ => FieldTest::Codes(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
        };
        if matches!(&test, FieldTest::Codes(c) if c.is_empty()) {
            return Err(format!("筛选条件「{field}」没有取值"));
        }
        Filter::resolve(def, field, &test)
    }

    /// The URL form read by [`Filter::parse_param`]: (`f.outcome`, `success,failure`).
    pub fn to_param(&self) -> (String, String) {
        let value = match &self.test {
            Test::OneOf(codes) | Test::ContainsAny(codes) => codes.join(","),
            Test::Flag(b) => b.to_string(),
            Test::NotNull => "not_null".into(),
            Test::Null => "null".into(),
        };
        (format!("f.{}", self.field.key), value)
    }

    /// Whether a record passes (the in-memory twin of the store's SQL, for tests and checks).
    pub fn matches(&self, record: &Record) -> bool {
        let value = record.get(self.field.key);
        match &self.test {
            Test::OneOf(codes) => value.as_text().is_some_and(|v| codes.contains(&v)),
            Test::ContainsAny(codes) => value
                .as_text()
                .is_some_and(|v| v.split(',').any(|c| codes.contains(&c))),
            Test::Flag(true) => value.as_bool() == Some(true),
            Test::Flag(false) => value.as_bool() != Some(true),
            Test::NotNull => !value.is_null(),
            Test::Null => value.is_null(),
        }
    }

    /// Chinese description, e.g. 「调解结果」为成功.
    pub fn describe(&self) -> String {
        let label = |code: &'static str| -> &'static str {
            self.field
                .options()
                .iter()
                .find(|o| o.code == code)
                .map(|o| o.label)
                .unwrap_or(code)
        };
        let f = self.field.label;
        match &self.test {
            Test::OneOf(c) => format!(
                "「{f}」为{}",
                c.iter().map(|c| label(c)).collect::<Vec<_>>().join("、")
            ),
            Test::ContainsAny(c) => format!(
                "「{f}」含{}",
                c.iter().map(|c| label(c)).collect::<Vec<_>>().join("、")
            ),
            Test::Flag(true) => format!("「{f}」为是"),
            Test::Flag(false) => format!("「{f}」不为是"),
            Test::NotNull => format!("已填「{f}」"),
            Test::Null => format!("未填「{f}」"),
        }
    }
}

/// What a column adds up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measure {
    Count,
    /// Sum of an integer or amount field; `scale` turns stored units into shown ones
    /// (分 → 元 = 0.01).
    Sum {
        field: &'static FieldDef,
        scale: f64,
    },
}

/// One computed indicator: a count or sum over the register's records that pass the filters.
#[derive(Debug, Clone)]
pub struct Column {
    pub key: String,
    pub measure: Measure,
    pub filters: Vec<Filter>,
    /// Index in the cube.
    pub index: usize,
}

/// The columns of one register that share a date field: one grouped query.
#[derive(Debug, Clone)]
pub struct DateGroup {
    pub date: &'static FieldDef,
    pub columns: Vec<Column>,
}

/// One register's part of the plan.
#[derive(Debug, Clone)]
pub struct RegisterPlan {
    pub def: &'static RegisterDef,
    pub groups: Vec<DateGroup>,
    /// Cube index of the register's record count (any date used), which tells a true 0 from
    /// no data.
    pub presence: usize,
}

/// Where a computed indicator lives in the plan.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    pub register: &'a RegisterPlan,
    pub group: &'a DateGroup,
    pub column: &'a Column,
}

/// 计算方案 — every computed indicator of a catalog, resolved.
#[derive(Debug, Clone)]
pub struct Plan {
    pub registers: Vec<RegisterPlan>,
    /// Number of cube columns (computed indicators + one presence column per register).
    pub width: usize,
    by_key: HashMap<String, (usize, usize, usize)>,
    /// Per column, the factor from raw units to the value.
    scales: Vec<f64>,
}

/// One record's part of one cube cell, in raw units (see [`Plan::record_cells`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawCell {
    pub month: YearMonth,
    pub column: usize,
    pub raw: i64,
}

impl Plan {
    /// Resolves every `[indicator.compute]`; all problems are reported at once, in Chinese.
    pub fn new(catalog: &Catalog) -> Result<Plan, IndicatorError> {
        let mut registers: Vec<RegisterPlan> = Vec::new();
        let mut errors = Vec::new();
        let mut width = 0;
        for ind in catalog.indicators() {
            let Some(compute) = &ind.compute else {
                continue;
            };
            let resolved = resolve(compute);
            let (def, date, measure, filters) = match resolved {
                Ok(r) => r,
                Err(e) => {
                    errors.push(format!("指标「{}」:{e}", ind.key));
                    continue;
                }
            };
            let reg = match registers.iter().position(|r| std::ptr::eq(r.def, def)) {
                Some(i) => i,
                None => {
                    registers.push(RegisterPlan {
                        def,
                        groups: Vec::new(),
                        presence: usize::MAX,
                    });
                    registers.len() - 1
                }
            };
            let groups = &mut registers[reg].groups;
            let group = match groups.iter().position(|g| g.date.key == date.key) {
                Some(i) => i,
                None => {
                    groups.push(DateGroup {
                        date,
                        columns: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            groups[group].columns.push(Column {
                key: ind.key.clone(),
                measure,
                filters,
                index: width,
            });
            width += 1;
        }
        if !errors.is_empty() {
            return Err(IndicatorError::Plan(errors));
        }
        for r in &mut registers {
            r.presence = width;
            width += 1;
        }
        let mut by_key = HashMap::new();
        for (ri, r) in registers.iter().enumerate() {
            for (gi, g) in r.groups.iter().enumerate() {
                for (ci, c) in g.columns.iter().enumerate() {
                    by_key.insert(c.key.clone(), (ri, gi, ci));
                }
            }
        }
        let mut scales = vec![1.0; width];
        for (_, _, column) in registers.iter().flat_map(|r| {
            r.groups
                .iter()
                .flat_map(move |g| g.columns.iter().map(move |c| (r, g, c)))
        }) {
            if let Measure::Sum { scale, .. } = column.measure {
                scales[column.index] = scale;
            }
        }
        Ok(Plan {
            registers,
            width,
            by_key,
            scales,
        })
    }

    /// The computed indicator `key`, if it is one.
    pub fn locate(&self, key: &str) -> Option<Located<'_>> {
        let &(r, g, c) = self.by_key.get(key)?;
        let register = &self.registers[r];
        let group = &register.groups[g];
        Some(Located {
            register,
            group,
            column: &group.columns[c],
        })
    }

    /// Adds one record of register `def` owned by `org_id` to the cube, as the store's
    /// grouped queries would (the in-memory reference of those queries).
    pub fn add_record(&self, cube: &mut Cube, def: &RegisterDef, org_id: OrgId, record: &Record) {
        for cell in self.record_cells(def, record) {
            let value = cell.raw as f64 * self.scale(cell.column);
            cube.add(org_id, cell.month, cell.column, value);
        }
    }

    /// What one record of register `def` adds to its unit's cube cells, in raw units (a count,
    /// or the integer or 分 of a summed field): a record written adds these, a record deleted
    /// takes them away, an update does both. The store keeps the cube up to date with them.
    pub fn record_cells(&self, def: &RegisterDef, record: &Record) -> Vec<RawCell> {
        let Some(reg) = self.registers.iter().find(|r| r.def.key == def.key) else {
            return Vec::new();
        };
        let mut cells = Vec::new();
        for group in &reg.groups {
            let Some(date) = record.date(group.date.key) else {
                continue;
            };
            let month = YearMonth::of(date);
            cells.push(RawCell {
                month,
                column: reg.presence,
                raw: 1,
            });
            for column in &group.columns {
                if !column.filters.iter().all(|f| f.matches(record)) {
                    continue;
                }
                let raw = match column.measure {
                    Measure::Count => 1,
                    Measure::Sum { field, .. } => record.get(field.key).as_int().unwrap_or(0),
                };
                cells.push(RawCell {
                    month,
                    column: column.index,
                    raw,
                });
            }
        }
        cells
    }

    /// The factor from a column's raw units to its value (0.01 for amounts kept in 分).
    pub fn scale(&self, column: usize) -> f64 {
        self.scales.get(column).copied().unwrap_or(1.0)
    }

    /// Every computed column, in cube order.
    pub fn columns(&self) -> impl Iterator<Item = (&RegisterPlan, &DateGroup, &Column)> {
        self.registers.iter().flat_map(|r| {
            r.groups
                .iter()
                .flat_map(move |g| g.columns.iter().map(move |c| (r, g, c)))
        })
    }
}

type Resolved = (
    &'static RegisterDef,
    &'static FieldDef,
    Measure,
    Vec<Filter>,
);

fn resolve(compute: &fazhi_catalog::Compute) -> Result<Resolved, String> {
    let def = register::by_key(&compute.register)
        .ok_or_else(|| format!("没有登记簿「{}」", compute.register))?;
    let date_key = compute.date.as_deref().unwrap_or(def.period_field);
    let date = def
        .field(date_key)
        .filter(|f| f.kind == FieldKind::Date)
        .ok_or_else(|| format!("登记簿「{}」没有日期字段「{date_key}」", def.label))?;
    let measure = match &compute.sum {
        None => Measure::Count,
        Some(key) => {
            let field = def
                .field(key)
                .ok_or_else(|| format!("登记簿「{}」没有字段「{key}」", def.label))?;
            let scale = match field.kind {
                FieldKind::Amount => 0.01,
                FieldKind::Integer { .. } => 1.0,
                _ => return Err(format!("字段「{}」不是金额或整数,不能求和", field.label)),
            };
            Measure::Sum { field, scale }
        }
    };
    let filters = compute
        .filters
        .iter()
        .map(|(field, test)| Filter::resolve(def, field, test))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((def, date, measure, filters))
}
