-- 报表审核 (issue 19) — the data set definitions in effect (each save a new row: the latest
-- is in effect, the earlier ones are its history), one form per unit, data set and period with
-- its state in the 填报 → 审核 → 退回/锁定 flow (an accepted annual report also its publication
-- date), and 站内信 to units.

CREATE TABLE data_set_definition (
    id       BIGSERIAL PRIMARY KEY,
    body     TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL
);

CREATE TABLE submission (
    id                 BIGSERIAL PRIMARY KEY,
    region_code        TEXT    NOT NULL,
    org_id             BIGINT NOT NULL REFERENCES org_unit (id),
    data_set           TEXT    NOT NULL,
    period             TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    first_submitted_at TEXT,
    submitted_at       TEXT,
    submitted_by       TEXT,
    comment            TEXT,
    reviewed_at        TEXT,
    reviewed_by        TEXT,
    reason             TEXT,
    published_at       TEXT,
    updated_at         TEXT    NOT NULL,
    UNIQUE (org_id, data_set, period)
);
CREATE INDEX submission_set_period ON submission (data_set, period);

CREATE TABLE message (
    id         BIGSERIAL PRIMARY KEY,
    region_code TEXT    NOT NULL,
    org_id     BIGINT NOT NULL REFERENCES org_unit (id),
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    link       TEXT,
    created_at TEXT    NOT NULL
);
CREATE INDEX message_org ON message (org_id, id);

CREATE TABLE message_read (
    message_id BIGINT NOT NULL REFERENCES message (id),
    user_id    BIGINT NOT NULL REFERENCES app_user (id),
    read_at    TEXT    NOT NULL,
    PRIMARY KEY (message_id, user_id)
);
