-- 短词检索 — a search of two characters (a person's two-character name, a word inside a party
-- name): pg_trgm's index (migration 0013) serves `LIKE` patterns of three or more characters
-- only, so `LIKE '%徐磊%'` read the whole register. Each register's search expression (the same
-- as 0013's: the fields joined by chr(1)) gets a GIN index of its pairs of neighbouring
-- characters; `list_query` adds `text_pairs(…) @> ARRAY[q]` to the `LIKE` for a text of two
-- characters, which the index answers (the `LIKE` stays: it is what a match means).
CREATE FUNCTION text_pairs(t text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}') FROM generate_series(1, char_length(t) - 1) AS i $$;

CREATE INDEX enforcement_case_search_pairs ON enforcement_case USING gin (text_pairs(coalesce(case_code, '') || chr(1) || coalesce(party_name, '') || chr(1) || coalesce(party_id, '')));
CREATE INDEX enforcement_certificate_search_pairs ON enforcement_certificate USING gin (text_pairs(coalesce(officer_name, '') || chr(1) || coalesce(certificate_no, '')));
CREATE INDEX publicity_record_search_pairs ON publicity_record USING gin (text_pairs(coalesce(decision_no, '') || chr(1) || coalesce(party_name, '') || chr(1) || coalesce(party_id, '')));
CREATE INDEX reconsideration_case_search_pairs ON reconsideration_case USING gin (text_pairs(coalesce(case_no, '') || chr(1) || coalesce(applicant, '') || chr(1) || coalesce(respondent, '')));
CREATE INDEX litigation_case_search_pairs ON litigation_case USING gin (text_pairs(coalesce(court_case_no, '') || chr(1) || coalesce(court, '') || chr(1) || coalesce(plaintiff, '')));
CREATE INDEX normative_document_search_pairs ON normative_document USING gin (text_pairs(coalesce(title, '') || chr(1) || coalesce(doc_number, '')));
CREATE INDEX major_decision_search_pairs ON major_decision USING gin (text_pairs(coalesce(catalog_no, '') || chr(1) || coalesce(title, '')));
CREATE INDEX mediation_case_search_pairs ON mediation_case USING gin (text_pairs(coalesce(case_no, '')));
