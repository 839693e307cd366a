#!/usr/bin/env bash
# Logs and metrics: one JSON line per API request and per server event, with
# no personal data and nothing of the path or query; X-Request-Id on every
# answer (the client's echoed when well-formed); /metrics on metrics_listen
# only, its counts rising; the log file rotated by size, rotated files older
# than log_keep_days deleted and nothing else.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Observe-Tongxiang-2022"
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN WEIBAO_USER_PASSWORD
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; fi; rm -rf "$TMP"' EXIT

D=$TMP/data
LOG=$D/weibao.log
expect_exit 0 "init" "$WEIBAO" init --data "$D"
mport=$(free_port)
cat > "$D/weibao.conf" <<CONF
log_file = weibao.log
metrics_listen = 127.0.0.1:$mport
CONF
metrics="http://127.0.0.1:$mport/metrics"

serve_admin --data "$D"
root=${base%/api/v1}
assert "the sign-in worked" test -n "$csrf"
assert "serve prints the metrics address" contains "$TMP/serve.log" "metrics at $metrics"

# --- X-Request-Id -----------------------------------------------------------
rid() { curl -s -o /dev/null -D - "$@" | tr -d '\r' | sed -n 's/^[Xx]-[Rr]equest-[Ii]d: //p'; }
id=$(rid "$root/healthz")
assert "an API answer has a random X-Request-Id" eval '[[ $id =~ ^[0-9a-f]{16}$ ]]'
id2=$(rid "$root/healthz")
assert "each request gets its own id" test "$id" != "$id2"
id=$(rid -H "X-Request-Id: trace-Abc.123_x" "$root/healthz")
assert "a well-formed client id is echoed" test "$id" = "trace-Abc.123_x"
id=$(rid -H "X-Request-Id: not ok!" "$root/healthz")
assert "a malformed client id is replaced" eval '[[ $id =~ ^[0-9a-f]{16}$ ]]'
long=$(printf 'a%.0s' $(seq 65))
id=$(rid -H "X-Request-Id: $long" "$root/healthz")
assert "a client id over 64 characters is replaced" eval '[[ $id =~ ^[0-9a-f]{16}$ ]]'
id=$(rid -H "X-Request-Id: $(printf 'b%.0s' $(seq 64))" "$root/healthz")
assert "a client id of 64 characters is kept" test "${#id}" -eq 64
id=$(rid "$root/")
assert "a static answer has an X-Request-Id" eval '[[ $id =~ ^[0-9a-f]{16}$ ]]'
id=$(rid -b "$jar" "$base/no-such-thing")
assert "an error answer has an X-Request-Id" eval '[[ $id =~ ^[0-9a-f]{16}$ ]]'
curl -s -b "$jar" "$base/no-such-thing" > "$OUT"
assert "the error shape is unchanged" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(set(d) != {"error"} or set(d["error"]) != {"code","message"})' "$OUT"
curl -s -b "$jar" -H "X-Request-Id: me-call-1" "$base/me" >/dev/null

# --- requests carrying personal data ----------------------------------------
NAME=张小明 IDNO=33048320100101123X
ENAME=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "$NAME")
curl -s -b "$jar" "$base/users?q=$ENAME&status=active" >/dev/null
curl -s -b "$jar" "$base/users?q=$IDNO" >/dev/null
curl -s -b "$jar" "$base/audit?user=$ENAME&object_id=$IDNO" >/dev/null
curl -s -b "$jar" "$base/users/$IDNO" >/dev/null
curl -s -b "$jar" "$base/tasks?q=$ENAME$IDNO" >/dev/null
curl -s "$base/me?name=$ENAME" >/dev/null
curl -s -H 'content-type: application/json' \
  -d "{\"username\":\"$NAME\",\"password\":\"$IDNO-pass\"}" "$base/session" >/dev/null
curl -s -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"wrong-$IDNO\"}" "$base/session" >/dev/null
curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -H 'content-type: application/json' \
  -d "{\"login\":\"zxm$RANDOM\",\"display_name\":\"$NAME\",\"roles\":[\"leader\"],\"password\":\"$IDNO-Abc\"}" \
  "$base/users" >/dev/null

# --- metrics ----------------------------------------------------------------
# value NAME{LABELS} — the sample's value in the current scrape ($OUT)
value() { awk -v k="$1" '$1 == k { print $2 }' "$OUT"; }
curl -s -o "$OUT" -w '%{http_code} %{content_type}' "$metrics" > "$TMP/st"
assert "/metrics answers on the metrics listener" grep -q '^200 text/plain; version=0.0.4' "$TMP/st"
for m in weibao_build_info process_start_time_seconds weibao_http_requests_total \
         weibao_http_request_duration_seconds_bucket weibao_http_request_duration_seconds_sum \
         weibao_http_request_duration_seconds_count weibao_signin_failures_total \
         weibao_db_connections_open weibao_background_rounds_total \
         weibao_background_rounds_failed_total weibao_audit_events_suppressed_total; do
  assert "metric $m is exposed" grep -q "^$m[{ ]" "$OUT"
