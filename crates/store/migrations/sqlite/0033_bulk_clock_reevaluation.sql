-- 期限批量重算 — PostgreSQL only (its row triggers stand aside during a re-evaluation of every
-- open clock); SQLite's path is unchanged. Kept so both folders list the same migrations.
SELECT 1;
