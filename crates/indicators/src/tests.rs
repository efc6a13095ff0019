//! Hand-counted fixtures: a city (1) with two counties (2, 3) and a township (4) under county 2.

use fazhi_domain::OrgId;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_catalog::{Catalog, IndicatorSet, YoyUnit};
use fazhi_domain::register::{Record, by_key};

use super::*;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

fn org(id: i64, parent: Option<i64>, from: &str, to: Option<&str>) -> OrgVersion {
    OrgVersion {
        org_id: OrgId::new(id),
        code: format!("C{id}"),
        name: format!("单位{id}"),
        parent_id: parent.map(OrgId::new),
        valid_from: d(from),
        valid_to: to.map(d),
    }
}

fn fixed_tree() -> OrgTree {
    OrgTree::new(vec![
        org(1, None, "2020-01-01", None),
        org(2, Some(1), "2020-01-01", None),
        org(3, Some(1), "2020-01-01", None),
        org(4, Some(2), "2020-01-01", None),
    ])
}

/// Township 4 moves from county 2 to county 3 on 2024-04-01.
fn moved_tree() -> OrgTree {
    OrgTree::new(vec![
        org(1, None, "2020-01-01", None),
        org(2, Some(1), "2020-01-01", None),
        org(3, Some(1), "2020-01-01", None),
        org(4, Some(2), "2020-01-01", Some("2024-04-01")),
        org(4, Some(3), "2024-04-01", None),
    ])
}

fn mediation(no: &str, received: &str, concluded: &str, outcome: &str, amount: &str) -> Record {
    let raw: BTreeMap<String, String> = [
        ("case_no", no),
        ("dispute_type", "邻里"),
        ("parties_count", "2"),
        ("received_date", received),
        ("concluded_date", concluded),
        ("outcome", outcome),
        ("agreement_amount", amount),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    by_key("mediations")
        .expect("register")
        .parse(&raw)
        .expect("valid fixture")
}

/// (owner, record): M1–M4 received in 2024 (M4 concluded in 2025), M5–M6 in 2023.
fn mediations(m1_owner: i64) -> Vec<(i64, Record)> {
    vec![
        (
            m1_owner,
            mediation("M1", "2024-01-10", "2024-02-01", "成功", "1234.5"),
        ),
        (2, mediation("M2", "2024-03-05", "2024-03-20", "不成功", "")),
        (4, mediation("M3", "2024-05-01", "2024-05-10", "成功", "")),
        (3, mediation("M4", "2024-11-20", "2025-01-05", "成功", "")),
        (3, mediation("M5", "2023-06-01", "2023-06-10", "成功", "")),
        (3, mediation("M6", "2023-07-01", "2023-07-02", "不成功", "")),
    ]
}

fn reported(org_id: i64, period: &str, key: &str, value: f64) -> ReportedValue {
    ReportedValue {
        org_id: OrgId::new(org_id),
        period: Period::parse(period).expect("period"),
        key: key.into(),
        value,
        qualifier: None,
    }
}

fn reported_fixture() -> ReportedIndex {
    ReportedIndex::new(vec![
        reported(4, "2024", "pufa.activities", 10.0),
        reported(3, "2024Q1", "pufa.activities", 3.0),
        reported(3, "2024Q2", "pufa.activities", 4.0),
        reported(3, "202401", "pufa.activities", 99.0),
        reported(1, "2024", "services.online_rate", 95.5),
        reported(2, "2024", "disputes.screened", 100.0),
        reported(2, "2024", "disputes.resolved", 90.0),
        reported(3, "2024", "disputes.screened", 50.0),
        reported(3, "2024", "disputes.resolved", 40.0),
        reported(2, "2024", "ranking.business_env", 3.0),
        reported(3, "2024", "ranking.business_env", 5.0),
    ])
}

struct Fixture {
    catalog: &'static Catalog,
    plan: &'static Plan,
    cube: Cube,
    reported: ReportedIndex,
    tree: OrgTree,
}

impl Fixture {
    fn new(tree: OrgTree, m1_owner: i64) -> Self {
        let catalog = Catalog::embedded().expect("catalog");
        let plan = embedded_plan().expect("plan");
        let def = by_key("mediations").expect("register");
        let mut cube = Cube::new(plan.width);
        for (owner, record) in mediations(m1_owner) {
            plan.add_record(&mut cube, def, OrgId::new(owner), &record);
        }
        Self {
            catalog,
            plan,
            cube,
            reported: reported_fixture(),
            tree,
        }
    }

    fn engine(&self) -> Engine<'_> {
        Engine {
            catalog: self.catalog,
            plan: self.plan,
            cube: &self.cube,
            reported: &self.reported,
            tree: &self.tree,
        }
    }

    fn set(&self, org_id: i64, period: &str) -> IndicatorSet {
        self.engine().compute(&Request {
            org_id: OrgId::new(org_id),
            period: Period::parse(period).expect("period"),
            unit_only: false,
            with_yoy: true,
        })
    }
}

