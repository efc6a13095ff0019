-- 附件 (issue 20): files attached to register records. Contents are kept once per SHA-256
-- (file_blob, inside the database so that a backup holds them); record_file names a record's
-- file with its unit, so that scope decides who may list and download it.
CREATE TABLE file_blob (
    sha256 TEXT PRIMARY KEY,
    size   INTEGER NOT NULL,
    data   BLOB NOT NULL
);
CREATE TABLE record_file (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    org_id      INTEGER NOT NULL REFERENCES org_unit (id),
    register    TEXT NOT NULL,
    record_id   INTEGER NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    sha256      TEXT NOT NULL REFERENCES file_blob (sha256),
    size        INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    uploaded_by TEXT NOT NULL
);
CREATE INDEX record_file_record ON record_file (register, record_id);
