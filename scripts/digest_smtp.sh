#!/usr/bin/env bash
# The daily 待办 digest end to end: a small demo city, an e-mail address given to the county
# clerk through the API (a malformed one refused), `fazhi digest` sending through a local SMTP
# sink (aiosmtpd from PyPI, in the API tests' venv), and the letter read back from the sink's
# Maildir: one letter, to the clerk, with the clerk's 待办 in Chinese.
# Usage: FAZHI_BIN=path/to/fazhi bash scripts/digest_smtp.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
FAZHI_BIN=${FAZHI_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/fazhi}
VENV=${FAZHI_API_VENV:-${CARGO_TARGET_DIR:-$ROOT/target}/api-venv}
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import aiosmtpd' 2>/dev/null || "$VENV/bin/pip" install --quiet 'aiosmtpd>=1.4'
WORK=$(mktemp -d /tmp/fazhi-digest.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

DB="sqlite://$WORK/digest.db"
"$FAZHI_BIN" demo --db "$DB" --scale 0.001 >/dev/null
PORT=$(free_port)
"$FAZHI_BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
PIDS+=($!)
BASE="http://127.0.0.1:$PORT"
wait_for "$BASE/healthz"
curl -sf -c "$WORK/jar" -H 'content-type: application/json' \
  -d '{"username":"admin","password":"Fazhi@2024"}' "$BASE/api/v1/login" -o "$WORK/login.json"
CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$WORK/login.json")
put_email() {
  curl -s -o "$WORK/put.json" -w '%{http_code}' -b "$WORK/jar" -X PUT -H "x-csrf-token: $CSRF" \
    -H 'content-type: application/json' -d "{\"email\":\"$1\"}" "$BASE/api/v1/users/clerk"
}
status=$(put_email 'not an address')
[ "$status" = 422 ] || { echo "a malformed address gave $status: $(cat "$WORK/put.json")" >&2; exit 1; }
grep -q '电子邮箱' "$WORK/put.json" || { echo "no Chinese error: $(cat "$WORK/put.json")" >&2; exit 1; }
status=$(put_email 'clerk@lps.gov.cn')
[ "$status" = 200 ] || { echo "setting the address gave $status: $(cat "$WORK/put.json")" >&2; exit 1; }

SMTP_PORT=$(free_port)
"$VENV/bin/python" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$WORK/mail" &
PIDS+=($!)
for _ in $(seq 1 100); do python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$SMTP_PORT),1)" 2>/dev/null && break; sleep 0.1; done
"$FAZHI_BIN" digest --db "$DB" --smtp "127.0.0.1:$SMTP_PORT" --from fazhi@lps.gov.cn --site "$BASE/" \
  | tee "$WORK/digest.out"
grep -q '已发送待办邮件 1 封' "$WORK/digest.out"
"$VENV/bin/python" - "$WORK/mail" "$BASE/" <<'PY'
import mailbox, sys
from email.header import decode_header, make_header
box = mailbox.Maildir(sys.argv[1], create=False)
letters = list(box)
assert len(letters) == 1, f"{len(letters)} letters"
letter = letters[0]
assert "clerk@lps.gov.cn" in letter["To"], letter["To"]
subject = str(make_header(decode_header(letter["Subject"])))
assert subject.startswith("法治政府建设管理平台:您有"), subject
body = letter.get_payload(decode=True).decode("utf-8")
for want in ["区县业务员您好", "您的待办如下", "法定期限:已逾期", sys.argv[2]]:
    assert want in body, f"{want!r} not in the letter:\n{body}"
print("digest letter ok:", subject)
PY
