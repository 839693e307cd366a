#!/usr/bin/env bash
# weibao audit verify detects a modified, a deleted and a swapped event.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Audit-test-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
for i in 1 2 3 4 5; do
  WEIBAO_USER_PASSWORD="Audit-user-pass-$i" "$WEIBAO" user add "auditor$i" --name "审计$i" --role leader --data "$D" >/dev/null
done
expect_exit 0 "intact chain verifies" "$WEIBAO" audit verify --data "$D"
assert "verify counts the events" contains "$OUT" "intact: 6 events"
expect_exit 2 "audit without verify is a usage error" "$WEIBAO" audit --data "$D"

# each tampering on a fresh copy
tamper() {
  cp "$D/weibao.db" "$TMP/t.db"
  sqlite3 "$TMP/t.db" "$1"
  "$WEIBAO" audit verify --data "$D" --db "$TMP/t.db" >"$OUT" 2>"$ERR" </dev/null
}

tamper "UPDATE audit_events SET detail = 'admin' WHERE id = 3"
assert "a modified event fails verification" test $? -eq 1
assert "and is named" contains "$ERR" "broken at event 3"

tamper "DELETE FROM audit_events WHERE id = 4"
assert "a deleted event fails verification" test $? -eq 1
assert "the gap is named" contains "$ERR" "broken at event 5"

tamper "UPDATE audit_events SET id = -1 WHERE id = 2; UPDATE audit_events SET id = 2 WHERE id = 3; UPDATE audit_events SET id = 3 WHERE id = -1"
assert "swapped events fail verification" test $? -eq 1
assert "the first swapped one is named" contains "$ERR" "broken at event 2"

tamper "DELETE FROM audit_events WHERE id = 6"
assert "an event cut from the end fails verification" test $? -eq 1
assert "the missing last one is named" contains "$ERR" "broken at event 6"

tamper "DELETE FROM audit_events WHERE id = 6; UPDATE audit_head SET last_id = 5, last_hash = (SELECT hash FROM audit_events WHERE id = 5)"
assert "cutting the end and rewriting the head fails verification" test $? -eq 1

tamper "UPDATE audit_events SET at = at + 1 WHERE id = 1"
assert "a changed time fails verification" test $? -eq 1

zeros=0000000000000000000000000000000000000000000000000000000000000000
tamper "DELETE FROM audit_events; UPDATE audit_head SET last_id = 0, last_hash = '$zeros', mac = ''"
assert "an emptied chain with an unsealed head fails verification" test $? -eq 1
assert "the unsealed head is named" contains "$ERR" "not sealed"

tamper "DELETE FROM audit_events; UPDATE audit_head SET last_id = 0, last_hash = '$zeros'"
assert "an emptied chain keeping the old seal fails verification" test $? -eq 1

tamper "INSERT INTO audit_events SELECT id + 100, at, user_id, login, client_addr, action, object_type, object_id, outcome, detail, prev_hash, hash FROM audit_events WHERE id = 6"
assert "an event inserted beyond the head fails verification" test $? -eq 1
assert "the event beyond the head is named" contains "$ERR" "beyond the sealed head"

# an event beyond the head is not shown as part of the log, and a write that
# cannot be audited fails instead of going on unaudited
cp "$D/weibao.db" "$TMP/beyond.db"
sqlite3 "$TMP/beyond.db" "INSERT INTO audit_events VALUES (7, 1, NULL, 'forged', 'x', 'user.create', 'user', '99', 'ok', NULL, 'x', 'y')"
WEIBAO_USER_PASSWORD="Audit-user-pass-7" expect_exit 1 "a CLI change whose audit event cannot be written fails" \
  "$WEIBAO" user add auditor7 --name 审计七 --role leader --data "$D" --db "$TMP/beyond.db"
assert "and leaves no user behind" test -z "$(sqlite3 "$TMP/beyond.db" "SELECT id FROM users WHERE login = 'auditor7'")"

# PostgreSQL: the same chain, the same check
if PG=$(pg_database audit); then
  P=$TMP/pg
  "$WEIBAO" init --data "$P" --db "$PG" >/dev/null
  WEIBAO_USER_PASSWORD="Audit-user-pass-9" "$WEIBAO" user add auditor9 --name 审计九 --role leader --data "$P" --db "$PG" >/dev/null
  expect_exit 0 "intact chain verifies on PostgreSQL" "$WEIBAO" audit verify --data "$P" --db "$PG"
  psql -q "$PG" -c "UPDATE audit_events SET outcome = 'denied' WHERE id = 2" >/dev/null
  expect_exit 1 "a modified event fails on PostgreSQL" "$WEIBAO" audit verify --data "$P" --db "$PG"
  assert "and is named" contains "$ERR" "broken at event 2"
else
  failed=$((failed + 1)); echo "not ok - PostgreSQL test database could not be created"
fi

finish