#[test]
fn embedded_plan_resolves_every_compute_definition() {
    let plan = embedded_plan().expect("every definition names real registers, fields, codes");
    assert!(plan.columns().count() >= 40);
    // Every register but the 检查对象名录库 (a population to draw from, counted by nothing).
    assert_eq!(
        plan.registers.len(),
        15,
        "fifteen of the sixteen registers are used"
    );
    let loc = plan.locate("mediation.success").expect("computed");
    assert_eq!(loc.group.date.key, "concluded_date");
    assert_eq!(loc.column.filters[0].describe(), "「调解结果」为成功");
}

#[test]
fn shipped_definitions_agree_with_the_registers_derived_facts() {
    use fazhi_domain::register::{litigation, reconsideration};
    let plan = embedded_plan().expect("plan");
    let codes = |key: &str| -> Vec<&'static str> {
        match &plan.locate(key).expect(key).column.filters[0].test {
            Test::OneOf(c) => c.clone(),
            other => panic!("{other:?}"),
        }
    };
    // 纠错 and 败诉 are read from the catalog by the registers themselves; what the plan
    // counts is what they derive.
    for code in codes("reconsideration.corrected") {
        assert!(reconsideration::is_corrected(code), "{code}");
    }
    for code in codes("litigation.lost") {
        let mut judgment = fazhi_domain::register::Record::default();
        judgment.set("outcome", fazhi_domain::register::Value::Text(code.into()));
        assert!(litigation::is_lost(&judgment), "{code}");
    }
    let all: Vec<&str> = reconsideration::DECISION_TYPES
        .iter()
        .map(|o| o.code)
        .collect();
    assert_eq!(
        codes("reconsideration.concluded"),
        all,
        "every decision type is 审结"
    );
}

#[test]
fn bad_compute_definitions_are_named() {
    let text = r#"[units]
count = ["件"]
amount = ["元"]
rate = ["%"]
points = []
[[indicator]]
key = "a.b"
name = "甲"
unit = "件"
kind = "count"
definition = "甲"
sentence = "{value}件"
[indicator.compute]
register = "mediations"
count = true
where = { outcome = ["won"], colour = "not_null" }
[[indicator]]
key = "a.c"
name = "乙"
unit = "件"
kind = "count"
definition = "乙"
sentence = "{value}件"
[indicator.compute]
register = "nowhere"
count = true
"#;
    let catalog = Catalog::from_toml(text).expect("shape is valid");
    let Err(IndicatorError::Plan(errors)) = Plan::new(&catalog) else {
        panic!("must fail");
    };
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("a.b"), "{errors:?}");
    assert!(errors[1].contains("nowhere"), "{errors:?}");
}

#[test]
fn definitions_count_by_their_own_date_and_filter() {
    let f = Fixture::new(fixed_tree(), 2);
    let city = f.set(1, "2024");
    assert_eq!(
        city.value("mediation.cases"),
        Some(4.0),
        "M1–M4 received in 2024"
    );
    assert_eq!(
        city.value("mediation.success"),
        Some(2.0),
        "M1, M3; M4 concluded 2025"
    );
    assert_eq!(city.value("mediation.concluded"), Some(3.0), "M1, M2, M3");
    assert_eq!(city.value("mediation.agreement_amount"), Some(1234.5));
    let q1 = f.set(1, "2024Q1");
    assert_eq!(q1.value("mediation.cases"), Some(2.0));
    assert_eq!(q1.value("mediation.success"), Some(1.0));
    let march = f.set(1, "202403");
    assert_eq!(march.value("mediation.cases"), Some(1.0));
    assert_eq!(
        march.value("mediation.success"),
        Some(0.0),
        "a real zero: M2 concluded, failed"
    );
}

#[test]
fn roll_up_equals_the_sum_of_children() {
    let f = Fixture::new(fixed_tree(), 2);
    for key in [
        "mediation.cases",
        "mediation.success",
        "mediation.concluded",
        "pufa.activities",
    ] {
        let city = f.set(1, "2024").value(key).unwrap_or(0.0);
        let children: f64 = [2, 3]
            .iter()
            .map(|&c| f.set(c, "2024").value(key).unwrap_or(0.0))
            .sum();
        assert_eq!(city, children, "{key}");
    }
    assert_eq!(
        f.set(2, "2024").value("mediation.cases"),
        Some(3.0),
        "with township 4"
    );
    assert_eq!(f.set(4, "2024").value("mediation.cases"), Some(1.0));
}

