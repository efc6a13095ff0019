//! One module per command family of the `fazhi` binary. The `bench*` modules compile with the
//! `bench` feature (on by default).

pub mod audit;
#[cfg(feature = "bench")]
pub mod bench;
#[cfg(feature = "bench")]
pub mod bench_import;
#[cfg(feature = "bench")]
pub mod bench_indicators;
#[cfg(feature = "bench")]
pub mod bench_login;
#[cfg(feature = "bench")]
pub mod bench_report;
pub mod calendar;
pub mod compare;
pub mod demo;
pub mod demo_check;
pub mod demo_province;
pub mod digest;
pub mod draw;
pub mod export;
pub mod extract;
pub mod federation;
pub mod import;
pub mod indicators;
pub mod report;
pub mod serve;
pub mod user;
