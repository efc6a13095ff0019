//! 法定期限绑定 — which statutory clocks run on which register records: the rule (a key of the
//! calendar crate's `deadline_rules.toml`), the field that starts the clock and the field whose
//! date stops it. The store keeps one row per running clock and the pages explain each due date.

use crate::register::double_random::RANDOM_INSPECTIONS;
use crate::register::enforcement::ENFORCEMENT_CASES;
use crate::register::information_request::INFORMATION_REQUESTS;
use crate::register::legality_review::LEGALITY_REVIEWS;
use crate::register::litigation::LITIGATIONS;
use crate::register::major_penalty_filing::MAJOR_PENALTY_FILINGS;
use crate::register::normative_document::NORMATIVE_DOCUMENTS;
use crate::register::publicity::PUBLICITY_RECORDS;
use crate::register::reconsideration::RECONSIDERATIONS;
use crate::register::rectification::RECTIFICATIONS;
use crate::register::suggestion::SUGGESTIONS;
use crate::register::{Record, RegisterDef};

/// One statutory clock on records of one register.
#[derive(Debug)]
pub struct DeadlineBinding {
    /// The register whose records the clock runs on.
    pub register: &'static RegisterDef,
    /// 期限名称 as shown on the record.
    pub label: &'static str,
    /// The rule key for this record, or `None` when the clock does not apply to it.
    pub rule: fn(&Record) -> Option<&'static str>,
    /// Every rule key `rule` can answer: checked against the rule book at start-up.
    pub rule_keys: &'static [&'static str],
    /// The date the clock starts from.
    pub start_field: &'static str,
    /// The date that meets the deadline (the clock stops when it is filled in).
    pub done_field: &'static str,
    /// Whether an approved extension applies.
    pub extended: fn(&Record) -> bool,
    /// A time limit set by whoever issued the task (整改时限 of a problem): the due date is this
    /// date field's value, as the issuer wrote it, not a period counted by a rule of the rule
    /// book; `rule` then answers a key of [`ISSUER_SET_RULES`].
    pub due_field: Option<&'static str>,
    /// 重新起算: the date field from which the clock counts again when filled in (补正 received).
    pub restart_field: Option<&'static str>,
    /// 不计入期限的期间: the (from, to) date fields of a pause (征求第三方意见).
    pub pause_fields: Option<(&'static str, &'static str)>,
}

/// The clock keys of time limits set by an issuer rather than by a statute: not in the rule
/// book, never recomputed when the calendar changes.
pub const ISSUER_SET_RULES: &[&str] = &["rectification.time_limit"];

/// Whether clock key `key` is a time limit set by an issuer (its due date is stored as given).
pub fn is_issuer_set(key: &str) -> bool {
    ISSUER_SET_RULES.contains(&key)
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

/// 整改时限 — set by the office that found the problem (法治督察工作规定: 限期整改), so the clock
/// runs to the date it wrote; the clock stops when the unit reports the rectification done.
fn rectification_time_limit(_: &Record) -> Option<&'static str> {
    Some("rectification.time_limit")
}

fn normative_filing(_: &Record) -> Option<&'static str> {
    Some("normative_doc.filing")
}

/// 重大行政处罚、强制决定备案: the window is the province's (rule `major_penalty.filing`).
fn major_penalty_filing(_: &Record) -> Option<&'static str> {
    Some("major_penalty.filing")
}

/// 双随机抽查结果公示: 20 working days from the end of the check, once it has ended.
fn double_random_publication(_: &Record) -> Option<&'static str> {
    Some("double_random.publish")
}

/// 建议提案答复: 人大代表建议 by 代表法 第五十一条 (`npc_suggestion.reply`), 政协委员提案 by its own
/// rule (`cppcc_proposal.reply`).
fn suggestion_reply(r: &Record) -> Option<&'static str> {
    match r.text("kind") {
        Some("npc") => Some("npc_suggestion.reply"),
        Some("cppcc") => Some("cppcc_proposal.reply"),
        _ => None,
    }
}

/// 涉及面广、处理难度大: the rules' extension is the three months that make six (代表法 第五十一条
/// 「自交办之日起六个月内答复」), no approval needed, so the flag alone extends the clock.
fn suggestion_complex(r: &Record) -> bool {
    r.flag("complex")
}

/// 补正告知 (条例第三十条): 7 working days from receipt — checked on the requests that were told
/// to supplement; a clear request needs no notice, so no clock runs on it.
fn disclosure_supplement_notice(r: &Record) -> Option<&'static str> {
    r.date("supplement_notice_date")
        .is_some()
        .then_some("disclosure.supplement_notice")
}

/// 答复 (条例第三十三条): every request.
fn disclosure_reply(_: &Record) -> Option<&'static str> {
    Some("disclosure.reply")
}

/// The extension counts only with its approver recorded (the rules refuse one without).
fn disclosure_extended(r: &Record) -> bool {
    r.flag("extended") && r.text("extension_approver").is_some()
}

