#!/usr/bin/env bash
# The test clock: the release `weibao` ($1) ignores WEIBAO_TEST_CLOCK_OFFSET and
# WEIBAO_TEST_CLOCK_FILE; only `weibao-test` ($WEIBAO_TEST_BIN) moves its clock,
# and says so once on stderr.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Clock-test-Tongxiang-1"
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN WEIBAO_TEST_CLOCK_OFFSET WEIBAO_TEST_CLOCK_FILE
TESTBIN=${WEIBAO_TEST_BIN:?the path of weibao-test (tests/CMakeLists.txt sets it)}
SHIFT=-100000000 # about three years back
echo "$SHIFT" > "$TMP/clock"
LINE="weibao: TEST CLOCK active: offset $SHIFT s"

lacks() { ! grep -qa -- "$2" "$1"; }
# near T WANT — T is within a minute of WANT
near() { local d=$(($1 - $2)); [ "${d#-}" -le 60 ]; }
last_event() { sqlite3 "$1/weibao.db" "SELECT at FROM audit_events ORDER BY id DESC LIMIT 1"; }

# sign_in NAME BIN DIR — serves DIR with BIN (in the caller's environment),
# signs in as admin, uses the session; sets AT to the time of the sign-in's
# audit event and leaves the server's output in $TMP/serve.out and .err.
sign_in() {
  local name=$1 bin=$2 dir=$3 port url pid
  port=$(free_port) url=http://127.0.0.1:$port
  no_totp "$dir"
  "$bin" serve --data "$dir" --listen "127.0.0.1:$port" >"$TMP/serve.out" 2>"$TMP/serve.err" &
  pid=$!
  assert "$name: serve answers" wait_http "$url/healthz"
  rm -f "$TMP/jar"
  code=$(curl -s -o "$OUT" -w '%{http_code}' -c "$TMP/jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$WEIBAO_ADMIN_PASSWORD\"}" "$url/api/v1/session")
  assert "$name: admin signs in" test "$code" = 200
  code=$(curl -s -o "$OUT" -w '%{http_code}' -b "$TMP/jar" "$url/api/v1/me")
  assert "$name: the session works" test "$code" = 200
  curl -s -o "$OUT" -b "$TMP/jar" "$url/api/v1/audit?user=admin&action=session.create"
  AT=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["items"][0]["at"])' <"$OUT" 2>/dev/null || echo 0)
  kill -TERM "$pid"; wait "$pid"
  assert "$name: serve exits 0 on SIGTERM" test $? -eq 0
}

# --- the release binary -------------------------------------------------------
assert "weibao does not even contain the variables' names" lacks "$WEIBAO" WEIBAO_TEST_CLOCK
D=$TMP/release
export WEIBAO_TEST_CLOCK_OFFSET=$SHIFT WEIBAO_TEST_CLOCK_FILE=$TMP/clock
expect_exit 0 "weibao init with the test clock variables set" "$WEIBAO" init --data "$D"
assert "init's audit events are at the real time" near "$(last_event "$D")" "$(date +%s)"
assert "init says nothing of a test clock" lacks "$ERR" "TEST CLOCK"
sign_in "weibao" "$WEIBAO" "$D"
assert "the sign-in event is at the real time" near "$AT" "$(date +%s)"
expires=$(sqlite3 "$D/weibao.db" "SELECT max(expires_at) FROM sessions")
assert "the session expires after the real time" test "${expires:-0}" -gt "$(date +%s)"
assert "serve says nothing of a test clock" lacks "$TMP/serve.err" "TEST CLOCK"
unset WEIBAO_TEST_CLOCK_OFFSET WEIBAO_TEST_CLOCK_FILE

# --- weibao-test ----------------------------------------------------------------
T=$TMP/test
expect_exit 0 "weibao-test init without the variables" "$TESTBIN" init --data "$T"
assert "its clock is the real time" near "$(last_event "$T")" "$(date +%s)"
assert "and it announces no test clock" lacks "$ERR" "TEST CLOCK"
WEIBAO_TEST_CLOCK_OFFSET=$SHIFT sign_in "weibao-test" "$TESTBIN" "$T"
assert "WEIBAO_TEST_CLOCK_OFFSET moves the sign-in event" near "$AT" "$(($(date +%s) + SHIFT))"
assert "serve announces the test clock on stderr" contains "$TMP/serve.err" "^$LINE\$"
assert "once" test "$(grep -c "TEST CLOCK" "$TMP/serve.err")" -eq 1
assert "and not on stdout" lacks "$TMP/serve.out" "TEST CLOCK"
WEIBAO_TEST_CLOCK_FILE=$TMP/clock WEIBAO_USER_PASSWORD="Clock-user-pass-1" expect_exit 0 \
  "weibao-test user add with WEIBAO_TEST_CLOCK_FILE" "$TESTBIN" user add clock01 --name 时钟 --role leader --data "$T"
assert "WEIBAO_TEST_CLOCK_FILE moves its audit event" near "$(last_event "$T")" "$(($(date +%s) + SHIFT))"
assert "the command announces the test clock on stderr" contains "$ERR" "^$LINE\$"
assert "not on stdout" lacks "$OUT" "TEST CLOCK"

finish
