#!/usr/bin/env bash
# The task ledger (GET /api/v1/tasks) at 200,000 tasks: whole-request times
# with curl against the same statements (src/store/stmt.def TASK_COUNT and
# TASK_PAGE_*) run in the sqlite3 shell on the same database file.
#   bench/bench_ledger.sh [path/to/weibao] [runs] [shell runs]
# Defaults: build/weibao, 15 requests per page, 7 shell runs per statement.
#
# A data directory from `weibao init` and the 2022 work plan; one `serve` to
# write the weibao_meta 'light_rules' row; then, server stopped,
# bench/gen_ledger.py adds 1,000 synthetic plans × 20 items × ~10 tasks (up to
# LEDGER_TASKS, 200,000) with the light moments `serve` would store, so the
# row stays valid.  weibao.conf sets supervise_interval_seconds = 0: the first
# 督办 round over 200,000 tasks would otherwise write supervisions while the
# requests are timed.
#
# Prints: the start-up time of `serve` (row kept; row deleted: every task's
# moments recomputed, none differ; rules changed: most open tasks rewritten),
# then per ledger page, as admin (county scope) and as a unit liaison (unit
# scope), the median and p90 of the whole request (curl %{time_total}, a new
# connection each; p90: the ceil(0.9 n)-th, the 14th of 15) beside the
# sqlite3 shell's median of count + page (`.timer`, 1 ms resolution; the
# statement text of stmt.def with its `?` replaced by literal values, and the
# same PRAGMAs as weibao: mmap_size, temp_store), and a markdown table of both.
# Requests and shell runs go in rounds (every page once per round), so that
# other work on the machine weighs on all pages alike.
# Environment:
#   LEDGER_TASKS=N   tasks in all (default 200000), LEDGER_PLANS (1000)
#   LEDGER_SQL=...   SQL run on the database before serving (e.g. a candidate
#                    index: `CREATE INDEX ...; ANALYZE;`) — before/after runs
#   LEDGER_EQP=1     also print EXPLAIN QUERY PLAN of each count and page
#   LEDGER_BIND=1    shell statements with `?` bound by `.parameter set`
#                    (the server's prepared form) instead of literals
#   LEDGER_KEEP=DIR  keep the generated data directory in DIR (a copy)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${1:-$root/build/weibao} runs=${2:-15} shell_runs=${3:-7}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "bench_ledger: no weibao binary at $bin" >&2; exit 2; }
for c in curl sqlite3 python3 cc; do
  command -v "$c" >/dev/null || { echo "bench_ledger: $c is needed" >&2; exit 2; }
done
tasks=${LEDGER_TASKS:-200000} plans=${LEDGER_PLANS:-1000}

