#!/usr/bin/env bash
# Children import (issue 11): N synthetic children (`weibao gen children
# --csv`, default 1,000,000) over the demo villages, imported by `weibao child
# import FILE` into a fresh SQLite data directory (the whole process: read,
# check every row, blind index, encrypt name, ID number and guardian, derive
# the categories, write in one transaction, audit), against the floor: the
# sqlite3 shell's `.import` of the same file into a plain table of a new
# database.  Medians of runs, rows/s, the ratio (target: weibao at least
# 0.3x the floor's rows/s), CPU time; a month's allowance list over all of
# them (target: under 5 s); then the resident memory of `weibao serve` with
# the children in the database.
#   bench/bench_children.sh [path/to/weibao] [runs] [rows]
set -euo pipefail
bin=${1:-build/weibao} runs=${2:-3} rows=${3:-1000000}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
tmp=$(mktemp -d /tmp/weibao-bench-child.XXXXXX)
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  [ -n "${WEIBAO_BENCH_KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

export WEIBAO_ADMIN_PASSWORD=Bench-Children-2022
"$bin" init --data "$tmp/base" >/dev/null
"$bin" gen demo --data "$tmp/base" >/dev/null
"$bin" gen children --count "$rows" --seed 11 --csv "$tmp/children.csv" --data "$tmp/base" >/dev/null
echo "file: $(wc -l < "$tmp/children.csv") lines, $(stat -c %s "$tmp/children.csv") bytes"

: > "$tmp/weibao"; : > "$tmp/floor"; : > "$tmp/weibao.cpu"; : > "$tmp/floor.cpu"
cols=$(head -1 "$tmp/children.csv" | sed 's/^\xEF\xBB\xBF//' | tr ',' '\n' | awk '{printf "%sc%d TEXT", (NR > 1 ? ", " : ""), NR}')
for i in $(seq "$runs"); do
  rm -rf "$tmp/run"; cp -r "$tmp/base" "$tmp/run"; sync
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -a -o "$tmp/weibao.cpu" "$bin" child import "$tmp/children.csv" --data "$tmp/run" >/dev/null
  ms "$t0" >> "$tmp/weibao"
  [ "$i" = 1 ] && echo "imported: $(sqlite3 "$tmp/run/weibao.db" "SELECT count(*) FROM children") children"
  rm -f "$tmp/plain.db"*
  sqlite3 "$tmp/plain.db" "CREATE TABLE t ($cols)"
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -a -o "$tmp/floor.cpu" sqlite3 "$tmp/plain.db" ".import --csv --skip 1 $tmp/children.csv t"
  ms "$t0" >> "$tmp/floor"
done
wm=$(median < "$tmp/weibao"); fm=$(median < "$tmp/floor")
cpu() { awk '{printf "%d\n", ($1 + $2) * 1000}' "$1"; }
echo "weibao child import (ms): $(tr '\n' ' ' < "$tmp/weibao")"
echo "sqlite3 .import (ms): $(tr '\n' ' ' < "$tmp/floor")"
echo "median weibao: $wm ms ($(( rows * 1000 / wm )) rows/s); median sqlite3: $fm ms ($(( rows * 1000 / fm )) rows/s); weibao ÷ floor rows/s: $(python3 -c "print(f'{$fm/$wm:.3f}')")"
echo "CPU (user + system, ms): weibao $(cpu "$tmp/weibao.cpu" | tr '\n' ' '); sqlite3 $(cpu "$tmp/floor.cpu" | tr '\n' ' ')"

# a month's allowance list over all of them (target: under 5 s)
"$bin" allowance standard add --category 孤儿 --mode 社会散居 --from 2021-01-01 --amount 1950 --data "$tmp/run" >/dev/null
"$bin" allowance standard add --category 孤儿 --mode 集中供养 --from 2021-01-01 --amount 2100 --data "$tmp/run" >/dev/null
: > "$tmp/run.ms"
for i in $(seq "$runs"); do
  t0=$(date +%s%N)
  "$bin" allowance run --month "$(date +%Y-%m)" --data "$tmp/run" > "$tmp/run.out"
  ms "$t0" >> "$tmp/run.ms"
done
echo "weibao allowance run (ms): $(tr '\n' ' ' < "$tmp/run.ms") → median $(median < "$tmp/run.ms") ms; $(cat "$tmp/run.out")"

# the server's resident memory with the children loaded
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "totp_required_permissions =" >> "$tmp/run/weibao.conf"
"$bin" serve --data "$tmp/run" --listen "127.0.0.1:$port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
"$bin" child list --category orphan --data "$tmp/run" >/dev/null
echo "weibao serve with $rows children in the database: $(awk '/^(VmRSS|RssAnon|RssFile)/ {printf "%s %s %s; ", $1, $2, $3}' /proc/$pid/status)(RssFile: the database mapped, mmap_size 256 MiB)"
