-- 逾期/即将到期按记录计 — the alerts and the deadline filters of the lists count records, not
-- clocks (issue 25: a case with two overdue clocks counted twice, and a figure of /alerts
-- opened a list of another size). A record is overdue when its earliest open due date has
-- passed, and due soon when that date is from today to the horizon; so the alerts and the lists
-- read the same two tables, kept by triggers for every writer:
--   deadline_record_due   one row per record with an open clock that has a due date: the
--                         earliest such date (the lists test it);
--   deadline_due_records  those records counted per register, unit and date (the alerts and
--                         the cockpit sum them: a few thousand rows for 100,000 records).
-- They replace the per-clock counts of migration 0016. A clock without a due date (无法计算)
-- is in neither.
DROP TRIGGER deadline_open_count_insert;
DROP TRIGGER deadline_open_count_delete;
DROP TRIGGER deadline_open_count_update;
DROP TABLE deadline_open_count;

CREATE TABLE deadline_record_due (
    register  TEXT    NOT NULL,
    record_id INTEGER NOT NULL,
    org_id    INTEGER NOT NULL,
    due_date  TEXT    NOT NULL,
    PRIMARY KEY (register, record_id)
);
CREATE INDEX deadline_record_due_unit ON deadline_record_due (register, org_id, due_date);

CREATE TABLE deadline_due_records (
    register TEXT    NOT NULL,
    org_id   INTEGER NOT NULL,
    due_date TEXT    NOT NULL,
    records  INTEGER NOT NULL,
    PRIMARY KEY (register, org_id, due_date)
);

INSERT INTO deadline_record_due (register, record_id, org_id, due_date)
SELECT register, record_id, MAX(org_id), MIN(due_date) FROM deadline
 WHERE done_date IS NULL AND due_date IS NOT NULL
 GROUP BY register, record_id;
INSERT INTO deadline_due_records (register, org_id, due_date, records)
SELECT register, org_id, due_date, COUNT(*) FROM deadline_record_due
 GROUP BY register, org_id, due_date;

-- A record's earliest open due date is recomputed whenever one of its open clocks comes or goes
-- (finished clocks cannot change it, so a historical import costs nothing here). `+done_date`
-- keeps the partial index of the open clocks out of it: by that index SQLite read every open
-- clock of the register for each record (the full demo did not finish); by the unique key
-- (register, record_id, rule) it reads the record's own clocks.
CREATE TRIGGER deadline_record_due_insert AFTER INSERT ON deadline
WHEN NEW.done_date IS NULL AND NEW.due_date IS NOT NULL
BEGIN
    DELETE FROM deadline_record_due WHERE register = NEW.register AND record_id = NEW.record_id;
    INSERT INTO deadline_record_due (register, record_id, org_id, due_date)
    SELECT register, record_id, MAX(org_id), MIN(due_date) FROM deadline
     WHERE register = NEW.register AND record_id = NEW.record_id
       AND +done_date IS NULL AND due_date IS NOT NULL
     GROUP BY register, record_id;
END;
CREATE TRIGGER deadline_record_due_delete AFTER DELETE ON deadline
WHEN OLD.done_date IS NULL AND OLD.due_date IS NOT NULL
BEGIN
    DELETE FROM deadline_record_due WHERE register = OLD.register AND record_id = OLD.record_id;
    INSERT INTO deadline_record_due (register, record_id, org_id, due_date)
    SELECT register, record_id, MAX(org_id), MIN(due_date) FROM deadline
     WHERE register = OLD.register AND record_id = OLD.record_id
       AND +done_date IS NULL AND due_date IS NOT NULL
     GROUP BY register, record_id;
END;
CREATE TRIGGER deadline_record_due_update
AFTER UPDATE OF register, record_id, org_id, due_date, done_date ON deadline
WHEN (OLD.done_date IS NULL AND OLD.due_date IS NOT NULL)
  OR (NEW.done_date IS NULL AND NEW.due_date IS NOT NULL)
BEGIN
    DELETE FROM deadline_record_due WHERE register = OLD.register AND record_id = OLD.record_id;
    INSERT INTO deadline_record_due (register, record_id, org_id, due_date)
    SELECT register, record_id, MAX(org_id), MIN(due_date) FROM deadline
     WHERE register = OLD.register AND record_id = OLD.record_id
       AND +done_date IS NULL AND due_date IS NOT NULL
     GROUP BY register, record_id;
    DELETE FROM deadline_record_due WHERE register = NEW.register AND record_id = NEW.record_id;
    INSERT INTO deadline_record_due (register, record_id, org_id, due_date)
    SELECT register, record_id, MAX(org_id), MIN(due_date) FROM deadline
     WHERE register = NEW.register AND record_id = NEW.record_id
       AND +done_date IS NULL AND due_date IS NOT NULL
     GROUP BY register, record_id;
END;

CREATE TRIGGER deadline_due_records_insert AFTER INSERT ON deadline_record_due
BEGIN
    INSERT INTO deadline_due_records (register, org_id, due_date, records)
    VALUES (NEW.register, NEW.org_id, NEW.due_date, 1)
    ON CONFLICT (register, org_id, due_date) DO UPDATE SET records = records + 1;
END;
CREATE TRIGGER deadline_due_records_delete AFTER DELETE ON deadline_record_due
BEGIN
    UPDATE deadline_due_records SET records = records - 1
     WHERE register = OLD.register AND org_id = OLD.org_id AND due_date = OLD.due_date;
END;
