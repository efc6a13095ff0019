-- 期限批量重算 — the per-record earliest due dates (migrations 0017, 0021) are kept by row
-- triggers on every write; a re-evaluation of every open clock (a new holiday notice) updates up
-- to millions of clocks in one statement and rebuilds both tables from `deadline` itself
-- (`deadline_bulk.rs`), so the triggers stand aside in a transaction that has set
-- `fazhi.bulk_clocks` to 'on' (SET LOCAL: it ends with the transaction). Unset — every other
-- writer — they do exactly what they did.
CREATE OR REPLACE FUNCTION deadline_record_due_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('fazhi.bulk_clocks', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.done_date IS NULL AND OLD.due_date IS NOT NULL THEN
        PERFORM deadline_record_due_refresh(OLD.register, OLD.record_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.done_date IS NULL AND NEW.due_date IS NOT NULL THEN
        PERFORM deadline_record_due_refresh(NEW.register, NEW.record_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION deadline_due_records_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('fazhi.bulk_clocks', true) = 'on' THEN
        RETURN NULL;
    END IF;
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
