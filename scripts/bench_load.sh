#!/usr/bin/env bash
# Mixed load of many clerks at once (issue 18): wrk on loopback, CLIENTS connections for SECONDS
# seconds, 90 % reads (register lists with filters, page 1 and deep pages, record pages, the
# cockpit, the indicator API, alerts) and 10 % record creates, each request as admin, the city
# office or a county clerk; then `fazhi indicators check` proves the figures equal a rebuild.
# With SERVERS=2 two `fazhi serve` processes share the database (PostgreSQL) and the clients are
# split between them.
# Usage: bash scripts/bench_load.sh FAZHI_BIN DB_URL [SECONDS] [CLIENTS] [SERVERS]
# It writes records: run it on a copy of the demo database. Needs wrk (Debian package wrk).
# The README's demo city by default; for a province (`fazhi demo --province`) set
#   BENCH_ORG=520000 (the dashboard's unit), BENCH_OFFICE=office-520100, BENCH_CLERK=clerk-520100.
set -euo pipefail
BIN=${1:?fazhi binary}
DB=${2:?database url}
SECONDS_RUN=${3:-60}
CLIENTS=${4:-32}
SERVERS=${5:-1}
ORG=${BENCH_ORG:-520200}
OFFICE_USER=${BENCH_OFFICE:-office}
CLERK_USER=${BENCH_CLERK:-clerk}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
WORK=$(mktemp -d)
PIDS=()
PORTS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for i in $(seq 1 "$SERVERS"); do
  port=$(free_port)
  "$BIN" serve --db "$DB" --listen "127.0.0.1:$port" >"$WORK/server$i.log" 2>&1 &
  PIDS+=($!)
  PORTS+=("$port")
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
done
BASE="http://127.0.0.1:${PORTS[0]}"

# One "cookie|csrf|write unit|role" per user; sessions live in the database, so every server
# accepts them.
login() { # username → spec
  local jar="$WORK/$1.cookies"
  curl -sf -c "$jar" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"Fazhi@2024\"}" "$BASE/api/v1/login" -o "$WORK/$1.json"
  local csrf cookie
  csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$WORK/$1.json")
  cookie=$(awk '!/^#/ && NF >= 7 {print $6 "=" $7}' "$jar" | head -n 1)
  [ -n "$cookie" ] || cookie=$(awk '/HttpOnly_/ {print $6 "=" $7}' "$jar" | head -n 1)
  echo "$cookie|$csrf"
}
ADMIN=$(login admin); OFFICE=$(login "$OFFICE_USER"); CLERK=$(login "$CLERK_USER")
get_json() { curl -sf -H "Cookie: ${1%%|*}" "$BASE$2"; }
# The clerk's county and a 司法局 under it (人民调解 is recorded by the 司法所/司法局).
read -r COUNTY UNIT < <(get_json "$CLERK" /api/v1/orgs | python3 -c '
import json, sys
orgs = json.load(sys.stdin)
county = next(o["code"] for o in orgs if o.get("kind") == "county")
unit = next((o["code"] for o in orgs if o["code"].startswith(county) and o["code"].endswith("-sfj")), county)
print(county, unit)')
# Record pages: ids from the clerk's own lists, so every user may read them.
{
  for reg in enforcement-cases mediations reconsiderations publicity-records; do
    get_json "$CLERK" "/api/v1/$reg?limit=10" | python3 -c '
import json, sys
reg = sys.argv[1]
for r in json.load(sys.stdin)["items"]:
    print("*", "/registers/%s/%s" % (reg, r["id"]))' "$reg"
  done
  for path in \
    "/registers/enforcement-cases" "/registers/mediations" "/registers/reconsiderations" \
    "/api/v1/enforcement-cases?limit=20" "/api/v1/enforcement-cases?limit=20&offset=19980" \
    "/api/v1/enforcement-cases?limit=20&status=decided" \
    "/api/v1/enforcement-cases?limit=20&from=2024-03-01&to=2024-03-31" \
    "/api/v1/enforcement-cases?limit=20&q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8" \
    "/api/v1/mediations?limit=20" "/api/v1/publicity-records?limit=20" \
    "/registers/mediations?due=overdue" "/alerts" "/"; do
    echo "* $path"
  done
  echo "city /dashboard?org=$ORG&period=2024"
  echo "city /api/v1/indicators?org=$ORG&period=2024"
  echo "county /dashboard?org=$COUNTY&period=2024"
  echo "county /api/v1/indicators?org=$COUNTY&period=2024"
  echo "county /api/v1/enforcement-cases?limit=20&org=$COUNTY"
} >"$WORK/paths.txt"
USERS=("$ADMIN|$UNIT|city" "$OFFICE|$UNIT|city" "$CLERK|$UNIT|county")

echo "fazhi bench load — $DB, $(nproc) cores, $SERVERS server(s), $CLIENTS clients, ${SECONDS_RUN} s, $(date -u +%FT%TZ)"
echo "read paths: $(wc -l <"$WORK/paths.txt"), users: admin, $OFFICE_USER, $CLERK_USER ($COUNTY), writes into $UNIT"
per=$((CLIENTS / SERVERS))
i=0
for port in "${PORTS[@]}"; do
  i=$((i + 1))
  wrk -t 2 -c "$per" -d "${SECONDS_RUN}s" --timeout 10s --latency -s "$HERE/bench_load.lua" \
    "http://127.0.0.1:$port" -- "$WORK/paths.txt" "${USERS[@]}" >"$WORK/wrk$i.out" 2>"$WORK/wrk$i.err" &
done
wait_wrk() { for j in $(jobs -p); do case " ${PIDS[*]} " in *" $j "*) ;; *) wait "$j" ;; esac; done; }
wait_wrk
for j in $(seq 1 "$SERVERS"); do
  echo "--- server $j"
  cat "$WORK/wrk$j.out"
  head -n 5 "$WORK/wrk$j.err"
done
# What each read costs alone, after the load (one client, median of 3, as the path's user):
# the slowest ten say where the mixed load's time goes.
echo "--- the slowest reads alone (median of 3 s, path)"
while read -r role path; do
  case $role in city) spec=$ADMIN ;; county) spec=$CLERK ;; *) spec=$CLERK ;; esac
  times=()
  for _ in 1 2 3; do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: ${spec%%|*}" "$BASE$path")")
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)" "$path"
done <"$WORK/paths.txt" | sort -gr | head -n 10
for pid in "${PIDS[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
PIDS=()
for j in $(seq 1 "$SERVERS"); do
  errors=$(grep -ci "error" "$WORK/server$j.log" || true)
  echo "--- server $j log: $errors error lines"
  grep -i "error" "$WORK/server$j.log" | head -n 3 || true
done
if [ -n "${KEEP_PATHS:-}" ]; then cp "$WORK/paths.txt" "$KEEP_PATHS"; fi
echo "--- figures after the load"
"$BIN" indicators check --db "$DB"
