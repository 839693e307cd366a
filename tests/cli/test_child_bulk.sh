#!/usr/bin/env bash
# A bulk load of children as an operator runs it: `weibao child import` of
# tens of thousands of rows beside a running server that keeps answering the
# register (the import drops and rebuilds indexes inside its transaction:
# the server must never fail a read for it), then the same kind of import
# killed with SIGKILL in the middle of its write pass: nothing of it stays,
# the indexes are all there, the database is sound, the server still answers
# and the import can simply be run again.
source "$(dirname "$0")/lib.sh"
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN
export WEIBAO_ADMIN_PASSWORD="Children-bulk-Tongxiang-1"

D=$TMP/d
"$WEIBAO" init --data "$D" >/dev/null
"$WEIBAO" gen demo --data "$D" >/dev/null
"$WEIBAO" gen children --count 20000 --seed 21 --csv "$TMP/a.csv" --data "$D" >/dev/null
"$WEIBAO" gen children --count 40000 --seed 22 --csv "$TMP/b.csv" --data "$D" >/dev/null
q() { sqlite3 "$D/weibao.db" "$1"; }
INDEXES="SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('children_village', 'children_town', 'children_recheck', 'children_birth', 'children_transfer', 'child_parent_periods_child', 'child_history_child')"

serve_admin --data "$D"
# reads of the register, as fast as they come, until told to stop; each
# status on its own line
reader() {
  while [ ! -e "$TMP/stop" ]; do
    curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" "$base/children?per_page=5&category=orphan"
    curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" "$base/children?per_page=5&as_of=2024-01-01"
  done > "$TMP/codes"
}
reader &
rpid=$!
t0=$(date +%s%N)
expect_exit 0 "a bulk import of 20,000 beside the server" "$WEIBAO" child import "$TMP/a.csv" --data "$D"
t20=$(( ($(date +%s%N) - t0) / 1000000 ))
touch "$TMP/stop"
wait "$rpid"
assert "the server answered reads meanwhile ($(sort "$TMP/codes" | uniq -c | tr '\n' ' '))" test "$(grep -c '^200$' "$TMP/codes")" -gt 0
assert "and failed none of them" test "$(grep -vc '^200$' "$TMP/codes")" = 0
curl -s -b "$jar" "$base/children?per_page=1" > "$OUT"
assert "the server sees the 20,000" test "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$OUT")" = 20000
assert "every index is there" test "$(q "$INDEXES")" = 7

# killed twice beside the server: halfway through (the 40,000 take about
# twice the 20,000's time: its write pass, the indexes dropped) and while it
# commits (the WAL growing past 8 MB); nothing of it may stay either time
killed() {
  if kill -0 "$ipid" 2>/dev/null; then
    kill -9 "$ipid"
    wait "$ipid" 2>/dev/null
    n=$(q "SELECT count(*) FROM children")
    # all of it or none: killed after its commit (while checkpointing) it is all there
    assert "$1: all of it or none stayed ($n)" test "$n" = 20000 -o "$n" = 60000
    assert "$1: no period without its child" test "$(q "SELECT count(*) FROM child_parent_periods c WHERE NOT EXISTS (SELECT 1 FROM children k WHERE k.id = c.child_id)")" = 0
    assert "$1: the indexes it had dropped are back" test "$(q "$INDEXES")" = 7
    assert "$1: the database is sound" test "$(q "PRAGMA integrity_check")" = ok
  else
    wait "$ipid" 2>/dev/null
    echo "# $1: the import ended before it could be killed"
  fi
}
"$WEIBAO" child import "$TMP/b.csv" --data "$D" >/dev/null 2>&1 &
ipid=$!
sleep "$(python3 -c "print(max(0.05, $t20 / 2000))")"
killed "killed halfway"
if [ "$(q "SELECT count(*) FROM children")" = 20000 ]; then
  q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null   # the WAL empty: it grows with this commit only
  "$WEIBAO" child import "$TMP/b.csv" --data "$D" >/dev/null 2>&1 &
  ipid=$!
  for _ in $(seq 600); do
    [ "$(stat -c %s "$D/weibao.db-wal" 2>/dev/null || echo 0)" -gt 8000000 ] && break
    kill -0 "$ipid" 2>/dev/null || break
    sleep 0.02
  done
  killed "killed while committing"
fi
curl -s -b "$jar" "$base/children?per_page=1" > "$OUT"
n=$(q "SELECT count(*) FROM children")
assert "the server still answers, with what the database holds" test "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$OUT")" = "$n"
if [ "$n" = 20000 ]; then
  expect_exit 0 "the import run again" "$WEIBAO" child import "$TMP/b.csv" --data "$D"
fi
assert "60,000 now" test "$(q "SELECT count(*) FROM children")" = 60000
assert "and the indexes" test "$(q "$INDEXES")" = 7
expect_exit 0 "the audit chain holds" "$WEIBAO" audit verify --data "$D"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

finish
