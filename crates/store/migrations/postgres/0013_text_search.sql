-- 全文检索 — a clerk looks a party name, credit code or case number up across a year: each
-- register's search fields (`RegisterDef::search_fields`), joined by chr(1), get one trigram
-- GIN index, which serves `LIKE '%…%'` on the same expression for patterns of three or more
-- characters (`list_query.rs` writes it). An expression, not the columns: a GIN trigram index
-- on a column also answers `=` and `IN`, and the planner chose it for the import's lookup of
-- existing case numbers (every case number shares its trigrams with thousands of others) —
-- an import of 100,000 rows went from 77 s to over 5 min. pg_trgm extracts CJK trigrams only
-- when the database's LC_CTYPE classifies them as letters (C.UTF-8 or a zh_CN/en_US UTF-8
-- locale do; plain C does not): docs/ARCHITECTURE.md says so. pg_trgm is a trusted extension:
-- the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX enforcement_case_search_trgm ON enforcement_case USING gin ((coalesce(case_code, '') || chr(1) || coalesce(party_name, '') || chr(1) || coalesce(party_id, '')) gin_trgm_ops);
CREATE INDEX enforcement_certificate_search_trgm ON enforcement_certificate USING gin ((coalesce(officer_name, '') || chr(1) || coalesce(certificate_no, '')) gin_trgm_ops);
CREATE INDEX publicity_record_search_trgm ON publicity_record USING gin ((coalesce(decision_no, '') || chr(1) || coalesce(party_name, '') || chr(1) || coalesce(party_id, '')) gin_trgm_ops);
CREATE INDEX reconsideration_case_search_trgm ON reconsideration_case USING gin ((coalesce(case_no, '') || chr(1) || coalesce(applicant, '') || chr(1) || coalesce(respondent, '')) gin_trgm_ops);
CREATE INDEX litigation_case_search_trgm ON litigation_case USING gin ((coalesce(court_case_no, '') || chr(1) || coalesce(court, '') || chr(1) || coalesce(plaintiff, '')) gin_trgm_ops);
CREATE INDEX normative_document_search_trgm ON normative_document USING gin ((coalesce(title, '') || chr(1) || coalesce(doc_number, '')) gin_trgm_ops);
CREATE INDEX major_decision_search_trgm ON major_decision USING gin ((coalesce(catalog_no, '') || chr(1) || coalesce(title, '')) gin_trgm_ops);
CREATE INDEX mediation_case_search_trgm ON mediation_case USING gin ((coalesce(case_no, '')) gin_trgm_ops);
