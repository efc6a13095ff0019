//! 报送关系 — over the org tree: a unit's level, whether it reports a data set, which unit
//! reviews its form, and the forms a reviewing unit must have approved before its own.

use std::collections::HashMap;

use fazhi_domain::OrgId;
use fazhi_domain::org::OrgKind;

use crate::dataset::DataSet;

/// One unit of the org tree as the review needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub id: OrgId,
    pub parent: Option<OrgId>,
    pub kind: OrgKind,
    pub code: String,
    pub name: String,
}

/// The units of a tree (or of a subtree: a parent outside it counts as none).
#[derive(Debug, Clone, Default)]
pub struct Units {
    units: Vec<Unit>,
    index: HashMap<OrgId, usize>,
}

impl Units {
    pub fn new(units: Vec<Unit>) -> Units {
        let index = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        Units { units, index }
    }

    pub fn all(&self) -> &[Unit] {
        &self.units
    }

    pub fn get(&self, id: OrgId) -> Option<&Unit> {
        self.index.get(&id).and_then(|&i| self.units.get(i))
    }

    pub fn by_code(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }

    /// The unit's parent, then its parent, and so on (cycles cut at the tree's size).
    fn ancestors(&self, id: OrgId) -> impl Iterator<Item = &Unit> {
        let mut next = self.get(id).and_then(|u| u.parent);
        std::iter::from_fn(move || {
            let unit = self.get(next?)?;
            next = unit.parent;
            Some(unit)
        })
        .take(self.units.len())
    }

    /// How many units stand above the unit in the tree.
    pub fn depth(&self, id: OrgId) -> usize {
        self.ancestors(id).count()
    }

    /// Whether the unit is `root` or lies below it.
    pub fn within(&self, id: OrgId, root: OrgId) -> bool {
        id == root || self.ancestors(id).any(|a| a.id == root)
    }

    /// 层级 — the kind of the government a unit belongs to: its own kind for a government,
    /// else its nearest government above.
    pub fn level(&self, id: OrgId) -> Option<OrgKind> {
        let unit = self.get(id)?;
        if unit.kind.is_government() {
            return Some(unit.kind);
        }
        self.ancestors(id)
            .find(|a| a.kind.is_government())
            .map(|a| a.kind)
    }

    /// Whether the unit reports the data set.
    pub fn reports(&self, set: &DataSet, id: OrgId) -> bool {
        self.get(id)
            .is_some_and(|u| set.reporters.covers(&u.code, u.kind, self.level(id)))
    }

    /// The units that report the data set, in tree order.
    pub fn reporters<'a>(&'a self, set: &'a DataSet) -> impl Iterator<Item = &'a Unit> {
        self.units.iter().filter(move |u| self.reports(set, u.id))
    }

    /// 审核单位 — the nearest unit above of a reviewing kind; the unit itself when there is
    /// none (the top accepts its own form).
    pub fn reviewer(&self, set: &DataSet, id: OrgId) -> OrgId {
        self.ancestors(id)
            .find(|a| set.review.contains(&a.kind))
            .map_or(id, |a| a.id)
    }

    /// The reporting units whose forms `reviewer` reviews (not itself).
    pub fn reviewed_by<'a>(
        &'a self,
        set: &'a DataSet,
        reviewer: OrgId,
    ) -> impl Iterator<Item = &'a Unit> {
        self.reporters(set)
            .filter(move |u| u.id != reviewer && self.reviewer(set, u.id) == reviewer)
    }

    /// Whether `id` is `ancestor` or lies below it.
    pub fn is_within(&self, id: OrgId, ancestor: OrgId) -> bool {
        id == ancestor || self.ancestors(id).any(|a| a.id == ancestor)
    }
}
