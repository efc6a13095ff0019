-- Statutory clocks on register records (one row per running or finished clock) and the
-- holiday notices an admin loaded at run time (they override the embedded calendar data).
CREATE TABLE deadline (
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
    UNIQUE (region_code, register, record_id, rule)
);
CREATE INDEX deadline_org ON deadline (org_id, done_date, due_date);
CREATE INDEX deadline_record ON deadline (register, record_id);
CREATE INDEX deadline_clock ON deadline (rule, start_date, extended);

CREATE TABLE calendar_notice (
    year      INTEGER PRIMARY KEY,
    notice    TEXT    NOT NULL,
    loaded_at TEXT    NOT NULL,
    loaded_by TEXT    NOT NULL
);
