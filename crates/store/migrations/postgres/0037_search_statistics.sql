-- 检索的行数估计 — PostgreSQL estimates how many records a search `LIKE '%…%'` matches from the
-- statistics of each register's trigram index expression (migration 0013), gathered by ANALYZE.
-- With the default target (100) a word found in none of the 100 histogram entries is guessed at
-- about 1 % of the register: for 黄记美发 (1,062 cases of 1.7 M) it guessed 16,626, so a capped
-- count walked the newest cases until 1,001 matches, 1.7 s, instead of reading the matches from
-- the index, 6 ms. With 1,000 the guess was 1,647 and the plan the index's. ANALYZE then samples
-- 300,000 rows of a register instead of 30,000 (12 s for the city's cases, once per automatic
-- analyze); the statistics are gathered again here so that the new target holds at once.
ALTER INDEX enforcement_case_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX enforcement_certificate_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX information_request_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX inspection_object_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX legal_adviser_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX legality_review_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX litigation_case_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX major_decision_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX major_penalty_filing_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX mediation_case_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX normative_document_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX publicity_record_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX random_inspection_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX reconsideration_case_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX rectification_problem_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
ALTER INDEX suggestion_item_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;

ANALYZE enforcement_case;
ANALYZE enforcement_certificate;
ANALYZE information_request;
ANALYZE inspection_object;
ANALYZE legal_adviser;
ANALYZE legality_review;
ANALYZE litigation_case;
ANALYZE major_decision;
ANALYZE major_penalty_filing;
ANALYZE mediation_case;
ANALYZE normative_document;
ANALYZE publicity_record;
ANALYZE random_inspection;
ANALYZE reconsideration_case;
ANALYZE rectification_problem;
ANALYZE suggestion_item;