umask 077
tmp=$(mktemp -d /tmp/weibao-ledger.XXXXXX)
wpid=
stop_server() {
  if [ -n "$wpid" ]; then kill "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true; fi
  wpid=
}
cleanup() { stop_server; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN
pw="Bench-Tongxiang-2022"
lpw="Unit-Liaison-Tongxiang-2022!"
data=$tmp/data db=$tmp/data/weibao.db
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# nearest rank: the ceil(0.9 n)-th smallest
p90() { sort -n | awk '{a[NR]=$1} END {k=int(NR*0.9); if (k<NR*0.9) k++; print a[k]}'; }
ms() { awk '{printf "%.1f", $1}'; }

# start_server DIR: serve DIR in the background on a fresh port; sets wpid, url
start_server() {
  local p; p=$(port)
  url="http://127.0.0.1:$p"
  "$bin" serve --data "$1" --listen "127.0.0.1:$p" >"$tmp/serve.log" 2>&1 &
  wpid=$!
  for _ in $(seq 600); do curl -fs "$url/healthz" >/dev/null 2>&1 && return 0; sleep 0.05; done
  echo "bench_ledger: the server did not start" >&2; cat "$tmp/serve.log" >&2; exit 1
}

# ---- the data -----------------------------------------------------------------
WEIBAO_ADMIN_PASSWORD=$pw "$bin" init --data "$data" >/dev/null
"$bin" plan import "$root/data/tongxiang-2022-workplan.txt" --data "$data" >/dev/null
printf '# bench/bench_ledger.sh: no 督办 rounds while timing; the admin signs in with a password\nsupervise_interval_seconds = 0\ntotp_required_permissions =\n' \
  > "$data/weibao.conf"
start_server "$data"      # writes the light_rules row (and the 2022 plan's moments)
stop_server
python3 "$here/gen_ledger.py" "$db" --tasks "$tasks" --plans "$plans"
[ -z "${LEDGER_SQL:-}" ] || { echo "bench_ledger: on the database first: $LEDGER_SQL"; sqlite3 "$db" "$LEDGER_SQL"; }
[ -z "${LEDGER_KEEP:-}" ] || { mkdir -p "$LEDGER_KEEP"; cp -p "$data"/* "$LEDGER_KEEP"/; echo "bench_ledger: data kept in $LEDGER_KEEP"; }
echo "weibao $("$bin" --version | cut -d' ' -f2), SQLite $(sqlite3 --version | cut -d' ' -f1)," \
  "$(nproc) cores; $(du -k "$db" | cut -f1) KiB database"

# ---- start-up -----------------------------------------------------------------
# on a copy: the recomputations write to it
cp -rp "$data" "$tmp/s"
changed() {   # tasks of the copy whose moments differ from the generated database's
  sqlite3 "$tmp/s/weibao.db" "ATTACH '$db' AS g; SELECT count(*) FROM tasks x JOIN g.tasks y USING (id)
    WHERE x.yellow_at IS NOT y.yellow_at OR x.red_at IS NOT y.red_at"
}
su=$(python3 "$here/startup.py" "$bin" "$tmp/s" 5 | tail -1 | sed -n 's/.*: \([0-9.]*\) ms.*/\1/p')
echo "start-up, light_rules row kept: median $su ms over 5 runs"
: > "$tmp/su"
for i in 1 2 3; do
  sqlite3 "$tmp/s/weibao.db" "DELETE FROM weibao_meta WHERE key = 'light_rules'"
  python3 "$here/startup.py" "$bin" "$tmp/s" 1 | tail -1 | sed -n 's/.*: \([0-9.]*\) ms.*/\1/p' >> "$tmp/su"
done
[ -n "$(sqlite3 "$tmp/s/weibao.db" "SELECT value FROM weibao_meta WHERE key = 'light_rules'")" ] \
  || { echo "bench_ledger: serve did not write the light_rules row back" >&2; exit 1; }
su_del=$(median < "$tmp/su")
echo "start-up, light_rules row deleted (every task read, moments recomputed):" \
  "$(tr '\n' ' ' < "$tmp/su")ms, median $su_del ms; moments that differ from gen_ledger.py's: $(changed)"
: > "$tmp/su"
for w in 10 7 10; do
  printf 'supervise_interval_seconds = 0\ntotp_required_permissions =\ntask_warn_days = %s\n' "$w" > "$tmp/s/weibao.conf"
  python3 "$here/startup.py" "$bin" "$tmp/s" 1 | tail -1 | sed -n 's/.*: \([0-9.]*\) ms.*/\1/p' >> "$tmp/su"
  echo "  task_warn_days = $w: $(tail -1 "$tmp/su") ms, tasks now differing from the generated moments: $(changed)"
done
su_chg=$(median < "$tmp/su")
echo "start-up, rules changed (task_warn_days 7 → 10 → 7 → 10, the open tasks rewritten): median $su_chg ms"
rm -rf "$tmp/s"

# ---- the server ---------------------------------------------------------------
start_server "$data"
# sign_in LOGIN PASSWORD → "cookie csrf"
sign_in() {
  curl -s -D "$tmp/h" -o "$tmp/b" -X POST -H "Content-Type: application/json" \
    -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$url/api/v1/session"
  local c; c=$(sed -n 's/^[Ss]et-[Cc]ookie: \(wb_session=[^;]*\).*/\1/p' "$tmp/h")
  [ -n "$c" ] || { echo "bench_ledger: sign-in as $1 failed: $(cat "$tmp/b")" >&2; exit 1; }
  echo "$c $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$tmp/b")"
}
creds=$(sign_in admin "$pw")
admin_cookie=${creds% *} admin_csrf=${creds#* }
# the filters: the unit with most tasks, a synthetic plan in the middle
unit=$(sqlite3 "$db" "SELECT unit_id FROM tasks GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1")
plan=$(sqlite3 "$db" "SELECT id FROM plans ORDER BY id LIMIT 1 OFFSET $((plans / 2))")
word=心理
word_url=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$word")
st=$(curl -s -o "$tmp/b" -w '%{http_code}' -X POST -H "Cookie: $admin_cookie" \
  -H "X-CSRF-Token: $admin_csrf" -H "Content-Type: application/json" \
  -d "{\"login\":\"ledgerliaison\",\"display_name\":\"台账联络员\",\"roles\":[\"unit_liaison\"],\"scope_kind\":\"unit\",\"unit_id\":$unit,\"password\":\"$lpw\"}" \
  "$url/api/v1/users")
[ "$st" = 201 ] || { echo "bench_ledger: POST /api/v1/users: $st $(cat "$tmp/b")" >&2; exit 1; }
creds=$(sign_in ledgerliaison "$lpw")
liaison_cookie=${creds% *}

# label|query|sort|desc|page|plan|unit|status|q|light
cases=(
  "default (page 1, sort item)||item|0|1|0|0|||-1"
  "page 5000|page=5000|item|0|5000|0|0|||-1"
  "sort=deadline&order=desc|sort=deadline&order=desc|deadline|1|1|0|0|||-1"
  "sort=light&order=desc|sort=light&order=desc|light|1|1|0|0|||-1"
  "status=in_progress|status=in_progress|item|0|1|0|0|in_progress||-1"
  "light=red|light=red|item|0|1|0|0|||2"
  "q=$word|q=$word_url|item|0|1|0|0||$word|-1"
  "unit_id=$unit|unit_id=$unit|item|0|1|0|$unit|||-1"
  "plan_id=$plan|plan_id=$plan|item|0|1|$plan|0|||-1"
)

# shell_sql WHO STMT LIMIT-OFFSET... : the statement for the sqlite3 shell
# (bind_filter() of src/store/tasks.c: now, the scope's 6, plan ×2, q, its
# LIKE pattern, archived ×2 (-1: any), unit ×2, status ×2, light ×2, returned,
# supervised, due (0: off), then limit and offset)
shell_sql() {
  local who=$1 name=$2; shift 2
  local scope="1 NULL NULL NULL NULL NULL"
  [ "$who" = admin ] || scope="0 NULL NULL $unit NULL NULL"
  local like; like="%$(printf '%s' "$c_q" | sed 's/[\\%_]/\\&/g')%"
  python3 "$here/gen_ledger.py" sql "$root/src/store/stmt.def" "$name" ${LEDGER_BIND:+--bind} \
    "$(date +%s)" $scope "$c_plan" "$c_plan" "s:$c_q" "s:$like" -1 -1 "$c_unit" "$c_unit" \
    "s:$c_status" "s:$c_status" "$c_light" "$c_light" 0 0 0 "$@"
}

# Per user and page: the statements for the shell, and one warm-up request
# (which gives the total).  Then rounds: each round times every page once, so
# that a burst of other work on the machine spreads over all pages alike.
mkdir -p "$tmp/q"
keys=()
for who in admin liaison; do
  cookie=$admin_cookie
  [ "$who" = admin ] || cookie=$liaison_cookie
  for k in "${!cases[@]}"; do
    IFS='|' read -r label qs c_sort c_desc c_page c_plan c_unit c_status c_q c_light <<<"${cases[$k]}"
    key=$who.$k
    keys+=("$key")
    echo "$cookie" > "$tmp/q/$key.cookie"
    echo "$qs" > "$tmp/q/$key.qs"
    curl -s -o "$tmp/b" -H "Cookie: $cookie" "$url/api/v1/tasks?$qs"
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$tmp/b" > "$tmp/q/$key.total"
    page=TASK_PAGE_$(echo "$c_sort" | tr a-z A-Z)
    [ "$c_desc" = 1 ] && page=${page}_DESC
    shell_sql "$who" TASK_COUNT > "$tmp/q/$key.count.sql"
    shell_sql "$who" "$page" 20 $(((c_page - 1) * 20)) > "$tmp/q/$key.page.sql"
    if [ -n "${LEDGER_EQP:-}" ]; then
      echo "-- $who, $label: TASK_COUNT, then $page"
      cat "$tmp/q/$key.count.sql" "$tmp/q/$key.page.sql" | sed 's/^SELECT/EXPLAIN QUERY PLAN SELECT/' | sqlite3 "$db"
    fi
    : > "$tmp/q/$key.t"
  done
done
for _ in $(seq "$runs"); do
  for key in "${keys[@]}"; do
    qs=$(cat "$tmp/q/$key.qs")
    r=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Cookie: $(cat "$tmp/q/$key.cookie")" \
      "$url/api/v1/tasks?$qs")
    [ "${r%% *}" = 200 ] || { echo "bench_ledger: GET /api/v1/tasks?$qs ($key): ${r%% *}" >&2; exit 1; }
    echo "${r#* } * 1000" | bc -l >> "$tmp/q/$key.t"
  done
done
stop_server
# the shell: one process, the same rounds; one Run Time line per statement
{
  echo "PRAGMA mmap_size = 268435456;"; echo "PRAGMA temp_store = MEMORY;"
  echo ".output /dev/null"; echo ".timer on"
  for _ in $(seq "$shell_runs"); do
    for key in "${keys[@]}"; do cat "$tmp/q/$key.count.sql" "$tmp/q/$key.page.sql"; done
  done
} | sqlite3 "$db" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' > "$tmp/s.out"
[ "$(wc -l < "$tmp/s.out")" -eq $((2 * shell_runs * ${#keys[@]})) ] || { echo "bench_ledger: sqlite3 timings missing" >&2; exit 1; }

: > "$tmp/rows"
for i in "${!keys[@]}"; do
  key=${keys[$i]} who=${keys[$i]%%.*}
  IFS='|' read -r label _ <<<"${cases[${key#*.}]}"
  # lines 2i+1 (count) and 2i+2 (page) of each round of 2 × keys lines
  awk -v n=$((2 * ${#keys[@]})) -v c=$((2 * i + 1)) \
    '{r = (NR - 1) % n + 1} r == c {cnt = $1 * 1000} r == c + 1 {print cnt, $1 * 1000}' "$tmp/s.out" > "$tmp/s"
  wmed=$(median < "$tmp/q/$key.t" | ms) wp90=$(p90 < "$tmp/q/$key.t" | ms)
  smed=$(awk '{print $1 + $2}' "$tmp/s" | median | ms)
  scnt=$(awk '{print $1}' "$tmp/s" | median | ms) spage=$(awk '{print $2}' "$tmp/s" | median | ms)
  total=$(cat "$tmp/q/$key.total")
  printf '%-8s %-28s total %6s: request median %7s ms, p90 %7s ms | sqlite3 count %6s + page %6s = %6s ms\n' \
    "$who" "$label" "$total" "$wmed" "$wp90" "$scnt" "$spage" "$smed"
  echo "$who|$label|$total|$wmed|$wp90|$smed|$scnt|$spage" >> "$tmp/rows"
done
if grep -q "recomputed" "$tmp/serve.log"; then
  echo "bench_ledger: serve recomputed the moments at start-up: the figures include it" >&2; exit 1
fi

echo
echo "| user | page | total | weibao whole request, median | p90 | sqlite3 shell count + page, median (count / page) |"
echo "| --- | --- | ---: | ---: | ---: | ---: |"
while IFS='|' read -r who label total wmed wp90 smed scnt spage; do
  [ "$who" = admin ] && who="admin (county)" || who="unit liaison (unit $unit)"
  echo "| $who | \`$label\` | $total | $wmed ms | $wp90 ms | $smed ms ($scnt / $spage) |"
done < "$tmp/rows"
