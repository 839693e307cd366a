#!/usr/bin/env bash
# The outbound SMS hook (sms_command, sms_interval_seconds, sms_kinds): off by
# default; a command that is missing, not executable or writable by others
# stops serve at start; an urgent report filed through the API reaches the
# command within seconds, addressed to the town's station and the police
# liaison, with the tracking number and never the child's name, the
# narrative or the reporter; a failing command leaves the notices to be
# handed over again, exactly once more once it works; a restart hands over
# nothing twice; the first round after turning it on starts at the newest
# notice (no flood of old ones).
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Sms-hook-Tongxiang-2026"
unset WEIBAO_DB WEIBAO_DATA WEIBAO_LISTEN
pid= pid2=
trap 'kill $pid $pid2 2>/dev/null; rm -rf "$TMP"' EXIT

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
q() { sqlite3 "$D/weibao.db" "$1"; }
metric() { curl -s "http://127.0.0.1:$mport/metrics" | awk -v k="$1" '$1 == k { print $2 }'; }
rounds() { metric "weibao_background_rounds_total{job=\"sms\"}"; }
# wait_rounds N — waits (up to 20 s) until N more sms rounds have run
wait_rounds() {
  local want=$(( $(rounds) + $1 ))
  for _ in $(seq 200); do [ "$(rounds)" -ge "$want" ] && return 0; sleep 0.1; done
  return 1
}
# wait_for TEXT FILE — waits (up to 15 s) until FILE holds TEXT
wait_for() {
  for _ in $(seq 150); do grep -qs -- "$1" "$2" && return 0; sleep 0.1; done
  return 1
}

SENT=$TMP/sent.jsonl
BIN=$TMP/bin
mkdir -m 700 "$BIN"
# the gateway: appends the document it reads to $SENT
cat > "$BIN/good" <<EOF
#!/bin/sh
cat >> "$SENT"
echo "gateway: accepted"
EOF
# a gateway that is down: notes each attempt, fails
cat > "$BIN/bad" <<EOF
#!/bin/sh
cat > /dev/null
echo attempt >> "$TMP/attempts"
echo "gateway: down" >&2
exit 1
EOF
chmod 700 "$BIN/good" "$BIN/bad"
cp "$BIN/good" "$BIN/sms"

# --- refused at start ----------------------------------------------------------
refused() {   # refused NAME CONF-LINES — serve stops at start naming the key
  printf '%s\n' "$2" > "$D/weibao.conf"
  expect_exit 1 "$1" "$WEIBAO" serve --data "$D" --listen 127.0.0.1:0
  assert "  naming it" contains "$ERR" "${3:-sms_command}"
}
refused "a relative sms_command is refused" "sms_command = bin/sms"
refused "a missing sms_command is refused" "sms_command = $BIN/missing"
cp "$BIN/good" "$BIN/plain" && chmod 600 "$BIN/plain"
refused "a command that is not executable is refused" "sms_command = $BIN/plain"
cp "$BIN/good" "$BIN/group" && chmod 770 "$BIN/group"
refused "a command its group may write is refused" "sms_command = $BIN/group"
cp "$BIN/good" "$BIN/world" && chmod 702 "$BIN/world"
refused "a command anyone may write is refused" "sms_command = $BIN/world"
refused "a directory is refused" "sms_command = $BIN"
refused "sms_interval_seconds 0 is refused" "sms_interval_seconds = 0" sms_interval_seconds
refused "an unknown kind in sms_kinds is refused" "sms_kinds = case_urgent,nonsense" sms_kinds
refused "a kind that carries a user's text is refused" "sms_kinds = returned" sms_kinds
refused "the reporter's own notice (case_feedback) is refused" "sms_kinds = case_urgent,case_feedback" sms_kinds
printf 'sms_command = %s\n' "$BIN/world" > "$D/weibao.conf"
expect_exit 1 "config check finds the writable command too" "$WEIBAO" config check --data "$D"
assert "  naming it" contains "$OUT" "sms_command $BIN/world: writable by its group or others"
rm "$D/weibao.conf"
expect_exit 0 "config check shows the defaults" "$WEIBAO" config check --data "$D"
assert "  sms_command empty (off)" grep -Eq '^sms_command += *(#|$)' "$OUT"
assert "  sms_interval_seconds 30" grep -Eq '^sms_interval_seconds += 30( |$)' "$OUT"
assert "  sms_kinds case_urgent" grep -Eq '^sms_kinds += case_urgent( |$)' "$OUT"

