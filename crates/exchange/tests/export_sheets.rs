//! An xlsx export of more rows than one sheet holds (1,048,575 under the header) goes on in
//! further sheets with the header on each, and reads back whole: a register generated here
//! with one short column, so the 1,048,577 rows are written and read in seconds.
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use fazhi_domain::register::{FieldDef, FieldKind, Record, RegisterDef, Value};
use fazhi_exchange::{ExchangeError, Exporter, Format, RowSink, read_rows};
use fazhi_store::StoredRecord;

static FIELDS: &[FieldDef] = &[FieldDef {
    key: "n",
    label: "序号",
    kind: FieldKind::Text { max_chars: 10 },
    required: true,
    help: "",
}];

static LONG: RegisterDef = RegisterDef {
    key: "long",
    table: "long",
    label: "测试长表",
    org_label: "单位",
    fields: FIELDS,
    natural_key: "n",
    period_field: "n",
    search_fields: &[],
    status_field: None,
    rules: |_| Vec::new(),
    links: &[],
    normalize: None,
    derived: None,
};

/// Counts the rows read back and checks that they come in order, numbered on.
#[derive(Default)]
struct Count {
    headers: usize,
    rows: u64,
    last_line: u64,
    in_order: bool,
}

impl RowSink for Count {
    fn header(&mut self, cells: &[String]) -> Result<(), ExchangeError> {
        self.headers += 1;
        assert_eq!(cells, ["单位代码", "序号*"]);
        self.in_order = true;
        Ok(())
    }

    fn row(&mut self, line: u64, cells: &[String]) -> Result<bool, ExchangeError> {
        self.rows += 1;
        self.in_order &= cells.get(1).map(String::as_str) == Some(&*self.rows.to_string())
            && line > self.last_line;
        self.last_line = line;
        Ok(true)
    }
}

#[test]
fn more_rows_than_a_sheet_go_on_in_further_sheets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("long.xlsx");
    let total: u64 = 1_048_575 + 2;
    let mut exporter = Exporter::create(&LONG, Format::Xlsx, &path).expect("create");
    let mut stored = StoredRecord {
        id: fazhi_domain::RecordId::new(0),
        org_code: "520201".into(),
        org_name: String::new(),
        region_code: "520201".into(),
        created_at: String::new(),
        updated_at: String::new(),
        record: Record::default(),
    };
    for n in 1..=total {
        stored.record.set("n", Value::Text(n.to_string()));
        exporter.write(&LONG, &stored).expect("write");
    }
    exporter.finish().expect("finish");

    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("valid xlsx");
    assert_eq!(
        calamine::Reader::sheet_names(&workbook),
        ["测试长表", "测试长表(2)", "附件清单"],
        "the manifest of the records' files comes last"
    );
    let second = calamine::Reader::worksheet_range(&mut workbook, "测试长表(2)").expect("sheet 2");
    assert_eq!(second.height(), 3, "the header and the last two rows");

    let mut count = Count::default();
    read_rows(&path, Format::Xlsx, None, &mut count).expect("read back");
    assert_eq!(count.headers, 1);
    assert_eq!(count.rows, total, "every row read back, across both sheets");
    assert!(count.in_order);
}
