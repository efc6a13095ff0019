-- 未办结期限计数 — the open clocks counted per register, clock, unit and due date, kept by a
-- trigger on `deadline`, so that every writer (form, API, import, delete, the re-evaluation
-- after a holiday notice, the demo) keeps them without knowing of them. The alerts and the
-- cockpit sum these ~8,000 rows instead of counting 100,000 overdue clocks on every request
-- (issue 18). A clock without a due date (无法计算) is not counted: it is neither overdue nor
-- due soon. Rows that fall to zero stay; readers skip them.
CREATE TABLE deadline_open_count (
    register TEXT   NOT NULL,
    label    TEXT   NOT NULL,
    org_id   BIGINT NOT NULL,
    due_date DATE   NOT NULL,
    clocks   BIGINT NOT NULL,
    PRIMARY KEY (register, label, org_id, due_date)
);

INSERT INTO deadline_open_count (register, label, org_id, due_date, clocks)
SELECT register, label, org_id, due_date, COUNT(*) FROM deadline
 WHERE done_date IS NULL AND due_date IS NOT NULL
 GROUP BY register, label, org_id, due_date;

CREATE FUNCTION deadline_open_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.done_date IS NULL AND OLD.due_date IS NOT NULL THEN
        UPDATE deadline_open_count SET clocks = clocks - 1
         WHERE register = OLD.register AND label = OLD.label AND org_id = OLD.org_id
           AND due_date = OLD.due_date;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.done_date IS NULL AND NEW.due_date IS NOT NULL THEN
        INSERT INTO deadline_open_count (register, label, org_id, due_date, clocks)
        VALUES (NEW.register, NEW.label, NEW.org_id, NEW.due_date, 1)
        ON CONFLICT (register, label, org_id, due_date)
        DO UPDATE SET clocks = deadline_open_count.clocks + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER deadline_open_count AFTER INSERT OR UPDATE OR DELETE ON deadline
FOR EACH ROW EXECUTE FUNCTION deadline_open_count_apply();