# --- the people --------------------------------------------------------------
TOWN=330483100
VILLAGE=${TOWN}951
user() { WEIBAO_USER_PASSWORD="$2" "$WEIBAO" user add "$1" --data "$D" "${@:3}" >/dev/null; }
user rep1 Reporter-Tongxiang-2026 --name 报告人甲 --role reporter --scope own
user station1 Station-Tongxiang-2026 --name 乌镇站员 --role town_worker --scope "town:$TOWN"
user police1 Police-Tongxiang-2026 --name 公安联络员 --role police_liaison --unit 市公安局
CHILD=王小明 SECRET="手臂多处淤青-$$" CONTACT=13800138000

mport=$(free_port)
printf 'metrics_listen = 127.0.0.1:%s\n' "$mport" > "$D/weibao.conf"
start() {   # start — serve (admin signed in), the reporter signed in
  serve_admin --data "$D"
  rjar=$TMP/rjar
  curl -s -c "$rjar" -H 'content-type: application/json' \
    -d '{"username":"rep1","password":"Reporter-Tongxiang-2026"}' "$base/session" > "$OUT"
  rcsrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$OUT")
}
stop() { kill $pid; wait $pid 2>/dev/null; pid=; }
# report SITUATION — files a report as rep1; prints its tracking number
report() {
  curl -s -b "$rjar" -H 'content-type: application/json' -H "x-csrf-token: $rcsrf" \
    -d "{\"situations\":[$1],\"seen_at\":\"2026-12-01 08:30\",\"place\":\"学校操场\",\"description\":\"$SECRET\",\"child\":{\"name\":\"$CHILD\",\"sex\":\"男\",\"age\":9,\"village\":\"$VILLAGE\"},\"reporter_contact\":\"$CONTACT\"}" \
    "$base/reports" > "$TMP/report.json"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tracking_no"])' "$TMP/report.json" ||
    { echo "# report: $(head -c 300 "$TMP/report.json")" >&2; tail -5 "$TMP/serve.log" >&2; }
}

# --- off by default --------------------------------------------------------------
start
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H 'content-type: application/json' \
  -H "x-csrf-token: $csrf" -d "{\"code\":\"$VILLAGE\",\"name\":\"短信测试村\",\"kind\":\"village\"}" \
  "$base/divisions")
assert "the village is added ($code)" test "$code" = 201
OLD=$(report 1)
assert "an urgent report is filed ($OLD)" test -n "$OLD"
assert "it is in the station's and the police liaison's notification lists" \
  test "$(q "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'case_urgent' AND u.login IN ('station1', 'police1') AND n.title LIKE '%$OLD%'")" = 2
sleep 2
assert "off by default: no sms round runs" test "$(rounds)" = 0
assert "no cursor is kept" test -z "$(q "SELECT value FROM weibao_meta WHERE key = 'sms_cursor'")"
assert "nothing is handed over" test ! -e "$SENT"
stop

# --- on: the first round starts at the newest notice -------------------------------
printf 'sms_command = %s\nsms_interval_seconds = 1\n' "$BIN/sms" >> "$D/weibao.conf"
start
assert "two rounds run in a few seconds" wait_rounds 2
newest=$(q "SELECT max(id) FROM notifications")
assert "the cursor starts at the newest notice ($newest)" \
  test "$(q "SELECT value FROM weibao_meta WHERE key = 'sms_cursor'")" = "$newest"
assert "the earlier urgent report is not sent (no flood)" test ! -e "$SENT"

