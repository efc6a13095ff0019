-- Issue 21: 合法性审查 (legality_review) and the 法律顾问、公职律师名册 (legal_adviser). The same
-- list, status and text-search indexes as every register (migrations 0012–0014, 0013/0018 text
-- search, 0029's layout).

CREATE TABLE legality_review (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code        TEXT NOT NULL,
    org_id             INTEGER NOT NULL REFERENCES org_unit (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    review_no          TEXT NOT NULL,
    kind               TEXT NOT NULL,
    title              TEXT NOT NULL,
    received_date      TEXT NOT NULL,
    major_decision_id  INTEGER,
    normative_doc_id   INTEGER,
    contract_amount    INTEGER,
    reviewer           TEXT,
    reviewer_kind      TEXT,
    opinion_date       TEXT,
    opinion_count      INTEGER,
    opinions           TEXT,
    adoption           TEXT,
    UNIQUE (region_code, review_no)
);
CREATE INDEX legality_review_org_period ON legality_review (org_id, received_date);
CREATE INDEX legality_review_region_period ON legality_review (region_code, received_date);
CREATE INDEX legality_review_list ON legality_review (received_date, id, org_id);
CREATE INDEX legality_review_status_list ON legality_review (kind, received_date, id, org_id);

CREATE VIRTUAL TABLE legality_review_fts USING fts5(review_no, title, reviewer, content='legality_review', content_rowid='id', tokenize='trigram');
CREATE TRIGGER legality_review_fts_insert AFTER INSERT ON legality_review BEGIN
    INSERT INTO legality_review_fts (rowid, review_no, title, reviewer) VALUES (new.id, new.review_no, new.title, new.reviewer);
END;
CREATE TRIGGER legality_review_fts_delete AFTER DELETE ON legality_review BEGIN
    INSERT INTO legality_review_fts (legality_review_fts, rowid, review_no, title, reviewer) VALUES ('delete', old.id, old.review_no, old.title, old.reviewer);
END;
CREATE TRIGGER legality_review_fts_update AFTER UPDATE OF review_no, title, reviewer ON legality_review BEGIN
    INSERT INTO legality_review_fts (legality_review_fts, rowid, review_no, title, reviewer) VALUES ('delete', old.id, old.review_no, old.title, old.reviewer);
    INSERT INTO legality_review_fts (rowid, review_no, title, reviewer) VALUES (new.id, new.review_no, new.title, new.reviewer);
END;

CREATE VIRTUAL TABLE legality_review_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER legality_review_pairs_insert AFTER INSERT ON legality_review BEGIN
    INSERT INTO legality_review_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.review_no AS v UNION ALL SELECT new.title UNION ALL SELECT new.reviewer) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER legality_review_pairs_delete AFTER DELETE ON legality_review BEGIN
    INSERT INTO legality_review_pairs (legality_review_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.review_no AS v UNION ALL SELECT old.title UNION ALL SELECT old.reviewer) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER legality_review_pairs_update AFTER UPDATE OF review_no, title, reviewer ON legality_review BEGIN
    INSERT INTO legality_review_pairs (legality_review_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.review_no AS v UNION ALL SELECT old.title UNION ALL SELECT old.reviewer) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO legality_review_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.review_no AS v UNION ALL SELECT new.title UNION ALL SELECT new.reviewer) t JOIN text_pair_position p ON p.n < length(t.v)));
END;

CREATE TABLE legal_adviser (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code        TEXT NOT NULL,
    org_id             INTEGER NOT NULL REFERENCES org_unit (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    entry_no           TEXT NOT NULL,
    name               TEXT NOT NULL,
    kind               TEXT NOT NULL,
    licence_no         TEXT NOT NULL,
    employer           TEXT,
    term_start         TEXT NOT NULL,
    term_end           TEXT,
    tally_date         TEXT NOT NULL,
    meetings_attended  INTEGER,
    meetings           TEXT,
    opinions           INTEGER,
    UNIQUE (region_code, entry_no)
);
CREATE INDEX legal_adviser_org_period ON legal_adviser (org_id, tally_date);
CREATE INDEX legal_adviser_region_period ON legal_adviser (region_code, tally_date);
CREATE INDEX legal_adviser_list ON legal_adviser (tally_date, id, org_id);
CREATE INDEX legal_adviser_status_list ON legal_adviser (kind, tally_date, id, org_id);

CREATE VIRTUAL TABLE legal_adviser_fts USING fts5(entry_no, name, licence_no, content='legal_adviser', content_rowid='id', tokenize='trigram');
CREATE TRIGGER legal_adviser_fts_insert AFTER INSERT ON legal_adviser BEGIN
    INSERT INTO legal_adviser_fts (rowid, entry_no, name, licence_no) VALUES (new.id, new.entry_no, new.name, new.licence_no);
END;
CREATE TRIGGER legal_adviser_fts_delete AFTER DELETE ON legal_adviser BEGIN
    INSERT INTO legal_adviser_fts (legal_adviser_fts, rowid, entry_no, name, licence_no) VALUES ('delete', old.id, old.entry_no, old.name, old.licence_no);
END;
CREATE TRIGGER legal_adviser_fts_update AFTER UPDATE OF entry_no, name, licence_no ON legal_adviser BEGIN
    INSERT INTO legal_adviser_fts (legal_adviser_fts, rowid, entry_no, name, licence_no) VALUES ('delete', old.id, old.entry_no, old.name, old.licence_no);
    INSERT INTO legal_adviser_fts (rowid, entry_no, name, licence_no) VALUES (new.id, new.entry_no, new.name, new.licence_no);
END;

CREATE VIRTUAL TABLE legal_adviser_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER legal_adviser_pairs_insert AFTER INSERT ON legal_adviser BEGIN
    INSERT INTO legal_adviser_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.entry_no AS v UNION ALL SELECT new.name UNION ALL SELECT new.licence_no) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER legal_adviser_pairs_delete AFTER DELETE ON legal_adviser BEGIN
    INSERT INTO legal_adviser_pairs (legal_adviser_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.entry_no AS v UNION ALL SELECT old.name UNION ALL SELECT old.licence_no) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER legal_adviser_pairs_update AFTER UPDATE OF entry_no, name, licence_no ON legal_adviser BEGIN
    INSERT INTO legal_adviser_pairs (legal_adviser_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.entry_no AS v UNION ALL SELECT old.name UNION ALL SELECT old.licence_no) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO legal_adviser_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.entry_no AS v UNION ALL SELECT new.name UNION ALL SELECT new.licence_no) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
