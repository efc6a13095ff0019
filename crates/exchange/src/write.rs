//! 导出 — records in the template's columns ([`crate::template`]), so an export imports back
//! unchanged. Text that a spreadsheet would run as a formula is neutralised with a leading `'`
//! (which import removes again).

use fazhi_domain::RecordId;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use fazhi_domain::register::RegisterDef;
use fazhi_store::StoredRecord;
use rust_xlsxwriter::Workbook;

use crate::ExchangeError;
use crate::columns::template_headers;
use crate::manifest::{ManifestRow, manifest_rows, write_manifest};
use crate::read::Format as FileFormat;
use crate::template::{header_row, required_columns, sheet_name};

/// Prefixes a cell that starts like a formula (`=`, `+`, `-`, `@`, tab, CR) with `'`.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// Reverses [`neutralise`] on import.
pub(crate) fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest)
            if matches!(
                rest.as_bytes().first(),
                Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
            ) =>
        {
            rest
        }
        _ => text,
    }
}

/// Data rows of one xlsx sheet: Excel's 1,048,576 rows less the header.
pub const XLSX_SHEET_ROWS: u32 = 1_048_575;

/// The name of the `part`-th sheet (from 2) of an export that `base` could not hold:
/// `base(part)`, `base` shortened to keep Excel's 31 characters.
pub(crate) fn continued_sheet_name(base: &str, part: usize) -> String {
    let suffix = format!("({part})");
    let keep = 31 - suffix.chars().count().min(31);
    base.chars().take(keep).chain(suffix.chars()).collect()
}

/// Writes records in the template's columns, row by row (xlsx in constant memory).
pub enum Exporter {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Xlsx {
        workbook: Box<Workbook>,
        /// The last row written on the current sheet (0: the header).
        row: u32,
        path: std::path::PathBuf,
        /// The sheet being written (0-based) and the data rows a sheet takes.
        sheet: usize,
        sheet_rows: u32,
        headers: Vec<String>,
        required: Vec<bool>,
        /// The exported records' files, written as the last sheet ([`crate::manifest`]).
        manifest: Vec<ManifestRow>,
    },
}

impl Exporter {
    /// Creates `path` and writes the header row.
    pub fn create(
        def: &RegisterDef,
        format: FileFormat,
        path: &Path,
    ) -> Result<Self, ExchangeError> {
        Self::with_sheet_rows(def, format, path, XLSX_SHEET_ROWS)
    }

    /// [`Exporter::create`] with at most `sheet_rows` data rows per xlsx sheet (at most
    /// [`XLSX_SHEET_ROWS`]); more rows go on in further sheets, each with the header.
    pub fn with_sheet_rows(
        def: &RegisterDef,
        format: FileFormat,
        path: &Path,
        sheet_rows: u32,
    ) -> Result<Self, ExchangeError> {
        let headers = template_headers(def);
        match format {
            FileFormat::Csv | FileFormat::Ndjson => {
                let mut file = BufWriter::new(File::create(path)?);
                // UTF-8 BOM: Excel opens the file with the right encoding.
                file.write_all(b"\xEF\xBB\xBF")?;
                let mut writer = csv::Writer::from_writer(file);
                writer.write_record(&headers)?;
                Ok(Self::Csv(Box::new(writer)))
            }
            FileFormat::Xlsx => {
                let mut workbook = Box::new(Workbook::new());
                let required = required_columns(def);
                let sheet = workbook
                    .add_worksheet_with_constant_memory()?
                    .set_name(sheet_name(def.label))?;
                header_row(sheet, &headers, &required)?;
                Ok(Self::Xlsx {
                    workbook,
                    row: 0,
                    path: path.to_owned(),
                    sheet: 0,
                    sheet_rows: sheet_rows.clamp(1, XLSX_SHEET_ROWS),
                    headers,
                    required,
                    manifest: Vec::new(),
                })
            }
        }
    }

    /// One record: unit code, then every field as a clerk would type it.
    pub fn write(&mut self, def: &RegisterDef, record: &StoredRecord) -> Result<(), ExchangeError> {
        let cells = std::iter::once(record.org_code.clone()).chain(
            def.fields
                .iter()
                .map(|f| f.display(record.record.get(f.key))),
        );
        match self {
            Self::Csv(writer) => {
                for cell in cells {
                    writer.write_field(neutralise(&cell).as_bytes())?;
                }
                writer.write_record(None::<&[u8]>)?;
            }
            Self::Xlsx {
                workbook,
                row,
                sheet,
                sheet_rows,
                headers,
                required,
                ..
            } => {
                if *row >= *sheet_rows {
                    // A full sheet: the rest goes on in 「名称(2)」 … with the header again.
                    *sheet += 1;
                    let name = continued_sheet_name(&sheet_name(def.label), *sheet + 1);
                    let next = workbook
                        .add_worksheet_with_constant_memory()?
                        .set_name(name)?;
                    header_row(next, headers, required)?;
                    *row = 0;
                }
                *row += 1;
                let sheet = workbook.worksheet_from_index(*sheet)?;
                for (col, cell) in cells.enumerate() {
                    if !cell.is_empty() {
                        let col =
                            u16::try_from(col).map_err(|_| ExchangeError::file("列数过多"))?;
                        sheet.write_string(*row, col, neutralise(&cell).as_ref())?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether the file lists the records' attached files (xlsx: a 附件清单 sheet; CSV, one
    /// table, does not).
    pub fn lists_files(&self) -> bool {
        matches!(self, Self::Xlsx { .. })
    }

    /// Adds files of the exported records to the manifest (nothing for CSV).
    pub fn add_files(&mut self, rows: Vec<ManifestRow>) {
        if let Self::Xlsx { manifest, .. } = self {
            manifest.extend(rows);
        }
    }

    pub fn finish(self) -> Result<(), ExchangeError> {
        match self {
            Self::Csv(mut writer) => writer.flush()?,
            Self::Xlsx {
                mut workbook,
                path,
                manifest,
                ..
            } => {
                write_manifest(&mut workbook, &manifest)?;
                workbook.save(&path)?;
            }
        }
        Ok(())
    }
}

/// 导出登记簿 — every record in scope matching `filter` into `path`, page by page in id order;
/// an xlsx ends with the 附件清单 of those records' files. Returns the number of records
/// written.
pub async fn export_register(
    store: &fazhi_store::ScopedStore,
    def: &'static RegisterDef,
    filter: &fazhi_store::RecordFilter,
    format: FileFormat,
    path: &Path,
) -> Result<u64, ExchangeError> {
    const PAGE: i64 = 5000;
    // Writing cells and compressing the workbook is CPU work: off the async executor, so the
    // server keeps answering while a large export is written.
    let target = path.to_owned();
    let mut exporter = blocking(move || Exporter::create(def, format, &target)).await?;
    let mut after = RecordId::new(0);
    let mut count = 0_u64;
    loop {
        let mut page = store.export_page(def, filter, after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        // Links as the linked records' numbers, which import resolves again.
        store
            .number_links(def, page.iter_mut().map(|r| &mut r.record))
            .await?;
        count += page.len() as u64;
        if exporter.lists_files() {
            exporter.add_files(manifest_rows(store, def, &page).await?);
        }
        exporter = blocking(move || {
            for record in &page {
                exporter.write(def, record)?;
            }
            Ok(exporter)
        })
        .await?;
    }
    blocking(move || exporter.finish()).await?;
    Ok(count)
}

/// Runs file work on tokio's blocking threads.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ExchangeError> + Send + 'static,
) -> Result<T, ExchangeError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ExchangeError::file("写文件的线程意外终止"))?
}