# --- an urgent report reaches the gateway; a plain one does not ---------------------
URGENT=$(report 1)
PLAIN=$(report 6)
assert "an urgent and a plain report are filed ($URGENT, $PLAIN)" test -n "$URGENT" -a -n "$PLAIN"
t0=$(date +%s.%N)
assert "the urgent report reaches the gateway within seconds" wait_for "$URGENT" "$SENT"
echo "# handed over after $(python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$t0" "$(date +%s.%N)") s"
assert "two more rounds" wait_rounds 2
# msgs TRACKING — login:kind of each message naming TRACKING, sorted (the
# station, the police liaison and admin, who holds case.police by default)
msgs() { python3 - "$SENT" "$1" <<'PY'
import json, sys
logins = []
for line in open(sys.argv[1]):
    for m in json.loads(line)["messages"]:
        assert sorted(m) == sorted(["id", "kind", "login", "name", "unit", "title", "link", "created_at"]), m
        if sys.argv[2] in m["title"]:
            logins.append(m["login"] + ":" + m["kind"])
print(" ".join(sorted(logins)))
PY
}
got=$(msgs "$URGENT")
assert "to the station and the police liaison ($got)" \
  test "$got" = "admin:case_urgent police1:case_urgent station1:case_urgent"
assert "with the unit of the police liaison" grep -q '"login":"police1","name":"公安联络员","unit":"市公安局"' "$SENT"
assert "the plain report is not sent" test -z "$(msgs "$PLAIN")"
assert "no child's name in what was handed over" test "$(grep -c "$CHILD" "$SENT")" = 0
assert "no narrative" test "$(grep -c "$SECRET" "$SENT")" = 0
assert "no reporter: contact" test "$(grep -c "$CONTACT" "$SENT")" = 0
assert "no reporter: login or name" test "$(grep -c -e rep1 -e 报告人甲 "$SENT")" = 0
assert "the gateway's output is logged" grep -q '"sms.command".*gateway: accepted' "$TMP/serve.log"

# --- a failing gateway: sent again once it works, exactly once -------------------------
cp "$BIN/bad" "$BIN/sms.new" && mv "$BIN/sms.new" "$BIN/sms"
failed0=$(metric 'weibao_background_rounds_failed_total{job="sms"}')
LATER=$(report 2)
attempts() { cat "$TMP/attempts" 2>/dev/null | wc -l; }
for _ in $(seq 150); do [ "$(attempts)" -ge 3 ] && break; sleep 0.1; done
assert "a failing gateway is tried again each round" test "$(attempts)" -ge 3
assert "each failure is counted" \
  test "$(metric 'weibao_background_rounds_failed_total{job="sms"}')" -ge $((failed0 + 3))
assert "and logged" grep -q '"sms.round".*"failed".*exited with status 1' "$TMP/serve.log"
assert "with the gateway's output" grep -q '"sms.command".*gateway: down' "$TMP/serve.log"
assert "the report is not lost meanwhile: not sent" test -z "$(msgs "$LATER")"
cp "$BIN/good" "$BIN/sms.new" && mv "$BIN/sms.new" "$BIN/sms"
assert "once the gateway works it is sent" wait_for "$LATER" "$SENT"
assert "three more rounds" wait_rounds 3
assert "once to each ($(msgs "$LATER"))" test "$(msgs "$LATER")" = "admin:case_urgent police1:case_urgent station1:case_urgent"
# unique — every notice id in $SENT once
unique() { python3 - "$SENT" <<'PY'
import json, sys
ids = [m["id"] for line in open(sys.argv[1]) for m in json.loads(line)["messages"]]
print("yes" if len(ids) == len(set(ids)) and ids == sorted(ids) else "no: %s" % ids)
PY
}
assert "no notice was handed over twice, and in order ($(unique))" test "$(unique)" = yes
stop

# --- a gateway that hangs is killed after 20 s, with what it started -------------------
cat > "$BIN/hang" <<EOF
#!/bin/sh
echo \$\$ > "$TMP/hang.pid"
sleep 120 &
echo \$! > "$TMP/sleep.pid"
wait
EOF
chmod 700 "$BIN/hang"
start
cp "$BIN/hang" "$BIN/sms.new" && mv "$BIN/sms.new" "$BIN/sms"
HUNG=$(report 4)
for _ in $(seq 300); do grep -q 'killed after 20 s' "$TMP/serve.log" && break; sleep 0.1; done
assert "a hanging gateway is killed after 20 s, logged as a failure" \
  grep -q '"sms.round".*"failed".*killed after 20 s' "$TMP/serve.log"
