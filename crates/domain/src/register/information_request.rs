//! 政府信息公开申请 — requests for government information under the 政府信息公开条例 (2019年修订):
//! who asked, how the request arrived, the 补正 and 征求第三方意见 that move its clock, the reply
//! and its category in the rows of the national annual-report table (国办公开办函〔2021〕30号,
//! 表三), and the 复议/诉讼 that followed (表四). The seeds count them (株洲 2024:
//! 「办结依申请公开78件」).
//!
//! Clocks (rule book): `disclosure.supplement_notice` — 补正 notice within 7 working days of
//! receipt (第三十条), checked when a notice was given; `disclosure.reply` — 20 working days from
//! receipt (第三十三条第二款), counted again from the supplement's receipt (第三十条), the
//! third-party consultation not counted (第三十三条第三款), +20 with the recorded approval of the
//! 政府信息公开工作机构负责人; before 2019-05-15 the 2007 条例's 15 + 15.

use crate::register::rules::{CODE, Check, LINE, PROSE, field, opt, required};
use crate::register::{EnumOption, FieldDef, FieldError, FieldKind, Record, RegisterDef};

#[cfg(test)]
mod tests;

/// 申请人类型 — the columns of 表三: 自然人 and the five kinds of 法人或其他组织.
pub const APPLICANT_TYPES: &[EnumOption] = &[
    opt("natural_person", "自然人"),
    opt("commercial", "商业企业"),
    opt("research", "科研机构"),
    opt("public_welfare", "社会公益组织"),
    opt("legal_service", "法律服务机构"),
    opt("other_org", "其他组织"),
];

/// 申请方式 — the channel decides the day of receipt (第三十一条).
pub const CHANNELS: &[EnumOption] = &[
    opt("in_person", "当面提交"),
    opt("mail", "邮寄"),
    opt("online", "网络"),
    opt("fax", "传真"),
];

/// 办理结果 — the rows of 表三 「三、本年度办理结果」 (国办公开办函〔2021〕30号), one code a row.
/// The sub-rows of （六）其他处理 are 「未经证实」 in the design notes (LEGAL-RULES-2 §9); they
/// are the three that published reports print.
pub const RESULTS: &[EnumOption] = &[
    opt("open", "予以公开"),
    opt("partial", "部分公开"),
    opt("withheld_state_secret", "不予公开:属于国家秘密"),
    opt("withheld_law", "不予公开:其他法律行政法规禁止公开"),
    opt("withheld_safety", "不予公开:危及“三安全一稳定”"),
    opt("withheld_third_party", "不予公开:保护第三方合法权益"),
    opt("withheld_internal", "不予公开:属于三类内部事务信息"),
    opt("withheld_process", "不予公开:属于四类过程性信息"),
    opt("withheld_case_file", "不予公开:属于行政执法案卷"),
    opt("withheld_inquiry", "不予公开:属于行政查询事项"),
    opt("unavailable_not_held", "无法提供:本机关不掌握相关政府信息"),
    opt(
        "unavailable_needs_making",
        "无法提供:没有现成信息需要另行制作",
    ),
    opt("unavailable_unclear", "无法提供:补正后申请内容仍不明确"),
    opt("declined_petition", "不予处理:信访举报投诉类申请"),
    opt("declined_repeat", "不予处理:重复申请"),
    opt("declined_publication", "不予处理:要求提供公开出版物"),
    opt("declined_mass", "不予处理:无正当理由大量反复申请"),
    opt(
        "declined_confirm",
        "不予处理:要求行政机关确认或重新出具已获取信息",
    ),
    opt(
        "other_no_supplement",
        "其他处理:申请人无正当理由逾期不补正、行政机关不再处理",
    ),
    opt(
        "other_no_fee",
        "其他处理:申请人逾期未按收费通知要求缴纳费用、行政机关不再处理",
    ),
    opt("other", "其他处理:其他"),
];

/// 复议、诉讼的结果 — the columns of 表四 within each group.
pub const OUTCOMES: &[EnumOption] = &[
    opt("upheld", "结果维持"),
    opt("corrected", "结果纠正"),
    opt("other", "其他结果"),
    opt("pending", "尚未审结"),
];

/// 起诉方式 — the two litigation groups of 表四.
pub const LITIGATION_ROUTES: &[EnumOption] = &[
    opt("direct", "未经复议直接起诉"),
    opt("after_reconsideration", "复议后起诉"),
];

