//! One module per command family of the `fazhi` binary.

pub mod audit;
pub mod bench;
pub mod bench_import;
pub mod calendar;
pub mod compare;
pub mod demo;
pub mod demo_records;
pub mod export;
pub mod extract;
pub mod import;
pub mod serve;
pub mod user;
