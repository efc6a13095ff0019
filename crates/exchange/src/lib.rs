//! 导入导出 — moving register records and reported values in and out of fazhi as files clerks
//! use: Excel (xlsx), CSV (UTF-8 or GBK/GB18030, as Excel on Chinese Windows writes it) and
//! NDJSON. Everything is generated from the register's own definition ([`RegisterDef`]):
//! template columns, header matching, drop-downs, the explanation sheet, export columns.
//!
//! Files are read as a stream (CSV and NDJSON line by line, xlsx cell by cell) in a thread of
//! their own, parsed with [`RegisterDef::parse`] and handed to the store in chunks through a
//! bounded channel, so memory stays bounded whatever the file's size; the store writes them
//! in one transaction, all or nothing.
//!
//! [`RegisterDef`]: fazhi_domain::register::RegisterDef
//! [`RegisterDef::parse`]: fazhi_domain::register::RegisterDef::parse

mod columns;
mod decode;
mod document;
mod errors_file;
pub mod files;
mod import;
mod limits;
mod manifest;
mod read;
mod reported;
mod table;
mod template;
mod write;

pub use columns::{ERROR_HEADER, HeaderMap, ORG_HEADER, Target, template_headers};
pub use document::{MAX_REPORT_TEXT, report_text};
pub use errors_file::errors_workbook;
pub use import::{ImportReport, Progress as ImportProgress, RowError, import_register};
pub use limits::{MAX_LINE_BYTES, MAX_SHARED_STRINGS, MAX_XLSX_INFLATED, check_xlsx_inflation};
pub use manifest::{MANIFEST_SHEET, ManifestRow};
pub use read::{Format, RowSink, read_rows};
pub use reported::{
    FormTemplateLine, REPORTED_HEADERS, form_template, import_reported, reported_template,
};
pub use table::{Column, Sheet, table_workbook, tables_workbook};
pub use template::{HELP_SHEET, template};
pub use write::{Exporter, blocking, export_register, neutralise};

/// 导入导出错误 — what went wrong with a file as a whole, in Chinese.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// The file cannot be read as what it claims to be (with the reason).
    #[error("{0}")]
    File(String),
    #[error("无法读写文件:{0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] fazhi_store::StoreError),
    #[error("无法生成 Excel 文件:{0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("无法写入 CSV 文件:{0}")]
    Csv(#[from] csv::Error),
}

impl ExchangeError {
    pub(crate) fn file(message: impl Into<String>) -> Self {
        Self::File(message.into())
    }
}