# gone PIDFILE — the process is no more (or a zombie left to its new parent)
gone() { [ -s "$1" ] && { [ ! -e "/proc/$(cat "$1")" ] || grep -q '^State:.*Z' "/proc/$(cat "$1")/status"; }; }
assert "it is gone" gone "$TMP/hang.pid"
assert "and so is what it started" gone "$TMP/sleep.pid"
cp "$BIN/good" "$BIN/sms.new" && mv "$BIN/sms.new" "$BIN/sms"
assert "the report waiting meanwhile is then sent" wait_for "$HUNG" "$SENT"
assert "once to each" test "$(msgs "$HUNG")" = "admin:case_urgent police1:case_urgent station1:case_urgent"
stop

# --- a restart hands over nothing again ---------------------------------------------
lines=$(wc -l < "$SENT")
start
assert "after a restart rounds run" wait_rounds 3
assert "nothing old is sent again" test "$(wc -l < "$SENT")" = "$lines"
AFTER=$(report 3)
assert "a new urgent report after the restart is sent" wait_for "$AFTER" "$SENT"
assert "and every notice still once ($(unique))" test "$(unique)" = yes
stop

# --- two servers on one PostgreSQL: each notice handed over once between them ----------
if PG=$(pg_database sms); then
  A=$TMP/a B=$TMP/b SENT=$TMP/sent-pg.jsonl
  cat > "$BIN/pg" <<EOF
#!/bin/sh
cat >> "$SENT"
EOF
  chmod 700 "$BIN/pg"
  "$WEIBAO" init --data "$A" --db "$PG" >/dev/null
  mkdir -p "$B" && cp "$A/weibao.key" "$B/"
  D=$A
  user rep1 Reporter-Tongxiang-2026 --name 报告人甲 --role reporter --scope own --db "$PG"
  user station1 Station-Tongxiang-2026 --name 乌镇站员 --role town_worker --scope "town:$TOWN" --db "$PG"
  user police1 Police-Tongxiang-2026 --name 公安联络员 --role police_liaison --unit 市公安局 --db "$PG"
  printf 'sms_command = %s\nsms_interval_seconds = 1\nmetrics_listen = 127.0.0.1:%s\n' "$BIN/pg" "$mport" > "$A/weibao.conf"
  printf 'sms_command = %s\nsms_interval_seconds = 1\n' "$BIN/pg" > "$B/weibao.conf"
  no_totp "$B"
  pb=$(free_port)
  "$WEIBAO" serve --data "$B" --db "$PG" --listen "127.0.0.1:$pb" >"$TMP/b.log" 2>&1 & pid2=$!
  serve_admin --data "$A" --db "$PG"
  curl -s -c "$rjar" -H 'content-type: application/json' \
    -d '{"username":"rep1","password":"Reporter-Tongxiang-2026"}' "$base/session" > "$OUT"
  rcsrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$OUT")
  assert "server B answers" wait_http "http://127.0.0.1:$pb/healthz"
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H 'content-type: application/json' \
    -H "x-csrf-token: $csrf" -d "{\"code\":\"$VILLAGE\",\"name\":\"短信测试村\",\"kind\":\"village\"}" \
    "$base/divisions")
  assert "the village is added on PostgreSQL ($code)" test "$code" = 201
  sleep 1.5   # past the first round (the cursor starts at the newest notice)
  P1=$(report 1) P2=$(report 5) P3=$(report 9)
  assert "three urgent reports on PostgreSQL" test -n "$P1" -a -n "$P2" -a -n "$P3"
  assert "all reach the gateway" wait_for "$P3" "$SENT"
  wait_for "$P1" "$SENT"; wait_for "$P2" "$SENT"
  sleep 3
  for t in "$P1" "$P2" "$P3"; do
    assert "$t once to each" test "$(msgs "$t")" = "admin:case_urgent police1:case_urgent station1:case_urgent"
  done
  assert "no notice handed over twice by the two servers ($(unique))" test "$(unique)" = yes
  assert "the rounds were shared: server B ran some" grep -q '"sms.round"' "$TMP/b.log"
  stop
  kill $pid2; wait $pid2 2>/dev/null; pid2=
else
  failed=$((failed + 1)); echo "not ok - PostgreSQL test database could not be created"
fi
finish
