-- 整改佐证材料 (issue 20): a problem reported done (申请销号, 已销号) shows its evidence — the
-- 整改报告's 文号 or the materials' names here, or a file attached to the record (record_file).
-- The store checks the rule on every write (LinkCheck::Evidence); rows written before it keep
-- an empty column until they are next edited.
ALTER TABLE rectification_problem ADD COLUMN evidence TEXT;
-- A file the system attached as the document behind a field's value (the 督办函 whose 文号 a
-- batch edit wrote: origin = that field's key) is not evidence; uploads have no origin.
ALTER TABLE record_file ADD COLUMN origin TEXT;
