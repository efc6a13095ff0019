-- Every query that reads clocks by unit, due date or rule asks for open ones (done_date IS
-- NULL): overdue lists, warnings, the register filter "due before", the re-evaluation after a
-- holiday notice. Those indexes now hold open clocks only, so the finished clocks of a
-- historical import (most of a city-year's rows) cost them nothing. The unique key leads with
-- (register, record_id), record ids being unique per register table, and so also serves the
-- per-record lookups the separate deadline_record index did.
ALTER TABLE deadline DROP CONSTRAINT deadline_region_code_register_record_id_rule_key;
ALTER TABLE deadline ADD CONSTRAINT deadline_record_rule UNIQUE (register, record_id, rule);
DROP INDEX deadline_org;
DROP INDEX deadline_record;
DROP INDEX deadline_clock;
CREATE INDEX deadline_open_org ON deadline (org_id, due_date) WHERE done_date IS NULL;
CREATE INDEX deadline_open_clock ON deadline (rule, start_date, extended) WHERE done_date IS NULL;
