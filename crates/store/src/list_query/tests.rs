//! The list's SQL, per filter and backend.

use super::{TextPlan, list_query};
use crate::{Backend, RecordFilter};
use fazhi_domain::register::by_key;

#[test]
fn only_what_is_set_becomes_a_condition() {
    let def = by_key("mediations").expect("register");
    let none = list_query(def, &RecordFilter::default(), None, Backend::Postgres);
    assert_eq!(none.where_clause(), "");
    assert!(none.binds.is_empty());

    let filter = RecordFilter {
        status: Some("成功".into()),
        q: Some(" 张 ".into()),
        ..RecordFilter::default()
    };
    let some = list_query(def, &filter, Some(&[7, 9]), Backend::Postgres);
    let clause = some.where_clause();
    assert!(
        clause.starts_with("WHERE r.org_id IN ($1, $2) AND "),
        "{clause}"
    );
    assert!(clause.contains("LIKE $3"), "{clause}");
    assert!(clause.contains("r.outcome = $4"), "{clause}");
    assert_eq!(some.binds.len(), 4);
    let nothing = list_query(def, &RecordFilter::default(), Some(&[]), Backend::Postgres);
    assert_eq!(nothing.where_clause(), "WHERE 1 = 0", "no unit: no record");
    assert!(!clause.contains("IS NULL OR"));
}

#[test]
fn a_text_search_on_sqlite_drives_the_page_from_its_fts_table() {
    let def = by_key("enforcement-cases").expect("register");
    let filter = a_word();
    let list = list_query(def, &filter, None, Backend::Sqlite);
    assert!(list.text_probe().is_none(), "no other filter: no choice");
    let scoped = list_query(def, &filter, Some(&[7, 9]), Backend::Sqlite);
    assert!(
        scoped.text_probe().is_none(),
        "the unit tree alone: no choice"
    );
    let page = list.page_source(def, TextPlan::FromMatches);
    assert_eq!(
        page.from,
        "enforcement_case_fts CROSS JOIN enforcement_case r ON r.id = enforcement_case_fts.rowid"
    );
    assert_eq!(page.where_clause, "WHERE enforcement_case_fts MATCH $1");
    assert_eq!(page.order, "enforcement_case_fts.rowid DESC");
    assert_eq!(
        list.where_clause(),
        "WHERE +r.id IN (SELECT rowid FROM enforcement_case_fts \
         WHERE enforcement_case_fts MATCH $1)"
    );
    // Two letters or digits: one token of the pair table, newest entry first.
    let pair = RecordFilter {
        q: Some("徐磊".into()),
        ..RecordFilter::default()
    };
    let page =
        list_query(def, &pair, None, Backend::Sqlite).page_source(def, TextPlan::FromMatches);
    assert_eq!(page.where_clause, "WHERE enforcement_case_pairs MATCH $1");
    assert_eq!(page.order, "enforcement_case_pairs.rowid DESC");
    // One character, or two with a mark between: a LIKE over the search fields.
    for q in ["张", "〔2"] {
        let short = RecordFilter {
            q: Some(q.into()),
            ..RecordFilter::default()
        };
        let page =
            list_query(def, &short, None, Backend::Sqlite).page_source(def, TextPlan::FromMatches);
        assert!(page.where_clause.contains("r.party_name LIKE $1"), "{q}");
        assert_eq!(page.order, "r.id DESC");
    }

    // With a period filter, the matches are bounded by the ids of the period's records.
    let month = word_in_march();
    let mut list = list_query(def, &month, None, Backend::Sqlite);
    assert!(list.text_probe().is_none(), "the period bounds the matches");
    assert_eq!(list.id_range_probe(def).as_deref(), Some(MARCH_IDS));
    list.bound_ids((Some(10), Some(99)));
    let page = list.page_source(def, TextPlan::FromMatches);
    assert!(
        page.where_clause
            .contains("enforcement_case_fts.rowid BETWEEN $5 AND $6"),
        "{}",
        page.where_clause
    );
    assert_eq!(list.binds.len(), 6);

    // With another filter, a common word among few records is tested on their rows.
    let filtered = RecordFilter {
        q: Some("有限公司".into()),
        status: Some("已立案".into()),
        ..RecordFilter::default()
    };
    let list = list_query(def, &filtered, None, Backend::Sqlite);
    let (probe, phrase) = list.text_probe().expect("a choice");
    assert!(probe.contains("MATCH $1 LIMIT 5001"), "{probe}");
    assert_eq!(phrase, "\"有限公司\"");
    assert_eq!(
        list.others_probe(def),
        "SELECT COUNT(*) FROM (SELECT 1 FROM enforcement_case r WHERE r.status = $3 \
         LIMIT 20001) c"
    );
    assert!(
        list.page_source(def, TextPlan::FromMatches)
            .from
            .contains("JOIN")
    );
    let rows = list.page_source(def, TextPlan::OnTheirRows);
    assert_eq!(rows.from, "enforcement_case r");
    assert!(
        rows.where_clause
            .ends_with("AND (r.case_code LIKE $2 OR r.party_name LIKE $2 OR r.party_id LIKE $2)"),
        "{}",
        rows.where_clause
    );
}

