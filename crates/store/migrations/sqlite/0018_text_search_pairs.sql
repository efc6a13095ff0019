-- 短词检索 — a search of two characters (a person's two-character name, a word inside a party
-- name) is not served by the trigram tables of migration 0013: FTS5's trigram tokenizer
-- indexes nothing shorter than three characters, and a field of two characters yields no
-- trigram at all. Each register's search fields are indexed here by their pairs of
-- neighbouring characters: a contentless FTS5 table whose document is every such pair of
-- every field, separated by spaces, tokenized by unicode61 (letters and digits form a token,
-- anything else separates; ASCII case folded, diacritics kept). A search text of two letters
-- or digits is then one token: `MATCH '"徐磊"'` finds the records with 徐磊 inside a field —
-- what `LIKE '%徐磊%'` finds — without scanning the register. `detail=none`: a lookup of one
-- token needs no positions. The document is built by the triggers from the field values
-- (`text_pair_position` numbers the characters); a contentless table deletes by the same
-- document rebuilt from the old values. `import/indexes.rs` writes the same document
-- (`pairs_document_sql`) when a large import re-indexes a register in one pass.

CREATE TABLE text_pair_position (n INTEGER PRIMARY KEY);
WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 4000)
INSERT INTO text_pair_position (n) SELECT n FROM p;

CREATE VIRTUAL TABLE enforcement_case_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER enforcement_case_pairs_insert AFTER INSERT ON enforcement_case BEGIN
    INSERT INTO enforcement_case_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.case_code AS v UNION ALL SELECT new.party_name UNION ALL SELECT new.party_id) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER enforcement_case_pairs_delete AFTER DELETE ON enforcement_case BEGIN
    INSERT INTO enforcement_case_pairs (enforcement_case_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.case_code AS v UNION ALL SELECT old.party_name UNION ALL SELECT old.party_id) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER enforcement_case_pairs_update AFTER UPDATE OF case_code, party_name, party_id ON enforcement_case BEGIN
    INSERT INTO enforcement_case_pairs (enforcement_case_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.case_code AS v UNION ALL SELECT old.party_name UNION ALL SELECT old.party_id) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO enforcement_case_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.case_code AS v UNION ALL SELECT new.party_name UNION ALL SELECT new.party_id) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
INSERT INTO enforcement_case_pairs (rowid, doc) SELECT r.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT r.case_code AS v UNION ALL SELECT r.party_name UNION ALL SELECT r.party_id) t JOIN text_pair_position p ON p.n < length(t.v)) FROM enforcement_case r;

CREATE VIRTUAL TABLE enforcement_certificate_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER enforcement_certificate_pairs_insert AFTER INSERT ON enforcement_certificate BEGIN
    INSERT INTO enforcement_certificate_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.officer_name AS v UNION ALL SELECT new.certificate_no) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER enforcement_certificate_pairs_delete AFTER DELETE ON enforcement_certificate BEGIN
    INSERT INTO enforcement_certificate_pairs (enforcement_certificate_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.officer_name AS v UNION ALL SELECT old.certificate_no) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER enforcement_certificate_pairs_update AFTER UPDATE OF officer_name, certificate_no ON enforcement_certificate BEGIN
    INSERT INTO enforcement_certificate_pairs (enforcement_certificate_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.officer_name AS v UNION ALL SELECT old.certificate_no) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO enforcement_certificate_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.officer_name AS v UNION ALL SELECT new.certificate_no) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
INSERT INTO enforcement_certificate_pairs (rowid, doc) SELECT r.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT r.officer_name AS v UNION ALL SELECT r.certificate_no) t JOIN text_pair_position p ON p.n < length(t.v)) FROM enforcement_certificate r;

CREATE VIRTUAL TABLE publicity_record_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER publicity_record_pairs_insert AFTER INSERT ON publicity_record BEGIN
    INSERT INTO publicity_record_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.decision_no AS v UNION ALL SELECT new.party_name UNION ALL SELECT new.party_id) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER publicity_record_pairs_delete AFTER DELETE ON publicity_record BEGIN
    INSERT INTO publicity_record_pairs (publicity_record_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.decision_no AS v UNION ALL SELECT old.party_name UNION ALL SELECT old.party_id) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER publicity_record_pairs_update AFTER UPDATE OF decision_no, party_name, party_id ON publicity_record BEGIN
    INSERT INTO publicity_record_pairs (publicity_record_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.decision_no AS v UNION ALL SELECT old.party_name UNION ALL SELECT old.party_id) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO publicity_record_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.decision_no AS v UNION ALL SELECT new.party_name UNION ALL SELECT new.party_id) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
INSERT INTO publicity_record_pairs (rowid, doc) SELECT r.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT r.decision_no AS v UNION ALL SELECT r.party_name UNION ALL SELECT r.party_id) t JOIN text_pair_position p ON p.n < length(t.v)) FROM publicity_record r;