done
assert "every metric has its TYPE" python3 - "$OUT" <<'EOF'
import re, sys
types, ok = {}, True
for line in open(sys.argv[1]):
    if line.startswith("# TYPE "):
        _, _, name, kind = line.split()
        types[name] = kind
    elif line.strip() and not line.startswith("#"):
        name = re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line).group(0)
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        ok &= name in types or types.get(base) == "histogram"
        ok &= re.fullmatch(r'[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-z_]+="[^"]*",?)*\})? [0-9.e+-]+', line.strip()) is not None
sys.exit(not ok)
EOF
HEALTH='weibao_http_requests_total{method="GET",route="/healthz",status="2xx"}'
HCOUNT='weibao_http_request_duration_seconds_count{method="GET",route="/healthz"}'
h1=$(value "$HEALTH") c1=$(value "$HCOUNT")
assert "the sign-in failures are counted" test "$(value 'weibao_signin_failures_total{outcome="unauthenticated"}')" -ge 2
assert "the workers' database connections are counted" test "$(value weibao_db_connections_open)" -ge 1
assert "the build's version is exposed" grep -q '^weibao_build_info{version="[0-9.]*"} 1$' "$OUT"
assert "the supervision round at start is counted" test "$(value 'weibao_background_rounds_total{job="supervise"}')" -ge 1
assert "a forbidden or refused read is counted by class" grep -q '^weibao_http_requests_total{method="GET",route="/api/v1/users/{id}",status="4xx"} [1-9]' "$OUT"
assert "the duration histogram ends at +Inf" grep -q '^weibao_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"} ' "$OUT"
for _ in 1 2 3; do curl -s "$root/healthz" >/dev/null; done
curl -s -o "$OUT" "$metrics"
h2=$(value "$HEALTH") c2=$(value "$HCOUNT")
assert "requests_total rises with requests ($h1 → $h2)" test "$h2" -eq $((h1 + 3))
assert "the histogram's count rises with them ($c1 → $c2)" test "$c2" -eq $((c1 + 3))
assert "the metrics scrape itself is not an API request" test "$(grep -c 'route="/metrics"' "$OUT")" -eq 0
code=$(curl -s -o "$TMP/pub" -w '%{http_code}' "$root/metrics")
assert "/metrics on the public port is 404" test "$code" = 404
assert "and shows no metric" eval '! grep -q weibao_ "$TMP/pub"'
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$mport/")
assert "the metrics listener answers nothing else (404)" test "$code" = 404
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d x "$metrics")
assert "the metrics listener refuses POST (405)" test "$code" = 405

kill -TERM "$pid"; wait "$pid"
assert "serve stops cleanly" test $? -eq 0

# --- the log ----------------------------------------------------------------
assert "the log file is mode 0600" test "$(stat -c %a "$LOG")" = 600
assert "every log line is a JSON object with the fields" python3 - "$LOG" <<'EOF'
import json, re, sys
time_re = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)$")
req_keys = {"time", "level", "event", "request_id", "user_id", "route", "method", "status",
            "duration_ms", "bytes"}
events, requests, bad = set(), [], []
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    try:
        o = json.loads(line)
    except ValueError:
        bad.append((n, "not JSON")); continue
    if not isinstance(o, dict) or not time_re.match(o.get("time", "")) or \
       o.get("level") not in ("debug", "info", "warn", "error") or not o.get("event"):
        bad.append((n, "head")); continue
    events.add(o["event"])
    if o["event"] == "request":
        requests.append(o)
        if not req_keys <= set(o) or not isinstance(o["status"], int) or \
           not isinstance(o["bytes"], int) or not isinstance(o["duration_ms"], (int, float)) or \
           not (o["user_id"] is None or isinstance(o["user_id"], int)) or \
           not (o["route"] is None or (o["route"].startswith("/") and "?" not in o["route"])) or \
           not re.fullmatch(r"[A-Za-z0-9._-]{1,64}", o["request_id"]):
            bad.append((n, "request fields"))
ok = True
def need(cond, what):
    global ok
    if not cond:
        print("  # missing:", what); ok = False
need(not bad, f"well-formed lines {bad[:5]}")
need({"server.start", "server.stop", "supervise.round"} <= events, f"server events (have {events})")
need(any(r["user_id"] == 1 and r["route"] == "/api/v1/me" and r["request_id"] == "me-call-1"
         and r["status"] == 200 and r["bytes"] > 0 for r in requests), "the /me line with its id and user")
need(any(r["user_id"] is None and r["route"] == "/healthz" for r in requests), "a line without a user")
need(any(r["route"] is None and r["status"] == 404 for r in requests), "an unmatched path as null")
need(any(r["request_id"] == "trace-Abc.123_x" for r in requests), "the client's id")
need(any(r["route"] == "/api/v1/session" and r["status"] == 401 for r in requests), "the failed sign-in")
need(not any(r["route"] == "/" for r in requests), "no line for a static file")
sys.exit(not ok)
EOF
absent() { ! grep -q -- "$1" "$LOG" "$TMP/serve.log"; }
assert "the name is not in the log" absent "$NAME"
assert "the URL-encoded name is not in the log" absent "$ENAME"
assert "the ID number is not in the log" absent "$IDNO"
assert "no query string is in the log" absent "q="
assert "no raw path is in the log" absent "/users/3304"
assert "the tried login is not in the log" absent "zxm"

