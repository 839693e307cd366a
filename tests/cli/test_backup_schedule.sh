#!/usr/bin/env bash
# Scheduled backups of `weibao serve` (backup_dir, backup_interval_seconds,
# backup_keep): made while the server writes, private, pruned to backup_keep,
# restorable; a failing backup is logged and counted and the server keeps
# serving; two servers on one PostgreSQL make one backup per interval between
# them, not one each.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Backup-schedule-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA
pid= pid2= writer=
trap 'kill $pid $pid2 $writer 2>/dev/null; rm -rf "$TMP"' EXIT

backups() { ls "$1" 2>/dev/null | grep -c '^backup-[0-9]\{8\}-[0-9]\{6\}\.wbk$'; }
metric() { curl -s "http://127.0.0.1:$mport/metrics" | awk -v k="$1" '$1 == k { print $2 }'; }

# a bad setting is refused before serving
D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
printf 'backup_keep = 0\n' > "$D/weibao.conf"
expect_exit 1 "backup_keep 0 is refused" "$WEIBAO" serve --data "$D" --listen 127.0.0.1:0
assert "naming the setting" contains "$ERR" "backup_keep"
touch "$TMP/not-a-dir"
printf 'backup_dir = %s/not-a-dir\n' "$TMP" > "$D/weibao.conf"
expect_exit 1 "a backup_dir that cannot be made is refused at start" \
  "$WEIBAO" serve --data "$D" --listen 127.0.0.1:0
assert "naming it" contains "$ERR" "backup_dir"

mport=$(free_port)
printf 'backup_dir = backups\nbackup_interval_seconds = 1\nbackup_keep = 2\nmetrics_listen = 127.0.0.1:%s\n' \
  "$mport" > "$D/weibao.conf"
serve_admin --data "$D"
(for i in $(seq 100 599); do
   curl -s -o /dev/null -b "$jar" -H 'content-type: application/json' -H "x-csrf-token: $csrf" \
     -d "{\"code\":\"330483100$i\",\"name\":\"定时备份村$i\"}" "$base/divisions"
 done) &
writer=$!
for _ in $(seq 100); do
  [ "$(metric 'weibao_background_rounds_total{job="backup"}')" -ge 4 ] 2>/dev/null && break
  sleep 0.1
done
wait $writer; writer=
rounds=$(metric 'weibao_background_rounds_total{job="backup"}')
assert "serve makes a backup every second ($rounds rounds)" test "${rounds:-0}" -ge 4
assert "none of them failed" test "$(metric 'weibao_background_rounds_failed_total{job="backup"}')" = 0
assert "the relative backup_dir is under the data directory, mode 0700" \
  test "$(stat -c %a "$D/backups")" = 700
assert "only backup_keep (2) backups are kept" test "$(backups "$D/backups")" -le 2
assert "no partial file is left behind" test -z "$(ls "$D/backups" | grep -v '\.wbk$')"
newest=$D/backups/$(ls "$D/backups" | sort | tail -1)
assert "the backups are private" test "$(stat -c %a "$newest")" = 600
assert "the log names each backup" contains "$TMP/serve.log" '"backup.round"'

# the newest backup restores and verifies
sleep 1.2   # one more backup after the last write
newest=$D/backups/$(ls "$D/backups" | grep '\.wbk$' | sort | tail -1)   # not one still being written
want=$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM divisions")
R=$TMP/restored
mkdir -p "$R" && cp "$D/weibao.key" "$R/"
expect_exit 0 "a scheduled backup restores" "$WEIBAO" restore "$newest" --data "$R"
expect_exit 0 "and its chain verifies" "$WEIBAO" audit verify --data "$R"
assert "with every division written before it" \
  test "$(sqlite3 "$R/weibao.db" "SELECT count(*) FROM divisions")" = "$want"

# the backup directory becomes unusable: logged, counted, serving goes on
rm -rf "$D/backups" && touch "$D/backups"
failed_before=$(metric 'weibao_background_rounds_failed_total{job="backup"}')
for _ in $(seq 50); do
  [ "$(metric 'weibao_background_rounds_failed_total{job="backup"}')" -gt "$failed_before" ] && break
  sleep 0.1
done
assert "a failing backup is counted" \
  test "$(metric 'weibao_background_rounds_failed_total{job="backup"}')" -gt "$failed_before"
assert "and logged as an error" grep -q '"backup.round".*"failed"' "$TMP/serve.log"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H 'content-type: application/json' \
  -H "x-csrf-token: $csrf" -d '{"code":"330483100999","name":"备份失败后"}' "$base/divisions")
assert "the server still takes writes ($code)" test "$code" = 201
kill $pid; wait $pid 2>/dev/null; pid=

# two servers on one PostgreSQL: one backup per interval between them
if PG=$(pg_database sched); then
  A=$TMP/a B=$TMP/b
  "$WEIBAO" init --data "$A" --db "$PG" >/dev/null
  mkdir -p "$B" && cp "$A/weibao.key" "$B/"
  for dir in "$A" "$B"; do
    printf 'backup_dir = backups\nbackup_interval_seconds = 3\nbackup_keep = 100\n' > "$dir/weibao.conf"
    no_totp "$dir"
  done
  pa=$(free_port) pb=$(free_port)
  "$WEIBAO" serve --data "$A" --db "$PG" --listen "127.0.0.1:$pa" >"$TMP/a.log" 2>&1 & pid=$!
  "$WEIBAO" serve --data "$B" --db "$PG" --listen "127.0.0.1:$pb" >"$TMP/b.log" 2>&1 & pid2=$!
  assert "server A answers" wait_http "http://127.0.0.1:$pa/healthz"
  assert "server B answers" wait_http "http://127.0.0.1:$pb/healthz"
  sleep 7.5
  kill $pid $pid2; wait $pid $pid2 2>/dev/null; pid= pid2=
  total=$(( $(backups "$A/backups") + $(backups "$B/backups") ))
  assert "7.5 s at 3 s intervals: 2 to 4 backups between both servers, not one each ($total)" \
    test "$total" -ge 2 -a "$total" -le 4
  newest=$(for f in "$A"/backups/* "$B"/backups/*; do echo "$(basename "$f") $f"; done |
           sort | tail -1 | cut -d' ' -f2)
  R2=$TMP/pg-restored
  mkdir -p "$R2" && cp "$A/weibao.key" "$R2/"
  if PG2=$(pg_database sched2); then
    expect_exit 0 "a scheduled PostgreSQL backup restores" "$WEIBAO" restore "$newest" --data "$R2" --db "$PG2"
    expect_exit 0 "and verifies" "$WEIBAO" audit verify --data "$R2" --db "$PG2"
  else
    failed=$((failed + 1)); echo "not ok - PostgreSQL test database could not be created"
  fi
else
  failed=$((failed + 1)); echo "not ok - PostgreSQL test database could not be created"
fi
finish
