//! 标识 — the ids of stored org units and records, each its own type, so an org unit's id is
//! never passed where a record's id is meant. One generic type [`Id`] with a marker per kind of
//! thing; the store reads and writes them as the database's integer ids.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What an [`Id`] identifies: the name it shows in debug output.
pub trait IdKind {
    const NAME: &'static str;
}

/// The kinds of thing with a typed id.
pub mod of {
    /// An org unit (`org_unit.id`).
    #[derive(Debug)]
    pub enum Org {}

    /// A register record (the `id` of its register's table).
    #[derive(Debug)]
    pub enum Record {}

    impl super::IdKind for Org {
        const NAME: &'static str = "OrgId";
    }

    impl super::IdKind for Record {
        const NAME: &'static str = "RecordId";
    }
}

/// 机构标识 — the id of an org unit.
pub type OrgId = Id<of::Org>;

/// 记录标识 — the id of a register record (unique within its register).
pub type RecordId = Id<of::Record>;

/// The stored id of a `T`.
pub struct Id<T> {
    value: i64,
    kind: PhantomData<fn() -> T>,
}

impl<T> Id<T> {
    pub const fn new(value: i64) -> Self {
        Self {
            value,
            kind: PhantomData,
        }
    }

    /// The database's integer id.
    pub const fn get(self) -> i64 {
        self.value
    }
}

impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Id<T> {}

impl<T> PartialEq for Id<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> Eq for Id<T> {}

impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Id<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T> Hash for Id<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<T: IdKind> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", T::NAME, self.value)
    }
}

impl<T> fmt::Display for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T> From<i64> for Id<T> {
    fn from(value: i64) -> Self {
        Self::new(value)
    }
}

impl<T> From<Id<T>> for i64 {
    fn from(id: Id<T>) -> Self {
        id.value
    }
}

impl<T> FromStr for Id<T> {
    type Err = std::num::ParseIntError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.trim().parse().map(Self::new)
    }
}

impl<T> Serialize for Id<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.value)
    }
}

impl<'de, T> Deserialize<'de> for Id<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::{OrgId, RecordId};

    #[test]
    fn ids_read_and_print_as_their_numbers() {
        let org: OrgId = "42".parse().expect("number");
        assert_eq!(org.get(), 42);
        assert_eq!(org.to_string(), "42");
        assert_eq!(format!("{org:?}"), "OrgId(42)");
        assert_eq!(format!("{:?}", RecordId::new(7)), "RecordId(7)");
        assert!("x".parse::<OrgId>().is_err());
        let json = serde_json::to_string(&RecordId::new(9)).expect("json");
        assert_eq!(json, "9");
        let back: RecordId = serde_json::from_str(&json).expect("back");
        assert_eq!(back, RecordId::new(9));
    }
}
