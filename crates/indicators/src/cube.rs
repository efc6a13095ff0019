//! 数据立方 — per (org unit, month) sums of every computed indicator, as the store's grouped
//! queries return them; rolled up over the org tree and a period by the engine.

use fazhi_domain::OrgId;
use std::collections::HashMap;

use crate::period::YearMonth;

/// Per month, per org unit that owns records: one value per plan column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cube {
    width: usize,
    cells: HashMap<YearMonth, HashMap<OrgId, Vec<f64>>>,
}

impl Cube {
    /// An empty cube with `width` columns (`Plan::width`).
    pub fn new(width: usize) -> Self {
        Self {
            width,
            cells: HashMap::new(),
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// Adds `value` to column `column` of (`org_id`, `month`).
    pub fn add(&mut self, org_id: OrgId, month: YearMonth, column: usize, value: f64) {
        if let Some(cell) = self.cell_mut(org_id, month, column) {
            *cell += value;
        }
    }

    /// Sets column `column` of (`org_id`, `month`) to `value`.
    pub fn set(&mut self, org_id: OrgId, month: YearMonth, column: usize, value: f64) {
        if let Some(cell) = self.cell_mut(org_id, month, column) {
            *cell = value;
        }
    }

    /// Column `column` of (`org_id`, `month`), made (at 0) when missing; `None` past the width.
    fn cell_mut(&mut self, org_id: OrgId, month: YearMonth, column: usize) -> Option<&mut f64> {
        let width = self.width;
        if column >= width {
            return None;
        }
        self.cells
            .entry(month)
            .or_default()
            .entry(org_id)
            .or_insert_with(|| vec![0.0; width])
            .get_mut(column)
    }

    /// The units with data in `month` and their columns.
    pub fn month(&self, month: YearMonth) -> Option<&HashMap<OrgId, Vec<f64>>> {
        self.cells.get(&month)
    }

    /// The years that have any data, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.cells.keys().map(|m| m.year).collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The years in which some unit that is a `member(year, unit)` has data, ascending.
    pub fn years_with(&self, mut member: impl FnMut(i32, OrgId) -> bool) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .cells
            .iter()
            .filter(|(month, units)| units.keys().any(|&unit| member(month.year, unit)))
            .map(|(month, _)| month.year)
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// Number of (unit, month) cells, for diagnostics.
    pub fn cell_count(&self) -> usize {
        self.cells.values().map(HashMap::len).sum()
    }
}
