//! 登记簿页面 — list, detail (with history from the audit), create, edit and delete pages for
//! every register, generated from its definition.

use fazhi_domain::RecordId;
use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, RawQuery};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::register::{FieldDef, FieldKind, RegisterDef, Value, by_key};
use fazhi_indicators::Filter;
use fazhi_store::{RecordFilter, StoreError, StoredRecord};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::error::PageError;
use crate::filters;
use crate::home::{Choice, Layout, choices, today};
use crate::list_columns::{DueCells, Header, headers, page_numbers};
use crate::list_return::ListReturn;
use crate::record_filter::{COUNT_LIMIT, ListFilter, list_filter};

const PAGE_SIZE: i64 = 50;

/// The register named in the URL, or a Chinese 404.
pub fn register(key: &str) -> Result<&'static RegisterDef, PageError> {
    by_key(key)
        .ok_or_else(|| PageError::new(StatusCode::NOT_FOUND, format!("没有名为「{key}」的登记簿")))
}

/// Form bodies as key → value, with repeated keys (check boxes) joined by `,`.
pub fn form_values(body: &[u8]) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    for (key, value) in form_urlencoded::parse(body) {
        values
            .entry(key.into_owned())
            .and_modify(|v| {
                v.push(',');
                v.push_str(&value);
            })
            .or_insert_with(|| value.into_owned());
    }
    values
}

#[derive(Deserialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    org: String,
    /// `1`: the unit's own records only (the figures of /alerts are per unit).
    #[serde(default)]
    unit_only: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    /// `overdue` or `soon` (open statutory clocks)
    #[serde(default)]
    due: String,
    /// Working days ahead for `due=soon` (default 5).
    #[serde(default)]
    within: String,
    /// `exact` to count every matching record (else at most [`COUNT_LIMIT`]).
    #[serde(default)]
    count: String,
    /// `1`: the list in the opposite order (oldest first; latest due date first).
    #[serde(default)]
    reverse: String,
    /// The field an amount drill-down adds up (合计).
    #[serde(default)]
    sum: String,
    page: Option<i64>,
    #[serde(default)]
    msg: String,
}

