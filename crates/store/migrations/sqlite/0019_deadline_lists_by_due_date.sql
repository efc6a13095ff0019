-- 期限清单按届满日排序 — a deadline list (overdue, due soon) shows the most overdue record first
-- (issue 25) and is driven from the kept earliest open due dates in that order: page 1,000 of
-- a city's or a county's overdue list skips index entries instead of testing the register's
-- list index entry by entry (issue 18). The unit's index (0017) serves one unit's list; this
-- one the city's and a county's (its units tested on the index entry, `org_id` included).
CREATE INDEX deadline_record_due_date ON deadline_record_due (register, due_date, record_id, org_id);
