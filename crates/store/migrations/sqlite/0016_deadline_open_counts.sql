-- 未办结期限计数 — the open clocks counted per register, clock, unit and due date, kept by
-- triggers on `deadline`, so that every writer (form, API, import, delete, the re-evaluation
-- after a holiday notice, the demo) keeps them without knowing of them. The alerts and the
-- cockpit sum these ~8,000 rows instead of counting 100,000 overdue clocks on every request
-- (issue 18). A clock without a due date (无法计算) is not counted: it is neither overdue nor
-- due soon. Rows that fall to zero stay; readers skip them.
CREATE TABLE deadline_open_count (
    register TEXT    NOT NULL,
    label    TEXT    NOT NULL,
    org_id   INTEGER NOT NULL,
    due_date TEXT    NOT NULL,
    clocks   INTEGER NOT NULL,
    PRIMARY KEY (register, label, org_id, due_date)
);

INSERT INTO deadline_open_count (register, label, org_id, due_date, clocks)
SELECT register, label, org_id, due_date, COUNT(*) FROM deadline
 WHERE done_date IS NULL AND due_date IS NOT NULL
 GROUP BY register, label, org_id, due_date;

CREATE TRIGGER deadline_open_count_insert AFTER INSERT ON deadline
WHEN NEW.done_date IS NULL AND NEW.due_date IS NOT NULL
BEGIN
    INSERT INTO deadline_open_count (register, label, org_id, due_date, clocks)
    VALUES (NEW.register, NEW.label, NEW.org_id, NEW.due_date, 1)
    ON CONFLICT (register, label, org_id, due_date) DO UPDATE SET clocks = clocks + 1;
END;

CREATE TRIGGER deadline_open_count_delete AFTER DELETE ON deadline
WHEN OLD.done_date IS NULL AND OLD.due_date IS NOT NULL
BEGIN
    UPDATE deadline_open_count SET clocks = clocks - 1
     WHERE register = OLD.register AND label = OLD.label AND org_id = OLD.org_id
       AND due_date = OLD.due_date;
END;

CREATE TRIGGER deadline_open_count_update
AFTER UPDATE OF register, label, org_id, due_date, done_date ON deadline
BEGIN
    UPDATE deadline_open_count SET clocks = clocks - 1
     WHERE OLD.done_date IS NULL AND OLD.due_date IS NOT NULL
       AND register = OLD.register AND label = OLD.label AND org_id = OLD.org_id
       AND due_date = OLD.due_date;
    INSERT INTO deadline_open_count (register, label, org_id, due_date, clocks)
    SELECT NEW.register, NEW.label, NEW.org_id, NEW.due_date, 1
     WHERE NEW.done_date IS NULL AND NEW.due_date IS NOT NULL
    ON CONFLICT (register, label, org_id, due_date) DO UPDATE SET clocks = clocks + 1;
END;