/// The columns a list shows: natural key, period, status, the summed field of a drill-down,
/// then the search fields.
fn list_fields(def: &'static RegisterDef, summed: Option<&FieldDef>) -> Vec<&'static FieldDef> {
    let mut keys = vec![def.natural_key, def.period_field];
    keys.extend(def.status_field);
    keys.extend(summed.map(|f| f.key));
    keys.extend(def.search_fields.iter().copied());
    let mut seen = Vec::new();
    keys.into_iter()
        .filter_map(|k| def.field(k))
        .filter(|f| {
            let fresh = !seen.contains(&f.key);
            seen.push(f.key);
            fresh
        })
        .take(6)
        .collect()
}

pub struct Row {
    pub id: RecordId,
    pub org_name: String,
    pub cells: Vec<String>,
    /// On a deadline list: 届满日 and the days past it (or left).
    pub due: Option<[String; 2]>,
}

#[derive(Template)]
#[template(path = "register_list.html")]
struct ListPage {
    layout: Layout,
    key: &'static str,
    label: &'static str,
    org_label: &'static str,
    headers: Vec<Header>,
    rows: Vec<Row>,
    total: i64,
    /// Whether `total` is every matching record (else more than `count_limit`).
    total_exact: bool,
    count_limit: i64,
    orgs: Vec<Choice>,
    statuses: Vec<Choice>,
    has_status: bool,
    query: ListQuery,
    query_string: String,
    page: i64,
    prev_page: Option<i64>,
    next_page: Option<i64>,
    /// Page numbers to link around the page, and the last page when the total is exact.
    pages: Vec<i64>,
    last_page: Option<i64>,
    /// The filter as hidden fields of the jump-to-page form.
    query_pairs: Vec<(String, String)>,
    can_write: bool,
    /// Drill-down: the date field of from/to when not the period field, and field filters.
    date_label: Option<&'static str>,
    date_key: String,
    conditions: Vec<String>,
    field_params: Vec<(String, String)>,
    /// This list (filters and page), for the way back from its records.
    back: ListReturn,
    /// 合计 of an amount indicator's drill-down.
    sum: Option<ListSum>,
}

/// 合计 — the summed field over every listed record, as read; `None` while the count is
/// capped (summing then waits for 精确计数, which reads every record anyway).
pub struct ListSum {
    pub label: &'static str,
    pub total: Option<String>,
}

impl ListSum {
    async fn read(
        store: &fazhi_store::ScopedStore,
        def: &'static RegisterDef,
        filter: &RecordFilter,
        field: &'static FieldDef,
    ) -> Result<Self, StoreError> {
        let raw = store.list_total(def, filter, field).await?;
        let value = match field.kind {
            FieldKind::Amount => Value::Fen(raw),
            _ => Value::Int(raw),
        };
        let named = field.label.contains("(元)");
        let unit = if field.kind == FieldKind::Amount && !named {
            " 元"
        } else {
            ""
        };
        Ok(Self {
            label: field.label,
            total: Some(format!("{}{unit}", field.shown(&value))),
        })
    }

    fn pending(field: &'static FieldDef) -> Self {
        Self {
            label: field.label,
            total: None,
        }
    }
}

pub async fn list(
    user: PageUser,
    Path(key): Path<String>,
    Query(query): Query<ListQuery>,
    RawQuery(raw): RawQuery,
) -> Result<Html<String>, PageError> {
    let def = register(&key)?;
    let ListFilter {
        filter,
        field_params,
        sum_field,
    } = list_filter(&user.store, def, raw.as_deref())
        .map_err(|e| PageError::new(StatusCode::BAD_REQUEST, e))?;
    let date_field = filter.date_field.and_then(|k| def.field(k));
    let page = query.page.unwrap_or(1).max(1);
    let filter = RecordFilter {
        limit: PAGE_SIZE,
        offset: (page - 1).saturating_mul(PAGE_SIZE),
        ..filter
    };
    let (total, records) = user.store.list_records(def, &filter).await?;
    let total_exact = filter.count_limit.is_none_or(|most| total <= most);
    // Past an estimated count, another page follows a full one.
    let more = if total_exact {
        page * PAGE_SIZE < total
    } else {
        records.len() as i64 == PAGE_SIZE
    };
    let fields = list_fields(def, sum_field);
    let sum = match sum_field {
        Some(field) if total_exact => Some(ListSum::read(&user.store, def, &filter, field).await?),
        Some(field) => Some(ListSum::pending(field)),
        None => None,
    };
    let overdue = filter.due.map(|(from, _)| from.is_none());
    let due_cells = match overdue {
        Some(overdue) => Some(DueCells::read(&user.store, def, &records, overdue, today()).await?),
        None => None,
    };
    let rows = table_rows(&records, &fields, due_cells.as_ref());
    let orgs = user.store.list_orgs().await?;
    let org_choices = choices_or_all(orgs.into_iter().map(|o| (o.code, o.name)), &query.org);
    let status_field = def.status_field.and_then(|k| def.field(k));
    let status_options = status_field.map_or(&[][..], |f| f.options());
    let statuses = choices_or_all(
        status_options.iter().map(|o| (o.code, o.label)),
        &query.status,
    );
    let date_key = date_field.map(|f| f.key.to_owned()).unwrap_or_default();
    let query_string = list_query_string(&query, &date_key, &field_params);
    let labels: Vec<&'static str> = fields.iter().map(|f| f.label).collect();
    let period = date_field.map_or(def.period_field, |f| f.key);
    let unsorted = list_query_string(
        &ListQuery {
            reverse: String::new(),
            ..query.clone()
        },
        &date_key,
        &field_params,
    );
    let link = |reverse: bool| {
        let turn = if reverse { "&reverse=1" } else { "" };
        format!("/registers/{}?{unsorted}{turn}", def.key)
    };
    let headers = headers(
        &labels,
        fields.iter().position(|f| f.key == period),
        overdue,
        &link,
        filter.reverse,
    );
    let last_page = total_exact.then(|| ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1));
    let view = ListPage {
        pages: page_numbers(page, Some(last_page.unwrap_or(page + i64::from(more)))),
        last_page,
        query_pairs: form_urlencoded::parse(query_string.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        back: ListReturn::new(raw.as_deref().unwrap_or_default()),
        sum,
        date_label: date_field.map(|f| f.label),
        date_key,
        conditions: filter.fields.iter().map(Filter::describe).collect(),
        field_params,
        layout: Layout::new(&user, def.key),
        key: def.key,
        label: def.label,
        org_label: def.org_label,
        headers,
        rows,
        total,
        orgs: org_choices,
        statuses,
        has_status: status_field.is_some(),
        query_string,
        page,
        prev_page: (page > 1).then(|| page - 1),
        next_page: more.then(|| page + 1),
        total_exact,
        count_limit: filter.count_limit.unwrap_or(COUNT_LIMIT),
        can_write: user.session.principal.role.can_write_records(),
        query,
    };
    Ok(Html(view.render()?))
}

/// The list's rows: id, unit and the shown fields as a list writes them (amounts grouped,
/// citizen ids masked).
fn table_rows(
    records: &[StoredRecord],
    fields: &[&'static FieldDef],
    due: Option<&DueCells>,
) -> Vec<Row> {
    records
        .iter()
        .map(|r| Row {
            id: r.id,
            org_name: r.org_name.clone(),
            cells: fields
                .iter()
                .map(|f| f.listed(r.record.get(f.key)))
                .collect(),
            due: due.map(|cells| cells.of(r.id)),
        })
        .collect()
}

/// A filter's choices after a first "(全部)" that clears it.
fn choices_or_all<V: ToString, L: ToString>(
    items: impl IntoIterator<Item = (V, L)>,
    current: &str,
) -> Vec<Choice> {
    let mut all = vec![Choice {
        value: String::new(),
        label: "(全部)".into(),
        selected: current.is_empty(),
    }];
    all.extend(choices(items, current));
    all
}

/// The list's filter as a query string, for paging links and the export of the same filter.
fn list_query_string(
    query: &ListQuery,
    date_key: &String,
    field_params: &[(String, String)],
) -> String {
    let mut query_string = serde_urlencoded_pairs(&[
        ("org", &query.org),
        ("unit_only", &query.unit_only),
        ("from", &query.from),
        ("to", &query.to),
        ("q", &query.q),
        ("status", &query.status),
        ("due", &query.due),
        ("within", &query.within),
        ("count", &query.count),
        ("reverse", &query.reverse),
        ("date", date_key),
        ("sum", &query.sum),
    ]);
    for (name, value) in field_params {
        query_string.push_str(&format!("&{name}={value}"));
    }
    query_string
}

fn serde_urlencoded_pairs(pairs: &[(&str, &String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            pairs
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (*k, v.as_str())),
        )
        .finish()
}

pub struct Shown {
    pub label: &'static str,
    pub value: String,
}

/// One version of the record on its page: when, who, what, and each field's old and new value.
pub struct HistoryLine {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub changes: Vec<(&'static str, String, String)>,
}

/// One statutory clock of the record, its rule named in Chinese.
pub struct DeadlineLine {
    pub clock: fazhi_store::ClockView,
    pub rule_name: String,
}

/// `?msg=` after a save, and the list to return to.
#[derive(Deserialize, Default)]
pub struct DetailQuery {
    #[serde(default)]
    msg: String,
    #[serde(default)]
    back: String,
}

#[derive(Template)]
#[template(path = "register_detail.html")]
struct DetailPage {
    layout: Layout,
    key: &'static str,
    label: &'static str,
    org_label: &'static str,
    record: StoredRecord,
    title: String,
    shown: Vec<Shown>,
    history: Vec<HistoryLine>,
    deadlines: Vec<DeadlineLine>,
    derived: Vec<fazhi_domain::register::DerivedFact>,
    /// Records of other registers that link here (a problem found by this 复议纠错).
    linked_from: Vec<fazhi_store::LinkedFrom>,
    /// 登记为整改问题: the new problem's form, prefilled from this record, when it reveals one.
    propose: bool,
    /// 附件.
    files: Vec<fazhi_store::Attachment>,
    can_write: bool,
    message: String,
    back: ListReturn,
}

pub async fn detail(
    user: PageUser,
    Path((key, id)): Path<(String, RecordId)>,
    Query(query): Query<DetailQuery>,
) -> Result<Html<String>, PageError> {
    let def = register(&key)?;
    let mut record = user.store.get_record(def, id).await?;
    user.store.number_links(def, [&mut record.record]).await?;
    record.created_at = crate::home::beijing_time(&record.created_at);
    record.updated_at = crate::home::beijing_time(&record.updated_at);
    let shown = def
        .fields
        .iter()
        .map(|f| Shown {
            label: f.label,
            value: f.shown(record.record.get(f.key)),
        })
        .collect();
    let history = match user.store.record_history(def, id).await {
        Ok(versions) => versions
            .iter()
            .rev()
            .map(|v| HistoryLine {
                at: crate::home::beijing_time(&v.at),
                actor: v.actor.clone(),
                action: v.action_label(),
                // A creation lists no field: the record as created is the oldest version.
                changes: if v.created {
                    Vec::new()
                } else {
                    v.changes_shown(def)
                },
            })
            .collect(),
        Err(StoreError::Forbidden(_)) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let title = format!(
        "{} {}",
        def.label,
        record.record.text(def.natural_key).unwrap_or_default()
    );
    let deadlines = user
        .store
        .record_deadlines(def, &record.record, today())
        .into_iter()
        .map(|clock| DeadlineLine {
            rule_name: user
                .store
                .rule_name(clock.rule, clock.start)
                .unwrap_or_else(|| clock.label.to_owned()),
            clock,
        })
        .collect();
    let page = DetailPage {
        propose: fazhi_domain::register::rectification::proposed_from(
            def.key,
            id.get(),
            &record.record,
        )
        .is_some(),
        linked_from: user.store.records_linking_to(def, id).await?,
        files: user.store.attachments(def, id).await?,
        derived: def.derive(&record.record),
        deadlines,
        layout: Layout::new(&user, def.key),
        key: def.key,
        label: def.label,
        org_label: def.org_label,
        title,
        shown,
        history,
        can_write: user.session.principal.role.can_write_records(),
        message: query.msg,
        back: ListReturn::new(&query.back),
        record,
    };
    Ok(Html(page.render()?))
}

pub async fn delete(
    user: PageUser,
    Path((key, id)): Path<(String, RecordId)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let def = register(&key)?;
    let values = form_values(&body);
    user.check_csrf(values.get("csrf").map(String::as_str).unwrap_or(""))?;
    let back = ListReturn::new(values.get("back").map(String::as_str).unwrap_or(""));
    let record = user.store.get_record(def, id).await?;
    let name = record
        .record
        .text(def.natural_key)
        .unwrap_or_default()
        .to_owned();
    // The first press asks, naming the record; the confirmation deletes.
    if values.get("confirm").map(String::as_str) != Some("1") {
        let page = DeletePage {
            layout: Layout::new(&user, def.key),
            key: def.key,
            label: def.label,
            id,
            name,
            org_name: record.org_name,
            back,
        };
        return Ok(Html(page.render()?).into_response());
    }
    user.store.delete_record(def, id).await?;
    let msg = format!("已删除{}「{name}」", def.label);
    Ok(Redirect::to(&back.list_url_with(def.key, &msg)).into_response())
}

/// 确认删除 — the record named before it is deleted.
#[derive(Template)]
#[template(path = "register_delete.html")]
struct DeletePage {
    layout: Layout,
    key: &'static str,
    label: &'static str,
    id: RecordId,
    name: String,
    org_name: String,
    back: ListReturn,
}
