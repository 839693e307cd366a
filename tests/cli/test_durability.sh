#!/usr/bin/env bash
# Operator faults: a database others may read, another process holding the
# write lock, a flood of refusals.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Durability-test-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA
pid=
trap 'kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
chmod 666 "$D/weibao.db"
expect_exit 1 "a database file others may write is refused" "$WEIBAO" user list --data "$D"
assert "and the reason names chmod 600" contains "$ERR" "chmod 600"
chmod 600 "$D/weibao.db"
expect_exit 0 "mode 0600 is fine" "$WEIBAO" user list --data "$D"

cat > "$D/weibao.conf" <<CONF
audit_refusal_limit = 5
CONF
serve_admin --data "$D"

# --- another process holds the write lock longer than the busy timeout ------
(sqlite3 "$D/weibao.db" <<'SQL'
BEGIN IMMEDIATE;
INSERT INTO weibao_meta VALUES ('lock-holder', 'x');
.shell sleep 7
ROLLBACK;
SQL
) &
holder=$!
sleep 0.5
code=$(curl -s -o "$OUT" -w '%{http_code}' -b "$jar" -H 'content-type: application/json' \
  -H "x-csrf-token: $csrf" -d '{"code":"330483100950","name":"锁测试村"}' "$base/divisions")
assert "a write that waits out the busy timeout answers 503 ($code)" test "$code" = 503
assert "with the code db_busy" contains "$OUT" "db_busy"
assert "a read meanwhile is answered" test "$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base/me")" = 200
wait $holder
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H 'content-type: application/json' \
  -H "x-csrf-token: $csrf" -d '{"code":"330483100950","name":"锁测试村"}' "$base/divisions")
assert "once the lock is gone the write succeeds ($code)" test "$code" = 201

# --- a flood of refusals is audited up to the per-address rate --------------
before=$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'task.read'")
for _ in $(seq 40); do curl -s -o /dev/null -b "$jar" "$base/tasks/999999"; done
after=$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'task.read'")
assert "a flood of 40 refusals leaves at most the limit of 5 events ($((after - before)))" \
  test $((after - before)) -le 5 -a $((after - before)) -ge 1
# the next audited write records how many were left out
curl -s -o /dev/null -b "$jar" -H 'content-type: application/json' -H "x-csrf-token: $csrf" \
  -d '{"code":"330483100951","name":"汇总测试村"}' "$base/divisions"
summary=$(sqlite3 "$D/weibao.db" "SELECT detail FROM audit_events WHERE action = 'audit.suppressed' ORDER BY id DESC LIMIT 1")
assert "the refusals left out are counted in one event ($summary)" sh -c "echo '$summary' | grep -q '^超出单个地址频率限制的拒绝请求 3[0-9] 次，未逐条记录$'"
# --- exports pass through the data directory only, and leave nothing --------
before_tmp=$(ls /tmp | grep -c weibao-export || true)
code=$(curl -s -o "$TMP/users.xlsx" -w '%{http_code}' -b "$jar" "$base/users/export.xlsx")
assert "an export is answered ($code)" test "$code" = 200
assert "the export is an xlsx file" sh -c "head -c 2 '$TMP/users.xlsx' | grep -q PK"
assert "nothing was written to /tmp" test "$(ls /tmp | grep -c weibao-export || true)" = "$before_tmp"
assert "the scratch directory is private" test "$(stat -c %a "$D/tmp")" = 700
assert "and empty after the export" test -z "$(ls -A "$D/tmp")"

# --- a huge declared body is refused before it is sent ---------------------
start=$(date +%s%N)
code=$(python3 - "${base#http://127.0.0.1:}" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1].split("/")[0])), timeout=5)
s.sendall(b"POST /api/v1/plans/parse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Content-Length: 100000000000\r\n\r\n")
print(s.recv(200).split(b" ")[1].decode())
PY
)
ms=$(( ($(date +%s%N) - start) / 1000000 ))
assert "a 100 GB Content-Length is refused with 413 at once ($code in $ms ms)" test "$code" = 413 -a "$ms" -lt 2000

expect_exit 0 "the chain verifies" "$WEIBAO" audit verify --data "$D"
kill $pid; wait $pid
finish
