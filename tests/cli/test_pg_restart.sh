#!/usr/bin/env bash
# A PostgreSQL restart under a running server: the next requests are answered
# (never 500), by fresh connections; a write during the outage is 503, and
# nothing acknowledged is lost.  Runs its own cluster so that restarting it
# disturbs no other test.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Restart-test-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA
here=$(cd "$(dirname "$0")/.." && pwd)
PGD=$TMP/pg
trap '"$here/pg-fixture.sh" stop "$PGD" >/dev/null 2>&1; kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT
"$here/pg-fixture.sh" start "$PGD" || { echo "not ok - cannot start a PostgreSQL cluster"; exit 1; }
url=$(cat "$PGD/url") cluster=$(cat "$PGD/cluster")
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

D=$TMP/data
"$WEIBAO" init --data "$D" --db "$url" >/dev/null
"$WEIBAO" plan import "$here/../data/tongxiang-2022-workplan.txt" --data "$D" --db "$url" >/dev/null
serve_admin --data "$D" --db "$url"
# warm every worker's connection
for _ in $(seq 20); do curl -s -o /dev/null -b "$jar" "$base/me"; done

add_division() {  # add_division CODE — prints the HTTP status
  curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H 'content-type: application/json' \
    -H "x-csrf-token: $csrf" -d "{\"code\":\"$1\",\"name\":\"测试村$1\"}" "$base/divisions"
}
assert "a write before the restart is acknowledged" test "$(add_division 330483100901)" = 201
add_supervisor() {  # add_supervisor NAME PHONE — prints the HTTP status (a roster record, phone encrypted)
  curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H 'content-type: application/json' \
    -H "x-csrf-token: $csrf" -d "{\"type\":\"supervisor\",\"name\":\"$1\",\"division_code\":\"330483001\",\"phone\":\"$2\",\"appointed_on\":\"2022-01-01\"}" \
    "$base/facilities"
}
assert "a register record before the restart is acknowledged" test "$(add_supervisor 重启前督导员 13900000001)" = 201

as_pg "$pgbin/pg_ctl" -D "$cluster/data" -w -m fast restart >/dev/null 2>&1
statuses=""
for _ in $(seq 20); do statuses="$statuses $(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$base/me")"; done
assert "after the restart reads are answered by new connections, never 500 ($statuses)" \
  test -z "$(echo "$statuses" | tr ' ' '\n' | grep -v '^200$' | grep -v '^$')"
assert "a write after the restart is acknowledged" test "$(add_division 330483100902)" = 201
assert "a register record after the restart is acknowledged" test "$(add_supervisor 重启后督导员 13900000002)" = 201
s=$(curl -s -b "$jar" "$base/indicators" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["indicators"]))')
assert "the indicators of the 2022 plan are computed after the restart ($s)" test "$s" -gt 0

as_pg "$pgbin/pg_ctl" -D "$cluster/data" -w -m fast stop >/dev/null 2>&1
s=$(add_division 330483100903)
assert "a write while the database is down answers 503, not 500 ($s)" test "$s" = 503
s=$(add_supervisor 停库时督导员 13900000003)
assert "a register write while the database is down answers 503 ($s)" test "$s" = 503
r=$(curl -s -b "$jar" "$base/me")
assert "a read while the database is down says the database is unavailable" \
  sh -c "echo '$r' | grep -q db_unavailable"
as_pg "$pgbin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w \
  -o "-c listen_addresses='' -k $cluster -c fsync=off" start >/dev/null 2>&1
assert "the server recovers once the database is back" test "$(add_division 330483100904)" = 201
codes=$(psql -Atq "$url" -c "SELECT code FROM divisions WHERE code LIKE '33048310090%' ORDER BY code" | tr '\n' ' ')
assert "every acknowledged write is there, the refused one is not ($codes)" \
  test "$codes" = "330483100901 330483100902 330483100904 "
names=$(curl -s -b "$jar" "$base/facilities?type=supervisor&q=督导员" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(" ".join(sorted("%s:%s" % (i["name"], i["values"]["phone"]) for i in d["items"])))')
assert "both acknowledged register records are there with their phones (masked), the refused one is not ($names)" \
  test "$names" = "重启前督导员:139****0001 重启后督导员:139****0002"
expect_exit 0 "the audit chain verifies" "$WEIBAO" audit verify --data "$D" --db "$url"
grep -q " 500 \|internal" "$TMP/serve.log" && { failed=$((failed + 1)); echo "not ok - the log shows a 500"; }
finish
