#!/usr/bin/env bash
# Benchmark of what a user waits for on a running city (issue 18): the cockpit and the indicator
# API cold (first request after a start), warm, and right after a write; a record create through
# the API; register list pages (page 1 and page 1,000, with the filters the UI offers).
# Usage: bash scripts/bench_serve.sh FAZHI_BIN DB_URL [ROUNDS]
#   e.g. bash scripts/bench_serve.sh target/release/fazhi sqlite:///path/demo.db 5
# The README's demo city by default; for a province (`fazhi demo --province`) set
#   BENCH_ORG=520000 (the dashboard's unit), BENCH_COUNTY=520101 (a list filter),
#   BENCH_WRITE_ORG=520101-sfj (where records are created), BENCH_CLERK=clerk-520100.
# Prints one line a measurement: name, then each round's seconds (curl's time_total), then the
# median. Traffic goes to a server it starts on a free loopback port and stops at the end.
set -euo pipefail
BIN=${1:?fazhi binary}
DB=${2:?database url}
ROUNDS=${3:-5}
ORG=${BENCH_ORG:-520200}
COUNTY=${BENCH_COUNTY:-520201}
WRITE_ORG=${BENCH_WRITE_ORG:-520201-sfj}
CLERK=${BENCH_CLERK:-clerk}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

start() {
  "$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "$BASE/login" && return 0
    sleep 0.1
  done
  echo "server did not start" >&2; cat "$WORK/server.log" >&2; exit 1
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }

login() { # the admin (cookies), and a county clerk (clerk.cookies)
  curl -sf -c "$WORK/cookies" -H 'content-type: application/json' \
    -d '{"username":"admin","password":"Fazhi@2024"}' "$BASE/api/v1/login" -o "$WORK/login.json"
  CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$WORK/login.json")
  curl -sf -c "$WORK/clerk.cookies" -H 'content-type: application/json' \
    -d "{\"username\":\"$CLERK\",\"password\":\"Fazhi@2024\"}" "$BASE/api/v1/login" -o /dev/null
}

# Seconds of one GET (fails on a non-2xx answer); clerk_get as the county clerk.
get() { curl -sf -b "$WORK/cookies" -o /dev/null -w '%{time_total}' "$BASE$1"; }
clerk_get() { curl -sf -b "$WORK/clerk.cookies" -o /dev/null -w '%{time_total}' "$BASE$1"; }

create() {
  local n; n=$(date +%s%N)
  curl -sf -b "$WORK/cookies" -H "x-csrf-token: $CSRF" -H 'content-type: application/json' \
    -o /dev/null -w '%{time_total}' "$BASE/api/v1/mediations" -d "{\"org\":\"$WRITE_ORG\",\
\"case_no\":\"BENCH-$n\",\"dispute_type\":\"邻里\",\"parties_count\":2,\
\"received_date\":\"2024-06-05\",\"concluded_date\":\"2024-06-20\",\"outcome\":\"成功\"}"
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

report() { # name, then times
  local name=$1; shift
  printf '%-44s %s  median %s\n' "$name" "$*" "$(echo "$*" | median)"
}

rounds() { # name, command…
  local name=$1; shift
  local times=()
  for _ in $(seq 1 "$ROUNDS"); do times+=("$("$@")"); done
  report "$name" "${times[@]}"
}

after_write() { # name, path
  local times=()
  for _ in $(seq 1 "$ROUNDS"); do create >/dev/null; times+=("$(get "$2")"); done
  report "$1" "${times[@]}"
}

echo "fazhi bench serve — $DB, $(nproc) cores, $ROUNDS rounds, $(date -u +%FT%TZ)"
DASH="/dashboard?org=$ORG&period=2024"
API="/api/v1/indicators?org=$ORG&period=2024"
cold=()
for _ in $(seq 1 3); do
  start; login; cold+=("$(get "$DASH")"); stop
done
report "dashboard, first request after a start" "${cold[@]}"
start; login
get "$DASH" >/dev/null
rounds "dashboard, warm" get "$DASH"
after_write "dashboard, right after a write" "$DASH"
rounds "indicators API, warm" get "$API"
after_write "indicators API, right after a write" "$API"
rounds "record create (API)" create
for path in \
  "/registers/enforcement-cases" \
  "/api/v1/enforcement-cases?limit=20" \
  "/api/v1/enforcement-cases?limit=20&offset=19980" \
  "/api/v1/enforcement-cases?limit=20&org=$COUNTY" \
  "/api/v1/enforcement-cases?limit=20&status=decided" \
  "/api/v1/enforcement-cases?limit=20&from=2024-03-01&to=2024-03-31" \
  "/api/v1/enforcement-cases?limit=20&q=%E5%BC%A0" \
  "/api/v1/enforcement-cases?limit=20&q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8" \
  "/api/v1/enforcement-cases?limit=20&q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8&from=2024-03-01&to=2024-03-31" \
  "/api/v1/enforcement-cases?limit=20&q=%E9%BB%84%E8%AE%B0%E7%BE%8E%E5%8F%91" \
  "/api/v1/enforcement-cases?limit=20&q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8&status=decided" \
  "/api/v1/enforcement-cases?limit=20&q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8&status=revoked" \
  "/api/v1/enforcement-cases?limit=20&q=%E5%BE%90%E7%A3%8A" \
  "/registers/enforcement-cases?due=overdue" \
  "/alerts" \
  "/api/v1/mediations?limit=20" \
  "/registers/mediations?due=overdue"; do
  rounds "GET $path" get "$path"
done
for path in \
  "/api/v1/enforcement-cases?limit=20&offset=19980" \
  "/api/v1/enforcement-cases?limit=20&status=decided" \
  "/api/v1/enforcement-cases?limit=20&q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8" \
  "/registers/enforcement-cases?due=overdue" \
  "/api/v1/enforcement-cases?limit=20&due=overdue&offset=19980"; do
  rounds "clerk GET $path" clerk_get "$path"
done
