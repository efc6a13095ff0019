-- 问题整改 (rectifications, issue 20): problems found by 督察, 案卷评查, 巡察, 审计 … and their way
-- to 销号. Dates are TEXT (migration 0015); the same list, status and text-search indexes as
-- every register (migrations 0012–0014, 0013 trigram and 0018 pair tables).
CREATE TABLE rectification_problem (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code        TEXT NOT NULL,
    org_id             INTEGER NOT NULL REFERENCES org_unit (id),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    problem_no         TEXT NOT NULL,
    source             TEXT NOT NULL,
    found_date         TEXT NOT NULL,
    issuer             TEXT,
    description        TEXT NOT NULL,
    rule_breached      TEXT,
    due_date           TEXT NOT NULL,
    status             TEXT NOT NULL,
    measures           TEXT,
    rectified_date     TEXT,
    closed_date        TEXT,
    supervision_letter TEXT,
    interview_date     TEXT,
    reconsideration_case_id INTEGER,
    litigation_case_id INTEGER,
    UNIQUE (region_code, problem_no)
);
CREATE INDEX rectification_problem_org_period ON rectification_problem (org_id, found_date);
CREATE INDEX rectification_problem_region_period ON rectification_problem (region_code, found_date);
CREATE INDEX rectification_problem_list ON rectification_problem (found_date, id, org_id);
CREATE INDEX rectification_problem_status_list ON rectification_problem (status, found_date, id, org_id);

CREATE VIRTUAL TABLE rectification_problem_fts USING fts5(problem_no, description, content='rectification_problem', content_rowid='id', tokenize='trigram');
CREATE TRIGGER rectification_problem_fts_insert AFTER INSERT ON rectification_problem BEGIN
    INSERT INTO rectification_problem_fts (rowid, problem_no, description) VALUES (new.id, new.problem_no, new.description);
END;
CREATE TRIGGER rectification_problem_fts_delete AFTER DELETE ON rectification_problem BEGIN
    INSERT INTO rectification_problem_fts (rectification_problem_fts, rowid, problem_no, description) VALUES ('delete', old.id, old.problem_no, old.description);
END;
CREATE TRIGGER rectification_problem_fts_update AFTER UPDATE OF problem_no, description ON rectification_problem BEGIN
    INSERT INTO rectification_problem_fts (rectification_problem_fts, rowid, problem_no, description) VALUES ('delete', old.id, old.problem_no, old.description);
    INSERT INTO rectification_problem_fts (rowid, problem_no, description) VALUES (new.id, new.problem_no, new.description);
END;

CREATE VIRTUAL TABLE rectification_problem_pairs USING fts5(doc, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
CREATE TRIGGER rectification_problem_pairs_insert AFTER INSERT ON rectification_problem BEGIN
    INSERT INTO rectification_problem_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.problem_no AS v UNION ALL SELECT new.description) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER rectification_problem_pairs_delete AFTER DELETE ON rectification_problem BEGIN
    INSERT INTO rectification_problem_pairs (rectification_problem_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.problem_no AS v UNION ALL SELECT old.description) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
CREATE TRIGGER rectification_problem_pairs_update AFTER UPDATE OF problem_no, description ON rectification_problem BEGIN
    INSERT INTO rectification_problem_pairs (rectification_problem_pairs, rowid, doc) VALUES ('delete', old.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT old.problem_no AS v UNION ALL SELECT old.description) t JOIN text_pair_position p ON p.n < length(t.v)));
    INSERT INTO rectification_problem_pairs (rowid, doc) VALUES (new.id, (SELECT group_concat(substr(t.v, p.n, 2), ' ') FROM (SELECT new.problem_no AS v UNION ALL SELECT new.description) t JOIN text_pair_position p ON p.n < length(t.v)));
END;
