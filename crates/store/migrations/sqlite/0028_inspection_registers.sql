-- Issue 20: 重大行政处罚、强制决定备案 (major_penalty_filing), and 双随机、一公开: the 检查对象名录库
-- (inspection_object) and the 抽查结果 (random_inspection). The same list, status and text-search
-- indexes as every register (migrations 0012–0014, 0013/0018 text search, 0023's layout);
-- record_draw keeps a 双随机 draw's officer pool fingerprint and its avoidance rule.

CREATE TABLE major_penalty_filing (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code        TEXT NOT NULL,
    org_id             INTEGER NOT NULL REFERENCES org_unit (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    filing_no          TEXT NOT NULL,
    decision_no        TEXT NOT NULL,
    case_id            INTEGER,
    decision_kind      TEXT NOT NULL,
    ground             TEXT NOT NULL,
    party              TEXT NOT NULL,
    amount             INTEGER,
    decision_date      TEXT NOT NULL,
    filed_date         TEXT,
    filed_with         TEXT,
    review_result      TEXT,
    review_date        TEXT,
    review_opinion     TEXT,
    UNIQUE (region_code, filing_no)
);
CREATE INDEX major_penalty_filing_org_period ON major_penalty_filing (org_id, decision_date);
CREATE INDEX major_penalty_filing_region_period ON major_penalty_filing (region_code, decision_date);
CREATE INDEX major_penalty_filing_list ON major_penalty_filing (decision_date, id, org_id);
CREATE INDEX major_penalty_filing_status_list ON major_penalty_filing (decision_kind, decision_date, id, org_id);

CREATE VIRTUAL TABLE major_penalty_filing_fts USING fts5(filing_no, decision_no, party, content='major_penalty_filing', content_rowid='id', tokenize='trigram');
CREATE TRIGGER major_penalty_filing_fts_insert AFTER INSERT ON major_penalty_filing BEGIN
    INSERT INTO major_penalty_filing_fts (rowid, filing_no, decision_no, party) VALUES (new.id, new.filing_no, new.decision_no, new.party);
END;
CREATE TRIGGER major_penalty_filing_fts_delete AFTER DELETE ON major_penalty_filing BEGIN
    INSERT INTO major_penalty_filing_fts (major_penalty_filing_fts, rowid, filing_no, decision_no, party) VALUES ('delete', old.id, old.filing_no, old.decision_no, old.party);
END;
CREATE TRIGGER major_penalty_filing_fts_update AFTER UPDATE OF filing_no, decision_no, party ON major_penalty_filing BEGIN
    INSERT INTO major_penalty_filing_fts (major_penalty_filing_fts, rowid, filing_no, decision_no, party) VALUES ('delete', old.id, old.filing_no, old.decision_no, old.party);
    INSERT INTO major_penalty_filing_fts (rowid, filing_no, decision_no, party) VALUES (new.id, new.filing_no, new.decision_no, new.party);
END;

CREATE VIRTUAL TABLE major_penalty_filing_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER major_penalty_filing_pairs_insert AFTER INSERT ON major_penalty_filing BEGIN
    INSERT INTO major_penalty_filing_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.filing_no AS v UNION ALL SELECT new.decision_no UNION ALL SELECT new.party) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER major_penalty_filing_pairs_delete AFTER DELETE ON major_penalty_filing BEGIN
    INSERT INTO major_penalty_filing_pairs (major_penalty_filing_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.filing_no AS v UNION ALL SELECT old.decision_no UNION ALL SELECT old.party) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER major_penalty_filing_pairs_update AFTER UPDATE OF filing_no, decision_no, party ON major_penalty_filing BEGIN
    INSERT INTO major_penalty_filing_pairs (major_penalty_filing_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.filing_no AS v UNION ALL SELECT old.decision_no UNION ALL SELECT old.party) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO major_penalty_filing_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.filing_no AS v UNION ALL SELECT new.decision_no UNION ALL SELECT new.party) t JOIN text_pair_position p ON p.n < length(t.v)));
END;

