//! 示范城市的错误 — what can stop a demo build, in variants a caller can act on.

use fazhi_domain::DomainError;
use fazhi_indicators::IndicatorError;
use fazhi_store::StoreError;

/// Why the demo city could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// 没有该画像 — no embedded profile has this name.
    #[error("没有名为「{name}」的示范城市画像,可选:{known}")]
    UnknownProfile { name: String, known: String },
    /// An embedded data file (a profile, the agency list) does not parse.
    #[error("{what}格式错误")]
    Data {
        what: String,
        #[source]
        source: toml::de::Error,
    },
    /// The options or the report given cannot make a demo city (scale, region, year …).
    #[error("{0}")]
    Invalid(String),
    /// The indicator catalog gives no calculation plan.
    #[error("指标计算方案无效")]
    Plan(#[source] IndicatorError),
    /// The store failed while the demo was doing what `doing` says.
    #[error("{doing}")]
    Store {
        doing: String,
        #[source]
        source: StoreError,
    },
    /// The generators made a record, id or unit the domain refuses (a bug of the demo).
    #[error("示范数据生成有误:{0}")]
    Generated(String),
    /// The store's import refused a batch of generated records (a bug of the demo).
    #[error("示范数据被拒绝:{0}")]
    Rejected(String),
    /// A generated id failed its own check-digit rules (a bug of the demo).
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The import task writing generated records ended abnormally.
    #[error("导入任务异常结束")]
    Task(#[from] tokio::task::JoinError),
}

/// The result of the demo's operations.
pub type Result<T, E = DemoError> = std::result::Result<T, E>;

/// Wraps a store error with what the demo was doing (`.map_err(store("读取机构失败"))`).
pub(crate) fn store(doing: impl Into<String>) -> impl FnOnce(StoreError) -> DemoError {
    let doing = doing.into();
    move |source| DemoError::Store { doing, source }
}