# --- configuration errors ---------------------------------------------------
cp "$D/weibao.conf" "$TMP/good.conf"
echo "log_level = loud" >> "$D/weibao.conf"
expect_exit 1 "a bad log_level stops serve" "$WEIBAO" serve --data "$D" --listen 127.0.0.1:0
assert "naming the line" grep -q "weibao.conf:[0-9]*: log_level must be" "$ERR"
printf 'metrics_listen = 127.0.0.1:%s\n' "$mport" > "$D/weibao.conf"
expect_exit 2 "metrics on the public port is refused" "$WEIBAO" serve --data "$D" --listen "127.0.0.1:$mport"
printf 'log_file = no-such-dir/weibao.log\n' > "$D/weibao.conf"
expect_exit 1 "a log file that cannot be made stops serve" "$WEIBAO" serve --data "$D" --listen 127.0.0.1:0
assert "saying so" contains "$ERR" "cannot open the log file"

# --- rotation by size, and deletion of old rotated files ---------------------
L=$TMP/logs
mkdir -p "$L"
cat > "$D/weibao.conf" <<CONF
log_file = $L/weibao.log
log_max_bytes = 1024
log_keep_days = 30
supervise_interval_seconds = 0
CONF
touch -d '40 days ago' "$L/weibao.log.20200101-000000" "$L/weibao.log.20200101-000000-2" \
  "$L/weibao.log.old" "$L/weibao.log.20200101-000000.gz" "$L/other.log.20200101-000000"
touch -d '10 days ago' "$L/weibao.log.20200301-000000"
port=$(free_port)
"$WEIBAO" serve --data "$D" --listen "127.0.0.1:$port" >"$TMP/serve2.log" 2>&1 &
pid=$!
assert "serve answers with a file log" wait_http "http://127.0.0.1:$port/healthz"
assert "rotated files older than log_keep_days are deleted at start" test ! -e "$L/weibao.log.20200101-000000"
assert "with their -N siblings" test ! -e "$L/weibao.log.20200101-000000-2"
assert "younger rotated files are kept" test -e "$L/weibao.log.20200301-000000"
assert "files of other names are kept" test -e "$L/weibao.log.old" -a -e "$L/weibao.log.20200101-000000.gz" -a -e "$L/other.log.20200101-000000"
# aged after the start: the next rotation deletes it
touch -d '31 days ago' "$L/weibao.log.20200201-000000"
for _ in $(seq 30); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; done
sleep 1.5   # the logger writes info lines out at least once a second
kill -TERM "$pid"; wait "$pid"
assert "serve with a rotating log stops cleanly" test $? -eq 0
rotated=$(ls "$L" | grep -cE '^weibao\.log\.[0-9]{8}-[0-9]{6}(-[0-9]+)?$')
assert "the log was rotated by size ($rotated rotated files)" test "$rotated" -ge 5
assert "a rotation deletes old files too" test ! -e "$L/weibao.log.20200201-000000"
assert "no file is over log_max_bytes" test -z "$(find "$L" -name 'weibao.log*' -size +1024c)"
assert "the files made are mode 0600" test -z "$(find "$L" -name 'weibao.log*' -newer "$D/weibao.conf" ! -perm 600)"
assert "every request is in the rotated files" test "$(cat "$L"/weibao.log* 2>/dev/null | grep -c '"route":"/healthz"')" -ge 31
assert "the deletions are logged" grep -q '"event":"log.pruned"' "$L"/weibao.log*
assert "every line of every file is JSON" python3 -c '
import glob, json, sys
for f in glob.glob(sys.argv[1] + "/weibao.log*"):
    for line in open(f):
        json.loads(line)' "$L"

# --- the level filter, and stderr by default -----------------------------------
printf 'log_level = warn\nsupervise_interval_seconds = 0\n' > "$D/weibao.conf"
port=$(free_port)
"$WEIBAO" serve --data "$D" --listen "127.0.0.1:$port" >"$TMP/serve3.out" 2>"$TMP/serve3.err" &
pid=$!
assert "serve answers with log_level = warn" wait_http "http://127.0.0.1:$port/healthz"
kill -TERM "$pid"; wait "$pid"
assert "info lines are left out at warn" eval '! grep -q "\"event\":\"request\"" "$TMP/serve3.err"'
printf 'supervise_interval_seconds = 0\n' > "$D/weibao.conf"
port=$(free_port)
"$WEIBAO" serve --data "$D" --listen "127.0.0.1:$port" >"$TMP/serve4.out" 2>"$TMP/serve4.err" &
pid=$!
assert "serve answers logging to stderr" wait_http "http://127.0.0.1:$port/healthz"
kill -TERM "$pid"; wait "$pid"
assert "without log_file the lines go to stderr" grep -q '"event":"request"' "$TMP/serve4.err"
assert "and the terminal's own lines stay on stdout" contains "$TMP/serve4.out" "serving http://"
finish
