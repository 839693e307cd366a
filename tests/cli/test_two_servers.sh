#!/usr/bin/env bash
# Two `weibao serve` on one PostgreSQL database behave as one system: a
# session of one works on the other, a lock-out made on one holds on the
# other, concurrent writes on both leave one unbroken audit chain, and the
# background 督办 round runs once, not once per server.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Two-servers-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA
pid1= pid2=
trap 'kill $pid1 $pid2 2>/dev/null; rm -rf "$TMP"' EXIT

PG=$(pg_database two) || { echo "not ok - no PostgreSQL test database"; exit 1; }
D=$TMP/data
"$WEIBAO" init --data "$D" --db "$PG" >/dev/null
no_totp "$D"
# a plan already overdue, so the first 督办 round has work to do
"$WEIBAO" plan import "$WEIBAO_SOURCE_DIR/data/tongxiang-2022-workplan.txt" --data "$D" --db "$PG" >/dev/null
start() {  # start PORTVAR PIDVAR
  local port; port=$(free_port)
  "$WEIBAO" serve --data "$D" --db "$PG" --listen "127.0.0.1:$port" >>"$TMP/serve.log" 2>&1 &
  eval "$2=$!; $1=$port"
}
start p1 pid1
start p2 pid2
assert "server 1 answers" wait_http "http://127.0.0.1:$p1/healthz"
assert "server 2 answers" wait_http "http://127.0.0.1:$p2/healthz"
b1="http://127.0.0.1:$p1/api/v1" b2="http://127.0.0.1:$p2/api/v1"

curl -s -c "$TMP/jar" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$WEIBAO_ADMIN_PASSWORD\"}" "$b1/session" > "$OUT"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$OUT")
assert "a session made on server 1 works on server 2" \
  test "$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/jar" "$b2/me")" = 200

WEIBAO_USER_PASSWORD=Two-servers-user-1 "$WEIBAO" user add twolock --name 锁定 --role leader --data "$D" --db "$PG" >/dev/null
for i in 1 2 3; do curl -s -o /dev/null -H 'content-type: application/json' -d '{"username":"twolock","password":"wrong-pass-1"}' "$b1/session"; done
for i in 1 2; do curl -s -o /dev/null -H 'content-type: application/json' -d '{"username":"twolock","password":"wrong-pass-1"}' "$b2/session"; done
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
  -d '{"username":"twolock","password":"Two-servers-user-1"}' "$b1/session")
assert "five failures spread over both servers lock the account on both ($code)" test "$code" = 401

# concurrent writes on both servers
write() {  # write BASE FROM TO
  for i in $(seq "$2" "$3"); do
    curl -s -o /dev/null -w '%{http_code}\n' -b "$TMP/jar" -H 'content-type: application/json' \
      -H "x-csrf-token: $csrf" -d "{\"code\":\"330483101$i\",\"name\":\"双机村$i\"}" "$1/divisions"
  done
}
write "$b1" 100 249 > "$TMP/w1" &
w1=$!
write "$b2" 250 399 > "$TMP/w2" &
w2=$!
wait $w1 $w2
cat "$TMP/w1" | sort | uniq -c >&2
ok=$(cat "$TMP/w1" "$TMP/w2" | grep -c "^201$")
assert "all 300 writes on both servers were acknowledged ($ok)" test "$ok" = 300
got=$(psql -Atq "$PG" -c "SELECT count(*) FROM divisions WHERE code LIKE '330483101%' AND length(code) = 12")
assert "and all 300 are there ($got)" test "$got" = 300
expect_exit 0 "the audit chain has no fork and no gap" "$WEIBAO" audit verify --data "$D" --db "$PG"
rounds=$(psql -Atq "$PG" -c "SELECT count(*) FROM audit_events WHERE action = 'supervision.run'")
assert "the background 督办 round ran once, not once per server ($rounds)" test "$rounds" = 1
holders=$(psql -Atq "$PG" -c "SELECT count(*) FROM job_leases WHERE name = 'supervise'")
assert "one lease records who ran it" test "$holders" = 1
kill $pid1 $pid2; wait $pid1 $pid2 2>/dev/null; pid1= pid2=
finish
