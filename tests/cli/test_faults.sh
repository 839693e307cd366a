#!/usr/bin/env bash
# Faults under a running server: the disk fills up and the database turns
# read-only.
#   1. disk full, as a file-size limit: `weibao serve` started with
#      `ulimit -f` just above the database's size (SIGXFSZ ignored, so a write
#      past the limit fails with EFBIG instead of killing the server);
#   2. disk full, a real full file system (ENOSPC): the data directory on a
#      small tmpfs in a private mount namespace — only as root with unshare;
#   3. a read-only SQLite database file (0400, the server without
#      CAP_DAC_OVERRIDE when run as root);
#   4. a read-only data directory;
#   5. a PostgreSQL database in read-only mode (default_transaction_read_only).
# Writes must answer 503 with db_unavailable or db_busy — never 500, never a
# crash; reads that must write their audit event (an Excel export, an
# attachment download) answer 503 too, or 200 only with their event; plain
# reads (/me, /tasks) keep working.  After a restart without the fault the
# database opens, `weibao audit verify` passes and every acknowledged write
# is there.
source "$(dirname "$0")/lib.sh"
src=${WEIBAO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PLAN=$src/data/tongxiang-2022-workplan.txt
export WEIBAO_ADMIN_PASSWORD="Faults-test-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA WEIBAO_LISTEN
pid= catpid= DB= MNT=
cleanup() {
  for p in $pid $catpid; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  [ -n "$MNT" ] && umount "$MNT" 2>/dev/null
  [ -d "$TMP" ] && chmod -R u+rwX "$TMP" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

# --- helpers -------------------------------------------------------------------

# start_serve DIR LIMIT [WRAPPER…] — weibao serve on DIR (and $DB when set)
# with `ulimit -f LIMIT` and SIGXFSZ ignored, run through WRAPPER; its output
# goes through a pipe to $TMP/serve.log, so the limit never cuts the log
# short.  Sets pid, port and base; false when it does not answer.
start_serve() {
  local d=$1 limit=$2; shift 2
  port=$(free_port)
  base="http://127.0.0.1:$port/api/v1"
  rm -f "$TMP/fifo"
  mkfifo "$TMP/fifo"
  cat "$TMP/fifo" >>"$TMP/serve.log" &
  catpid=$!
  (
    trap '' XFSZ
    ulimit -f "$limit" || exit 99
    exec "$@" "$WEIBAO" serve --data "$d" ${DB:+--db "$DB"} --listen "127.0.0.1:$port"
  ) >"$TMP/fifo" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 150); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# stop_serve — SIGTERM; the server's exit status in $serve_rc.
stop_serve() {
  kill "$pid" 2>/dev/null
  wait "$pid"
  serve_rc=$?
  wait "$catpid" 2>/dev/null
  pid= catpid=
}

# sign_in — as admin on $base: sets jar and csrf (the session outlives restarts).
sign_in() {
  jar=$TMP/jar
  curl -s -c "$jar" -H 'content-type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$WEIBAO_ADMIN_PASSWORD\"}" "$base/session" >"$OUT"
  csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$OUT" 2>/dev/null)
}

# api METHOD PATH [JSON] — as admin; status in $code, body in $OUT.
api() {
  if [ $# -ge 3 ]; then
    code=$(curl -s -m 30 -o "$OUT" -w '%{http_code}' -b "$jar" -X "$1" -H 'content-type: application/json' \
      -H "x-csrf-token: $csrf" --data-binary "$3" "$base$2")
  else
    code=$(curl -s -m 30 -o "$OUT" -w '%{http_code}' -b "$jar" -X "$1" "$base$2")
  fi
}

# refused_db — the last answer is 503 with db_unavailable or db_busy.
refused_db() { [ "$code" = 503 ] && grep -Eq '"code":"db_(unavailable|busy)"' "$OUT"; }
# refused_storage — an export that cannot write its scratch file: 503
# storage_unavailable (or the database's own 503 when that failed first).
refused_storage() { refused_db || { [ "$code" = 503 ] && grep -q '"code":"storage_unavailable"' "$OUT"; }; }

# shown — the last answer in short, for a test name: status and error code.
shown() {
  printf '%s %s' "$code" "$(python3 -c 'import json,sys
try: d = json.load(open(sys.argv[1]))
except Exception: d = None
print(d["error"]["code"] if isinstance(d, dict) and "error" in d else "(%d bytes)" % len(open(sys.argv[1], "rb").read()))' "$OUT")"
}

# json_get EXPR — evaluates EXPR on the last answer's JSON (as d).
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }

# prepare DIR — a data directory with the 2022 plan, the admin signed in, one
# village and one attachment (on a task of the admin's own unit) acknowledged;
# sets task and att and leaves the server stopped.
prepare() {
  local d=$1
  "$WEIBAO" init --data "$d" ${DB:+--db "$DB"} >/dev/null
  no_totp "$d"
  "$WEIBAO" plan import "$PLAN" --data "$d" ${DB:+--db "$DB"} >/dev/null
  start_serve "$d" unlimited
  sign_in
  : >"$TMP/acked"
  : >"$TMP/refused"
  api POST /divisions '{"code":"330483100100","name":"故障测试村100","kind":"village"}'
  [ "$code" = 201 ] && echo 330483100100 >>"$TMP/acked"
  api GET /me
  local unit; unit=$(json_get 'd["unit"]["id"]')
  api GET "/tasks?unit_id=$unit"
  task=$(json_get 'd["items"][0]["id"]')
  api POST "/tasks/$task/sign" '{}'
  code=$(curl -s -o "$OUT" -w '%{http_code}' -b "$jar" -H "x-csrf-token: $csrf" -H 'content-type: text/plain' \
    --data-binary '故障测试的附件' "$base/tasks/$task/attachments?name=fault.txt")
  att=$(json_get 'd["id"]' 2>/dev/null)
  assert "setup: a village, a signature and an attachment are acknowledged ($(shown))" test "$code" = 201 -a -s "$TMP/acked"
  stop_serve
}

# count_ok ACTION — events of ACTION with outcome ok (admin, $base).
count_ok() {
  api GET "/audit?action=$1&per_page=100"
  json_get 'sum(1 for e in d["items"] if e["outcome"] == "ok")'
}

# after_restart DIR NAME — the server without the fault: the database opens,
# the chain verifies, every acknowledged village is there, writes work again.
after_restart() {
  local d=$1 name=$2
  assert "$name: the server starts again without the fault" start_serve "$d" unlimited
  api GET /divisions
  local missing
  missing=$(python3 -c 'import json,sys; have={x["code"] for x in json.load(open(sys.argv[1]))["items"]}
print(" ".join(c for c in open(sys.argv[2]).read().split() if c not in have))' "$OUT" "$TMP/acked")
  assert "$name: all $(wc -l <"$TMP/acked") acknowledged villages are there${missing:+ (missing: $missing)}" test -z "$missing"
  local saved
  saved=$(python3 -c 'import json,sys; have={x["code"] for x in json.load(open(sys.argv[1]))["items"]}
print(" ".join(c for c in open(sys.argv[2]).read().split() if c in have))' "$OUT" "$TMP/refused")
  assert "$name: the $(wc -l <"$TMP/refused") refused villages were not saved after all${saved:+ (saved: $saved)}" test -z "$saved"
  api POST /divisions '{"code":"330483100999","name":"恢复后村","kind":"village"}'
  assert "$name: writes work again ($(shown))" test "$code" = 201
  api GET /audit/verify
  assert "$name: the audit chain verifies through the API" contains "$OUT" '"ok":true'
  stop_serve
  expect_exit 0 "$name: weibao audit verify passes" "$WEIBAO" audit verify --data "$d" ${DB:+--db "$DB"}
  if [ -z "$DB" ]; then
    assert "$name: PRAGMA integrity_check is ok" test "$(sqlite3 "$d/weibao.db" 'PRAGMA integrity_check')" = ok
  fi
}

# fault_phase NAME — the server has the fault: writes until they fail, then
# audited reads until they fail, plain reads, the server still up.  Audited
# reads answered 200 are counted in exports_ok / downloads_ok.
fault_phase() {
  local name=$1 i statuses=
  for i in $(seq 101 600); do
    api POST /divisions "{\"code\":\"330483100$i\",\"name\":\"故障测试村$i\",\"kind\":\"village\"}"
    statuses="$statuses $code"
    [ "$code" = 201 ] || { echo "330483100$i" >>"$TMP/refused"; break; }
    echo "330483100$i" >>"$TMP/acked"
  done
  assert "$name: writes end in 503 db_unavailable/db_busy after $(($(wc -w <<<"$statuses") - 1)) acknowledged ($(shown))" refused_db
  # a smaller write may still fit in what the refused one left: reports until
  # one is refused, each answered 200 or 503, never 500
  reports_ok=0
  for i in $(seq 20); do
    api POST "/tasks/$task/reports" "{\"text\":\"故障中的进展$i\"}"
    [ "$code" = 200 ] || break
    reports_ok=$((reports_ok + 1))
  done
  assert "$name: a progress report too ($reports_ok answered 200 first; $(shown))" refused_db
  exports_ok=0
  for i in $(seq 50); do
    api GET /users/export.xlsx
    [ "$code" = 200 ] || break
    exports_ok=$((exports_ok + 1))
  done
  assert "$name: an Excel export answers 503, never 500 ($exports_ok answered 200 first; $(shown))" refused_storage
  downloads_ok=0
  for i in $(seq 50); do
    api GET "/tasks/$task/attachments/$att"
    [ "$code" = 200 ] || break
    downloads_ok=$((downloads_ok + 1))
  done
  assert "$name: an attachment download answers 503, never 500 ($downloads_ok answered 200 first; $(shown))" refused_db
  api POST /divisions '{"code":"330483100998","name":"再试村","kind":"village"}'
  assert "$name: a write is still refused with 503 ($(shown))" refused_db
  [ "$code" = 201 ] || echo 330483100998 >>"$TMP/refused"
  api GET /me
  assert "$name: GET /api/v1/me still answers 200 ($(shown))" test "$code" = 200
  api GET /tasks
  assert "$name: GET /api/v1/tasks still answers 200 ($(shown))" test "$code" = 200
  assert "$name: the server is still running" kill -0 "$pid"
  assert "$name: no answer was a 500 (log)" sh -c "! grep -q '\"status\":500' '$TMP/serve.log'"
}

# audited_reads_kept NAME DIR — every audited read answered 200 in fault_phase
# has its event (counted on the restarted server, before anything else).
audited_reads_kept() {
  local name=$1
  start_serve "$2" unlimited
  local e d
  e=$(count_ok user.export) d=$(count_ok task.attachment_download)
  assert "$name: every export answered 200 has its audit event ($e events, $exports_ok answers)" test "$e" = "$exports_ok"
  assert "$name: every download answered 200 has its audit event ($d events, $downloads_ok answers)" test "$d" = "$downloads_ok"
  stop_serve
}

# --- 2 (in its own mount namespace): a full file system ---------------------------
if [ "${2:-}" = enospc ]; then
  M=$TMP/mnt
  mkdir -p "$M"
  if mount -t tmpfs -o size=2m,mode=0700 weibao-full "$M"; then
    MNT=$M
    D=$M/d
    prepare "$D"
    : >"$TMP/serve.log"
    # fill the file system, then leave 192 KiB free: the WAL takes some writes, then none
    dd if=/dev/zero of="$M/filler" bs=4096 2>/dev/null
    truncate -s -196608 "$M/filler"
    assert "full file system: the server starts with $(($(stat -f -c '%a * %S' "$M") / 1024)) KiB free" \
      start_serve "$D" unlimited
    fault_phase "full file system"
    stop_serve
    assert "full file system: the server stops cleanly on SIGTERM (exit $serve_rc)" test "$serve_rc" = 0
    rm -f "$M/filler"
    audited_reads_kept "full file system" "$D"
    after_restart "$D" "full file system"
  else
    failed=$((failed + 1)); echo "not ok - a tmpfs could not be mounted"
  fi
  finish
  exit
fi

# --- 1. disk full: a file-size limit -------------------------------------------
# bash's ulimit -f counts 1024-byte blocks (512 in POSIX mode): measured.
( trap '' XFSZ; ulimit -f 1; head -c 4096 /dev/zero >"$TMP/probe" ) 2>/dev/null
block=$(stat -c %s "$TMP/probe")
assert "ulimit -f counts blocks of 512 or 1024 bytes ($block)" test "$block" = 1024 -o "$block" = 512
D=$TMP/full
prepare "$D"
: >"$TMP/serve.log"
size=$(stat -c %s "$D/weibao.db")
limit=$(( (size + 131072 + block - 1) / block ))    # the database's size + 128 KiB: the WAL fills that
assert "limited: the server starts with files limited to $((limit * block)) bytes (database $size)" \
  start_serve "$D" "$limit"
fault_phase "file-size limit"
assert "limited: the database file stayed within the limit ($(stat -c %s "$D/weibao.db") bytes)" \
  test "$(stat -c %s "$D/weibao.db")" -le $((limit * block))
stop_serve
assert "limited: the server stops cleanly on SIGTERM (exit $serve_rc)" test "$serve_rc" = 0
audited_reads_kept "file-size limit" "$D"
after_restart "$D" "file-size limit"

# --- 2. disk full: a full file system (root only) --------------------------------
# The script runs itself again in a private mount namespace (argument
# `enospc`): there a 2 MiB tmpfs holds the data directory, and it vanishes
# with that process.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null &&
   unshare -m --propagation private true 2>/dev/null; then
  unshare -m --propagation private bash "$0" "$WEIBAO" enospc >"$TMP/enospc.out" 2>&1
  grep -E '^(ok|not ok) ' "$TMP/enospc.out"
  grep -vE '^(ok|not ok) |^[0-9]+ passed, [0-9]+ failed$' "$TMP/enospc.out" | sed 's/^/  # /' | head -20
  if summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$TMP/enospc.out"); then
    set -- $summary
    passed=$((passed + $1)) failed=$((failed + $3))
  else
    failed=$((failed + 1)); echo "not ok - the full file system run printed no summary"
  fi
else
  echo "ok - # SKIP full file system: needs root and unshare -m"
fi

# --- 3. a read-only database file -------------------------------------------------
# root writes whatever the mode says: run the server without CAP_DAC_OVERRIDE
wrap=()
if [ "$(id -u)" -eq 0 ]; then
  wrap=(setpriv --bounding-set -dac_override,-dac_read_search --)
fi
if [ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null; then
  D=$TMP/ro
  prepare "$D"
  : >"$TMP/serve.log"
  chmod 0400 "$D"/weibao.db*
  assert "read-only file: the server starts on a 0400 database" start_serve "$D" unlimited "${wrap[@]}"
  fault_phase "read-only file"
  stop_serve
  assert "read-only file: the server stops cleanly on SIGTERM (exit $serve_rc)" test "$serve_rc" = 0
  chmod 0600 "$D"/weibao.db*
  audited_reads_kept "read-only file" "$D"
  after_restart "$D" "read-only file"

  # --- 4. a read-only data directory ----------------------------------------------
  D=$TMP/rodir
  prepare "$D"
  : >"$TMP/serve.log"
  before=$(sqlite3 "$D/weibao.db" 'SELECT count(*) FROM audit_events')
  chmod 0500 "$D"
  if start_serve "$D" unlimited "${wrap[@]}"; then
    # it may serve read-only: then the rules of the read-only file hold
    fault_phase "read-only directory"
    stop_serve
  else
    kill "$pid" 2>/dev/null    # (when it hangs instead of answering)
    wait "$pid"; serve_rc=$?; wait "$catpid" 2>/dev/null; pid= catpid=
    assert "read-only directory: serve refuses to start with exit 1 ($serve_rc): $(grep -v '^{' "$TMP/serve.log" | tail -n 1)" \
      test "$serve_rc" = 1
    assert "read-only directory: and says why (read-only)" sh -c "grep -qi 'read.\?only' '$TMP/serve.log'"
  fi
  chmod 0700 "$D"
  assert "read-only directory: nothing was written ($before events before and after)" \
    test "$(sqlite3 "$D/weibao.db" 'SELECT count(*) FROM audit_events')" = "$before"
  after_restart "$D" "read-only directory"
else
  echo "ok - # SKIP read-only database: running as root without setpriv"
fi

# --- 5. PostgreSQL: a database in read-only mode --------------------------------
if PGURL=$(pg_database faults); then
  DB=$PGURL
  D=$TMP/pg
  prepare "$D"
  : >"$TMP/serve.log"
  pgname=${PGURL##*dbname=}
  psql -q "$(cat "$WEIBAO_TEST_PG_DIR/url")" -c "ALTER DATABASE $pgname SET default_transaction_read_only = on" >/dev/null
  assert "PostgreSQL read-only: the server starts" start_serve "$D" unlimited
  fault_phase "PostgreSQL read-only"
  stop_serve
  psql -q "$(cat "$WEIBAO_TEST_PG_DIR/url")" -c "ALTER DATABASE $pgname RESET default_transaction_read_only" >/dev/null
  audited_reads_kept "PostgreSQL read-only" "$D"
  after_restart "$D" "PostgreSQL read-only"
  DB=
else
  failed=$((failed + 1)); echo "not ok - PostgreSQL test database could not be created"
fi

finish
