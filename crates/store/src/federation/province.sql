-- 省级联邦库 — the province's side of a federation (PostgreSQL only; run by
-- `fazhi federation join`, idempotent). Cities publish their registers, org tree, indicator
-- cells and reported values; the province subscribes (logical replication). Each city's rows
-- carry ids of its own block (`federation_member.id_min..id_max`, set by `city-init`), so the
-- cities' rows never collide at the province and one range test tells whose a row is.

CREATE TABLE IF NOT EXISTS federation_member (
    subscription TEXT   PRIMARY KEY,
    node         BIGINT NOT NULL UNIQUE,
    region_code  TEXT   NOT NULL,
    name         TEXT   NOT NULL,
    id_min       BIGINT NOT NULL,
    id_max       BIGINT NOT NULL,
    parent_org   BIGINT NOT NULL,
    joined_at    TEXT   NOT NULL
);

-- Replication workers run with an empty search_path: each function keeps the one it was
-- created with (SET search_path FROM CURRENT).

-- The member whose id block holds `org` (NULL when none: the province's own).
CREATE OR REPLACE FUNCTION fazhi_federation_owner(org BIGINT) RETURNS federation_member
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
    SELECT * FROM federation_member WHERE org BETWEEN id_min AND id_max
$$;

-- A city's data is read-only at the province: a local write (a clerk, an import, the API) to
-- a row of a member's id block is refused. The trigger is an ordinary one, so it does not fire
-- for the replication apply worker (session_replication_role = replica), which is how the
-- city's own changes still arrive. TG_ARGV[0] names the column holding the owning unit's id.
CREATE OR REPLACE FUNCTION fazhi_federation_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    city TEXT;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        city := (fazhi_federation_owner((to_jsonb(OLD) ->> TG_ARGV[0])::BIGINT)).name;
    END IF;
    IF city IS NULL AND TG_OP <> 'DELETE' THEN
        city := (fazhi_federation_owner((to_jsonb(NEW) ->> TG_ARGV[0])::BIGINT)).name;
    END IF;
    IF city IS NOT NULL THEN
        RAISE EXCEPTION '该数据属于%，由该市维护；省级库中城市数据只读', city
            USING ERRCODE = 'FZ001';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$;

-- A city's top unit has no parent in the city; at the province it hangs below the unit named
-- at `join`, so roll-ups and scopes of the province reach it. Fires for replicated rows too.
CREATE OR REPLACE FUNCTION fazhi_federation_city_root() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF NEW.parent_id IS NULL THEN
        NEW.parent_id := (fazhi_federation_owner(NEW.org_id)).parent_org;
    END IF;
    RETURN NEW;
END $$;

-- A replicated indicator cell carries the city's write sequence; readers at the province load
-- the cells changed after the province's own sequence, so the cell is stamped anew from it.
CREATE OR REPLACE FUNCTION fazhi_federation_cell_seq() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF (fazhi_federation_owner(NEW.org_id)).node IS NOT NULL THEN
        UPDATE indicator_state SET seq = seq + 1 WHERE id = 1 RETURNING seq INTO NEW.seq;
    END IF;
    RETURN NEW;
END $$;

-- A replicated reported value or form status moves the province's write counter of the
-- reported values, which its indicator cache watches.
CREATE OR REPLACE FUNCTION fazhi_federation_reported() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO data_generation (source, generation) VALUES ('reported_value', 1)
        ON CONFLICT (source) DO UPDATE SET generation = data_generation.generation + 1;
    RETURN NULL;
END $$;
