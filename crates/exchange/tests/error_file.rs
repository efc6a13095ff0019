//! The error file handed back after a failed import is as good as the template: the register's
//! sheet with the template's columns and drop-downs, the 说明 sheet, the upload's rows at their
//! own row numbers with dates as dates and numbers as numbers, each bad cell filled and noted,
//! a 错误说明 column — and it imports again with the same problems.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use common::{city, import};
use fazhi_domain::register::enforcement::ENFORCEMENT_CASES;
use fazhi_exchange::{ERROR_HEADER, Format, errors_workbook, template_headers};
use fazhi_store::testing::TestDb;

/// The upload's columns in an order of their own, one named by its field key.
const HEADER: &str = "kind,单位代码,案件编号,当事人名称*,当事人类型*,立案日期*,决定日期,处罚种类,罚款金额(元),执法人员执法证号,办理状态*";
const GOOD: &str = "处罚,520200,LPS-1,甲公司,法人,2024-03-05,2024/3/20,罚款,\"1,234.50元\",\"ZF-001,ZF-002\",已决定";
/// A 执法类别 that is not allowed and a 决定日期 before the 立案日期.
const BAD: &str = "罚没,520200,LPS-2,乙公司,法人,2024-05-01,2024-04-01,,,\"ZF-001,ZF-002\",办理中";

/// The template column of `label` (0-based).
fn col_of(label: &str) -> usize {
    let headers = template_headers(&ENFORCEMENT_CASES);
    if label == ERROR_HEADER {
        return headers.len();
    }
    headers
        .iter()
        .position(|h| h.trim_end_matches('*') == label)
        .unwrap()
}

/// `A1`-style reference of a 0-based row and column.
fn cell_ref(row: usize, col: usize) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        letters.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

