-- 单位内案件编号 — the ids of each unit's enforcement cases, in order. A text search within a
-- scope (a county clerk, a city at a province) is bounded by the smallest and largest id of its
-- units' cases, two look-ups a unit here (list_query's `id_range_probe`). At a province the
-- cities' cases lie in id blocks (a federation's node blocks, or cities built one after the
-- other), so without the bound the newest-first search walked the other cities' blocks first:
-- a county clerk's search for a common word took 2.8 s among 8.2 M cases (docs/BENCHMARKS.md).
CREATE INDEX enforcement_case_unit_ids ON enforcement_case (org_id, id);
