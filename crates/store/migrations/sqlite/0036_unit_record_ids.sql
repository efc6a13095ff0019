-- 单位内记录编号 — the ids of each unit's records, in order, for every register. A text search
-- within some units (a county clerk, a city at a province) is bounded by the smallest and largest
-- id of their records, two look-ups a unit here (list_query's `id_range_probe`). Every register
-- has the index: without it a unit with no records made the look-up walk the whole table. At a
-- province the cities' records lie in id blocks (a federation's node blocks, or cities built one
-- after the other), so without the bound the newest-first search walked the other cities'
-- blocks first: a county clerk's search for a common word took 2.8 s among 8.2 M cases
-- (docs/BENCHMARKS.md).
CREATE INDEX enforcement_case_unit_ids ON enforcement_case (org_id, id);
CREATE INDEX enforcement_certificate_unit_ids ON enforcement_certificate (org_id, id);
CREATE INDEX information_request_unit_ids ON information_request (org_id, id);
CREATE INDEX inspection_object_unit_ids ON inspection_object (org_id, id);
CREATE INDEX legal_adviser_unit_ids ON legal_adviser (org_id, id);
CREATE INDEX legality_review_unit_ids ON legality_review (org_id, id);
CREATE INDEX litigation_case_unit_ids ON litigation_case (org_id, id);
CREATE INDEX major_decision_unit_ids ON major_decision (org_id, id);
CREATE INDEX major_penalty_filing_unit_ids ON major_penalty_filing (org_id, id);
CREATE INDEX mediation_case_unit_ids ON mediation_case (org_id, id);
CREATE INDEX normative_document_unit_ids ON normative_document (org_id, id);
CREATE INDEX publicity_record_unit_ids ON publicity_record (org_id, id);
CREATE INDEX random_inspection_unit_ids ON random_inspection (org_id, id);
CREATE INDEX reconsideration_case_unit_ids ON reconsideration_case (org_id, id);
CREATE INDEX rectification_problem_unit_ids ON rectification_problem (org_id, id);
CREATE INDEX suggestion_item_unit_ids ON suggestion_item (org_id, id);
