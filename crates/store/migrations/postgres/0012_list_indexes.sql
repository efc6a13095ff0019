-- 列表索引 — a register list is ordered by its period field, newest first, then by id; this
-- index serves that order (page 1 and the deep pages) and the period filters without a sort of
-- the whole register.
CREATE INDEX enforcement_case_period_id ON enforcement_case (filed_date, id);
CREATE INDEX enforcement_certificate_period_id ON enforcement_certificate (applied_date, id);
CREATE INDEX publicity_record_period_id ON publicity_record (decision_date, id);
CREATE INDEX reconsideration_case_period_id ON reconsideration_case (received_date, id);
CREATE INDEX litigation_case_period_id ON litigation_case (received_date, id);
CREATE INDEX normative_document_period_id ON normative_document (issue_date, id);
CREATE INDEX major_decision_period_id ON major_decision (listed_date, id);
CREATE INDEX mediation_case_period_id ON mediation_case (received_date, id);
