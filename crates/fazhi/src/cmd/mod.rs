//! One module per command family of the `fazhi` binary.

pub mod audit;
pub mod bench;
pub mod bench_import;
pub mod bench_indicators;
pub mod bench_login;
pub mod bench_report;
pub mod calendar;
pub mod compare;
pub mod demo;
pub mod demo_check;
pub mod demo_records;
pub mod export;
pub mod extract;
pub mod import;
pub mod indicators;
pub mod report;
pub mod serve;
pub mod user;