CREATE VIRTUAL TABLE reconsideration_case_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER reconsideration_case_pairs_insert AFTER INSERT ON reconsideration_case BEGIN
    INSERT INTO reconsideration_case_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.case_no AS v UNION ALL SELECT new.applicant UNION ALL SELECT new.respondent) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER reconsideration_case_pairs_delete AFTER DELETE ON reconsideration_case BEGIN
    INSERT INTO reconsideration_case_pairs (reconsideration_case_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.case_no AS v UNION ALL SELECT old.applicant UNION ALL SELECT old.respondent) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER reconsideration_case_pairs_update AFTER UPDATE OF case_no, applicant, respondent ON reconsideration_case BEGIN
    INSERT INTO reconsideration_case_pairs (reconsideration_case_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.case_no AS v UNION ALL SELECT old.applicant UNION ALL SELECT old.respondent) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO reconsideration_case_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.case_no AS v UNION ALL SELECT new.applicant UNION ALL SELECT new.respondent) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
INSERT INTO reconsideration_case_pairs (rowid, doc) SELECT r.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT r.case_no AS v UNION ALL SELECT r.applicant UNION ALL SELECT r.respondent) t JOIN text_pair_position p ON p.n < length(t.v)) FROM reconsideration_case r;

CREATE VIRTUAL TABLE litigation_case_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER litigation_case_pairs_insert AFTER INSERT ON litigation_case BEGIN
    INSERT INTO litigation_case_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.court_case_no AS v UNION ALL SELECT new.court UNION ALL SELECT new.plaintiff) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER litigation_case_pairs_delete AFTER DELETE ON litigation_case BEGIN
    INSERT INTO litigation_case_pairs (litigation_case_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.court_case_no AS v UNION ALL SELECT old.court UNION ALL SELECT old.plaintiff) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER litigation_case_pairs_update AFTER UPDATE OF court_case_no, court, plaintiff ON litigation_case BEGIN
    INSERT INTO litigation_case_pairs (litigation_case_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.court_case_no AS v UNION ALL SELECT old.court UNION ALL SELECT old.plaintiff) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO litigation_case_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.court_case_no AS v UNION ALL SELECT new.court UNION ALL SELECT new.plaintiff) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
INSERT INTO litigation_case_pairs (rowid, doc) SELECT r.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT r.court_case_no AS v UNION ALL SELECT r.court UNION ALL SELECT r.plaintiff) t JOIN text_pair_position p ON p.n < length(t.v)) FROM litigation_case r;

CREATE VIRTUAL TABLE normative_document_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER normative_document_pairs_insert AFTER INSERT ON normative_document BEGIN
    INSERT INTO normative_document_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.title AS v UNION ALL SELECT new.doc_number) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER normative_document_pairs_delete AFTER DELETE ON normative_document BEGIN
    INSERT INTO normative_document_pairs (normative_document_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.title AS v UNION ALL SELECT old.doc_number) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER normative_document_pairs_update AFTER UPDATE OF title, doc_number ON normative_document BEGIN
    INSERT INTO normative_document_pairs (normative_document_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.title AS v UNION ALL SELECT old.doc_number) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO normative_document_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.title AS v UNION ALL SELECT new.doc_number) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
INSERT INTO normative_document_pairs (rowid, doc) SELECT r.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT r.title AS v UNION ALL SELECT r.doc_number) t JOIN text_pair_position p ON p.n < length(t.v)) FROM normative_document r;

CREATE VIRTUAL TABLE major_decision_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER major_decision_pairs_insert AFTER INSERT ON major_decision BEGIN
    INSERT INTO major_decision_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.catalog_no AS v UNION ALL SELECT new.title) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER major_decision_pairs_delete AFTER DELETE ON major_decision BEGIN
    INSERT INTO major_decision_pairs (major_decision_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.catalog_no AS v UNION ALL SELECT old.title) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER major_decision_pairs_update AFTER UPDATE OF catalog_no, title ON major_decision BEGIN
    INSERT INTO major_decision_pairs (major_decision_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.catalog_no AS v UNION ALL SELECT old.title) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO major_decision_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.catalog_no AS v UNION ALL SELECT new.title) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
INSERT INTO major_decision_pairs (rowid, doc) SELECT r.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT r.catalog_no AS v UNION ALL SELECT r.title) t JOIN text_pair_position p ON p.n < length(t.v)) FROM major_decision r;

CREATE VIRTUAL TABLE mediation_case_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER mediation_case_pairs_insert AFTER INSERT ON mediation_case BEGIN
    INSERT INTO mediation_case_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.case_no AS v) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER mediation_case_pairs_delete AFTER DELETE ON mediation_case BEGIN
    INSERT INTO mediation_case_pairs (mediation_case_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.case_no AS v) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER mediation_case_pairs_update AFTER UPDATE OF case_no ON mediation_case BEGIN
    INSERT INTO mediation_case_pairs (mediation_case_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.case_no AS v) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO mediation_case_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.case_no AS v) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
INSERT INTO mediation_case_pairs (rowid, doc) SELECT r.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT r.case_no AS v) t JOIN text_pair_position p ON p.n < length(t.v)) FROM mediation_case r;
