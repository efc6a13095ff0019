-- 指标数据立方 — the indicator engine's per-unit × month sums, kept up to date in the same
-- transaction as every register write (form, API, import, delete, a record moved), so a read
-- never rescans the registers. One row per (unit, month, plan column); `value` is in raw units
-- (a count, or the integer or 分 of a summed field). `seq` is the write sequence that last
-- changed the row: a reader holding the cube as of sequence N reads only rows with seq > N.
-- A value that falls to 0 stays as a row (so readers see the change).
CREATE TABLE indicator_cell (
    org_id BIGINT  NOT NULL,
    month  TEXT    NOT NULL,
    col    BIGINT  NOT NULL,
    value  BIGINT  NOT NULL,
    seq    BIGINT  NOT NULL,
    PRIMARY KEY (org_id, month, col)
);
CREATE INDEX indicator_cell_seq ON indicator_cell (seq);

-- The plan the cells were computed with (its fingerprint: the column keys in order) and the
-- write sequence. A different plan (a new catalog) makes `Store::open` rebuild the cells.
CREATE TABLE indicator_state (
    id          INTEGER PRIMARY KEY,
    fingerprint TEXT    NOT NULL,
    seq         BIGINT  NOT NULL
);
INSERT INTO indicator_state (id, fingerprint, seq) VALUES (1, '', 0);