#[test]
fn a_deadline_list_is_driven_from_the_kept_due_dates_most_overdue_first() {
    let def = by_key("enforcement-cases").expect("register");
    let yesterday = chrono::NaiveDate::from_ymd_opt(2024, 12, 4);
    let overdue = RecordFilter {
        due: yesterday.map(|d| (None, d)),
        ..RecordFilter::default()
    };
    // A county clerk's units alone: the kept dates answer the page and the count.
    let list = list_query(def, &overdue, Some(&[7, 9]), Backend::Sqlite);
    let page = list.page_source(def, TextPlan::FromMatches);
    assert_eq!(page.from, "deadline_record_due o");
    assert_eq!(page.id, "o.record_id");
    assert_eq!(
        page.where_clause,
        "WHERE o.register = $3 AND o.due_date <= $4 AND o.org_id IN ($1, $2)"
    );
    assert_eq!(page.order, "o.due_date, o.record_id");
    assert!(
        page.outer_order
            .starts_with("(SELECT o.due_date FROM deadline_record_due o")
    );
    assert!(list.due_count_sql(false).is_some());
    // A status as well: the record's row is read to test it.
    let decided = RecordFilter {
        status: Some("decided".into()),
        ..overdue
    };
    let list = list_query(def, &decided, None, Backend::Postgres);
    let page = list.page_source(def, TextPlan::FromMatches);
    assert_eq!(
        page.from,
        "deadline_record_due o JOIN enforcement_case r ON r.id = o.record_id"
    );
    assert_eq!(
        page.where_clause,
        "WHERE o.register = $2 AND o.due_date <= $3 AND r.status = $1"
    );
    assert!(list.due_count_sql(false).is_none());
    // With a text search the text's order and plans hold; the deadline is a condition.
    let searched = RecordFilter {
        q: Some("有限公司".into()),
        ..decided
    };
    let page =
        list_query(def, &searched, None, Backend::Sqlite).page_source(def, TextPlan::FromMatches);
    assert!(
        page.where_clause
            .contains("EXISTS (SELECT 1 FROM deadline_record_due o")
    );
    assert_eq!(page.order, "enforcement_case_fts.rowid DESC");
}

#[test]
fn a_reversed_list_turns_its_order() {
    let def = by_key("enforcement-cases").expect("register");
    let order = |filter: RecordFilter| {
        let page =
            list_query(def, &filter, None, Backend::Sqlite).page_source(def, TextPlan::FromMatches);
        (page.order, page.outer_order)
    };
    let oldest = RecordFilter {
        reverse: true,
        ..RecordFilter::default()
    };
    let plain = "r.filed_date, r.id".to_owned();
    assert_eq!(order(oldest.clone()), (plain.clone(), plain));
    let text = RecordFilter {
        q: Some("有限公司".into()),
        ..oldest.clone()
    };
    assert_eq!(order(text).0, "enforcement_case_fts.rowid");
    let latest_due = RecordFilter {
        due: chrono::NaiveDate::from_ymd_opt(2024, 12, 4).map(|d| (None, d)),
        ..oldest
    };
    let (page, outer) = order(latest_due);
    assert_eq!(page, "o.due_date DESC, o.record_id DESC");
    assert!(
        outer.ends_with("AND o.record_id = r.id) DESC, r.id DESC"),
        "{outer}"
    );
}

#[test]
fn two_characters_on_postgres_ask_the_pairs_index() {
    let def = by_key("mediations").expect("register");
    let filter = |q: &str| RecordFilter {
        q: Some(q.into()),
        ..RecordFilter::default()
    };
    let pair = list_query(def, &filter("徐磊"), None, Backend::Postgres).where_clause();
    assert_eq!(
        pair,
        "WHERE text_pairs(coalesce(r.case_no, '')) @> ARRAY[CAST($2 AS TEXT)] \
         AND (coalesce(r.case_no, '')) LIKE $1"
    );
    let word = list_query(def, &filter("人民调解"), None, Backend::Postgres).where_clause();
    assert_eq!(word, "WHERE (coalesce(r.case_no, '')) LIKE $1");
}

