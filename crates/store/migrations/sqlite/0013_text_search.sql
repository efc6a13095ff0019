-- 全文检索 — a clerk looks a party name, credit code or case number up across a year: each
-- register's search fields (`RegisterDef::search_fields`) are indexed by trigrams in an FTS5
-- table kept by triggers on every insert, delete and change of those fields, so a search of
-- three or more characters does not scan the register. FTS5's trigram tokenizer folds case,
-- as SQLite's LIKE does for ASCII; a match is a substring of one field.

CREATE VIRTUAL TABLE enforcement_case_fts USING fts5(case_code, party_name, party_id, content='enforcement_case', content_rowid='id', tokenize='trigram');
CREATE TRIGGER enforcement_case_fts_insert AFTER INSERT ON enforcement_case BEGIN
    INSERT INTO enforcement_case_fts (rowid, case_code, party_name, party_id) VALUES (new.id, new.case_code, new.party_name, new.party_id);
END;
CREATE TRIGGER enforcement_case_fts_delete AFTER DELETE ON enforcement_case BEGIN
    INSERT INTO enforcement_case_fts (enforcement_case_fts, rowid, case_code, party_name, party_id) VALUES ('delete', old.id, old.case_code, old.party_name, old.party_id);
END;
CREATE TRIGGER enforcement_case_fts_update AFTER UPDATE OF case_code, party_name, party_id ON enforcement_case BEGIN
    INSERT INTO enforcement_case_fts (enforcement_case_fts, rowid, case_code, party_name, party_id) VALUES ('delete', old.id, old.case_code, old.party_name, old.party_id);
    INSERT INTO enforcement_case_fts (rowid, case_code, party_name, party_id) VALUES (new.id, new.case_code, new.party_name, new.party_id);
