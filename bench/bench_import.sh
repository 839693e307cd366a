#!/usr/bin/env bash
# Register import: a 200,000-row CSV of 托育机构 (childcare) over 2,000
# villages, imported by `weibao facility import childcare FILE` into a fresh
# SQLite data directory (the whole process: start, read, validate every row,
# write them in one transaction, audit), against the floor: the sqlite3
# shell's `.import` of the same file into a plain table of a new database.
# Medians of runs; rows/s, and the CPU time of each (steadier than the
# wall clock when others share the machine).
#   bench/bench_import.sh [path/to/weibao] [runs] [rows]
set -euo pipefail
bin=${1:-build/weibao} runs=${2:-5} rows=${3:-200000}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
tmp=$(mktemp -d /tmp/weibao-bench-imp.XXXXXX)
# WEIBAO_BENCH_KEEP=1 keeps the directory (its path is printed)
cleanup() { [ -n "${WEIBAO_BENCH_KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"; }
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# the template data directory: 桐乡's towns and 2,000 villages
WEIBAO_ADMIN_PASSWORD=Bench-Import-2022 "$bin" init --data "$tmp/base" >/dev/null
python3 - "$tmp/villages.csv" "$tmp/rows.csv" "$rows" <<'PY'
import sys
towns = ['330483001', '330483003', '330483004', '330483100', '330483101', '330483102',
         '330483103', '330483104', '330483105', '330483106', '330483107']
villages = [t + '%03d' % (200 + i // 11) for i, t in ((i, towns[i % 11]) for i in range(2000))]
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    f.write('code,name,kind\n')
    for i, v in enumerate(villages):
        f.write(f'{v},基准村{i},village\n')
with open(sys.argv[2], 'w', encoding='utf-8') as f:
    f.write('名称,区划代码,托位数,性质,普惠,备案日期\n')
    for i in range(int(sys.argv[3])):
        f.write(f'基准托育机构{i},{villages[i % 2000]},{i % 60},{"公办" if i % 3 else "民办"},'
                f'{"是" if i % 2 else "否"},{2020 + i % 4}-{1 + i % 12:02d}-{1 + i % 28:02d}\n')
PY
"$bin" import divisions "$tmp/villages.csv" --data "$tmp/base" >/dev/null
echo "file: $(wc -l < "$tmp/rows.csv") lines, $(stat -c %s "$tmp/rows.csv") bytes"

: > "$tmp/weibao"; : > "$tmp/floor"; : > "$tmp/weibao.cpu"; : > "$tmp/floor.cpu"
for i in $(seq "$runs"); do
  rm -rf "$tmp/run"; cp -r "$tmp/base" "$tmp/run"; sync
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -a -o "$tmp/weibao.cpu" "$bin" facility import childcare "$tmp/rows.csv" --data "$tmp/run" >/dev/null
  ms "$t0" >> "$tmp/weibao"
  [ "$i" = 1 ] && echo "imported: $(sqlite3 "$tmp/run/weibao.db" "SELECT count(*) FROM facilities WHERE type = 'childcare'") records"
  rm -f "$tmp/plain.db"*
  sqlite3 "$tmp/plain.db" "CREATE TABLE t (name TEXT, division_code TEXT, places INTEGER, ownership TEXT, inclusive TEXT, registered_on TEXT)"
  t0=$(date +%s%N)
  /usr/bin/time -f '%U %S' -a -o "$tmp/floor.cpu" sqlite3 "$tmp/plain.db" ".import --csv --skip 1 $tmp/rows.csv t"
  ms "$t0" >> "$tmp/floor"
done
wm=$(median < "$tmp/weibao"); fm=$(median < "$tmp/floor")
# CPU time (user + system, ms): steadier than the wall clock on a shared machine
cpu() { awk '{printf "%d\n", ($1 + $2) * 1000}' "$1"; }
wc_=$(cpu "$tmp/weibao.cpu" | median); fc_=$(cpu "$tmp/floor.cpu" | median)
echo "weibao facility import (ms): $(tr '\n' ' ' < "$tmp/weibao")"
echo "sqlite3 .import (ms): $(tr '\n' ' ' < "$tmp/floor")"
echo "median weibao: $wm ms ($(( rows * 1000 / wm )) rows/s); median sqlite3: $fm ms ($(( rows * 1000 / fm )) rows/s); ratio: $(python3 -c "print(f'{$wm/$fm:.1f}')")"
echo "CPU (user + system, ms): weibao $(cpu "$tmp/weibao.cpu" | tr '\n' ' '); sqlite3 $(cpu "$tmp/floor.cpu" | tr '\n' ' ')"
echo "median CPU: weibao $wc_ ms, sqlite3 $fc_ ms; ratio: $(python3 -c "print(f'{$wc_/$fc_:.1f}')")"
