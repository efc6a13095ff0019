#!/usr/bin/env bash
# 公示平台 under load (issue 22): wrk on loopback, CLIENTS connections for SECONDS seconds each:
# first /healthz (the baseline of the same server in the same run), then 双公示 searches by
# part of a party name and by 统一社会信用代码, then decision pages. The queries come from the
# portal itself (its CSV download and result pages), so every one finds public decisions.
# The per-address limit is switched off (--portal-rate 0): all clients share one address.
# Usage: bash scripts/bench_portal.sh FAZHI_BIN DB_URL [SECONDS] [CLIENTS]
# Needs wrk and python3.
set -euo pipefail
BIN=${1:?fazhi binary}
DB=${2:?database url}
SECONDS_RUN=${3:-20}
CLIENTS=${4:-64}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
WORK=$(mktemp -d)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --portal-rate 0 >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 600); do curl -sf -o /dev/null "$BASE/healthz" && break; sleep 0.1; done
# The first portal read builds the index: time it (the cold start a restart costs).
start=$(date +%s.%N)
curl -sf -o /dev/null "$BASE/gongshi/"
echo "index built on first read: $(python3 -c "print(round($(date +%s.%N) - $start, 2))") s"

curl -sf "$BASE/gongshi/decisions.csv" -o "$WORK/latest.csv"
for page in 1 2 3 4 5 10 20 30 40 50; do
  curl -sf "$BASE/gongshi/decisions?page=$page" || true
done | grep -o 'href="/gongshi/decisions/[0-9]*"' | sed 's/href="//; s/"$//' | sort -u >"$WORK/decisions.txt"
python3 - "$WORK/latest.csv" "$WORK/names.txt" "$WORK/codes.txt" <<'PY'
import csv, sys, urllib.parse
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))[1:]
names, codes = set(), set()
for r in rows:
    name, code = r[2], r[4]
    # Part of the name: the four characters after the place prefix, as a person would type.
    core = name[3:7] if len(name) >= 7 else name
    if len(core) >= 2:
        names.add(core)
    if len(code) == 18 and "*" not in code:
        codes.add(code)
with open(sys.argv[2], "w") as f:
    for n in sorted(names):
        f.write("/gongshi/decisions?q=%s\n" % urllib.parse.quote(n))
with open(sys.argv[3], "w") as f:
    for c in sorted(codes):
        f.write("/gongshi/decisions?q=%s\n" % c)
PY
cat "$WORK/names.txt" "$WORK/codes.txt" >"$WORK/searches.txt"
echo "paths: $(wc -l <"$WORK/names.txt") name searches, $(wc -l <"$WORK/codes.txt") credit-code searches, $(wc -l <"$WORK/decisions.txt") decision pages; cores: $(nproc)"
echo "/healthz" >"$WORK/health.txt"
run() { # label file
  echo "== $1 ($CLIENTS clients, ${SECONDS_RUN}s)"
  wrk -t2 -c"$CLIENTS" -d"${SECONDS_RUN}s" --latency -s "$HERE/bench_portal.lua" "$BASE" -- "$2" \
    | grep -E 'Requests/sec|99%|50%|Non-2xx|failed|Socket errors'
}
run "baseline /healthz" "$WORK/health.txt"
run "双公示 search (name and credit code)" "$WORK/searches.txt"
run "双公示 search, names only" "$WORK/names.txt"
run "decision pages" "$WORK/decisions.txt"

# Right after writes: a clerk records five 双公示 decisions a second through the API while the
# searches run, so the index is reloaded every second (each reload re-reads the register).
curl -sf -c "$WORK/jar" -H 'content-type: application/json' \
  -d '{"username":"admin","password":"Fazhi@2024"}' "$BASE/api/v1/login" -o "$WORK/login.json"
CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$WORK/login.json")
DAY=$(date +%F)
(
  i=0
  while :; do
    i=$((i + 1))
    curl -s -o /dev/null -w '%{http_code}\n' -b "$WORK/jar" -H "x-csrf-token: $CSRF" -H 'content-type: application/json' \
      -d "{\"org\":\"520200\",\"kind\":\"行政许可\",\"decision_no\":\"压测许〔$$〕${i}号\",\"party_name\":\"压测商贸有限公司${i}\",\"party_category\":\"法人及非法人组织\",\"content\":\"准予经营\",\"decision_date\":\"$DAY\",\"published_date\":\"$DAY\"}" \
      "$BASE/api/v1/publicity-records" >>"$WORK/writes.txt"
    sleep 0.2
  done
) &
WRITER=$!
run "双公示 search while records are written" "$WORK/searches.txt"
kill $WRITER 2>/dev/null; wait $WRITER 2>/dev/null || true
echo "writes during the run: $(grep -c '^201' "$WORK/writes.txt") created, $(grep -vc '^201' "$WORK/writes.txt") refused"
found=$(curl -sf "$BASE/gongshi/decisions?q=%E5%8E%8B%E6%B5%8B%E5%95%86%E8%B4%B8" | grep -o '共 [0-9]* 条' || echo none)
echo "the written records in the portal a moment later: $found"