#[test]
fn rates_are_computed_from_summed_parts() {
    let f = Fixture::new(fixed_tree(), 2);
    let city = f.set(1, "2024");
    let rate = &city.indicators["mediation.success_rate"];
    assert_eq!(rate.value, Some(50.0));
    assert_eq!((rate.numerator, rate.denominator), (Some(2.0), Some(4.0)));
    assert_eq!(
        f.set(2, "2024").value("mediation.success_rate"),
        Some(66.67)
    );
    assert_eq!(f.set(3, "2024").value("mediation.success_rate"), Some(0.0));
    // 90/100 and 40/50: 130/150 = 86.67 %, not the mean of 90 % and 80 %.
    let disputes = &city.indicators["disputes.resolution_rate"];
    assert_eq!(disputes.value, Some(86.67));
    assert_eq!(
        (disputes.numerator, disputes.denominator),
        (Some(130.0), Some(150.0))
    );
}

#[test]
fn year_on_year_in_percent_for_counts_and_points_for_rates() {
    let f = Fixture::new(fixed_tree(), 2);
    let city = f.set(1, "2024");
    let cases = city.indicators["mediation.cases"]
        .yoy
        .expect("2023 has data");
    assert_eq!(
        (cases.previous, cases.change, cases.unit),
        (2.0, 100.0, YoyUnit::Percent)
    );
    let rate = city.indicators["mediation.success_rate"]
        .yoy
        .expect("2023 rate 1/2");
    assert_eq!(
        (rate.previous, rate.change, rate.unit),
        (50.0, 0.0, YoyUnit::Points)
    );
    assert_eq!(
        city.value("mediation.cases_yoy"),
        Some(100.0),
        "the *_yoy key follows"
    );
    // County 3: 2024 one case, 0 successes (0 %); 2023 two cases, one success (50 %).
    let c3 = f.set(3, "2024");
    let r = c3.indicators["mediation.success_rate"]
        .yoy
        .expect("both years");
    assert_eq!(r.change, -50.0);
    let s = c3.indicators["mediation.success"].yoy;
    assert_eq!(s.map(|y| y.change), Some(-100.0));
    // No previous year: no 同比.
    assert!(f.set(2, "2024").indicators["mediation.cases"].yoy.is_none());
}

#[test]
fn no_data_is_null_not_zero() {
    let f = Fixture::new(fixed_tree(), 2);
    let city = f.set(1, "2024");
    assert_eq!(
        city.value("litigation.lost"),
        None,
        "no litigation recorded at all"
    );
    assert_eq!(city.value("litigation.loss_rate"), None);
    assert_eq!(city.value("training.sessions"), None, "nothing reported");
    assert_eq!(f.set(2, "2022").value("mediation.cases"), None);
    let json = serde_json::to_value(&city).expect("json");
    assert!(json["indicators"]["litigation.lost"]["value"].is_null());
    assert_eq!(json["indicators"]["mediation.cases"]["value"], 4.0);
    assert_eq!(
        json["indicators"]["mediation.success_rate"]["numerator"],
        2.0
    );
}

#[test]
fn effective_dated_tree_moves_counts_from_the_move_date() {
    let f = Fixture::new(moved_tree(), 2);
    // M3 (May, township 4) now counts for county 3; M1, M2 stay with county 2.
    assert_eq!(f.set(2, "2024").value("mediation.cases"), Some(2.0));
    assert_eq!(f.set(3, "2024").value("mediation.cases"), Some(2.0));
    assert_eq!(f.set(1, "2024").value("mediation.cases"), Some(4.0));
    assert_eq!(f.set(2, "2024Q1").value("mediation.cases"), Some(2.0));
}

#[test]
fn a_record_moved_to_another_county_moves_its_counts() {
    let before = Fixture::new(fixed_tree(), 2);
    let after = Fixture::new(fixed_tree(), 3);
    assert_eq!(before.set(2, "2024").value("mediation.cases"), Some(3.0));
    assert_eq!(after.set(2, "2024").value("mediation.cases"), Some(2.0));
    assert_eq!(before.set(3, "2024").value("mediation.success"), Some(0.0));
    assert_eq!(after.set(3, "2024").value("mediation.success"), Some(1.0));
    assert_eq!(after.set(1, "2024").value("mediation.cases"), Some(4.0));
}

#[test]
fn reported_values_exact_period_else_summed_parts() {
    let f = Fixture::new(fixed_tree(), 2);
    // County 3 entered Q1 and Q2 (and a stray month): the year is Q1 + Q2 = 7.
    assert_eq!(f.set(3, "2024").value("pufa.activities"), Some(7.0));
    assert_eq!(f.set(3, "2024H1").value("pufa.activities"), Some(7.0));
    assert_eq!(f.set(3, "202401").value("pufa.activities"), Some(99.0));
    assert_eq!(f.set(1, "2024").value("pufa.activities"), Some(17.0));
    // Non-additive values are read from the unit itself only.
    assert_eq!(f.set(1, "2024").value("services.online_rate"), Some(95.5));
    assert_eq!(f.set(2, "2024").value("services.online_rate"), None);
    assert_eq!(f.set(1, "2024").value("ranking.business_env"), None);
    assert_eq!(f.set(3, "2024").value("ranking.business_env"), Some(5.0));
}

