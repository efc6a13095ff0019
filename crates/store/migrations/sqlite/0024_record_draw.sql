-- 随机抽取记录 (issue 20): a draw of records (案卷评查, 双随机) with the parameters fixed before it
-- ran and the list it drew. A draw is evidence: it is written once, with its audit entry, and
-- never changed or removed (the triggers refuse both; the audit chain holds the same values).
CREATE TABLE record_draw (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code       TEXT NOT NULL,
    org_id            INTEGER NOT NULL REFERENCES org_unit (id),
    register          TEXT NOT NULL,
    campaign          TEXT NOT NULL,
    year              INTEGER NOT NULL,
    per_unit          INTEGER NOT NULL,
    seed_source       TEXT NOT NULL,
    seed              TEXT NOT NULL,
    population        INTEGER NOT NULL,
    population_digest TEXT NOT NULL,
    drawn             TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    UNIQUE (region_code, campaign)
);
CREATE INDEX record_draw_org ON record_draw (org_id, id);
CREATE TRIGGER record_draw_no_update BEFORE UPDATE ON record_draw BEGIN
    SELECT RAISE(ABORT, '随机抽取记录不能修改');
END;
CREATE TRIGGER record_draw_no_delete BEFORE DELETE ON record_draw BEGIN
    SELECT RAISE(ABORT, '随机抽取记录不能删除');
END;
