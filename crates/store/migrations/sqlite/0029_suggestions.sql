-- Issue 21: 人大代表建议、政协委员提案办理 (suggestion_item). The same list, status and text-search
-- indexes as every register (migrations 0012–0014, 0013/0018 text search, 0028's layout).

CREATE TABLE suggestion_item (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code        TEXT NOT NULL,
    org_id             INTEGER NOT NULL REFERENCES org_unit (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    kind               TEXT NOT NULL,
    suggestion_no      TEXT NOT NULL,
    session            TEXT NOT NULL,
    proposer           TEXT NOT NULL,
    title              TEXT NOT NULL,
    co_units           TEXT,
    assigned_date      TEXT NOT NULL,
    complex            BOOLEAN,
    reply_date         TEXT,
    category           TEXT,
    satisfaction       TEXT,
    follow_up          TEXT,
    UNIQUE (region_code, suggestion_no)
);
CREATE INDEX suggestion_item_org_period ON suggestion_item (org_id, assigned_date);
CREATE INDEX suggestion_item_region_period ON suggestion_item (region_code, assigned_date);
CREATE INDEX suggestion_item_list ON suggestion_item (assigned_date, id, org_id);
CREATE INDEX suggestion_item_status_list ON suggestion_item (kind, assigned_date, id, org_id);

CREATE VIRTUAL TABLE suggestion_item_fts USING fts5(suggestion_no, title, proposer, content='suggestion_item', content_rowid='id', tokenize='trigram');
CREATE TRIGGER suggestion_item_fts_insert AFTER INSERT ON suggestion_item BEGIN
    INSERT INTO suggestion_item_fts (rowid, suggestion_no, title, proposer) VALUES (new.id, new.suggestion_no, new.title, new.proposer);
END;
CREATE TRIGGER suggestion_item_fts_delete AFTER DELETE ON suggestion_item BEGIN
    INSERT INTO suggestion_item_fts (suggestion_item_fts, rowid, suggestion_no, title, proposer) VALUES ('delete', old.id, old.suggestion_no, old.title, old.proposer);
END;
CREATE TRIGGER suggestion_item_fts_update AFTER UPDATE OF suggestion_no, title, proposer ON suggestion_item BEGIN
    INSERT INTO suggestion_item_fts (suggestion_item_fts, rowid, suggestion_no, title, proposer) VALUES ('delete', old.id, old.suggestion_no, old.title, old.proposer);
    INSERT INTO suggestion_item_fts (rowid, suggestion_no, title, proposer) VALUES (new.id, new.suggestion_no, new.title, new.proposer);
END;

CREATE VIRTUAL TABLE suggestion_item_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER suggestion_item_pairs_insert AFTER INSERT ON suggestion_item BEGIN
    INSERT INTO suggestion_item_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.suggestion_no AS v UNION ALL SELECT new.title UNION ALL SELECT new.proposer) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER suggestion_item_pairs_delete AFTER DELETE ON suggestion_item BEGIN
    INSERT INTO suggestion_item_pairs (suggestion_item_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.suggestion_no AS v UNION ALL SELECT old.title UNION ALL SELECT old.proposer) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER suggestion_item_pairs_update AFTER UPDATE OF suggestion_no, title, proposer ON suggestion_item BEGIN
    INSERT INTO suggestion_item_pairs (suggestion_item_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.suggestion_no AS v UNION ALL SELECT old.title UNION ALL SELECT old.proposer) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO suggestion_item_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.suggestion_no AS v UNION ALL SELECT new.title UNION ALL SELECT new.proposer) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