#[test]
fn broken_relations_are_warnings() {
    let f = Fixture::new(fixed_tree(), 2);
    assert!(f.set(1, "2024").warnings.is_empty());
    // 2025 for county 3: M4 concluded (success 1) but nothing received (cases 0).
    let set = f.set(3, "2025");
    assert_eq!(set.value("mediation.cases"), Some(0.0));
    let w = set
        .warnings
        .iter()
        .find(|w| w.relation == "mediation.success <= mediation.cases")
        .expect("warned");
    assert_eq!(w.message, "调解成功件数(1)不应大于人民调解案件数(0)");
}

#[test]
fn unit_only_excludes_sub_units() {
    let f = Fixture::new(fixed_tree(), 2);
    let set = f.engine().compute(&Request {
        org_id: OrgId::new(2),
        period: Period::Year(2024),
        unit_only: true,
        with_yoy: false,
    });
    assert_eq!(
        set.value("mediation.cases"),
        Some(2.0),
        "M1, M2 without township 4"
    );
    assert_eq!(set.org, "C2");
}

#[test]
fn drill_down_links_carry_the_definition() {
    let plan = embedded_plan().expect("plan");
    let url = drill_down(
        plan,
        "mediation.success",
        "520200",
        Period::Quarter(2024, 1),
    );
    assert_eq!(
        url.as_deref(),
        Some(
            "/registers/mediations?org=520200&from=2024-01-01&to=2024-03-31&date=concluded_date&f.outcome=success"
        )
    );
    assert!(drill_down(plan, "mediation.success_rate", "520200", Period::Year(2024)).is_none());
    // An amount's drill-down names the field it adds up, for the list's 合计.
    let amount = drill_down(
        plan,
        "mediation.agreement_amount",
        "520200",
        Period::Year(2024),
    );
    assert!(
        amount
            .as_deref()
            .is_some_and(|u| u.ends_with("&f.outcome=success&sum=agreement_amount")),
        "{amount:?}"
    );
    let def = by_key("mediations").expect("register");
    let parsed = Filter::parse_param(def, "outcome", "success").expect("parses back");
    assert_eq!(
        parsed,
        plan.locate("mediation.success").expect("c").column.filters[0]
    );
    assert!(Filter::parse_param(def, "outcome", "won").is_err());
    assert!(Filter::parse_param(def, "colour", "x").is_err());
}

#[test]
fn values_of_some_keys_equal_the_whole_computation() {
    let f = Fixture::new(fixed_tree(), 3);
    let engine = f.engine();
    let keys: Vec<&str> = f
        .catalog
        .indicators()
        .iter()
        .map(|i| i.key.as_str())
        .collect();
    let mut with_data = 0;
    for (org, period) in [(1, "2024"), (2, "2024"), (1, "2024-03"), (3, "2024Q1")] {
        let whole = f.set(org, period);
        let request = Request {
            org_id: OrgId::new(org),
            period: Period::parse(period).expect("period"),
            unit_only: false,
            with_yoy: false,
        };
        // Each key alone, and all at once (a `*_yoy` key computes the whole set).
        for key in &keys {
            let alone = engine.values_of(&request, &[key]);
            assert_eq!(alone, vec![whole.value(key)], "{key} of {org} in {period}");
            with_data += usize::from(alone[0].is_some());
        }
        let all = engine.values_of(&request, &keys);
        let expected: Vec<Option<f64>> = keys.iter().map(|k| whole.value(k)).collect();
        assert_eq!(all, expected, "{org} in {period}");
    }
    assert!(with_data > 10, "the fixture has data: {with_data}");
}

#[test]
fn years_with_data_of_chosen_units() {
    let f = Fixture::new(fixed_tree(), 4);
    // M5 and M6 in 2023, M4 concluded in 2025: county 3 has all three years, county 2 one.
    assert_eq!(f.cube.years_with(|_, _| true), [2023, 2024, 2025]);
    assert_eq!(
        f.cube.years_with(|_, u| u == OrgId::new(3)),
        [2023, 2024, 2025]
    );
    assert_eq!(f.cube.years_with(|_, u| u == OrgId::new(2)), [2024]);
    assert_eq!(f.cube.years_with(|_, _| false), Vec::<i32>::new());
    assert_eq!(f.reported.years_with(|_, _| true), [2024]);
    assert_eq!(
        f.reported.years_with(|_, unit| unit == OrgId::new(1)),
        [2024]
    );
    assert_eq!(
        f.reported.years_with(|year, _| year != 2024),
        Vec::<i32>::new()
    );
}
