#!/usr/bin/env bash
# Runs every test of fazhi: formatting and lints, the Rust suites on SQLite and on a real
# PostgreSQL server started here on loopback, and the headless-Chromium browser tests.
# Installs what is missing (Debian packages: postgresql, chromium, libreoffice-writer-nogui,
# poppler-utils, sqlite3; npm: playwright-core, axe-core).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

log() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
# The API contract run makes a venv for openapi-spec-validator and schemathesis.
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
# The annual report's DOCX is checked by converting it to PDF and reading the text back.
need_lean=()
command -v libreoffice >/dev/null 2>&1 || need_lean+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need_lean+=(poppler-utils)
# The import benchmark's references (.import into a bare table, the schema floor) run in it.
command -v sqlite3 >/dev/null 2>&1 || need_lean+=(sqlite3)
if [ ${#need_lean[@]} -gt 0 ]; then
  log "installing ${need_lean[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_lean[@]}" >/dev/null
fi
# Chinese glyphs for the browser screenshots (the UI itself ships no fonts).
{ command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; } || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# --- a throwaway PostgreSQL on a free loopback port ---------------------------------------
source "$ROOT/scripts/throwaway_pg.sh"
# Every file the tests make (SQLite databases, uploads, exports) goes under one directory that
# is removed at the end, pass or fail: the disk is shared, a run must leave nothing behind.
RUN_TMP=$(mktemp -d /tmp/fazhi-run.XXXXXX)
# The federation test starts its own servers in it, run by the postgres account.
chmod 711 "$RUN_TMP"
cleanup() {
  pg_stop
  rm -rf "$RUN_TMP"
}
trap cleanup EXIT
export TMPDIR="$RUN_TMP"
pg_start
log "started PostgreSQL on 127.0.0.1:$PG_PORT"
export FAZHI_TEST_PG_BIN="$PG_BIN"
export FAZHI_TEST_PG_URL="$PG_URL"
export FAZHI_REQUIRE_PG=1
export FAZHI_REQUIRE_LIBREOFFICE=1

# A one-off build: incremental caches would only take disk (gigabytes over the workspace).
export CARGO_INCREMENTAL=0

log "cargo fmt --check"
cargo fmt --all -- --check
log "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

log "Rust tests (SQLite and PostgreSQL)"
if command -v cargo-nextest >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
else
  cargo test --workspace --no-fail-fast
fi

cargo build --quiet --bin fazhi
log "API contract (openapi-spec-validator, schemathesis against a live server)"
FAZHI_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/fazhi" bash "$ROOT/scripts/api_contract.sh"

log "daily digest through an SMTP sink (aiosmtpd)"
FAZHI_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/fazhi" bash "$ROOT/scripts/digest_smtp.sh"

log "browser tests (headless Chromium)"
cd "$ROOT/tests/browser"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then npm ci --silent --no-audit --no-fund; fi
FAZHI_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/fazhi" node --test
