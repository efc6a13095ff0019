-- 导入批次 — one row per committed import of a file (a register's records or reported values):
-- who imported what, the file's SHA-256 and size, and the row counts. The ids touched are in
-- the batch's audit entry. The uploaded file itself is kept in `import_file_chunk` (1 MiB
-- pieces in order), inside the database, so the batch can be inspected later and a backup of
-- the database includes it.
CREATE TABLE import_batch (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code     TEXT,
    register        TEXT    NOT NULL,
    file_name       TEXT    NOT NULL,
    file_sha256     TEXT    NOT NULL,
    file_size       INTEGER NOT NULL,
    rows_total      INTEGER NOT NULL,
    created_count   INTEGER NOT NULL,
    updated_count   INTEGER NOT NULL,
    unchanged_count INTEGER NOT NULL,
    actor           TEXT    NOT NULL,
    created_at      TEXT    NOT NULL
);
CREATE INDEX import_batch_register ON import_batch (register, id);

CREATE TABLE import_file_chunk (
    batch_id INTEGER NOT NULL REFERENCES import_batch (id),
    seq      INTEGER NOT NULL,
    data     BLOB    NOT NULL,
    PRIMARY KEY (batch_id, seq)
);