fn zip_text(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The style indexes (`s="…"`) whose fill is the problem fill.
fn filled_styles(styles: &str) -> Vec<usize> {
    let fills = styles
        .split("<fills")
        .nth(1)
        .unwrap()
        .split("</fills>")
        .next()
        .unwrap();
    let red = fills
        .split("<fill>")
        .skip(1)
        .position(|f| f.contains("FFC7CE"))
        .expect("the problem fill is defined");
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("</cellXfs>")
        .next()
        .unwrap();
    xfs.split("<xf ")
        .skip(1)
        .enumerate()
        .filter(|(_, xf)| xf.contains(&format!("fillId=\"{red}\"")))
        .map(|(i, _)| i)
        .collect()
}

/// The style index of cell `r` in the sheet XML (0 when it has none).
fn style_of(sheet: &str, r: &str) -> usize {
    let start = sheet
        .find(&format!("<c r=\"{r}\""))
        .unwrap_or_else(|| panic!("cell {r} written"));
    let tag = &sheet[start..start + sheet[start..].find('>').unwrap()];
    tag.split(" s=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map_or(0, |s| s.parse().unwrap())
}

fazhi_store::test_each_backend!(error_file_is_as_good_as_the_template, error_file_on);

async fn error_file_on(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let (_store, system) = city(&db.url).await;
    let upload = common::write(dir.path(), "cases.csv", HEADER, [GOOD, BAD]);
    let report = import(&system, &upload, false).await;
    assert!(!report.ok() && !report.outcome.committed, "{}", db.label);
    let bytes = errors_workbook(
        &upload,
        Format::Csv,
        Some(&ENFORCEMENT_CASES),
        &report.errors,
    )
    .unwrap();

    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["行政执法案件", "说明"], "{}", db.label);
    let sheet = book.worksheet_range("行政执法案件").unwrap();
    let mut headers = template_headers(&ENFORCEMENT_CASES);
    headers.push(ERROR_HEADER.to_owned());
    let first: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(first, headers, "the template's columns, then 错误说明");
    let help = book.worksheet_range("说明").unwrap();
    assert!(
        help.rows()
            .any(|r| r.iter().any(|c| c.to_string().contains("警告、通报批评")))
    );

    // Rows at the upload's row numbers, in the template's columns, typed.
    let at = |row: u32, label: &str| sheet.get_value((row, col_of(label) as u32)).cloned();
    assert_eq!(at(1, "案件编号"), Some(Data::String("LPS-1".into())));
    assert_eq!(at(2, "执法类别"), Some(Data::String("罚没".into())));
    assert!(
        matches!(at(1, "立案日期"), Some(Data::DateTime(_))),
        "{:?}",
        at(1, "立案日期")
    );
    assert!(
        matches!(at(2, "决定日期"), Some(Data::DateTime(_))),
        "a bad date order stays a date"
    );
    assert_eq!(at(1, "罚款金额(元)"), Some(Data::Float(1234.5)));
    let errors = at(2, ERROR_HEADER).unwrap().to_string();
    assert!(
        errors.contains("「执法类别」") && errors.contains("应为"),
        "{errors}"
    );
    assert!(errors.contains("不能早于"), "{errors}");
    assert!(
        matches!(at(1, ERROR_HEADER), None | Some(Data::Empty)),
        "a good row has no 错误说明"
    );

    // The bad cells are filled; the good ones are not.
    let xml = zip_text(&bytes, "xl/worksheets/sheet1.xml");
    let red = filled_styles(&zip_text(&bytes, "xl/styles.xml"));
    for label in ["执法类别", "决定日期"] {
        let r = cell_ref(2, col_of(label));
        assert!(red.contains(&style_of(&xml, &r)), "{label} ({r}) filled");
    }
    for (row, label) in [(1, "执法类别"), (1, "决定日期"), (2, "当事人名称")] {
        let r = cell_ref(row, col_of(label));
        assert!(
            !red.contains(&style_of(&xml, &r)),
            "{label} ({r}) not filled"
        );
    }
    // Each with its problem as a note, naming row, column, what is wrong and what is expected.
    let comments = zip_text(&bytes, "xl/comments1.xml");
    let kind_ref = format!("ref=\"{}\"", cell_ref(2, col_of("执法类别")));
    assert!(comments.contains(&kind_ref), "{comments}");
    assert!(
        comments.contains("第3行") && comments.contains("不是允许的值,应为"),
        "{comments}"
    );
    let date_ref = format!("ref=\"{}\"", cell_ref(2, col_of("决定日期")));
    assert!(comments.contains(&date_ref), "{comments}");

    // The drop-downs of the template, on every written row and beyond.
    assert!(xml.contains("<dataValidation type=\"list\""), "{xml}");
    assert!(xml.contains("处罚,许可,强制"), "enum labels offered");
    let kind_col = cell_ref(1, col_of("执法类别"));
    assert!(
        xml.contains(&format!("sqref=\"{kind_col}:")),
        "on 执法类别: {xml}"
    );

    // The error file imports again (its 错误说明 ignored, its dates read back) with the same
    // problems at the same rows.
    let again = dir.path().join("cases-errors.xlsx");
    std::fs::write(&again, &bytes).unwrap();
    let second = import(&system, &again, true).await;
    let problems = |r: &fazhi_exchange::ImportReport| -> Vec<(u64, String)> {
        r.errors
            .iter()
            .map(|e| (e.row, e.message.clone()))
            .collect()
    };
    assert_eq!(problems(&second), problems(&report), "{}", db.label);
}

#[test]
fn a_foreign_header_is_handed_back_as_uploaded() {
    let dir = tempfile::tempdir().unwrap();
    let upload = common::write(dir.path(), "x.csv", "姓名,年龄", ["张三,30"]);
    let problem = fazhi_exchange::RowError::new(1, "", "", "第一行没有可识别的列名".into());
    let bytes =
        errors_workbook(&upload, Format::Csv, Some(&ENFORCEMENT_CASES), &[problem]).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["行政执法案件", "说明"]);
    let sheet = book.worksheet_range("行政执法案件").unwrap();
    let first: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(first[..2], ["姓名".to_owned(), "年龄".to_owned()]);
    assert!(first[2].starts_with(ERROR_HEADER) && first[2].contains("没有可识别的列名"));
    assert_eq!(sheet.get_value((1, 0)), Some(&Data::String("张三".into())));
}
