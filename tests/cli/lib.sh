# Shared helpers of the command-line tests (sourced).
# Usage in a test: source lib.sh; check "name" cmd…; expect_exit N "name" cmd…; finish
set -u
WEIBAO=${1:?usage: test_x.sh /path/to/weibao}
WEIBAO=$(cd "$(dirname "$WEIBAO")" && pwd)/$(basename "$WEIBAO")
TMP=$(mktemp -d /tmp/weibao-cli.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
OUT=$TMP/out ERR=$TMP/err

# expect_exit CODE NAME CMD… — runs CMD, capturing stdout/stderr in $OUT/$ERR.
expect_exit() {
  local want=$1 name=$2; shift 2
  "$@" >"$OUT" 2>"$ERR" </dev/null
  local got=$?
  if [ "$got" -eq "$want" ]; then passed=$((passed + 1)); echo "ok - $name"
  else failed=$((failed + 1)); echo "not ok - $name (exit $got, wanted $want)"; sed 's/^/  # /' "$ERR" | head -5; fi
}

# assert NAME TEST-EXPRESSION… — a [ ] test.
assert() {
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok - $name"
  else failed=$((failed + 1)); echo "not ok - $name"; fi
}

contains() { grep -q -- "$2" "$1"; }

# A fresh PostgreSQL database on the test cluster; prints its URL.
pg_database() {
  local base; base=$(cat "${WEIBAO_TEST_PG_DIR:?}/url")
  local name="cli_$1_$$"
  psql -q "$base" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null 2>&1 || return 1
  case $base in *\?*) echo "$base&dbname=$name" ;; *) echo "$base?dbname=$name" ;; esac
}

# gid ADDRESS YYYYMMDD SEQUENCE — a valid resident ID number (GB 11643 check
# character) for test data.
gid() {
  python3 -c '
import sys
body = "%s%s%03d" % (sys.argv[1], sys.argv[2], int(sys.argv[3]))
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
print(body + "10X98765432"[sum(int(c) * x for c, x in zip(body, w)) % 11])' "$@"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_http URL — waits up to 10 s for an answer.
wait_http() {
  for _ in $(seq 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}

# no_totp DIR — adds `totp_required_permissions =` to DIR/weibao.conf: admin
# then signs in with its password alone (by default administrators must use
# two-factor sign-in, and reach nothing but its set-up until they have).
no_totp() {
  grep -qs '^totp_required_permissions' "$1/weibao.conf" ||
    printf 'totp_required_permissions =\n' >>"$1/weibao.conf"
}

# serve_admin [SERVE ARGS…] — starts `weibao serve` on a free port with the
# given --data/--db (no two-factor sign-in required there: no_totp), waits for
# it and signs in as admin: sets pid, base (the API's URL), jar (the cookie
# file) and csrf.
serve_admin() {
  local port a prev=
  for a in "$@"; do [ "$prev" = --data ] && no_totp "$a"; prev=$a; done
  port=$(free_port)
  "$WEIBAO" serve "$@" --listen "127.0.0.1:$port" >"$TMP/serve.log" 2>&1 &
  pid=$!
  assert "serve answers" wait_http "http://127.0.0.1:$port/healthz"
  base="http://127.0.0.1:$port/api/v1"
  jar=$TMP/jar
  curl -s -c "$jar" -H 'content-type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$WEIBAO_ADMIN_PASSWORD\"}" "$base/session" > "$OUT"
  csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$OUT")
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
