#!/usr/bin/env bash
# Cases (issue 14): one town's case list filtered by state and light among
# 200,000 cases over 1,000,000 registry children, through the running server,
# beside the same query in the sqlite3 shell (the floor).
#   bench/cases.sh [path/to/weibao] [runs] [children] [cases]
# Defaults: build/weibao, 15 requests per query, 1,000,000 children (`weibao gen
# children`), 200,000 cases (`weibao gen cases`), over the ~180 示例 villages
# of `weibao gen demo` (11 towns).
#
# The town is the one with most cases.  Each query is asked by a town station
# user (town_worker, scope town:T — the list of their own town) and by the
# administrator (county scope, `town=T`).  Per request: the server's own time
# (`duration_ms` of its request log line, found by the X-Request-Id the
# script sends: from the request read to the answer queued, JSON and
# decryption of the 20 children's names and ID numbers included) and curl's
# time_starttransfer (a new connection each, over localhost).  The shell
# (`.timer on`, 1 ms resolution, same PRAGMA mmap_size as weibao): the floor,
# a plain count and page anyone would write for the query
#   SELECT count(*) FROM cases WHERE town_code = T AND state = S AND <light>
#   SELECT <columns> FROM cases WHERE … ORDER BY id DESC LIMIT 20
# and weibao's own two statements (stmt.def CASE_COUNT_TOWN_STATE and
# CASE_PAGE_TOWN_STATE with literal values).  Requests and shell runs go in
# rounds (every query once per round).  Medians (and p90 of the server time).
# Environment:
#   CASES_KEEP=DIR  keep the generated data directory in DIR, or reuse it when
#                   DIR/weibao.db exists (generation takes minutes)
#   CASES_OLD=BIN   also time the same requests against another build (e.g.
#                   the one before the per-shape statements) on the same data;
#                   it must open the data's schema (an older build refuses a
#                   migrated database: keep a copy made before `migrate`)
#   CASES_EQP=1     print the EXPLAIN QUERY PLAN of weibao's statements
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${1:-$root/build/weibao} runs=${2:-15} nchildren=${3:-1000000} ncases=${4:-200000}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[ -x "$bin" ] || { echo "cases.sh: no weibao binary at $bin" >&2; exit 2; }
for c in curl sqlite3 python3 cc; do
  command -v "$c" >/dev/null || { echo "cases.sh: $c is needed" >&2; exit 2; }