CREATE TABLE inspection_object (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code        TEXT NOT NULL,
    org_id             INTEGER NOT NULL REFERENCES org_unit (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    credit_code        TEXT NOT NULL,
    name               TEXT NOT NULL,
    object_type        TEXT NOT NULL,
    industry           TEXT,
    address            TEXT,
    listed_date        TEXT NOT NULL,
    risk_level         TEXT,
    abnormal           BOOLEAN,
    status             TEXT NOT NULL,
    removed_date       TEXT,
    UNIQUE (region_code, credit_code)
);
CREATE INDEX inspection_object_org_period ON inspection_object (org_id, listed_date);
CREATE INDEX inspection_object_region_period ON inspection_object (region_code, listed_date);
CREATE INDEX inspection_object_list ON inspection_object (listed_date, id, org_id);
CREATE INDEX inspection_object_status_list ON inspection_object (status, listed_date, id, org_id);

CREATE VIRTUAL TABLE inspection_object_fts USING fts5(credit_code, name, content='inspection_object', content_rowid='id', tokenize='trigram');
CREATE TRIGGER inspection_object_fts_insert AFTER INSERT ON inspection_object BEGIN
    INSERT INTO inspection_object_fts (rowid, credit_code, name) VALUES (new.id, new.credit_code, new.name);
END;
CREATE TRIGGER inspection_object_fts_delete AFTER DELETE ON inspection_object BEGIN
    INSERT INTO inspection_object_fts (inspection_object_fts, rowid, credit_code, name) VALUES ('delete', old.id, old.credit_code, old.name);
END;
CREATE TRIGGER inspection_object_fts_update AFTER UPDATE OF credit_code, name ON inspection_object BEGIN
    INSERT INTO inspection_object_fts (inspection_object_fts, rowid, credit_code, name) VALUES ('delete', old.id, old.credit_code, old.name);
    INSERT INTO inspection_object_fts (rowid, credit_code, name) VALUES (new.id, new.credit_code, new.name);
END;

CREATE VIRTUAL TABLE inspection_object_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER inspection_object_pairs_insert AFTER INSERT ON inspection_object BEGIN
    INSERT INTO inspection_object_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.credit_code AS v UNION ALL SELECT new.name) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER inspection_object_pairs_delete AFTER DELETE ON inspection_object BEGIN
    INSERT INTO inspection_object_pairs (inspection_object_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.credit_code AS v UNION ALL SELECT old.name) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER inspection_object_pairs_update AFTER UPDATE OF credit_code, name ON inspection_object BEGIN
    INSERT INTO inspection_object_pairs (inspection_object_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.credit_code AS v UNION ALL SELECT old.name) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO inspection_object_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.credit_code AS v UNION ALL SELECT new.name) t JOIN text_pair_position p ON p.n < length(t.v)));
END;

CREATE TABLE random_inspection (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code        TEXT NOT NULL,
    org_id             INTEGER NOT NULL REFERENCES org_unit (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    inspection_no      TEXT NOT NULL,
    task_name          TEXT NOT NULL,
    draw_id            INTEGER,
    object_id          INTEGER NOT NULL,
    matter             TEXT NOT NULL,
    officers           TEXT NOT NULL,
    planned_date       TEXT NOT NULL,
    check_date         TEXT,
    result             TEXT,
    findings           TEXT,
    published_date     TEXT,
    UNIQUE (region_code, inspection_no)
);
CREATE INDEX random_inspection_org_period ON random_inspection (org_id, planned_date);
CREATE INDEX random_inspection_region_period ON random_inspection (region_code, planned_date);
CREATE INDEX random_inspection_list ON random_inspection (planned_date, id, org_id);
CREATE INDEX random_inspection_status_list ON random_inspection (result, planned_date, id, org_id);

CREATE VIRTUAL TABLE random_inspection_fts USING fts5(inspection_no, task_name, content='random_inspection', content_rowid='id', tokenize='trigram');
CREATE TRIGGER random_inspection_fts_insert AFTER INSERT ON random_inspection BEGIN
    INSERT INTO random_inspection_fts (rowid, inspection_no, task_name) VALUES (new.id, new.inspection_no, new.task_name);
END;
CREATE TRIGGER random_inspection_fts_delete AFTER DELETE ON random_inspection BEGIN
    INSERT INTO random_inspection_fts (random_inspection_fts, rowid, inspection_no, task_name) VALUES ('delete', old.id, old.inspection_no, old.task_name);
END;
CREATE TRIGGER random_inspection_fts_update AFTER UPDATE OF inspection_no, task_name ON random_inspection BEGIN
    INSERT INTO random_inspection_fts (random_inspection_fts, rowid, inspection_no, task_name) VALUES ('delete', old.id, old.inspection_no, old.task_name);
    INSERT INTO random_inspection_fts (rowid, inspection_no, task_name) VALUES (new.id, new.inspection_no, new.task_name);
END;

CREATE VIRTUAL TABLE random_inspection_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER random_inspection_pairs_insert AFTER INSERT ON random_inspection BEGIN
    INSERT INTO random_inspection_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.inspection_no AS v UNION ALL SELECT new.task_name) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER random_inspection_pairs_delete AFTER DELETE ON random_inspection BEGIN
    INSERT INTO random_inspection_pairs (random_inspection_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.inspection_no AS v UNION ALL SELECT old.task_name) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER random_inspection_pairs_update AFTER UPDATE OF inspection_no, task_name ON random_inspection BEGIN
    INSERT INTO random_inspection_pairs (random_inspection_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.inspection_no AS v UNION ALL SELECT old.task_name) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO random_inspection_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.inspection_no AS v UNION ALL SELECT new.task_name) t JOIN text_pair_position p ON p.n < length(t.v)));
END;

-- 双随机: the officers' pool a draw sent officers from (count and digest of its sorted
-- certificate lines) and its 交叉检查 rule; NULL for draws of case files.
ALTER TABLE record_draw ADD COLUMN officer_pool INTEGER;
ALTER TABLE record_draw ADD COLUMN officer_pool_digest TEXT;
ALTER TABLE record_draw ADD COLUMN cross_check BOOLEAN;
