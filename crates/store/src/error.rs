//! Storage errors: driver errors are mapped here and never leak upwards.

use fazhi_domain::DomainError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// 不存在或不在数据范围内 — deliberately the same for both, so scope does not leak.
    #[error("{entity}「{key}」不存在或不在您的数据范围内")]
    NotFound { entity: &'static str, key: String },
    /// 冲突 — a duplicate key or a state that forbids the change.
    #[error("{0}")]
    Conflict(String),
    /// 输入不合法
    #[error(transparent)]
    Invalid(#[from] DomainError),
    /// 无权限
    #[error("{0}")]
    Forbidden(String),
    /// 数据库错误 — logged, never shown to clerks in detail.
    #[error("数据库错误:{0}")]
    Database(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            return Self::Conflict("记录重复:唯一编码已被使用".into());
        }
        // FZ001, fazhi's own code: the province's guard on a federated city's rows
        // (`federation/province.sql`), whose message is written for the clerk.
        if let sqlx::Error::Database(db) = &err
            && db.code().as_deref() == Some("FZ001")
        {
            return Self::Forbidden(db.message().to_owned());
        }
        Self::Database(err.to_string())
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(err: sqlx::migrate::MigrateError) -> Self {
        Self::Database(format!("迁移失败:{err}"))
    }
}

impl StoreError {
    pub fn not_found(entity: &'static str, key: impl Into<String>) -> Self {
        Self::NotFound {
            entity,
            key: key.into(),
        }
    }
}
