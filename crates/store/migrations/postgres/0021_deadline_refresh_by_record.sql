-- 单件最早届满日的重算只走记录索引 — the refresh of one record's earliest open due date
-- (migration 0017) read `deadline` with `done_date IS NULL` in its condition, which let the
-- planner pick a partial index on open clocks and filter every open clock of the tables for
-- each inserted clock (the plan PL/pgSQL caches is generic): the full-scale demo's clock
-- inserts slowed to seconds a statement and the PostgreSQL build of the demo city did not end
-- in 15 minutes. The open clocks are now picked by the aggregates' FILTER, so the only usable
-- index is the record's own (`deadline_record_rule`). SQLite's triggers already wrote
-- `+done_date`, which keeps its planner off the partial indexes.
CREATE OR REPLACE FUNCTION deadline_record_due_refresh(reg TEXT, rec BIGINT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM deadline_record_due WHERE register = reg AND record_id = rec;
    INSERT INTO deadline_record_due (register, record_id, org_id, due_date)
    SELECT reg, rec,
           MAX(org_id) FILTER (WHERE done_date IS NULL AND due_date IS NOT NULL),
           MIN(due_date) FILTER (WHERE done_date IS NULL)
      FROM deadline
     WHERE register = reg AND record_id = rec
    HAVING MIN(due_date) FILTER (WHERE done_date IS NULL) IS NOT NULL;
END
$$;
