//! 领域模型 — the domain of fazhi: identification codes, the org tree, accounts and the
//! audit chain. Pure code: no IO, no async, no database types.

pub mod account;
pub mod attachment;
pub mod audit;
pub mod case_review;
pub mod codes;
pub mod disclosure_annual;
pub mod draw;
pub mod error;
pub mod ids;
pub mod numbers;
pub mod org;
pub mod publicity_period;
pub mod register;
pub mod reporting;

pub use codes::{CitizenId, CreditCode, RegionCode, mask_citizen_id};
pub use error::DomainError;
pub use ids::{OrgId, RecordId};
