#!/usr/bin/env bash
# API tests: starts a real `weibao serve` on a random loopback port with a fresh
# data directory and runs tests/api/*.test.mjs against it with node's test runner.
#   run.sh WEIBAO_BINARY sqlite|postgresql
# WEIBAO_API_TESTS="answers scopes" runs only those files (by name, no suffix).
# WEIBAO_BINARY must be `weibao-test`: the tests move its clock through
# $WEIBAO_TEST_CLOCK_FILE, which the release `weibao` ignores.
# $WEIBAO_SERVER_WRAPPER (e.g. valgrind …) goes in front of the server; its exit
# status after SIGTERM then decides too.
set -u
bin=$1 backend=${2:-sqlite}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/weibao-api.XXXXXX)
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

db_args=()
if [ "$backend" = postgresql ]; then
  base=$(cat "${WEIBAO_TEST_PG_DIR:?}/url")
  name="api_$$"
  psql -q "$base" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null || exit 1
  case $base in *\?*) url="$base&dbname=$name" ;; *) url="$base?dbname=$name" ;; esac
  db_args=(--db "$url")
fi

export WEIBAO_ADMIN_PASSWORD="Api-test-Tongxiang-2022"
export WEIBAO_TEST_CLOCK_FILE="$tmp/clock"
echo 0 > "$WEIBAO_TEST_CLOCK_FILE"
"$bin" init --data "$tmp/data" "${db_args[@]}" >/dev/null || exit 1
# small limits where the tests need to reach them quickly
cat > "$tmp/data/weibao.conf" <<CONF
# written by tests/api/run.sh
login_ip_limit = 1000
# every refusal of the tests gets its own event (the rate limit has its own CLI test)
audit_refusal_limit = 100000
# a small task quota that the attachment test reaches quickly
attachment_task_quota_bytes = 12000
# admin signs in with its password alone in every test file: nobody must use
# two-factor sign-in here (totp.test.mjs starts a server of its own that requires it)
totp_required_permissions =
CONF
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
${WEIBAO_SERVER_WRAPPER:-} "$bin" serve --data "$tmp/data" "${db_args[@]}" --listen "127.0.0.1:$port" \
  >"$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$tmp/server.log"; exit 1; }
  sleep 0.1
done

# WEIBAO_TEST_DB: the database, for a test that starts a second server on it
WEIBAO_URL="http://127.0.0.1:$port" WEIBAO_DATA="$tmp/data" WEIBAO_BIN="$bin" WEIBAO_BACKEND="$backend" \
  WEIBAO_TEST_DB="${url:-$tmp/data/weibao.db}" \
  node --test --test-concurrency=1 $(if [ -n "${WEIBAO_API_TESTS:-}" ]; then
    for f in $WEIBAO_API_TESTS; do echo "$here/$f.test.mjs"; done
  else echo "$here"/*.test.mjs; fi)
status=$?

kill -TERM $pid
wait $pid
server_status=$?
if [ $status -ne 0 ]; then
  echo "# the server's log (tail):" >&2
  tail -30 "$tmp/server.log" | sed 's/^/#   /' >&2
fi
if [ $server_status -ne 0 ]; then
  echo "# the server exited with status $server_status" >&2
  tail -50 "$tmp/server.log" >&2
  [ $status -eq 0 ] && status=1
fi
exit $status
