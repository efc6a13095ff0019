# A throwaway PostgreSQL on a free loopback port, for scripts/test.sh and the benchmarks
# (sourced, not run). `pg_start [-c name=value …]` initialises a cluster in a new temp
# directory (C.UTF-8, trust on loopback, fsync off: nothing in it outlives the run) and starts
# it; `pg_stop` stops it and removes the directory. After `pg_start`: PG_BIN (the newest
# installed PostgreSQL's programs), PG_DIR, PG_PORT and PG_URL (its `postgres` database).
PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
PG_DIR=
PG_PORT=
PG_URL=
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_start() {
  PG_DIR=$(mktemp -d /tmp/fazhi-pg.XXXXXX)
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
  run_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres --locale=C.UTF-8 -E UTF8 >/dev/null
  run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c fsync=off -c max_connections=200 $*" \
    start >/dev/null
  PG_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
}

pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}
