//! 机构树 (按时点) — the effective-dated org tree: which units lay below a unit on a date.

use fazhi_domain::OrgId;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

/// One version of an org unit (`org_version` with the unit's code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgVersion {
    pub org_id: OrgId,
    pub code: String,
    pub name: String,
    pub parent_id: Option<OrgId>,
    pub valid_from: NaiveDate,
    /// Exclusive end; `None` = current.
    pub valid_to: Option<NaiveDate>,
}

impl OrgVersion {
    fn valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| to > date)
    }
}

/// Every version of every unit.
#[derive(Debug, Clone, Default)]
pub struct OrgTree {
    by_org: HashMap<OrgId, Vec<OrgVersion>>,
}

impl OrgTree {
    pub fn new(versions: Vec<OrgVersion>) -> Self {
        let mut by_org: HashMap<OrgId, Vec<OrgVersion>> = HashMap::new();
        for v in versions {
            by_org.entry(v.org_id).or_default().push(v);
        }
        for list in by_org.values_mut() {
            list.sort_by_key(|v| v.valid_from);
        }
        Self { by_org }
    }

    /// The version of `org_id` that places it on `date`: the one valid that day; for a date
    /// before the unit existed its first version, after it closed its last — so records are
    /// never dropped from a roll-up because of the dates of the tree.
    pub fn version_on(&self, org_id: OrgId, date: NaiveDate) -> Option<&OrgVersion> {
        let list = self.by_org.get(&org_id)?;
        list.iter()
            .find(|v| v.valid_on(date))
            .or_else(|| list.iter().find(|v| v.valid_from > date))
            .or_else(|| list.last())
    }

    /// The current (latest) version of `org_id`.
    pub fn current(&self, org_id: OrgId) -> Option<&OrgVersion> {
        self.by_org.get(&org_id)?.last()
    }

    /// The unit with this code.
    pub fn find_code(&self, code: &str) -> Option<&OrgVersion> {
        self.by_org
            .values()
            .filter_map(|l| l.last())
            .find(|v| v.code == code)
    }

    /// `root` and every unit below it on `date`.
    pub fn subtree_on(&self, root: OrgId, date: NaiveDate) -> HashSet<OrgId> {
        let mut children: HashMap<OrgId, Vec<OrgId>> = HashMap::new();
        for &id in self.by_org.keys() {
            if let Some(parent) = self.version_on(id, date).and_then(|v| v.parent_id) {
                children.entry(parent).or_default().push(id);
            }
        }
        let mut seen = HashSet::from([root]);
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            for &child in children.get(&id).map(Vec::as_slice).unwrap_or(&[]) {
                if seen.insert(child) {
                    stack.push(child);
                }
            }
        }
        seen
    }

    /// The direct children of `root` on `date`, ordered by code.
    pub fn children_on(&self, root: OrgId, date: NaiveDate) -> Vec<&OrgVersion> {
        let mut out: Vec<&OrgVersion> = self
            .by_org
            .keys()
            .filter_map(|&id| self.version_on(id, date))
            .filter(|v| v.parent_id == Some(root) && v.org_id != root)
            .filter(|v| v.valid_on(date))
            .collect();
        out.sort_by(|a, b| a.code.cmp(&b.code));
        out
    }
}
