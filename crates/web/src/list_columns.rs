//! 列表的排序与期限列 — what a register list adds to its fields: the sortable date column
//! (newest first; `reverse=1` turns it), and on a deadline list (`due=overdue|soon`) the
//! earliest open due date of each record (届满日, marked 暂估 when provisional) and the days
//! past it (逾期天数) or left (剩余天数), most overdue first.

use std::collections::HashMap;

use chrono::NaiveDate;
use fazhi_domain::RecordId;
use fazhi_domain::register::RegisterDef;
use fazhi_store::{ScopedStore, StoreError, StoredRecord};

/// A column header; `sort` links to the list in the other order.
pub struct Header {
    pub label: String,
    pub sort: Option<String>,
}

/// The two deadline cells of each record of a page (by record id).
pub struct DueCells(HashMap<RecordId, [String; 2]>);

impl DueCells {
    /// The cells of `records` on a deadline list as of `today` (`overdue`: days past the due
    /// date; otherwise days left).
    pub async fn read(
        store: &ScopedStore,
        def: &RegisterDef,
        records: &[StoredRecord],
        overdue: bool,
        today: NaiveDate,
    ) -> Result<Self, StoreError> {
        let ids: Vec<RecordId> = records.iter().map(|r| r.id).collect();
        let dates = store.earliest_due_dates(def.key, &ids).await?;
        let cells = dates
            .into_iter()
            .map(|(id, due)| {
                let mark = if store.is_provisional(due) {
                    "(暂估)"
                } else {
                    ""
                };
                let days = if overdue {
                    (today - due).num_days()
                } else {
                    (due - today).num_days()
                };
                (id, [format!("{due}{mark}"), format!("{days} 天")])
            })
            .collect();
        Ok(Self(cells))
    }

    /// The cells of record `id` (dashes when it has no open dated clock any more).
    pub fn of(&self, id: RecordId) -> [String; 2] {
        self.0
            .get(&id)
            .cloned()
            .unwrap_or_else(|| ["—".to_owned(), "—".to_owned()])
    }
}

/// The headers of a list: its fields, with the date column (or on a deadline list the due
/// date column) linking to the other order, then the deadline columns, then the unit.
pub fn headers(
    labels: &[&'static str],
    date_column: Option<usize>,
    due: Option<bool>,
    link: &dyn Fn(bool) -> String,
    reversed: bool,
) -> Vec<Header> {
    let arrow = |newest_first: bool| if newest_first { " ↓" } else { " ↑" };
    let mut headers: Vec<Header> = (labels.iter().enumerate())
        .map(
            |(i, label)| match date_column.filter(|c| *c == i && due.is_none()) {
                Some(_) => Header {
                    label: format!("{label}{}", arrow(!reversed)),
                    sort: Some(link(!reversed)),
                },
                None => Header {
                    label: (*label).to_owned(),
                    sort: None,
                },
            },
        )
        .collect();
    if let Some(overdue) = due {
        headers.push(Header {
            label: format!("届满日{}", if reversed { " ↓" } else { " ↑" }),
            sort: Some(link(!reversed)),
        });
        headers.push(Header {
            label: if overdue {
                "逾期天数"
            } else {
                "剩余天数"
            }
            .to_owned(),
            sort: None,
        });
    }
    headers
}

/// 页码 — the pages around `page` to link to, up to `last` (the last page when the total is
/// exact, else the next page when there is one).
pub fn page_numbers(page: i64, last: Option<i64>) -> Vec<i64> {
    let high = last.unwrap_or(page);
    (page.saturating_sub(3).max(1)..=page.saturating_add(3).min(high)).collect()
}

#[cfg(test)]
mod tests {
    use super::{headers, page_numbers};

    #[test]
    fn the_date_column_links_to_the_other_order() {
        let link = |reverse: bool| format!("?reverse={}", u8::from(reverse));
        let plain = headers(&["案件编号", "立案日期"], Some(1), None, &link, false);
        assert_eq!(plain[1].label, "立案日期 ↓");
        assert_eq!(plain[1].sort.as_deref(), Some("?reverse=1"));
        assert!(plain[0].sort.is_none());
        let due = headers(&["案件编号", "立案日期"], Some(1), Some(true), &link, false);
        let labels: Vec<&str> = due.iter().map(|h| h.label.as_str()).collect();
        assert_eq!(labels, ["案件编号", "立案日期", "届满日 ↑", "逾期天数"]);
        assert_eq!(due[2].sort.as_deref(), Some("?reverse=1"));
    }

    #[test]
    fn page_numbers_surround_the_page() {
        assert_eq!(page_numbers(1, Some(2)), [1, 2]);
        assert_eq!(page_numbers(10, Some(100)), [7, 8, 9, 10, 11, 12, 13]);
        assert_eq!(page_numbers(5, Some(6)), [2, 3, 4, 5, 6]);
        assert_eq!(page_numbers(5, None), [2, 3, 4, 5]);
    }
}
