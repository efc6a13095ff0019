-- 期限预警索引退役 — `deadline_open_alerts` (migration 0014) served the alert counts and the
-- register lists' deadline filter, which read the kept per-record due dates and their counts
-- since migration 0017 (`deadline_record_due`, `deadline_due_records`). On the full demo the
-- load runs scanned it 10 times, all from the drift check's rebuild query, which now reads
-- `deadline` itself. Every clock written or re-evaluated paid for it: without it the UPDATE of
-- a million open clocks took 17.6 s instead of 26 s on PostgreSQL, 2.7 s of CPU instead of
-- 6.4 s on SQLite (docs/BENCHMARKS.md, docs/POSTGRES-PLANS.md).
DROP INDEX deadline_open_alerts;

-- 期限表留空 — with that index gone, no index of `deadline` holds `due_date` or `problem`, so
-- a re-evaluation's UPDATE can be a HOT update (no index entry written) where the row's page
-- has room for the new version. A re-evaluation that changes every open clock needs room for
-- a whole second copy, hence half-full pages: a million changed clocks took 9.4 s (97 % HOT)
-- instead of 21.1 s at the default 100 and 17.7 s at 70 (docs/BENCHMARKS.md). The table takes
-- about twice the pages. Pages written before this migration stay full until the table is
-- rewritten (`VACUUM FULL deadline`, which locks it).
ALTER TABLE deadline SET (fillfactor = 50);
