-- Every query that reads clocks by unit, due date or rule asks for open ones (done_date IS
-- NULL): overdue lists, warnings, the register filter "due before", the re-evaluation after a
-- holiday notice. Those indexes now hold open clocks only, so the finished clocks of a
-- historical import (most of a city-year's rows) cost them nothing. The unique key leads with
-- (register, record_id), record ids being unique per register table, and so also serves the
-- per-record lookups the separate deadline_record index did.
CREATE TABLE deadline_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT    NOT NULL,
    org_id      INTEGER NOT NULL REFERENCES org_unit (id),
    register    TEXT    NOT NULL,
    record_id   INTEGER NOT NULL,
    label       TEXT    NOT NULL,
    rule        TEXT    NOT NULL,
    start_date  DATE    NOT NULL,
    extended    BOOLEAN NOT NULL,
    due_date    DATE,
    done_date   DATE,
    problem     TEXT,
    UNIQUE (register, record_id, rule)
);
INSERT INTO deadline_new (id, region_code, org_id, register, record_id, label, rule,
                          start_date, extended, due_date, done_date, problem)
SELECT id, region_code, org_id, register, record_id, label, rule,
       start_date, extended, due_date, done_date, problem
FROM deadline;
DROP TABLE deadline;
ALTER TABLE deadline_new RENAME TO deadline;
CREATE INDEX deadline_open_org ON deadline (org_id, due_date) WHERE done_date IS NULL;
CREATE INDEX deadline_open_clock ON deadline (rule, start_date, extended) WHERE done_date IS NULL;
