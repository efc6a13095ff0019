-- 期限批量重算 — the per-record earliest due dates (migrations 0017, 0021) are kept by row
-- triggers on every write; a re-evaluation of every open clock (a new holiday notice) updates up
-- to millions of clocks in one statement and rebuilds both tables from `deadline` itself
-- (`deadline_bulk.rs`), so the triggers stand aside in a transaction that has set
-- `fazhi.bulk_clocks` to 'on' (SET LOCAL: it ends with the transaction). The condition is the
-- triggers' WHEN clause, so the functions are not even called then; unset — every other
-- writer — they fire as before.
DROP TRIGGER deadline_record_due ON deadline;
CREATE TRIGGER deadline_record_due AFTER INSERT OR UPDATE OR DELETE ON deadline
FOR EACH ROW WHEN (current_setting('fazhi.bulk_clocks', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION deadline_record_due_apply();

DROP TRIGGER deadline_due_records ON deadline_record_due;
CREATE TRIGGER deadline_due_records AFTER INSERT OR UPDATE OR DELETE ON deadline_record_due
FOR EACH ROW WHEN (current_setting('fazhi.bulk_clocks', true) IS DISTINCT FROM 'on')
EXECUTE FUNCTION deadline_due_records_apply();
