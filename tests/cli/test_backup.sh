#!/usr/bin/env bash
# weibao backup / restore: while the server writes, on SQLite and PostgreSQL;
# a restored copy verifies and reads back every record; damaged, cut and
# foreign backups are refused and leave nothing behind.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Backup-test-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA
pid= writer=
trap 'kill $pid $writer 2>/dev/null; rm -rf "$TMP"' EXIT

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
"$WEIBAO" plan import "$WEIBAO_SOURCE_DIR/data/tongxiang-2022-workplan.txt" --data "$D" >/dev/null
serve_admin --data "$D"

# writes go on during the backup
(for i in $(seq 100 899); do
   curl -s -o /dev/null -b "$jar" -H 'content-type: application/json' -H "x-csrf-token: $csrf" \
     -d "{\"code\":\"330483100$i\",\"name\":\"备份村$i\"}" "$base/divisions"
 done) &
writer=$!
sleep 0.5
before=$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM divisions")
expect_exit 0 "backup while the server writes" "$WEIBAO" backup "$TMP/one.wbk" --data "$D"
assert "backup says what it wrote" contains "$OUT" "backup written to"
assert "the backup file is private" test "$(stat -c %a "$TMP/one.wbk")" = 600
assert "no partial file is left" test ! -e "$TMP/one.wbk.partial"
assert "the scratch directory is empty" test -z "$(ls -A "$D/tmp")"
wait $writer
writer=

R=$TMP/restored
mkdir -p "$R" && cp "$D/weibao.key" "$R/"
expect_exit 0 "restore into an empty directory" "$WEIBAO" restore "$TMP/one.wbk" --data "$R"
assert "restore reports an intact chain" contains "$OUT" "intact"
assert "the restore is audited in Chinese" sh -c "sqlite3 '$R/weibao.db' \"SELECT detail FROM audit_events WHERE action = 'system.restore'\" | grep -q '^从 SQLite 备份恢复（结构版本 [0-9]*，备份于 [0-9-]* [0-9:]*）；审计日志 [0-9]* 条完好$'"
expect_exit 0 "the restored chain verifies" "$WEIBAO" audit verify --data "$R"
got=$(sqlite3 "$R/weibao.db" "SELECT count(*) FROM divisions")
assert "every division acknowledged before the backup is there ($before <= $got)" test "$got" -ge "$before"
assert "the plan's tasks are there" test "$(sqlite3 "$R/weibao.db" "SELECT count(*) FROM tasks")" = 87
assert "nobody is signed in on the copy" test "$(sqlite3 "$R/weibao.db" "SELECT count(*) FROM sessions")" = 0
assert "the restored database is private" test "$(stat -c %a "$R/weibao.db")" = 600
# each restored copy starts a history of its own: the registers' generation is
# new, so no process takes figures it kept of another copy for current
gen() { sqlite3 "$1/weibao.db" "SELECT value FROM weibao_meta WHERE key = 'registers_gen'"; }
R2=$TMP/restored2
mkdir -p "$R2" && cp "$D/weibao.key" "$R2/"
"$WEIBAO" restore "$TMP/one.wbk" --data "$R2" >/dev/null
assert "the registers' generation of a restored copy is its own" \
  test -n "$(gen "$R")" -a -n "$(gen "$R2")" -a "$(gen "$R")" != "$(gen "$R2")"
expect_exit 1 "restore refuses a directory that has a database" "$WEIBAO" restore "$TMP/one.wbk" --data "$R"
assert "and says why" contains "$ERR" "empty"

# the restored copy serves and reads back the records
no_totp "$R"
port=$(free_port)
"$WEIBAO" serve --data "$R" --listen "127.0.0.1:$port" >"$TMP/restored.log" 2>&1 &
rpid=$!
assert "the restored copy serves" wait_http "http://127.0.0.1:$port/healthz"
curl -s -c "$TMP/rjar" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$WEIBAO_ADMIN_PASSWORD\"}" "http://127.0.0.1:$port/api/v1/session" >/dev/null
total=$(curl -s -b "$TMP/rjar" "http://127.0.0.1:$port/api/v1/tasks?per_page=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
assert "the restored copy answers the ledger ($total tasks)" test "$total" = 87
kill $rpid; wait $rpid 2>/dev/null

# damaged, cut short, foreign
python3 - "$TMP/one.wbk" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
open(sys.argv[1] + '.cut', 'wb').write(d[:len(d) // 2])
x = bytearray(d); x[len(d) // 3] ^= 1
open(sys.argv[1] + '.flip', 'wb').write(bytes(x))
open(sys.argv[1] + '.tail', 'wb').write(d + b'extra')
PY
for kind in cut flip tail; do
  E=$TMP/e-$kind && mkdir -p "$E" && cp "$D/weibao.key" "$E/"
  expect_exit 1 "a $kind backup is refused" "$WEIBAO" restore "$TMP/one.wbk.$kind" --data "$E"
  assert "and leaves nothing behind ($kind)" test ! -e "$E/weibao.db" -a ! -e "$E/weibao.db.restore"
done
F=$TMP/foreign
"$WEIBAO" init --data "$F" >/dev/null && rm "$F/weibao.db"
expect_exit 1 "a backup of another key file is refused" "$WEIBAO" restore "$TMP/one.wbk" --data "$F"
assert "naming the key file" contains "$ERR" "another key file"

# PostgreSQL: the same, into an empty database
if PG=$(pg_database bk) && PG2=$(pg_database bk2); then
  P=$TMP/pg
  "$WEIBAO" init --data "$P" --db "$PG" >/dev/null
  "$WEIBAO" plan import "$WEIBAO_SOURCE_DIR/data/tongxiang-2022-workplan.txt" --data "$P" --db "$PG" >/dev/null
  expect_exit 0 "backup of PostgreSQL" "$WEIBAO" backup "$TMP/pg.wbk" --data "$P" --db "$PG"
  expect_exit 0 "restore into an empty PostgreSQL database" "$WEIBAO" restore "$TMP/pg.wbk" --data "$P" --db "$PG2"
  expect_exit 0 "the restored PostgreSQL chain verifies" "$WEIBAO" audit verify --data "$P" --db "$PG2"
  assert "the tasks are there" test "$(psql -Atq "$PG2" -c 'SELECT count(*) FROM tasks')" = 87
  pgen() { psql -Atq "$1" -c "SELECT value FROM weibao_meta WHERE key = 'registers_gen'"; }
  assert "the registers' generation of the restored PostgreSQL copy is its own" \
    test -n "$(pgen "$PG2")" -a "$(pgen "$PG")" != "$(pgen "$PG2")"
  expect_exit 0 "new records get fresh ids after a restore" \
    env WEIBAO_USER_PASSWORD=Restored-user-pass-1 "$WEIBAO" user add restored01 --name 恢复 --role leader --data "$P" --db "$PG2"
  expect_exit 1 "restore refuses a database with weibao data" "$WEIBAO" restore "$TMP/pg.wbk" --data "$P" --db "$PG"
  expect_exit 1 "a PostgreSQL backup is not restored into SQLite" "$WEIBAO" restore "$TMP/pg.wbk" --data "$TMP/x"
else
  failed=$((failed + 1)); echo "not ok - PostgreSQL test databases could not be created"
fi
finish