/// 合法性审查期限: one rule per kind of matter, as local rules set different periods (the
/// lengths are data in the rule book; most are 「未经证实」 there).
fn legality_review_period(r: &Record) -> Option<&'static str> {
    match r.text("kind") {
        Some("contract") => Some("legality_review.contract"),
        Some("meeting_item") => Some("legality_review.meeting_item"),
        Some("major_decision") => Some("legality_review.major_decision"),
        Some("normative_doc") => Some("legality_review.normative_doc"),
        Some("legal_affairs") => Some("legality_review.legal_affairs"),
        Some("other") => Some("legality_review.other"),
        _ => None,
    }
}

static BINDINGS: [DeadlineBinding; 14] = [
    DeadlineBinding {
        register: &ENFORCEMENT_CASES,
        label: "处罚决定期限",
        rule: penalty_decision,
        rule_keys: &["penalty.decision"],
        start_field: "filed_date",
        done_field: "decision_date",
        extended: never_extended,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &ENFORCEMENT_CASES,
        label: "执法决定公示期限",
        rule: decision_publication,
        rule_keys: &["double_publicity.publish", "enforcement_decision.publish"],
        start_field: "decision_date",
        done_field: "published_date",
        extended: never_extended,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &PUBLICITY_RECORDS,
        label: "双公示期限",
        rule: publicity_publish,
        rule_keys: &["double_publicity.publish"],
        start_field: "decision_date",
        done_field: "published_date",
        extended: never_extended,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &RECONSIDERATIONS,
        label: "受理审查期限",
        rule: reconsideration_acceptance,
        rule_keys: &["reconsideration.acceptance"],
        start_field: "received_date",
        done_field: "acceptance_date",
        extended: never_extended,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &RECONSIDERATIONS,
        label: "复议决定期限",
        rule: reconsideration_decision,
        rule_keys: &[
            "reconsideration.decision",
            "reconsideration.decision_simplified",
        ],
        start_field: "acceptance_date",
        done_field: "decision_date",
        extended: reconsideration_extended,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &LITIGATIONS,
        label: "答辩期限",
        rule: litigation_answer,
        rule_keys: &["litigation.answer"],
        start_field: "received_date",
        done_field: "answer_filed_date",
        extended: never_extended,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &NORMATIVE_DOCUMENTS,
        label: "备案期限",
        rule: normative_filing,
        rule_keys: &["normative_doc.filing"],
        start_field: "issue_date",
        done_field: "filed_date",
        extended: never_extended,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &RECTIFICATIONS,
        label: "整改时限",
        rule: rectification_time_limit,
        rule_keys: &["rectification.time_limit"],
        start_field: "found_date",
        done_field: "rectified_date",
        extended: never_extended,
        due_field: Some("due_date"),
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &MAJOR_PENALTY_FILINGS,
        label: "报送备案期限",
        rule: major_penalty_filing,
        rule_keys: &["major_penalty.filing"],
        start_field: "decision_date",
        done_field: "filed_date",
        extended: never_extended,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &RANDOM_INSPECTIONS,
        label: "结果公示期限",
        rule: double_random_publication,
        rule_keys: &["double_random.publish"],
        start_field: "check_date",
        done_field: "published_date",
        extended: never_extended,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &SUGGESTIONS,
        label: "答复期限",
        rule: suggestion_reply,
        rule_keys: &["npc_suggestion.reply", "cppcc_proposal.reply"],
        start_field: "assigned_date",
        done_field: "reply_date",
        extended: suggestion_complex,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &INFORMATION_REQUESTS,
        label: "补正告知期限",
        rule: disclosure_supplement_notice,
        rule_keys: &["disclosure.supplement_notice"],
        start_field: "received_date",
        done_field: "supplement_notice_date",
        extended: never_extended,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
    DeadlineBinding {
        register: &INFORMATION_REQUESTS,
        label: "答复期限",
        rule: disclosure_reply,
        rule_keys: &["disclosure.reply"],
        start_field: "received_date",
        done_field: "reply_date",
        extended: disclosure_extended,
        due_field: None,
        restart_field: Some("supplement_date"),
        pause_fields: Some(("third_party_from", "third_party_to")),
    },
    DeadlineBinding {
        register: &LEGALITY_REVIEWS,
        label: "审查期限",
        rule: legality_review_period,
        rule_keys: &[
            "legality_review.contract",
            "legality_review.meeting_item",
            "legality_review.major_decision",
            "legality_review.normative_doc",
            "legality_review.legal_affairs",
            "legality_review.other",
        ],
        start_field: "received_date",
        done_field: "opinion_date",
        extended: never_extended,
        due_field: None,
        restart_field: None,
        pause_fields: None,
    },
];

/// Every binding.
pub fn deadline_bindings() -> &'static [DeadlineBinding] {
    &BINDINGS
}

