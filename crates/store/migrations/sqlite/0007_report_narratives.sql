-- 年度报告叙述栏 — the paragraphs of an annual report that people write (measures, problems,
-- plans), one row per org unit, year and slot of the report outline. Figures are never stored
-- here: they are drafted anew from the indicators each time.
CREATE TABLE report_narrative (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES org_unit (id),
    year       INTEGER NOT NULL,
    slot       TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    updated_by TEXT    NOT NULL,
    UNIQUE (org_id, year, slot)
);
