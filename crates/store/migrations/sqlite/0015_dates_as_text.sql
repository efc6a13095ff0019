-- 日期列按文本比较 — a date is stored as its ISO text ('2024-06-05'). Declared DATE, a column has
-- NUMERIC affinity in SQLite, so every comparison of a date column with a date first tried to
-- read both sides as numbers (sqlite3AtoF: a fifth to a quarter of the cockpit's and the alerts'
-- time over 100,000 overdue clocks, measured with perf on the full demo). Declared TEXT, the
-- columns compare as the text they hold. New SQLite tables declare their dates TEXT.
--
-- Only the declared type changes; no stored value does: NUMERIC affinity keeps a value that is
-- not a well-formed number as text, an ISO date is not one, and every date is parsed before it is
-- stored. A change that leaves the file's content as it is may be made by editing the schema
-- text (https://sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes");
-- a rebuild of the register tables would copy 1.7 M rows and their indexes for nothing.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(replace(replace(sql, ' DATE ', ' TEXT '), ' DATE,', ' TEXT,'),
                     ' DATE' || char(10), ' TEXT' || char(10))
 WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations';
PRAGMA writable_schema = RESET;
-- Any schema change bumps the schema cookie, so every open connection reloads the schema.
CREATE TABLE dates_as_text_done (id INTEGER);
DROP TABLE dates_as_text_done;
