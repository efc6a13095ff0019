-- 案卷评查评分 (issue 20): the score of each drawn case file of a draw (record_draw), by the
-- ticked items of the scoring standard; one score per file, changed only with an audited
-- before-image.
CREATE TABLE case_review_score (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    draw_id     INTEGER NOT NULL REFERENCES record_draw (id),
    record_id   INTEGER NOT NULL,
    region_code TEXT NOT NULL,
    org_id      INTEGER NOT NULL REFERENCES org_unit (id),
    items       TEXT NOT NULL,
    total       INTEGER NOT NULL,
    grade       TEXT NOT NULL,
    comment     TEXT NOT NULL,
    scored_at   TEXT NOT NULL,
    scored_by   TEXT NOT NULL,
    UNIQUE (draw_id, record_id)
);
