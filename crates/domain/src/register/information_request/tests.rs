use super::*;
use crate::register::testing::{accept, reject};

const REQUEST: &[(&str, &str)] = &[
    ("request_no", "依申请〔2024〕第12号"),
    ("applicant_type", "自然人"),
    ("applicant", "李某某"),
    ("channel", "网络"),
    ("received_date", "2024-09-26"),
    ("content", "某路段道路拓宽工程的征收补偿方案"),
    ("supplement_notice_date", "2024-09-27"),
    ("supplement_date", "2024-10-08"),
    ("third_party_from", "2024-10-09"),
    ("third_party_to", "2024-10-15"),
    ("reply_date", "2024-11-01"),
    ("result", "部分公开"),
];

#[test]
fn a_request_is_accepted_by_label_and_code() {
    let r = accept(&INFORMATION_REQUESTS, REQUEST, &[]);
    assert_eq!(r.text("applicant_type"), Some("natural_person"));
    assert_eq!(r.text("result"), Some("partial"));
    accept(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[
            ("applicant_type", "legal_service"),
            ("result", "withheld_process"),
        ],
    );
    // Still open: no reply, no result.
    accept(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("reply_date", ""), ("result", "")],
    );
}

#[test]
fn dates_run_in_the_procedure_order() {
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("reply_date", "2024-09-25")],
        "reply_date",
        "不能早于「收到申请日期」",
    );
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("supplement_date", "2024-09-26")],
        "supplement_date",
        "不能早于「告知补正日期」",
    );
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("supplement_notice_date", "")],
        "supplement_notice_date",
        "应先有告知补正",
    );
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("third_party_to", "2024-10-08")],
        "third_party_to",
        "不能早于「征求第三方意见开始日期」",
    );
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("third_party_from", "2024-10-07")],
        "third_party_from",
        "不能早于「收到补正日期」",
    );
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("third_party_to", "")],
        "third_party_to",
        "应有起止日期",
    );
}

#[test]
fn an_extension_names_its_approver() {
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("extended", "是")],
        "extension_approver",
        "政府信息公开工作机构负责人同意",
    );
    let r = accept(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[
            ("extended", "是"),
            ("extension_approver", "王某(办公室主任)"),
        ],
    );
    assert!(r.flag("extended"));
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("extension_approver", "王某")],
        "extension_approver",
        "未延长答复期限",
    );
}

#[test]
fn a_reply_has_its_category() {
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("result", "")],
        "result",
        "表三的分类",
    );
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("reply_date", "")],
        "result",
        "尚未填写答复日期",
    );
    // 逾期不补正 needs a notice and no supplement.
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("result", "other_no_supplement")],
        "supplement_date",
        "不属于逾期不补正",
    );
    accept(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[("result", "other_no_supplement"), ("supplement_date", "")],
    );
}

#[test]
fn challenges_follow_the_reply_with_route_and_outcome() {
    let sued = &[
        ("challenge_date", "2024-12-02"),
        ("litigation_route", "未经复议直接起诉"),
        ("litigation_result", "尚未审结"),
    ];
    accept(&INFORMATION_REQUESTS, REQUEST, sued);
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[
            ("challenge_date", "2024-10-31"),
            ("litigation_route", "direct"),
            ("litigation_result", "pending"),
        ],
        "challenge_date",
        "不能早于「答复日期」",
    );
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[
            ("litigation_route", "direct"),
            ("litigation_result", "pending"),
        ],
        "challenge_date",
        "应填写日期",
    );
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[
            ("challenge_date", "2024-12-02"),
            ("litigation_route", "after_reconsideration"),
            ("litigation_result", "upheld"),
        ],
        "reconsideration_result",
        "复议后起诉的",
    );
    reject(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[
            ("challenge_date", "2024-12-02"),
            ("reconsideration_result", "pending"),
            ("litigation_route", "after_reconsideration"),
            ("litigation_result", "upheld"),
        ],
        "litigation_route",
        "尚未审结",
    );
    accept(
        &INFORMATION_REQUESTS,
        REQUEST,
        &[
            ("challenge_date", "2024-12-02"),
            ("reconsideration_result", "结果纠正"),
        ],
    );
}