done
umask 077
tmp=$(mktemp -d /tmp/weibao-bench-cases.XXXXXX)
wpid=
stop_server() {
  if [ -n "$wpid" ]; then kill "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true; fi
  wpid=
}
cleanup() { stop_server; rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN
export WEIBAO_ADMIN_PASSWORD=Bench-Cases-Tongxiang-2022
spw="Station-Cases-Tongxiang-2022!"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
p90() { sort -n | awk '{a[NR]=$1} END {k=int(NR*0.9); if (k<NR*0.9) k++; print a[k]}'; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# ---- the data -------------------------------------------------------------------
data=${CASES_KEEP:-$tmp/data}
if [ -f "$data/weibao.db" ]; then
  echo "data: reusing $data"
else
  "$bin" init --data "$data" >/dev/null
  printf '# bench/cases.sh: the admin signs in with a password\ntotp_required_permissions =\n' >> "$data/weibao.conf"
  "$bin" gen demo --data "$data" >/dev/null
  t0=$(date +%s%N)
  "$bin" gen children --count "$nchildren" --seed 14 --data "$data" 2>/dev/null
  echo "gen children: $(ms_since "$t0") ms"
  t0=$(date +%s%N)
  "$bin" gen cases --count "$ncases" --seed 14 --data "$data" 2>/dev/null
  echo "gen cases: $(ms_since "$t0") ms"
fi
db=$data/weibao.db
town=$(sqlite3 "$db" "SELECT town_code FROM cases GROUP BY town_code ORDER BY count(*) DESC, town_code LIMIT 1")
echo "database: $(du -m "$db" | cut -f1) MB; $(sqlite3 "$db" 'SELECT count(*) FROM children') children, $(sqlite3 "$db" 'SELECT count(*) FROM cases') cases, $(sqlite3 "$db" 'SELECT count(*) FROM case_events') timeline events; town $town: $(sqlite3 "$db" "SELECT count(*) FROM cases WHERE town_code = '$town'") cases"
login=station_$town
"$bin" user list --data "$data" | grep -q "$login" ||
  printf '%s' "$spw" | "$bin" user add "$login" --name 基准测试站 --role town_worker --scope "town:$town" \
    --password-stdin --data "$data" >/dev/null

# the queries: state|light (the town fixed)
queries=(
  "in_care|red" "follow_up|yellow" "new|red" "accepted|green" "assessing|red" "closed|green" "in_care|"
)

# ---- the shell ------------------------------------------------------------------
light_sql() {
  case $1 in
    red) echo "AND (red_at <= $now OR fb_red_at <= $now)" ;;
    yellow) echo "AND NOT (coalesce(red_at <= $now, 0) OR coalesce(fb_red_at <= $now, 0)) AND (yellow_at <= $now OR fb_yellow_at <= $now)" ;;
    green) echo "AND NOT (coalesce(red_at <= $now, 0) OR coalesce(fb_red_at <= $now, 0) OR coalesce(yellow_at <= $now, 0) OR coalesce(fb_yellow_at <= $now, 0))" ;;
    *) echo "" ;;
  esac
}
# ours WHO STMT STATE LIGHT [LIMIT OFFSET]: weibao's statement with literals
# (store/cases.c bind_filter then bind_key: now, the scope's 6, creator ×2,
# state ×2, light ×2, town ×2, village ×2, urgent ×2; the key town, state
# — for the station the key is its scope's town, so the scope binds as the
# county's (store/cases.c key_is_scope) and the filter's town is empty)
ours() {
  local who=$1 name=$2 state=$3 light=$4; shift 4
  local scope="1 NULL NULL NULL NULL NULL" lv=-1 tq=$town
  [ "$who" = station ] && tq=
  case $light in green) lv=0 ;; yellow) lv=1 ;; red) lv=2 ;; esac
  python3 "$here/gen_ledger.py" sql "$root/src/store/stmt.def" "$name" "$now" $scope 0 0 \
    "s:$state" "s:$state" "$lv" "$lv" "s:$tq" "s:$tq" s: s: -1 -1 "s:$town" "s:$state" "$@"
}
now=$(date +%s)
mkdir -p "$tmp/q"
{ echo "PRAGMA mmap_size = 268435456;"; echo ".timer on"; } > "$tmp/head.sql"
for k in "${!queries[@]}"; do
  IFS='|' read -r state light <<<"${queries[$k]}"
  w="WHERE town_code = '$town' AND state = '$state' $(light_sql "$light")"
  { cat "$tmp/head.sql"
    echo "SELECT count(*) FROM cases $w;"
    echo "SELECT id, tracking_no, source, situations, urgent, state, risk, child_id, child_name, child_id_number, division_code, state_since, yellow_at, red_at, created_at FROM cases $w ORDER BY id DESC LIMIT 20;"
  } > "$tmp/q/$k.floor.sql"
  { cat "$tmp/head.sql"; ours station CASE_COUNT_TOWN_STATE "$state" "$light"
    ours station CASE_PAGE_TOWN_STATE "$state" "$light" 20 0; } > "$tmp/q/$k.ours.sql"
  if [ -n "${CASES_EQP:-}" ]; then
    echo "-- $state $light: CASE_COUNT_TOWN_STATE, CASE_PAGE_TOWN_STATE (station)"
    { ours station CASE_COUNT_TOWN_STATE "$state" "$light"
      ours station CASE_PAGE_TOWN_STATE "$state" "$light" 20 0; } | sed 's/^SELECT/EXPLAIN QUERY PLAN SELECT/' | sqlite3 "$db"
  fi
  : > "$tmp/q/$k.floor.t"; : > "$tmp/q/$k.shell.t"
done
# shell_ms FILE: the sum of the statements' real times (ms) of one shell run
shell_ms() { sqlite3 "$db" < "$1" 2>&1 | awk '/^Run Time:/ {s += $4} END {printf "%.0f", s * 1000}'; }

