#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL cluster for the tests.
#   pg-fixture.sh start DIR   — cluster in a private temporary directory, reachable
#                               only through a Unix socket; DIR/url holds its URL
#   pg-fixture.sh stop DIR
# Set WEIBAO_TEST_PG_URL to use a server of your own instead.
set -euo pipefail
action=$1 dir=$2
mkdir -p "$dir"

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] || { echo "pg-fixture: PostgreSQL is not installed (scripts/install-deps.sh)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $action in
start)
  if [ -n "${WEIBAO_TEST_PG_URL:-}" ]; then echo "$WEIBAO_TEST_PG_URL" > "$dir/url"; exit 0; fi
  [ -f "$dir/cluster" ] && "$0" stop "$dir" || true
  cluster=$(mktemp -d /tmp/weibao-pg.XXXXXX)
  chmod 755 "$cluster"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$cluster"
  as_pg "$pgbin/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  as_pg "$pgbin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w -t 60 \
    -o "-c listen_addresses='' -k $cluster -c fsync=off -c max_connections=200" start >/dev/null ||
    { cat "$cluster/log" >&2; exit 1; }
  echo "$cluster" > "$dir/cluster"
  echo "postgresql://postgres@/postgres?host=$cluster" > "$dir/url"
  ;;
stop)
  [ -f "$dir/cluster" ] || exit 0
  cluster=$(cat "$dir/cluster")
  as_pg "$pgbin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$cluster" "$dir/cluster" "$dir/url"
  ;;
*) echo "usage: pg-fixture.sh start|stop DIR" >&2; exit 2 ;;
esac
