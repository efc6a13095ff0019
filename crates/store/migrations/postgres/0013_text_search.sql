-- 全文检索 — a clerk looks a party name, credit code or case number up across a year: each
-- register's search fields (`RegisterDef::search_fields`) get a trigram GIN index, which serves
-- `LIKE '%…%'` for patterns of three or more characters. pg_trgm extracts CJK trigrams only
-- when the database's LC_CTYPE classifies them as letters (C.UTF-8 or a zh_CN/en_US UTF-8
-- locale do; plain C does not): docs/ARCHITECTURE.md says so. pg_trgm is a trusted extension: the
-- database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX enforcement_case_case_code_trgm ON enforcement_case USING gin (case_code gin_trgm_ops);
CREATE INDEX enforcement_case_party_name_trgm ON enforcement_case USING gin (party_name gin_trgm_ops);
CREATE INDEX enforcement_case_party_id_trgm ON enforcement_case USING gin (party_id gin_trgm_ops);
CREATE INDEX enforcement_certificate_officer_name_trgm ON enforcement_certificate USING gin (officer_name gin_trgm_ops);
CREATE INDEX enforcement_certificate_certificate_no_trgm ON enforcement_certificate USING gin (certificate_no gin_trgm_ops);
CREATE INDEX publicity_record_decision_no_trgm ON publicity_record USING gin (decision_no gin_trgm_ops);
CREATE INDEX publicity_record_party_name_trgm ON publicity_record USING gin (party_name gin_trgm_ops);
CREATE INDEX publicity_record_party_id_trgm ON publicity_record USING gin (party_id gin_trgm_ops);
CREATE INDEX reconsideration_case_case_no_trgm ON reconsideration_case USING gin (case_no gin_trgm_ops);
CREATE INDEX reconsideration_case_applicant_trgm ON reconsideration_case USING gin (applicant gin_trgm_ops);
CREATE INDEX reconsideration_case_respondent_trgm ON reconsideration_case USING gin (respondent gin_trgm_ops);
CREATE INDEX litigation_case_court_case_no_trgm ON litigation_case USING gin (court_case_no gin_trgm_ops);
CREATE INDEX litigation_case_court_trgm ON litigation_case USING gin (court gin_trgm_ops);
CREATE INDEX litigation_case_plaintiff_trgm ON litigation_case USING gin (plaintiff gin_trgm_ops);
CREATE INDEX normative_document_title_trgm ON normative_document USING gin (title gin_trgm_ops);
CREATE INDEX normative_document_doc_number_trgm ON normative_document USING gin (doc_number gin_trgm_ops);
CREATE INDEX major_decision_catalog_no_trgm ON major_decision USING gin (catalog_no gin_trgm_ops);
CREATE INDEX major_decision_title_trgm ON major_decision USING gin (title gin_trgm_ops);
CREATE INDEX mediation_case_case_no_trgm ON mediation_case USING gin (case_no gin_trgm_ops);
