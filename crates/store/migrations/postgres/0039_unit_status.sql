-- 单位与状态 — each register with a status field has an index of its units' statuses. The count
-- of a status within some units (a county clerk's 已决定, capped at 10,001) read the status's
-- index across the whole register, testing each entry's unit: 100 ms at a province of 20 M cases.
-- With `(org_id, status)` it reads the units' entries alone, 1 ms (docs/BENCHMARKS.md). Low
-- cardinality: PostgreSQL keeps each unit's status once with its row list (136 MB at 20 M, against
-- 1.4 GB for `(org_id, filed_date, id)`). IF NOT EXISTS: the index was first made by hand on the
-- benchmark's province.
CREATE INDEX IF NOT EXISTS enforcement_case_unit_status ON enforcement_case (org_id, status);
CREATE INDEX IF NOT EXISTS enforcement_certificate_unit_status ON enforcement_certificate (org_id, status);
CREATE INDEX IF NOT EXISTS information_request_unit_status ON information_request (org_id, applicant_type);
CREATE INDEX IF NOT EXISTS inspection_object_unit_status ON inspection_object (org_id, status);
CREATE INDEX IF NOT EXISTS legal_adviser_unit_status ON legal_adviser (org_id, kind);
CREATE INDEX IF NOT EXISTS legality_review_unit_status ON legality_review (org_id, kind);
CREATE INDEX IF NOT EXISTS litigation_case_unit_status ON litigation_case (org_id, outcome);
CREATE INDEX IF NOT EXISTS major_penalty_filing_unit_status ON major_penalty_filing (org_id, decision_kind);
CREATE INDEX IF NOT EXISTS mediation_case_unit_status ON mediation_case (org_id, outcome);
CREATE INDEX IF NOT EXISTS normative_document_unit_status ON normative_document (org_id, filing_result);
CREATE INDEX IF NOT EXISTS publicity_record_unit_status ON publicity_record (org_id, kind);
CREATE INDEX IF NOT EXISTS random_inspection_unit_status ON random_inspection (org_id, result);
CREATE INDEX IF NOT EXISTS reconsideration_case_unit_status ON reconsideration_case (org_id, decision_type);
CREATE INDEX IF NOT EXISTS rectification_problem_unit_status ON rectification_problem (org_id, status);
CREATE INDEX IF NOT EXISTS suggestion_item_unit_status ON suggestion_item (org_id, kind);
