-- 填报值 — figures that have no register (trainings, 普法 activities, drills, 12345 work
-- orders, 政务服务 counts …), entered per org unit and period (DHIS2-style data values).
-- `period` is `2024` (year), `2024H1` (half), `2024Q1` (quarter) or `202403` (month);
-- `indicator_key` is a key of the indicator catalog; `qualifier` keeps a published
-- approximation word (余, 近, 超, 约 …) next to the number it qualifies.
CREATE TABLE reported_value (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code   TEXT    NOT NULL,
    org_id        INTEGER NOT NULL REFERENCES org_unit (id),
    period        TEXT    NOT NULL,
    indicator_key TEXT    NOT NULL,
    value         REAL    NOT NULL,
    qualifier     TEXT,
    note          TEXT,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    UNIQUE (org_id, period, indicator_key)
);
CREATE INDEX reported_value_key_period ON reported_value (indicator_key, period);

-- 数据版本 — one counter per register table (and `reported_value`), bumped in the same
-- transaction as every write to it, so caches of aggregates (the indicator engine's) can
-- tell cheaply whether they are stale, whichever process wrote.
CREATE TABLE data_generation (
    source     TEXT   PRIMARY KEY,
    generation BIGINT NOT NULL
);
