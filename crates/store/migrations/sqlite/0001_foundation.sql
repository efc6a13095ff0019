-- Foundation: org tree (effective-dated), accounts, sessions, hash-chained audit.
CREATE TABLE org_unit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT    NOT NULL,
    code        TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    UNIQUE (region_code, code)
);
CREATE UNIQUE INDEX org_unit_code ON org_unit (code);

CREATE TABLE org_version (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT    NOT NULL,
    org_id      INTEGER NOT NULL REFERENCES org_unit (id),
    name        TEXT    NOT NULL,
    parent_id   INTEGER REFERENCES org_unit (id),
    credit_code TEXT,
    valid_from  DATE    NOT NULL,
    valid_to    DATE
);
CREATE INDEX org_version_current ON org_version (org_id, valid_to);
CREATE INDEX org_version_parent ON org_version (parent_id, valid_to);

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    org_id        INTEGER NOT NULL REFERENCES org_unit (id),
    scope         TEXT    NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TIMESTAMP,
    created_at    TEXT    NOT NULL
);

CREATE TABLE app_session (
    token_hash TEXT      PRIMARY KEY,
    user_id    INTEGER   NOT NULL REFERENCES app_user (id),
    csrf_token TEXT      NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   TEXT    NOT NULL,
    region_code TEXT,
    before_json TEXT    NOT NULL,
    after_json  TEXT    NOT NULL,
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY,
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
