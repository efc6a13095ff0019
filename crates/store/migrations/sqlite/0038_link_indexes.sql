-- 关联记录索引 — every link from one register's record to another's (the registers'
-- `LinkCheck::Record` fields) is indexed. A record's page lists the records that link to it (a
-- case's 双公示 entries, a reconsideration's 应诉 and 整改): without the index each page read the
-- whole linking register — 21 ms a case page at a province of 20 M cases, where the 双公示
-- register holds 75,000 entries (docs/BENCHMARKS.md). Partial: most records link to nothing,
-- and a look-up `field = id` implies the field is not null.
CREATE INDEX legality_review_major_decision_id ON legality_review (major_decision_id) WHERE major_decision_id IS NOT NULL;
CREATE INDEX legality_review_normative_doc_id ON legality_review (normative_doc_id) WHERE normative_doc_id IS NOT NULL;
CREATE INDEX litigation_case_reconsideration_case_id ON litigation_case (reconsideration_case_id) WHERE reconsideration_case_id IS NOT NULL;
CREATE INDEX major_penalty_filing_case_id ON major_penalty_filing (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX publicity_record_enforcement_case_id ON publicity_record (enforcement_case_id) WHERE enforcement_case_id IS NOT NULL;
CREATE INDEX random_inspection_object_id ON random_inspection (object_id) WHERE object_id IS NOT NULL;
CREATE INDEX reconsideration_case_enforcement_case_id ON reconsideration_case (enforcement_case_id) WHERE enforcement_case_id IS NOT NULL;
CREATE INDEX reconsideration_case_litigation_case_id ON reconsideration_case (litigation_case_id) WHERE litigation_case_id IS NOT NULL;
CREATE INDEX rectification_problem_litigation_case_id ON rectification_problem (litigation_case_id) WHERE litigation_case_id IS NOT NULL;
CREATE INDEX rectification_problem_reconsideration_case_id ON rectification_problem (reconsideration_case_id) WHERE reconsideration_case_id IS NOT NULL;
