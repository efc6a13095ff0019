-- Issue 21: 政府信息公开申请 (information_request), laid out like every register (0029's layout:
-- list, status and text-search indexes). The deadline table learns the two things that move
-- the reply clock of a request (条例第三十条、第三十三条第三款): the day it counts again from
-- (收到补正) and a pause not counted (征求第三方意见), so that re-evaluation after a holiday
-- notice recomputes those clocks exactly as a write does.

ALTER TABLE deadline ADD COLUMN restart_date TEXT;
ALTER TABLE deadline ADD COLUMN pause_from TEXT;
ALTER TABLE deadline ADD COLUMN pause_to TEXT;

CREATE TABLE information_request (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code        TEXT NOT NULL,
    org_id             INTEGER NOT NULL REFERENCES org_unit (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    request_no             TEXT NOT NULL,
    applicant_type         TEXT NOT NULL,
    applicant              TEXT NOT NULL,
    channel                TEXT NOT NULL,
    received_date          TEXT NOT NULL,
    content                TEXT NOT NULL,
    supplement_notice_date TEXT,
    supplement_date        TEXT,
    third_party_from       TEXT,
    third_party_to         TEXT,
    extended               BOOLEAN,
    extension_approver     TEXT,
    reply_date             TEXT,
    result                 TEXT,
    fee_yuan               BIGINT,
    challenge_date         TEXT,
    reconsideration_result TEXT,
    litigation_route       TEXT,
    litigation_result      TEXT,
    UNIQUE (region_code, request_no)
);
CREATE INDEX information_request_org_period ON information_request (org_id, received_date);
CREATE INDEX information_request_region_period ON information_request (region_code, received_date);
CREATE INDEX information_request_list ON information_request (received_date, id, org_id);
CREATE INDEX information_request_status_list ON information_request (applicant_type, received_date, id, org_id);

CREATE VIRTUAL TABLE information_request_fts USING fts5(request_no, applicant, content, content='information_request', content_rowid='id', tokenize='trigram');
CREATE TRIGGER information_request_fts_insert AFTER INSERT ON information_request BEGIN
    INSERT INTO information_request_fts (rowid, request_no, applicant, content) VALUES (new.id, new.request_no, new.applicant, new.content);
END;
CREATE TRIGGER information_request_fts_delete AFTER DELETE ON information_request BEGIN
    INSERT INTO information_request_fts (information_request_fts, rowid, request_no, applicant, content) VALUES ('delete', old.id, old.request_no, old.applicant, old.content);
END;
CREATE TRIGGER information_request_fts_update AFTER UPDATE OF request_no, applicant, content ON information_request BEGIN
    INSERT INTO information_request_fts (information_request_fts, rowid, request_no, applicant, content) VALUES ('delete', old.id, old.request_no, old.applicant, old.content);
    INSERT INTO information_request_fts (rowid, request_no, applicant, content) VALUES (new.id, new.request_no, new.applicant, new.content);
END;

CREATE VIRTUAL TABLE information_request_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER information_request_pairs_insert AFTER INSERT ON information_request BEGIN
    INSERT INTO information_request_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.request_no AS v UNION ALL SELECT new.applicant UNION ALL SELECT new.content) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER information_request_pairs_delete AFTER DELETE ON information_request BEGIN
    INSERT INTO information_request_pairs (information_request_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.request_no AS v UNION ALL SELECT old.applicant UNION ALL SELECT old.content) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER information_request_pairs_update AFTER UPDATE OF request_no, applicant, content ON information_request BEGIN
    INSERT INTO information_request_pairs (information_request_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.request_no AS v UNION ALL SELECT old.applicant UNION ALL SELECT old.content) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO information_request_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.request_no AS v UNION ALL SELECT new.applicant UNION ALL SELECT new.content) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