pub const FIELDS: &[FieldDef] = &[
    required(
        "request_no",
        "申请编号",
        CODE,
        "本机关登记的申请编号,如 依申请〔2024〕第12号",
    ),
    required(
        "applicant_type",
        "申请人类型",
        FieldKind::Enum(APPLICANT_TYPES),
        "自然人,或法人或其他组织的类别(年度报告表三的列)",
    ),
    required("applicant", "申请人", LINE, "自然人姓名或组织名称"),
    required(
        "channel",
        "申请方式",
        FieldKind::Enum(CHANNELS),
        "当面、邮寄、网络或传真",
    ),
    required(
        "received_date",
        "收到申请日期",
        FieldKind::Date,
        "条例第三十一条:当面提交的为提交之日;邮寄的为签收之日(平常信函为与申请人确认之日);网络、传真的为双方确认之日",
    ),
    required(
        "content",
        "申请内容",
        PROSE,
        "申请公开的政府信息的名称、文号或描述",
    ),
    field(
        "supplement_notice_date",
        "告知补正日期",
        FieldKind::Date,
        "申请内容不明确的,自收到申请之日起7个工作日内一次性告知补正(条例第三十条)",
    ),
    field(
        "supplement_date",
        "收到补正日期",
        FieldKind::Date,
        "答复期限自收到补正的申请之日起计算(条例第三十条)",
    ),
    field(
        "third_party_from",
        "征求第三方意见开始日期",
        FieldKind::Date,
        "征求第三方意见所需时间不计算在答复期限内(条例第三十三条第三款)",
    ),
    field(
        "third_party_to",
        "征求第三方意见结束日期",
        FieldKind::Date,
        "第三方答复之日,或15个工作日期满之日(条例第三十二条)",
    ),
    field(
        "extended",
        "延长答复期限",
        FieldKind::Bool,
        "是:延长不超过20个工作日(条例第三十三条第二款),须填写批准人",
    ),
    field(
        "extension_approver",
        "延期批准人",
        LINE,
        "政府信息公开工作机构负责人",
    ),
    field("reply_date", "答复日期", FieldKind::Date, "出具答复书之日"),
    field(
        "result",
        "办理结果",
        FieldKind::Enum(RESULTS),
        "按政府信息公开工作年度报告表三的分类",
    ),
    field(
        "fee_yuan",
        "信息处理费(元)",
        FieldKind::Integer {
            min: 0,
            max: 10_000_000,
        },
        "一般不收费;超出一定数量或频次的依国办函〔2020〕109号收取,不收费的留空",
    ),
    field(
        "challenge_date",
        "申请复议或起诉日期",
        FieldKind::Date,
        "申请人对答复不服申请行政复议或提起行政诉讼之日;表四按此日期所在年度统计",
    ),
    field(
        "reconsideration_result",
        "行政复议结果",
        FieldKind::Enum(OUTCOMES),
        "申请了行政复议的填写",
    ),
    field(
        "litigation_route",
        "行政诉讼",
        FieldKind::Enum(LITIGATION_ROUTES),
        "提起了行政诉讼的填写:未经复议直接起诉或复议后起诉",
    ),
    field(
        "litigation_result",
        "行政诉讼结果",
        FieldKind::Enum(OUTCOMES),
        "提起了行政诉讼的填写",
    ),
];

/// 政府信息公开申请登记簿.
pub static INFORMATION_REQUESTS: RegisterDef = RegisterDef {
    key: "information-requests",
    table: "information_request",
    label: "政府信息公开申请",
    org_label: "受理机关",
    fields: FIELDS,
    natural_key: "request_no",
    period_field: "received_date",
    search_fields: &["request_no", "applicant", "content"],
    status_field: Some("applicant_type"),
    rules,
    links: &[],
    normalize: None,
    derived: None,
};

fn rules(record: &Record) -> Vec<FieldError> {
    let mut c = Check::new(record, FIELDS);
    c.chain(&["received_date", "supplement_notice_date", "supplement_date"]);
    c.require(
        "supplement_notice_date",
        c.has("supplement_date"),
        "已收到补正的,应先有告知补正",
    );
    c.order("received_date", "third_party_from");
    // The third party is consulted on a request that is clear: after any supplement (the
    // clock it pauses starts again there).
    c.order("supplement_date", "third_party_from");
    c.order("third_party_from", "third_party_to");
    c.require(
        "third_party_to",
        c.has("third_party_from"),
        "征求第三方意见应有起止日期",
    );
    c.require(
        "third_party_from",
        c.has("third_party_to"),
        "征求第三方意见应有起止日期",
    );
    c.order("received_date", "reply_date");
    c.order("supplement_date", "reply_date");
    c.order("third_party_to", "reply_date");
    let extended = c.flag("extended");
    c.require(
        "extension_approver",
        extended,
        "延长答复期限须经政府信息公开工作机构负责人同意(条例第三十三条第二款)",
    );
    c.forbid("extension_approver", !extended, "未延长答复期限");
    replied_rules(&mut c);
    challenge_rules(&mut c);
    c.finish()
}

/// A reply has a category and a category has a reply; 逾期不补正 needs the notice it ignored.
fn replied_rules(c: &mut Check<'_>) {
    let replied = c.has("reply_date");
    c.require(
        "result",
        replied,
        "已答复的,应按年度报告表三的分类填写办理结果",
    );
    c.forbid("result", !replied, "尚未填写答复日期");
    let no_supplement = c.is("result", "other_no_supplement");
    c.require(
        "supplement_notice_date",
        no_supplement,
        "逾期不补正的,应先有告知补正",
    );
    c.forbid(
        "supplement_date",
        no_supplement,
        "已收到补正,不属于逾期不补正",
    );
}

/// 复议、诉讼: after the reply, dated, with the route and outcome that 表四 counts.
fn challenge_rules(c: &mut Check<'_>) {
    let challenged = c.has("reconsideration_result") || c.has("litigation_route");
    c.require("challenge_date", challenged, "申请复议或起诉的,应填写日期");
    c.forbid(
        "challenge_date",
        !challenged,
        "未填写行政复议结果或行政诉讼方式",
    );
    c.require(
        "reply_date",
        challenged,
        "对答复不服才有复议或诉讼,应先有答复",
    );
    c.order("reply_date", "challenge_date");
    let sued = c.has("litigation_route");
    c.require(
        "litigation_result",
        sued,
        "提起行政诉讼的,应填写诉讼结果(未审结的填尚未审结)",
    );
    c.forbid("litigation_result", !sued, "未填写行政诉讼方式");
    let after_reconsideration = c.is("litigation_route", "after_reconsideration");
    let decided = c.has("reconsideration_result") && !c.is("reconsideration_result", "pending");
    c.require(
        "reconsideration_result",
        after_reconsideration,
        "复议后起诉的,应填写行政复议结果",
    );
    if after_reconsideration && !decided && c.has("reconsideration_result") {
        c.fail(
            "litigation_route",
            "行政复议尚未审结,不能复议后起诉".to_owned(),
        );
    }
}
