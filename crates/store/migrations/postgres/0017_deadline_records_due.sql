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
DROP TRIGGER deadline_open_count ON deadline;
DROP FUNCTION deadline_open_count_apply();
DROP TABLE deadline_open_count;

CREATE TABLE deadline_record_due (
    register  TEXT   NOT NULL,
    record_id BIGINT NOT NULL,
    org_id    BIGINT NOT NULL,
    due_date  DATE   NOT NULL,
    PRIMARY KEY (register, record_id)
);
CREATE INDEX deadline_record_due_unit ON deadline_record_due (register, org_id, due_date);

CREATE TABLE deadline_due_records (
    register TEXT   NOT NULL,
    org_id   BIGINT NOT NULL,
    due_date DATE   NOT NULL,
    records  BIGINT NOT NULL,
    PRIMARY KEY (register, org_id, due_date)
);

INSERT INTO deadline_record_due (register, record_id, org_id, due_date)
SELECT register, record_id, MAX(org_id), MIN(due_date) FROM deadline
 WHERE done_date IS NULL AND due_date IS NOT NULL
 GROUP BY register, record_id;
INSERT INTO deadline_due_records (register, org_id, due_date, records)
SELECT register, org_id, due_date, COUNT(*) FROM deadline_record_due
 GROUP BY register, org_id, due_date;

-- Recomputes one record's earliest open due date.
CREATE FUNCTION deadline_record_due_refresh(reg TEXT, rec BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM deadline_record_due WHERE register = reg AND record_id = rec;
    INSERT INTO deadline_record_due (register, record_id, org_id, due_date)
    SELECT register, record_id, MAX(org_id), MIN(due_date) FROM deadline
     WHERE register = reg AND record_id = rec AND done_date IS NULL AND due_date IS NOT NULL
     GROUP BY register, record_id;
END
$$;

-- Whenever an open clock comes or goes (finished clocks cannot change the earliest date).
CREATE FUNCTION deadline_record_due_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.done_date IS NULL AND OLD.due_date IS NOT NULL THEN
        PERFORM deadline_record_due_refresh(OLD.register, OLD.record_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.done_date IS NULL AND NEW.due_date IS NOT NULL THEN
        PERFORM deadline_record_due_refresh(NEW.register, NEW.record_id);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER deadline_record_due AFTER INSERT OR UPDATE OR DELETE ON deadline
FOR EACH ROW EXECUTE FUNCTION deadline_record_due_apply();

CREATE FUNCTION deadline_due_records_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE deadline_due_records SET records = records - 1
         WHERE register = OLD.register AND org_id = OLD.org_id AND due_date = OLD.due_date;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO deadline_due_records (register, org_id, due_date, records)
        VALUES (NEW.register, NEW.org_id, NEW.due_date, 1)
        ON CONFLICT (register, org_id, due_date)
        DO UPDATE SET records = deadline_due_records.records + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER deadline_due_records AFTER INSERT OR UPDATE OR DELETE ON deadline_record_due
FOR EACH ROW EXECUTE FUNCTION deadline_due_records_apply();
