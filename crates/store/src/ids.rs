//! Typed ids read from rows. The domain's [`fazhi_domain::OrgId`] and
//! [`fazhi_domain::RecordId`] are decoded from the database's integer ids by
//! `#[sqlx(try_from = "i64")]`; a nullable one (a unit's parent) through [`NullableId`]. They
//! are bound as integers (`.bind(id.get())`).

use fazhi_domain::ids::Id;
use sqlx::error::BoxDynError;

/// A nullable integer id column, to decode into `Option<Id<T>>`.
pub struct NullableId(Option<i64>);

impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for NullableId
where
    Option<i64>: sqlx::Decode<'r, DB>,
{
    fn decode(value: <DB as sqlx::Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        <Option<i64> as sqlx::Decode<'r, DB>>::decode(value).map(Self)
    }
}

impl<DB: sqlx::Database> sqlx::Type<DB> for NullableId
where
    i64: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <i64 as sqlx::Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <i64 as sqlx::Type<DB>>::compatible(ty)
    }
}

impl<T> From<NullableId> for Option<Id<T>> {
    fn from(id: NullableId) -> Self {
        id.0.map(Id::new)
    }
}
