//! 附件清单 — the files of the exported records, as the xlsx export's last sheet: one row per
//! file with the record's number (its natural key), so a reader of the export knows which
//! documents back which record and can check a copy by its SHA-256. The contents stay in
//! fazhi (downloaded from the record's page, audited); only what identifies them is listed.
//! A CSV export is one table and carries no manifest.

use fazhi_domain::register::RegisterDef;
use fazhi_store::{ScopedStore, StoredRecord};
use rust_xlsxwriter::{Format, Workbook};

use crate::ExchangeError;
use crate::write::neutralise;

/// The manifest sheet's name.
pub const MANIFEST_SHEET: &str = "附件清单";

/// The manifest's columns, with their widths in characters.
const COLUMNS: [(&str, f64); 7] = [
    ("记录编号", 24.0),
    ("文件名", 40.0),
    ("类型", 8.0),
    ("大小(字节)", 14.0),
    ("SHA-256", 66.0),
    ("上传时间", 20.0),
    ("上传人", 14.0),
];

/// One attached file of an exported record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestRow {
    /// The record's natural key (案件编号, 问题编号 …).
    pub number: String,
    pub name: String,
    /// PDF, DOCX … (the kind fazhi recognised from the content).
    pub kind: String,
    pub size: i64,
    pub sha256: String,
    /// Beijing time to the second.
    pub uploaded_at: String,
    pub uploaded_by: String,
}

/// The files of `page`'s records (read through the store's scope), in the page's order.
pub(crate) async fn manifest_rows(
    store: &ScopedStore,
    def: &'static RegisterDef,
    page: &[StoredRecord],
) -> Result<Vec<ManifestRow>, ExchangeError> {
    let ids: Vec<_> = page.iter().map(|r| r.id).collect();
    let files = store.attachments_of_records(def, &ids).await?;
    let number = |id| {
        page.iter()
            .find(|r| r.id == id)
            .and_then(|r| r.record.text(def.natural_key))
            .unwrap_or_default()
            .to_owned()
    };
    Ok(files
        .into_iter()
        .map(|(id, file)| ManifestRow {
            number: number(id),
            kind: file.kind.to_uppercase(),
            uploaded_at: beijing_time(&file.uploaded_at),
            name: file.name,
            size: file.size,
            sha256: file.sha256,
            uploaded_by: file.uploaded_by,
        })
        .collect())
}

/// Adds the manifest sheet to `workbook` (its header alone when no record has a file).
pub(crate) fn write_manifest(
    workbook: &mut Workbook,
    rows: &[ManifestRow],
) -> Result<(), ExchangeError> {
    let sheet = workbook
        .add_worksheet_with_constant_memory()?
        .set_name(MANIFEST_SHEET)?;
    let bold = Format::new().set_bold().set_background_color("#DDEBF7");
    for (col, (header, width)) in (0_u16..).zip(COLUMNS) {
        sheet.write_string_with_format(0, col, header, &bold)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (line, row) in (1_u32..).zip(rows) {
        let texts = [
            (0, &row.number),
            (1, &row.name),
            (2, &row.kind),
            (4, &row.sha256),
            (5, &row.uploaded_at),
            (6, &row.uploaded_by),
        ];
        for (col, text) in texts {
            sheet.write_string(line, col, neutralise(text).as_ref())?;
        }
        // Sizes stay below 2^53 (20 MB a file), exact as an Excel number.
        sheet.write_number(line, 3, row.size as f64)?;
    }
    Ok(())
}

/// A stored RFC 3339 instant in Beijing time (`2024-06-20 14:05:09`); the text as stored
/// when it is not one.
fn beijing_time(instant: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(instant).map_or_else(
        |_| instant.to_owned(),
        |at| {
            let beijing = chrono::FixedOffset::east_opt(8 * 3600).unwrap_or(at.offset().to_owned());
            at.with_timezone(&beijing)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::beijing_time;

    #[test]
    fn upload_times_read_in_beijing() {
        assert_eq!(
            beijing_time("2024-06-20T17:30:05.123+00:00"),
            "2024-06-21 01:30:05"
        );
        assert_eq!(beijing_time("昨天"), "昨天");
    }
}
