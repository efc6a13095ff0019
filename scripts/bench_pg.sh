#!/usr/bin/env bash
# The PostgreSQL benchmarks of issue 24 on a throwaway server this script starts on loopback
# and removes at the end: the bulk import (`fazhi bench import --db`, SQLite beside it in the
# same run, on the same file) and the re-evaluation of open clocks (`fazhi bench deadlines
# --db`, then the same on SQLite in a temp file). Each gets a database made as docs/SCALING.md advises for
# production (C collation, C.UTF-8 character classes).
# Usage: bash scripts/bench_pg.sh FAZHI_BIN [ROWS] [CLOCKS]
#   e.g. bash scripts/bench_pg.sh target/release/fazhi 300000 1000000
# Server settings are those of docs/BENCHMARKS.md's runs; pass others in PG_SETTINGS, e.g.
#   PG_SETTINGS="-c shared_buffers=512MB" on a machine with less memory.
set -euo pipefail
BIN=$(realpath "${1:?fazhi binary}")
ROWS=${2:-300000}
CLOCKS=${3:-1000000}
source "$(dirname "$0")/throwaway_pg.sh"
trap pg_stop EXIT
pg_start ${PG_SETTINGS:--c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=512MB}
fresh() { # name → url of a new, empty database
  "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c \
    "CREATE DATABASE $1 TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
  echo "postgres://postgres@127.0.0.1:$PG_PORT/$1"
}
echo "fazhi bench on a throwaway $("$PG_BIN/postgres" --version) — $(nproc) cores, $(date -u +%FT%TZ)"
echo "--- bulk import, $ROWS rows"
"$BIN" bench import --rows "$ROWS" --db "$(fresh import)"
echo "--- re-evaluating $CLOCKS open clocks"
"$BIN" bench deadlines --records "$CLOCKS" --db "$(fresh clocks)"
"$BIN" bench deadlines --records "$CLOCKS"
