//! 法定期限绑定 — which statutory clocks run on which register records: the rule (a key of the
//! calendar crate's `deadline_rules.toml`), the field that starts the clock and the field whose
//! date stops it. The store keeps one row per running clock and the pages explain each due date.

use crate::register::Record;

/// One statutory clock on records of one register.
#[derive(Debug)]
pub struct DeadlineBinding {
    /// Register key (`reconsiderations` …).
    pub register: &'static str,
    /// 期限名称 as shown on the record.
    pub label: &'static str,
    /// The rule key for this record, or `None` when the clock does not apply to it.
    pub rule: fn(&Record) -> Option<&'static str>,
    /// The date the clock starts from.
    pub start_field: &'static str,
    /// The date that meets the deadline (the clock stops when it is filled in).
    pub done_field: &'static str,
    /// Whether an approved extension applies.
    pub extended: fn(&Record) -> bool,
}

fn never_extended(_: &Record) -> bool {
    false
}

/// 行政处罚法 (2021) 第六十条: decision within 90 days of 立案 — for 处罚 cases only.
fn penalty_decision(r: &Record) -> Option<&'static str> {
    (r.text("kind") == Some("penalty")).then_some("penalty.decision")
}

/// Decisions are published: 许可、处罚 within 7 working days (双公示), others within 20
/// (国办发〔2018〕118号).
fn decision_publication(r: &Record) -> Option<&'static str> {
    match r.text("kind") {
        Some("penalty" | "licensing") => Some("double_publicity.publish"),
        Some(_) => Some("enforcement_decision.publish"),
        None => None,
    }
}

fn reconsideration_acceptance(_: &Record) -> Option<&'static str> {
    Some("reconsideration.acceptance")
}

/// 行政复议法 (2023) 第六十二条: 60 days (普通程序, +30 with approval) or 30 days (简易程序),
/// from acceptance; only for accepted cases.
fn reconsideration_decision(r: &Record) -> Option<&'static str> {
    if r.text("acceptance") != Some("accepted") {
        return None;
    }
    Some(if r.text("procedure") == Some("simplified") {
        "reconsideration.decision_simplified"
    } else {
        "reconsideration.decision"
    })
}

fn reconsideration_extended(r: &Record) -> bool {
    r.get("extension_days").as_int().is_some_and(|d| d > 0)
}

fn litigation_answer(_: &Record) -> Option<&'static str> {
    Some("litigation.answer")
}

fn publicity_publish(_: &Record) -> Option<&'static str> {
    Some("double_publicity.publish")
}

fn normative_filing(_: &Record) -> Option<&'static str> {
    Some("normative_doc.filing")
}

static BINDINGS: [DeadlineBinding; 7] = [
    DeadlineBinding {
        register: "enforcement-cases",
        label: "处罚决定期限",
        rule: penalty_decision,
        start_field: "filed_date",
        done_field: "decision_date",
        extended: never_extended,
    },
    DeadlineBinding {
        register: "enforcement-cases",
        label: "执法决定公示期限",
        rule: decision_publication,
        start_field: "decision_date",
        done_field: "published_date",
        extended: never_extended,
    },
    DeadlineBinding {
        register: "publicity-records",
        label: "双公示期限",
        rule: publicity_publish,
        start_field: "decision_date",
        done_field: "published_date",
        extended: never_extended,
    },
    DeadlineBinding {
        register: "reconsiderations",
        label: "受理审查期限",
        rule: reconsideration_acceptance,
        start_field: "received_date",
        done_field: "acceptance_date",
        extended: never_extended,
    },
    DeadlineBinding {
        register: "reconsiderations",
        label: "复议决定期限",
        rule: reconsideration_decision,
        start_field: "acceptance_date",
        done_field: "decision_date",
        extended: reconsideration_extended,
    },
    DeadlineBinding {
        register: "litigations",
        label: "答辩期限",
        rule: litigation_answer,
        start_field: "received_date",
        done_field: "answer_filed_date",
        extended: never_extended,
    },
    DeadlineBinding {
        register: "normative-documents",
        label: "备案期限",
        rule: normative_filing,
        start_field: "issue_date",
        done_field: "filed_date",
        extended: never_extended,
    },
];

/// Every binding.
pub fn deadline_bindings() -> &'static [DeadlineBinding] {
    &BINDINGS
}

/// The bindings of one register.
pub fn bindings_for(register: &str) -> impl Iterator<Item = &'static DeadlineBinding> {
    BINDINGS.iter().filter(move |b| b.register == register)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{Value, by_key};

    #[test]
    fn bindings_name_real_fields() {
        for b in deadline_bindings() {
            let def = by_key(b.register).expect("register");
            for field in [b.start_field, b.done_field] {
                let f = def
                    .field(field)
                    .unwrap_or_else(|| panic!("{} has no {field}", b.register));
                assert!(
                    matches!(f.kind, crate::register::FieldKind::Date),
                    "{field}"
                );
            }
        }
    }

    #[test]
    fn rules_follow_the_record() {
        let mut r = Record::default();
        r.set("kind", Value::Text("inspection".into()));
        assert_eq!(penalty_decision(&r), None);
        assert_eq!(
            decision_publication(&r),
            Some("enforcement_decision.publish")
        );
        r.set("kind", Value::Text("penalty".into()));
        assert_eq!(penalty_decision(&r), Some("penalty.decision"));
        assert_eq!(decision_publication(&r), Some("double_publicity.publish"));
        let mut c = Record::default();
        assert_eq!(reconsideration_decision(&c), None);
        c.set("acceptance", Value::Text("accepted".into()));
        c.set("procedure", Value::Text("simplified".into()));
        assert_eq!(
            reconsideration_decision(&c),
            Some("reconsideration.decision_simplified")
        );
        c.set("extension_days", Value::Int(30));
        assert!(reconsideration_extended(&c));
    }
}