# ---- the server -----------------------------------------------------------------
# serve_and_time BIN TAG: serves the data with BIN, signs in both users, times
# every query RUNS times in rounds; results in $tmp/q/TAG.*
serve_and_time() {
  local b=$1 tag=$2 p url ac sc
  p=$(port); url="http://127.0.0.1:$p"
  "$b" serve --data "$data" --listen "127.0.0.1:$p" > "$tmp/serve.$tag.log" 2>&1 &
  wpid=$!
  for _ in $(seq 600); do curl -fs "$url/healthz" >/dev/null 2>&1 && break; sleep 0.05; done
  signin() {
    curl -s -c "$tmp/jar.$1" -H 'content-type: application/json' \
      -d "{\"username\":\"$2\",\"password\":\"$3\"}" "$url/api/v1/session" > /dev/null
  }
  signin admin admin "$WEIBAO_ADMIN_PASSWORD"
  signin station "$login" "$spw"
  for who in station admin; do
    for k in "${!queries[@]}"; do
      IFS='|' read -r state light <<<"${queries[$k]}"
      qs="state=$state${light:+&light=$light}"
      [ "$who" = admin ] && qs="town=$town&$qs"
      echo "$qs" > "$tmp/q/$tag.$who.$k.qs"
      curl -s -b "$tmp/jar.$who" "$url/api/v1/cases?$qs" > "$tmp/b"
      python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$tmp/b" > "$tmp/q/$tag.$who.$k.total"
      : > "$tmp/q/$tag.$who.$k.curl"
    done
  done
  for r in $(seq "$runs"); do
    for who in station admin; do
      for k in "${!queries[@]}"; do
        curl -s -o /dev/null -b "$tmp/jar.$who" -H "X-Request-Id: bench$tag$who$k$r" \
          -w '%{time_starttransfer}\n' "$url/api/v1/cases?$(cat "$tmp/q/$tag.$who.$k.qs")" \
          >> "$tmp/q/$tag.$who.$k.curl"
      done
    done
    if [ "$tag" = new ]; then
      for k in "${!queries[@]}"; do
        shell_ms "$tmp/q/$k.floor.sql" >> "$tmp/q/$k.floor.t"; echo >> "$tmp/q/$k.floor.t"
        shell_ms "$tmp/q/$k.ours.sql" >> "$tmp/q/$k.shell.t"; echo >> "$tmp/q/$k.shell.t"
      done
    fi
  done
  sleep 0.3
  stop_server
  for who in station admin; do
    for k in "${!queries[@]}"; do
      python3 - "$tmp/serve.$tag.log" "bench$tag$who$k" > "$tmp/q/$tag.$who.$k.server" <<'EOF'
import json, re, sys
pat = re.compile(re.escape(sys.argv[2]) + r"\d+$")
for line in open(sys.argv[1]):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    if d.get("event") == "request" and pat.match(d.get("request_id", "")):
        print(d["duration_ms"])
EOF
    done
  done
}

load0=$(cut -d' ' -f1-3 /proc/loadavg)
serve_and_time "$bin" new
[ -n "${CASES_OLD:-}" ] && serve_and_time "$CASES_OLD" old
load1=$(cut -d' ' -f1-3 /proc/loadavg)

echo "load average before / after: $load0 / $load1 ($(nproc) cores)"
echo
echo "| user | query (town $town) | total | server time, median | p90 | curl starttransfer, median | sqlite3 floor (count + page), median | weibao's statements in sqlite3, median |${CASES_OLD:+ before (server median) |}"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |${CASES_OLD:+ ---: |}"
for who in station admin; do
  for k in "${!queries[@]}"; do
    qs=$(cat "$tmp/q/new.$who.$k.qs")
    old=
    [ -n "${CASES_OLD:-}" ] && old=" $(median < "$tmp/q/old.$who.$k.server") ms |"
    printf '| %s | `%s` | %s | %.1f ms | %.1f ms | %.1f ms | %s ms | %s ms |%s\n' \
      "$who" "$qs" "$(cat "$tmp/q/new.$who.$k.total")" \
      "$(median < "$tmp/q/new.$who.$k.server")" "$(p90 < "$tmp/q/new.$who.$k.server")" \
      "$(median < "$tmp/q/new.$who.$k.curl" | awk '{print $1 * 1000}')" \
      "$(grep . "$tmp/q/$k.floor.t" | median)" "$(grep . "$tmp/q/$k.shell.t" | median)" "$old"
  done
done