/// The bindings of one register.
pub fn bindings_for(register: &RegisterDef) -> impl Iterator<Item = &'static DeadlineBinding> {
    BINDINGS
        .iter()
        .filter(move |b| std::ptr::eq(b.register, register))
}

/// The rule keys the bindings name that `rule_book_has` does not know: the start-up check
/// (a binding naming a missing rule would silently never run its clock).
pub fn unknown_rule_keys(rule_book_has: impl Fn(&str) -> bool) -> Vec<&'static str> {
    BINDINGS
        .iter()
        .filter(|b| b.due_field.is_none())
        .flat_map(|b| b.rule_keys.iter().copied())
        .filter(|key| !rule_book_has(key))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::Value;

    #[test]
    fn bindings_name_real_fields() {
        for b in deadline_bindings() {
            let def = b.register;
            let pauses = b
                .pause_fields
                .map_or([None, None], |(f, t)| [Some(f), Some(t)]);
            let optional = [b.restart_field].into_iter().chain(pauses).flatten();
            for field in [b.start_field, b.done_field].into_iter().chain(optional) {
                let f = def
                    .field(field)
                    .unwrap_or_else(|| panic!("{} has no {field}", def.key));
                assert!(
                    matches!(f.kind, crate::register::FieldKind::Date),
                    "{field}"
                );
            }
        }
    }

    /// Every key a binding's rule answers, over records that take each branch, is listed in
    /// its `rule_keys` (so the start-up check sees it).
    #[test]
    fn rules_answer_only_their_listed_keys() {
        let variants: &[&[(&str, &str)]] = &[
            &[],
            &[("kind", "penalty")],
            &[("kind", "licensing")],
            &[("kind", "inspection")],
            &[("acceptance", "accepted")],
            &[("acceptance", "accepted"), ("procedure", "simplified")],
            &[("kind", "npc")],
            &[("kind", "cppcc")],
            &[("kind", "contract")],
            &[("kind", "meeting_item")],
            &[("kind", "major_decision")],
            &[("kind", "normative_doc")],
            &[("kind", "legal_affairs")],
            &[("kind", "other")],
        ];
        // The codes the rules compare are real options of a bound register's field.
        for (field, code) in variants.iter().flat_map(|v| v.iter()) {
            let offered = deadline_bindings().iter().any(|b| {
                b.register
                    .field(field)
                    .is_some_and(|f| f.options().iter().any(|o| o.code == *code))
            });
            assert!(offered, "{field}={code}");
        }
        for b in deadline_bindings() {
            for variant in variants {
                let mut r = Record::default();
                for (field, code) in *variant {
                    r.set(field, Value::Text((*code).into()));
                }
                if let Some(key) = (b.rule)(&r) {
                    assert!(b.rule_keys.contains(&key), "{} answers {key}", b.label);
                }
            }
        }
    }

    #[test]
    fn unknown_rule_keys_are_reported() {
        assert!(unknown_rule_keys(|_| true).is_empty());
        let missing = unknown_rule_keys(|key| key != "litigation.answer");
        assert_eq!(missing, ["litigation.answer"]);
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

    #[test]
    fn a_supplement_notice_clock_runs_only_where_a_notice_was_given() {
        let mut r = Record::default();
        assert_eq!(disclosure_supplement_notice(&r), None);
        assert_eq!(disclosure_reply(&r), Some("disclosure.reply"));
        r.set(
            "supplement_notice_date",
            Value::Date(chrono::NaiveDate::MIN),
        );
        assert_eq!(
            disclosure_supplement_notice(&r),
            Some("disclosure.supplement_notice")
        );
        r.set("extended", Value::Bool(true));
        assert!(!disclosure_extended(&r), "no approver, no extension");
        r.set("extension_approver", Value::Text("王某".into()));
        assert!(disclosure_extended(&r));
    }

    #[test]
    fn suggestions_and_proposals_have_their_own_rules() {
        let mut r = Record::default();
        assert_eq!(suggestion_reply(&r), None);
        r.set("kind", Value::Text("npc".into()));
        assert_eq!(suggestion_reply(&r), Some("npc_suggestion.reply"));
        assert!(!suggestion_complex(&r));
        r.set("complex", Value::Bool(true));
        assert!(suggestion_complex(&r), "six months for a complex one");
        r.set("kind", Value::Text("cppcc".into()));
        assert_eq!(suggestion_reply(&r), Some("cppcc_proposal.reply"));
    }

    #[test]
    fn every_kind_of_legality_review_has_its_own_period() {
        let mut r = Record::default();
        assert_eq!(legality_review_period(&r), None);
        for option in crate::register::legality_review::KINDS {
            r.set("kind", Value::Text(option.code.into()));
            let key = legality_review_period(&r).expect("every kind has a clock");
            assert_eq!(key, format!("legality_review.{}", option.code));
        }
    }
}
