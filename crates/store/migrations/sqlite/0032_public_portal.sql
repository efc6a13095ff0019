-- Issue 22: the public portal (公示平台). 双公示 records gain the facts their publicity period
-- depends on (LEGAL-RULES-2 §1: 失信程度, 处罚程序, withdrawal by 信用修复 or revocation), an
-- index the portal's change check reads, and the snapshots of published annual reports: what
-- the public reads is what was published, not a draft of today's data.

ALTER TABLE publicity_record ADD COLUMN severity TEXT;
ALTER TABLE publicity_record ADD COLUMN procedure TEXT;
ALTER TABLE publicity_record ADD COLUMN withdrawn_date TEXT;
ALTER TABLE publicity_record ADD COLUMN withdraw_reason TEXT;
CREATE INDEX publicity_record_changed ON publicity_record (updated_at);

CREATE TABLE published_report (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code  TEXT NOT NULL,
    org_id       INTEGER NOT NULL REFERENCES org_unit (id),
    data_set     TEXT NOT NULL,
    year         INTEGER NOT NULL,
    published_on TEXT NOT NULL,
    title        TEXT NOT NULL,
    html         TEXT NOT NULL,
    docx         BLOB NOT NULL,
    etag         TEXT NOT NULL,
    UNIQUE (org_id, data_set, year)
);
CREATE INDEX published_report_year ON published_report (year, org_id);
