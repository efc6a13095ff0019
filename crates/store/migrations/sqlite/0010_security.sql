-- Security (issue 15): login throttling in its own table, counted atomically per account and
-- client address; idle session expiry; accounts told to change a printed password; audit
-- entries carry the org unit they are about, so audit reads can be limited to a scope.
CREATE TABLE login_throttle (
    key          TEXT    PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER
);

ALTER TABLE app_user DROP COLUMN failed_logins;
ALTER TABLE app_user DROP COLUMN locked_until;
ALTER TABLE app_user ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;

ALTER TABLE app_session ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
CREATE INDEX app_session_user ON app_session (user_id);

ALTER TABLE audit_log ADD COLUMN org_id INTEGER;
UPDATE audit_log SET org_id = (SELECT u.id FROM org_unit u WHERE u.code = audit_log.entity_id)
WHERE entity = 'org_unit';
UPDATE audit_log SET org_id = (SELECT a.org_id FROM app_user a WHERE a.username = audit_log.entity_id)
WHERE entity = 'app_user';
UPDATE audit_log SET org_id = (SELECT r.org_id FROM enforcement_case r WHERE r.id = CAST(audit_log.entity_id AS INTEGER))
WHERE entity = 'enforcement_case';
UPDATE audit_log SET org_id = (SELECT r.org_id FROM enforcement_certificate r WHERE r.id = CAST(audit_log.entity_id AS INTEGER))
WHERE entity = 'enforcement_certificate';
UPDATE audit_log SET org_id = (SELECT r.org_id FROM publicity_record r WHERE r.id = CAST(audit_log.entity_id AS INTEGER))
WHERE entity = 'publicity_record';
UPDATE audit_log SET org_id = (SELECT r.org_id FROM reconsideration_case r WHERE r.id = CAST(audit_log.entity_id AS INTEGER))
WHERE entity = 'reconsideration_case';
UPDATE audit_log SET org_id = (SELECT r.org_id FROM litigation_case r WHERE r.id = CAST(audit_log.entity_id AS INTEGER))
WHERE entity = 'litigation_case';
UPDATE audit_log SET org_id = (SELECT r.org_id FROM normative_document r WHERE r.id = CAST(audit_log.entity_id AS INTEGER))
WHERE entity = 'normative_document';
UPDATE audit_log SET org_id = (SELECT r.org_id FROM major_decision r WHERE r.id = CAST(audit_log.entity_id AS INTEGER))
WHERE entity = 'major_decision';
UPDATE audit_log SET org_id = (SELECT r.org_id FROM mediation_case r WHERE r.id = CAST(audit_log.entity_id AS INTEGER))
WHERE entity = 'mediation_case';
CREATE INDEX audit_log_org ON audit_log (org_id, seq);
