-- 文本检索的二字索引 — PostgreSQL only (text_pairs, its function of migration 0018, loses a
-- sort); SQLite's FTS5 pair index is unchanged. Kept so both folders list the same migrations.
SELECT 1;
