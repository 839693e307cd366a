#!/usr/bin/env bash
# Background checks (issue 15): a roster of N people (default 1,000,000,
# `weibao gen roster`, ~1% of them on the registry) against a registry of M
# records (default 100,000, `weibao gen registry`), both as CSV.  Ours, whole
# processes on a fresh data directory: `weibao check registry import` then
# `weibao check run --institution` (read, check every row, two blind indexes
# a row, the person sealed, hash look-ups, one transaction each, audited).
# The floor, in the same script and alternating with ours: the sqlite3 shell
# importing both CSVs into plain tables of a new database and
#   SELECT count(*) FROM roster r JOIN registry g ON g.id_number = r.id_number
# (one whole process).  Medians of RUNS runs of each, the ratio floor ÷ ours
# (target: at least 2), the peak RSS, the hits both count, the CPU seconds
# (user + system) of each — on a loaded machine the wall times swing with
# the load, the CPU times much less — and the load average before and after.
#   bench/checks.sh [path/to/weibao] [runs] [roster rows] [registry rows]
set -euo pipefail
bin=${1:-build/weibao} runs=${2:-3} rows=${3:-1000000} reg=${4:-100000}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
tmp=$(mktemp -d /tmp/weibao-bench-checks.XXXXXX)
cleanup() { [ -n "${WEIBAO_BENCH_KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

export WEIBAO_ADMIN_PASSWORD=Bench-Checks-2022
"$bin" gen registry --count "$reg" --seed 15 --csv "$tmp/registry.csv" >/dev/null
"$bin" gen roster --count "$rows" --seed 15 --registry "$reg" --share 1 --csv "$tmp/roster.csv" >/dev/null
echo "files: registry $(stat -c %s "$tmp/registry.csv") bytes, roster $(stat -c %s "$tmp/roster.csv") bytes"
"$bin" init --data "$tmp/base" >/dev/null
printf '名称,区划代码,学段,智安校园建成日期\n实验小学,330483,小学,\n' > "$tmp/school.csv"
"$bin" facility import school "$tmp/school.csv" --data "$tmp/base" >/dev/null
cat > "$tmp/floor.sql" <<EOF
CREATE TABLE registry (name TEXT, id_number TEXT, category TEXT, recorded_on TEXT);
CREATE TABLE roster (name TEXT, id_number TEXT, post TEXT, consent_no TEXT, hired_on TEXT);
.import --csv --skip 1 $tmp/registry.csv registry
.import --csv --skip 1 $tmp/roster.csv roster
SELECT count(*) FROM roster r JOIN registry g ON g.id_number = r.id_number;
EOF

: > "$tmp/ours"; : > "$tmp/reg"; : > "$tmp/run"; : > "$tmp/floor"; : > "$tmp/rss"
: > "$tmp/cpu_reg"; : > "$tmp/cpu_run"; : > "$tmp/cpu_floor"
cpu() { awk '{printf "%.2f\n", $1 + $2}' "$1"; }
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$runs"); do
  rm -rf "$tmp/d"; cp -r "$tmp/base" "$tmp/d"; sync
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -a -o "$tmp/cpu_reg" \
    "$bin" check registry import "$tmp/registry.csv" --data "$tmp/d" >/dev/null
  t1=$(date +%s%N)
  /usr/bin/time -f '%M %U %S' -a -o "$tmp/rss" \
    "$bin" check run --institution 1 "$tmp/roster.csv" --data "$tmp/d" > "$tmp/run.out"
  ms "$t0" >> "$tmp/ours"
  echo $(( (t1 - t0) / 1000000 )) >> "$tmp/reg"
  ms "$t1" >> "$tmp/run"
  [ "$i" = 1 ] && echo "ours: $(cat "$tmp/run.out")"
  rm -f "$tmp/floor.db"*; sync
  t0=$(date +%s%N)
  hits=$(/usr/bin/time -f '%U %S' -a -o "$tmp/cpu_floor" sqlite3 "$tmp/floor.db" < "$tmp/floor.sql")
  ms "$t0" >> "$tmp/floor"
  [ "$i" = 1 ] && echo "floor: $hits hits"
done
om=$(median < "$tmp/ours"); fm=$(median < "$tmp/floor")
echo "ours, registry import + run (ms): $(tr '\n' ' ' < "$tmp/ours")"
echo "  registry import (ms): $(tr '\n' ' ' < "$tmp/reg"); run (ms): $(tr '\n' ' ' < "$tmp/run")"
echo "  peak RSS of the run (KB): $(cut -d' ' -f1 "$tmp/rss" | tr '\n' ' ')"
paste -d' ' <(cpu "$tmp/cpu_reg") <(cut -d' ' -f2,3 "$tmp/rss" | awk '{printf "%.2f\n", $1 + $2}') |
  awk '{printf "%.2f\n", $1 + $2}' > "$tmp/cpu_ours"
echo "  CPU s (user + system), registry import + run: $(tr '\n' ' ' < "$tmp/cpu_ours")"
cpu "$tmp/cpu_floor" > "$tmp/cpu_f"
echo "floor CPU s: $(tr '\n' ' ' < "$tmp/cpu_f")"
echo "floor, sqlite3 (ms): $(tr '\n' ' ' < "$tmp/floor")"
echo "median ours: $om ms (registry $(median < "$tmp/reg"), run $(median < "$tmp/run")); median floor: $fm ms; floor ÷ ours: $(python3 -c "print(f'{$fm/$om:.2f}')") (target ≥ 2, and ours < 3000 ms)"
echo "median CPU s: ours $(median < "$tmp/cpu_ours"), floor $(median < "$tmp/cpu_f"); load average before: $load0, after: $(cut -d' ' -f1-3 /proc/loadavg)"