#[test]
fn brackets_typed_for_a_document_number_find_its_year_marks() {
    let def = by_key("publicity-records").expect("register");
    let filter = |q: &str| RecordFilter {
        q: Some(q.into()),
        ..RecordFilter::default()
    };
    let list = list_query(def, &filter("钟市监许[2024]101号"), None, Backend::Sqlite);
    let page = list.page_source(def, TextPlan::FromMatches);
    assert_eq!(page.where_clause, "WHERE publicity_record_fts MATCH $1");
    assert_eq!(
        list.binds.first().map(|b| format!("{b:?}")).as_deref(),
        Some(r#"Text("\"钟市监许[2024]101号\" OR \"钟市监许〔2024〕101号\"")"#)
    );
    let like = list_query(def, &filter("(2"), None, Backend::Postgres).where_clause();
    assert!(like.contains("LIKE $1 OR ("), "{like}");
    assert_eq!(
        list_query(def, &filter("（贵州）"), None, Backend::Sqlite)
            .binds
            .len(),
        3
    );
}

/// A common word: 有限公司.
fn a_word() -> RecordFilter {
    RecordFilter {
        q: Some("有限公司".into()),
        ..RecordFilter::default()
    }
}

/// 有限公司 in March 2024.
fn word_in_march() -> RecordFilter {
    RecordFilter {
        from: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
        to: chrono::NaiveDate::from_ymd_opt(2024, 3, 31),
        ..a_word()
    }
}

/// The probe of March's smallest and largest case id.
const MARCH_IDS: &str = "SELECT MIN(r2.id + 0) AS low, MAX(r2.id + 0) AS high FROM enforcement_case r2 \
     WHERE r2.filed_date >= $1 AND r2.filed_date <= $2";

#[test]
fn a_word_on_postgres_is_bounded_by_the_period_ids_and_counted_newest_first() {
    let def = by_key("enforcement-cases").expect("register");
    let month = word_in_march();
    let mut list = list_query(def, &month, None, Backend::Postgres);
    assert_eq!(
        list.id_range_probe(def).as_deref(),
        Some(
            "SELECT MIN((SELECT r2.id FROM enforcement_case r2 WHERE r2.filed_date = \
             CAST(d.day AS DATE) ORDER BY r2.id LIMIT 1)) AS low, MAX((SELECT r2.id FROM \
             enforcement_case r2 WHERE r2.filed_date = CAST(d.day AS DATE) ORDER BY r2.id DESC \
             LIMIT 1)) AS high FROM generate_series(CAST($1 AS DATE), CAST($2 AS DATE), \
             INTERVAL '1 day') AS d(day)"
        ),
        "a month is probed a day at a time"
    );
    // An open period, or one of more than 400 days: its index entries are read.
    for (from, to) in [
        (None, Some((2024, 3, 31))),
        (Some((2023, 1, 1)), Some((2024, 3, 31))),
    ] {
        let day = |d: Option<(i32, u32, u32)>| {
            d.and_then(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d))
        };
        let filter = RecordFilter {
            from: day(from),
            to: day(to),
            ..a_word()
        };
        let probe = list_query(def, &filter, None, Backend::Postgres).id_range_probe(def);
        assert!(probe.is_some_and(|p| p.starts_with("SELECT MIN(r2.id + 0)")));
    }
    list.bound_ids((Some(10), Some(99)));
    let page = list.page_source(def, TextPlan::FromMatches);
    assert!(
        page.where_clause.ends_with("AND r.id BETWEEN $4 AND $5"),
        "{}",
        page.where_clause
    );
    assert_eq!(page.order, "r.id DESC");
    assert!(page.count_in_order, "a capped count walks the newest first");

    // Without a period there is nothing to bound; without a text search, no probe.
    let word = a_word();
    assert!(
        list_query(def, &word, None, Backend::Postgres)
            .id_range_probe(def)
            .is_none()
    );
    let dates = RecordFilter { q: None, ..month };
    let plain = list_query(def, &dates, None, Backend::Postgres);
    assert!(plain.id_range_probe(def).is_none());
    assert!(!plain.page_source(def, TextPlan::FromMatches).count_in_order);
}