END;
INSERT INTO enforcement_case_fts (enforcement_case_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE enforcement_certificate_fts USING fts5(officer_name, certificate_no, content='enforcement_certificate', content_rowid='id', tokenize='trigram');
CREATE TRIGGER enforcement_certificate_fts_insert AFTER INSERT ON enforcement_certificate BEGIN
    INSERT INTO enforcement_certificate_fts (rowid, officer_name, certificate_no) VALUES (new.id, new.officer_name, new.certificate_no);
END;
CREATE TRIGGER enforcement_certificate_fts_delete AFTER DELETE ON enforcement_certificate BEGIN
    INSERT INTO enforcement_certificate_fts (enforcement_certificate_fts, rowid, officer_name, certificate_no) VALUES ('delete', old.id, old.officer_name, old.certificate_no);
END;
CREATE TRIGGER enforcement_certificate_fts_update AFTER UPDATE OF officer_name, certificate_no ON enforcement_certificate BEGIN
    INSERT INTO enforcement_certificate_fts (enforcement_certificate_fts, rowid, officer_name, certificate_no) VALUES ('delete', old.id, old.officer_name, old.certificate_no);
    INSERT INTO enforcement_certificate_fts (rowid, officer_name, certificate_no) VALUES (new.id, new.officer_name, new.certificate_no);
END;
INSERT INTO enforcement_certificate_fts (enforcement_certificate_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE publicity_record_fts USING fts5(decision_no, party_name, party_id, content='publicity_record', content_rowid='id', tokenize='trigram');
CREATE TRIGGER publicity_record_fts_insert AFTER INSERT ON publicity_record BEGIN
    INSERT INTO publicity_record_fts (rowid, decision_no, party_name, party_id) VALUES (new.id, new.decision_no, new.party_name, new.party_id);
END;
CREATE TRIGGER publicity_record_fts_delete AFTER DELETE ON publicity_record BEGIN
    INSERT INTO publicity_record_fts (publicity_record_fts, rowid, decision_no, party_name, party_id) VALUES ('delete', old.id, old.decision_no, old.party_name, old.party_id);
END;
CREATE TRIGGER publicity_record_fts_update AFTER UPDATE OF decision_no, party_name, party_id ON publicity_record BEGIN
    INSERT INTO publicity_record_fts (publicity_record_fts, rowid, decision_no, party_name, party_id) VALUES ('delete', old.id, old.decision_no, old.party_name, old.party_id);
    INSERT INTO publicity_record_fts (rowid, decision_no, party_name, party_id) VALUES (new.id, new.decision_no, new.party_name, new.party_id);
END;
INSERT INTO publicity_record_fts (publicity_record_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE reconsideration_case_fts USING fts5(case_no, applicant, respondent, content='reconsideration_case', content_rowid='id', tokenize='trigram');
CREATE TRIGGER reconsideration_case_fts_insert AFTER INSERT ON reconsideration_case BEGIN
    INSERT INTO reconsideration_case_fts (rowid, case_no, applicant, respondent) VALUES (new.id, new.case_no, new.applicant, new.respondent);
END;
CREATE TRIGGER reconsideration_case_fts_delete AFTER DELETE ON reconsideration_case BEGIN
    INSERT INTO reconsideration_case_fts (reconsideration_case_fts, rowid, case_no, applicant, respondent) VALUES ('delete', old.id, old.case_no, old.applicant, old.respondent);
END;
CREATE TRIGGER reconsideration_case_fts_update AFTER UPDATE OF case_no, applicant, respondent ON reconsideration_case BEGIN
    INSERT INTO reconsideration_case_fts (reconsideration_case_fts, rowid, case_no, applicant, respondent) VALUES ('delete', old.id, old.case_no, old.applicant, old.respondent);
    INSERT INTO reconsideration_case_fts (rowid, case_no, applicant, respondent) VALUES (new.id, new.case_no, new.applicant, new.respondent);
END;
INSERT INTO reconsideration_case_fts (reconsideration_case_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE litigation_case_fts USING fts5(court_case_no, court, plaintiff, content='litigation_case', content_rowid='id', tokenize='trigram');
CREATE TRIGGER litigation_case_fts_insert AFTER INSERT ON litigation_case BEGIN
    INSERT INTO litigation_case_fts (rowid, court_case_no, court, plaintiff) VALUES (new.id, new.court_case_no, new.court, new.plaintiff);
END;
CREATE TRIGGER litigation_case_fts_delete AFTER DELETE ON litigation_case BEGIN
    INSERT INTO litigation_case_fts (litigation_case_fts, rowid, court_case_no, court, plaintiff) VALUES ('delete', old.id, old.court_case_no, old.court, old.plaintiff);
END;
CREATE TRIGGER litigation_case_fts_update AFTER UPDATE OF court_case_no, court, plaintiff ON litigation_case BEGIN
    INSERT INTO litigation_case_fts (litigation_case_fts, rowid, court_case_no, court, plaintiff) VALUES ('delete', old.id, old.court_case_no, old.court, old.plaintiff);
    INSERT INTO litigation_case_fts (rowid, court_case_no, court, plaintiff) VALUES (new.id, new.court_case_no, new.court, new.plaintiff);
END;
INSERT INTO litigation_case_fts (litigation_case_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE normative_document_fts USING fts5(title, doc_number, content='normative_document', content_rowid='id', tokenize='trigram');
CREATE TRIGGER normative_document_fts_insert AFTER INSERT ON normative_document BEGIN
    INSERT INTO normative_document_fts (rowid, title, doc_number) VALUES (new.id, new.title, new.doc_number);
END;
CREATE TRIGGER normative_document_fts_delete AFTER DELETE ON normative_document BEGIN
    INSERT INTO normative_document_fts (normative_document_fts, rowid, title, doc_number) VALUES ('delete', old.id, old.title, old.doc_number);
END;
CREATE TRIGGER normative_document_fts_update AFTER UPDATE OF title, doc_number ON normative_document BEGIN
    INSERT INTO normative_document_fts (normative_document_fts, rowid, title, doc_number) VALUES ('delete', old.id, old.title, old.doc_number);
    INSERT INTO normative_document_fts (rowid, title, doc_number) VALUES (new.id, new.title, new.doc_number);
END;
INSERT INTO normative_document_fts (normative_document_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE major_decision_fts USING fts5(catalog_no, title, content='major_decision', content_rowid='id', tokenize='trigram');
CREATE TRIGGER major_decision_fts_insert AFTER INSERT ON major_decision BEGIN
    INSERT INTO major_decision_fts (rowid, catalog_no, title) VALUES (new.id, new.catalog_no, new.title);
END;
CREATE TRIGGER major_decision_fts_delete AFTER DELETE ON major_decision BEGIN
    INSERT INTO major_decision_fts (major_decision_fts, rowid, catalog_no, title) VALUES ('delete', old.id, old.catalog_no, old.title);
END;
CREATE TRIGGER major_decision_fts_update AFTER UPDATE OF catalog_no, title ON major_decision BEGIN
    INSERT INTO major_decision_fts (major_decision_fts, rowid, catalog_no, title) VALUES ('delete', old.id, old.catalog_no, old.title);
    INSERT INTO major_decision_fts (rowid, catalog_no, title) VALUES (new.id, new.catalog_no, new.title);
END;
INSERT INTO major_decision_fts (major_decision_fts) VALUES ('rebuild');

CREATE VIRTUAL TABLE mediation_case_fts USING fts5(case_no, content='mediation_case', content_rowid='id', tokenize='trigram');
CREATE TRIGGER mediation_case_fts_insert AFTER INSERT ON mediation_case BEGIN
    INSERT INTO mediation_case_fts (rowid, case_no) VALUES (new.id, new.case_no);
END;
CREATE TRIGGER mediation_case_fts_delete AFTER DELETE ON mediation_case BEGIN
    INSERT INTO mediation_case_fts (mediation_case_fts, rowid, case_no) VALUES ('delete', old.id, old.case_no);
END;
CREATE TRIGGER mediation_case_fts_update AFTER UPDATE OF case_no ON mediation_case BEGIN
    INSERT INTO mediation_case_fts (mediation_case_fts, rowid, case_no) VALUES ('delete', old.id, old.case_no);
    INSERT INTO mediation_case_fts (rowid, case_no) VALUES (new.id, new.case_no);
END;
INSERT INTO mediation_case_fts (mediation_case_fts) VALUES ('rebuild');
