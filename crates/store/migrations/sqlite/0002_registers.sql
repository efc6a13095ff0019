-- Registers (登记簿): one table per register definition in fazhi-domain `register::all()`.
-- Columns: the common ones, then one per field named by its key. Dates are DATE, money is
-- integer 分, enums are their codes, enum sets are codes joined by commas. The natural key
-- is NOT NULL even where the form may leave it empty: the store generates it.

-- 行政执法案件 (enforcement-cases)
CREATE TABLE enforcement_case (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code         TEXT NOT NULL,
    org_id              INTEGER NOT NULL REFERENCES org_unit (id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    case_code           TEXT NOT NULL,
    kind                TEXT NOT NULL,
    party_name          TEXT NOT NULL,
    party_type          TEXT NOT NULL,
    party_id            TEXT,
    filed_date          DATE NOT NULL,
    decision_date       DATE,
    closed_date         DATE,
    penalty_types       TEXT,
    fine_amount         INTEGER,
    confiscation_amount INTEGER,
    no_penalty          TEXT,
    major_decision      BOOLEAN,
    legal_review_date   DATE,
    legal_reviewer      TEXT,
    legal_review_result TEXT,
    published_date      DATE,
    recorded            TEXT,
    handlers            TEXT,
    status              TEXT NOT NULL,
    UNIQUE (region_code, case_code)
);
CREATE INDEX enforcement_case_org_period ON enforcement_case (org_id, filed_date);
CREATE INDEX enforcement_case_region_period ON enforcement_case (region_code, filed_date);

-- 执法人员与执法证 (certificates)
CREATE TABLE enforcement_certificate (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code    TEXT NOT NULL,
    org_id         INTEGER NOT NULL REFERENCES org_unit (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    officer_name   TEXT NOT NULL,
    officer_id     TEXT NOT NULL,
    exam_date      DATE,
    exam_score     INTEGER,
    training_hours INTEGER,
    certificate_no TEXT NOT NULL,
    status         TEXT NOT NULL,
    applied_date   DATE NOT NULL,
    reviewed_date  DATE,
    issued_date    DATE,
    revoked_date   DATE,
    revoke_reason  TEXT,
    UNIQUE (region_code, certificate_no)
);
CREATE INDEX enforcement_certificate_org_period ON enforcement_certificate (org_id, applied_date);
CREATE INDEX enforcement_certificate_region_period ON enforcement_certificate (region_code, applied_date);
-- Certificates are looked up by number when an enforcement case names its officers.
CREATE INDEX enforcement_certificate_no ON enforcement_certificate (certificate_no, status);

-- 双公示信息 (publicity-records)
CREATE TABLE publicity_record (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code              TEXT NOT NULL,
    org_id                   INTEGER NOT NULL REFERENCES org_unit (id),
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    kind                     TEXT NOT NULL,
    decision_no              TEXT NOT NULL,
    party_name               TEXT NOT NULL,
    party_category           TEXT NOT NULL,
    party_id                 TEXT,
    legal_rep                TEXT,
    category                 TEXT,
    content                  TEXT NOT NULL,
    amount                   INTEGER,
    decision_date            DATE NOT NULL,
    valid_from               DATE,
    valid_to                 DATE,
    publicity_end            DATE,
    deciding_org_credit_code TEXT,
    data_source              TEXT,
    enforcement_case_id      INTEGER,
    published_date           DATE,
    UNIQUE (region_code, decision_no)
);
CREATE INDEX publicity_record_org_period ON publicity_record (org_id, decision_date);
CREATE INDEX publicity_record_region_period ON publicity_record (region_code, decision_date);

-- 行政复议案件 (reconsiderations)
CREATE TABLE reconsideration_case (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code             TEXT NOT NULL,
    org_id                  INTEGER NOT NULL REFERENCES org_unit (id),
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    case_no                 TEXT NOT NULL,
    applicant               TEXT NOT NULL,
    respondent              TEXT NOT NULL,
    act_challenged          TEXT NOT NULL,
    enforcement_case_id     INTEGER,
    received_date           DATE NOT NULL,
    supplement_notice_date  DATE,
    supplement_date         DATE,
    acceptance              TEXT,
    acceptance_date         DATE,
    procedure               TEXT,
    extension_approved_date DATE,
    extension_days          INTEGER,
    decision_date           DATE,
    decision_type           TEXT,
    later_sued              BOOLEAN,
    litigation_case_id      INTEGER,
    UNIQUE (region_code, case_no)
);
CREATE INDEX reconsideration_case_org_period ON reconsideration_case (org_id, received_date);
CREATE INDEX reconsideration_case_region_period ON reconsideration_case (region_code, received_date);

-- 行政应诉案件 (litigations)
CREATE TABLE litigation_case (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code             TEXT NOT NULL,
    org_id                  INTEGER NOT NULL REFERENCES org_unit (id),
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    court                   TEXT NOT NULL,
    court_case_no           TEXT NOT NULL,
    plaintiff               TEXT,
    act_challenged          TEXT,
    co_defendant            BOOLEAN,
    instance                TEXT NOT NULL,
    received_date           DATE NOT NULL,
    answer_filed_date       DATE,
    hearing_date            DATE,
    head_appearance         TEXT,
    judgment_date           DATE,
    outcome                 TEXT,
    reconsideration_case_id INTEGER,
    UNIQUE (region_code, court_case_no)
);
CREATE INDEX litigation_case_org_period ON litigation_case (org_id, received_date);
CREATE INDEX litigation_case_region_period ON litigation_case (region_code, received_date);

-- 规范性文件 (normative-documents)
CREATE TABLE normative_document (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code    TEXT NOT NULL,
    org_id         INTEGER NOT NULL REFERENCES org_unit (id),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    title          TEXT NOT NULL,
    doc_number     TEXT NOT NULL,
    review_date    DATE,
    reviewer       TEXT,
    review_result  TEXT,
    issue_date     DATE,
    effective_date DATE,
    provisional    BOOLEAN,
    expiry_date    DATE,
    filing_organ   TEXT,
    filed_date     DATE,
    filing_result  TEXT,
    cleanup        TEXT,
    cleanup_date   DATE,
    UNIQUE (region_code, doc_number)
);
CREATE INDEX normative_document_org_period ON normative_document (org_id, issue_date);
CREATE INDEX normative_document_region_period ON normative_document (region_code, issue_date);

-- 重大行政决策 (major-decisions)
CREATE TABLE major_decision (
    id                                INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code                       TEXT NOT NULL,
    org_id                            INTEGER NOT NULL REFERENCES org_unit (id),
    created_at                        TEXT NOT NULL,
    updated_at                        TEXT NOT NULL,
    catalog_year                      INTEGER NOT NULL,
    catalog_no                        TEXT NOT NULL,
    title                             TEXT NOT NULL,
    listed_date                       DATE NOT NULL,
    public_participation_required     BOOLEAN,
    public_participation_start        DATE,
    public_participation_end          DATE,
    public_participation_short_reason TEXT,
    public_participation_evidence     TEXT,
    expert_review_required            BOOLEAN,
    expert_review_date                DATE,
    expert_review_evidence            TEXT,
    risk_assessment_required          BOOLEAN,
    risk_assessment_date              DATE,
    risk_assessment_evidence          TEXT,
    legality_review_date              DATE,
    legality_review_result            TEXT,
    legality_review_evidence          TEXT,
    collective_decision_date          DATE,
    decision_meeting                  TEXT,
    UNIQUE (region_code, catalog_no)
);
CREATE INDEX major_decision_org_period ON major_decision (org_id, listed_date);
CREATE INDEX major_decision_region_period ON major_decision (region_code, listed_date);

-- 人民调解案件 (mediations)
CREATE TABLE mediation_case (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code           TEXT NOT NULL,
    org_id                INTEGER NOT NULL REFERENCES org_unit (id),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    case_no               TEXT NOT NULL,
    dispute_type          TEXT NOT NULL,
    parties_count         INTEGER NOT NULL,
    received_date         DATE NOT NULL,
    concluded_date        DATE,
    outcome               TEXT,
    agreement_amount      INTEGER,
    judicial_confirmation BOOLEAN,
    UNIQUE (region_code, case_no)
);
CREATE INDEX mediation_case_org_period ON mediation_case (org_id, received_date);
CREATE INDEX mediation_case_region_period ON mediation_case (region_code, received_date);