#[test]
fn a_word_within_some_units_is_bounded_by_their_ids() {
    let def = by_key("enforcement-cases").expect("register");
    let word = a_word();
    let units_ids = "SELECT MIN((SELECT r2.id FROM enforcement_case r2 WHERE r2.org_id = u.id \
         ORDER BY r2.id LIMIT 1)) AS low, MAX((SELECT r2.id FROM enforcement_case r2 \
         WHERE r2.org_id = u.id ORDER BY r2.id DESC LIMIT 1)) AS high FROM org_unit u \
         WHERE u.id IN ($1, $2)";
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let list = list_query(def, &word, Some(&[7, 8]), backend);
        assert_eq!(list.id_range_probe(def).as_deref(), Some(units_ids));
        // With a period too: the period's records of those units.
        let mut both = list_query(def, &word_in_march(), Some(&[7, 8]), backend);
        assert_eq!(
            both.id_range_probe(def).as_deref(),
            Some(
                "SELECT MIN(r2.id + 0) AS low, MAX(r2.id + 0) AS high FROM enforcement_case r2 \
                 WHERE r2.filed_date >= $3 AND r2.filed_date <= $4 AND r2.org_id IN ($1, $2)"
            )
        );
        both.bound_ids((Some(10), Some(99)));
        let n = both.binds.len();
        let bounds = both.id_bounds.clone().expect("bound");
        assert_eq!(bounds, (format!("${}", n - 1), format!("${n}")));
    }
    // No units to look up: an empty scope, or the whole tree.
    assert!(
        list_query(def, &word, Some(&[]), Backend::Postgres)
            .id_range_probe(def)
            .is_none()
    );
    assert!(
        list_query(def, &word, None, Backend::Postgres)
            .id_range_probe(def)
            .is_none()
    );
}

#[test]
fn a_few_units_page_on_postgres_is_merged_from_each_units_index() {
    let def = by_key("enforcement-cases").expect("register");
    let decided = RecordFilter {
        status: Some("decided".into()),
        ..RecordFilter::default()
    };
    let list = list_query(def, &decided, Some(&[7, 9]), Backend::Postgres);
    let at = list.next_param();
    let branch = |unit: u8| {
        format!(
            "(SELECT r.id, r.filed_date FROM enforcement_case r WHERE r.org_id = ${unit} \
             AND r.status = $3 ORDER BY r.filed_date DESC, r.id DESC LIMIT $4 + $5)"
        )
    };
    assert_eq!(
        list.unit_merge(def, at),
        Some(format!("({} UNION ALL {}) r", branch(1), branch(2)))
    );
    // The count reads every record, not only up to the page's end.
    let page = list.page_source(def, TextPlan::FromMatches);
    assert_eq!(page.from, "enforcement_case r");
    // Not on SQLite, not for one unit or very many, a text search or a deadline filter.
    let merged = |backend, units: &[i64], filter: &RecordFilter| {
        let list = list_query(def, filter, Some(units), backend);
        list.unit_merge(def, list.next_param()).is_some()
    };
    assert!(!merged(Backend::Sqlite, &[7, 9], &decided));
    assert!(!merged(Backend::Postgres, &[7], &decided));
    let many: Vec<i64> = (1..=65).collect();
    assert!(!merged(Backend::Postgres, &many, &decided));
    assert!(merged(Backend::Postgres, &many[..64], &decided));
    assert!(!merged(Backend::Postgres, &[7, 9], &a_word()));
    let overdue = RecordFilter {
        due: chrono::NaiveDate::from_ymd_opt(2024, 12, 4).map(|d| (None, d)),
        ..RecordFilter::default()
    };
    assert!(!merged(Backend::Postgres, &[7, 9], &overdue));
}

#[test]
fn a_word_with_a_rare_status_on_postgres_is_counted_from_the_status() {
    let def = by_key("enforcement-cases").expect("register");
    let revoked = RecordFilter {
        status: Some("revoked".into()),
        ..a_word()
    };
    let list = list_query(def, &revoked, Some(&[7]), Backend::Postgres);
    assert_eq!(
        list.rows_probe(def).as_deref(),
        Some(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM enforcement_case r WHERE r.org_id IN ($1) \
             AND r.status = $3"
        ),
        "the other conditions without the word"
    );
    assert!(list.page_source(def, TextPlan::FromMatches).count_in_order);
    assert!(!list.page_source(def, TextPlan::OnTheirRows).count_in_order);
    // The word alone in the whole tree: its own matches.
    let alone = list_query(def, &a_word(), None, Backend::Postgres).rows_probe(def);
    assert_eq!(
        alone.as_deref(),
        Some(
            "EXPLAIN (FORMAT JSON) SELECT 1 FROM enforcement_case r WHERE (coalesce(r.case_code, \
             '') || chr(1) || coalesce(r.party_name, '') || chr(1) || coalesce(r.party_id, '')) \
             LIKE $1"
        )
    );
    // Nothing to probe: the word within some units, a period, or SQLite's FTS5.
    for (backend, filter, units) in [
        (Backend::Postgres, a_word(), Some(&[7_i64][..])),
        (Backend::Postgres, word_in_march(), None),
        (Backend::Sqlite, revoked, None),
    ] {
        let list = list_query(def, &filter, units, backend);
        assert!(list.rows_probe(def).is_none(), "{backend:?} {filter:?}");
    }
}
