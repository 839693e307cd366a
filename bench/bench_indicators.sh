#!/usr/bin/env bash
# All indicators of the 2022 plan on a synthetic county: 11 towns, 2,000
# villages, 200,000 register records (SQLite).  Server time of GET
# /api/v1/indicators (duration_ms of the request log) against the floor: the
# same aggregates hand-written in the sqlite3 shell (.timer).  Medians of runs.
# Warm: repeated reads (the server answers from its snapshot of the
# registers); cold: the first read after a write by another process (`weibao
# facility import` of one record), which reads the snapshot again.
#   bench/bench_indicators.sh [path/to/weibao] [runs]
set -euo pipefail
bin=${1:-build/weibao} runs=${2:-9}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/weibao-bench-ind.XXXXXX)
# WEIBAO_BENCH_KEEP=1 keeps the data directory (its path is printed)
cleanup() { kill "$wpid" 2>/dev/null || true; [ -n "${WEIBAO_BENCH_KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"; }
wpid=
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

pw="Bench-Indicators-2022"
WEIBAO_ADMIN_PASSWORD=$pw "$bin" init --data "$tmp/data" >/dev/null
db=$tmp/data/weibao.db
"$bin" plan import "$src/data/tongxiang-2022-workplan.txt" --deadline 2030-12-31 --data "$tmp/data" >/dev/null 2>&1

# 2,000 villages spread over the 11 towns, then 200,000 records of the six
# registers the indicators read and of the others, dated over 2020–2023
sqlite3 "$db" <<'SQL'
PRAGMA foreign_keys = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999),
towns AS (SELECT code, row_number() OVER (ORDER BY code) - 1 AS k FROM divisions WHERE level = 'town')
INSERT INTO divisions (code, name, level, kind, parent_code, path, population)
SELECT t.code || printf('%03d', 200 + n.i / 11), '村' || n.i, 'village', 'village', t.code,
       '/330483/' || t.code || '/' || t.code || printf('%03d', 200 + n.i / 11) || '/', 1500 + n.i % 700
FROM n JOIN towns t ON t.k = n.i % 11;
UPDATE divisions SET population = 60000 + length(name) * 1000 WHERE level = 'town';
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199999),
v AS (SELECT code, parent_code, row_number() OVER (ORDER BY code) - 1 AS k FROM divisions WHERE level = 'village'),
r AS (SELECT n.i, n.i / 12 AS j, v.code AS village, v.parent_code AS town,
             CASE n.i % 12 WHEN 0 THEN 'station' WHEN 1 THEN 'children_home' WHEN 2 THEN 'children_home'
               WHEN 3 THEN 'rehab' WHEN 4 THEN 'childcare' WHEN 5 THEN 'post' WHEN 6 THEN 'post'
               WHEN 7 THEN 'school' WHEN 8 THEN 'school' WHEN 9 THEN 'org' WHEN 10 THEN 'project'
               ELSE 'rescue' END AS type,
             printf('%04d-%02d-%02d', 2020 + (n.i / 12) % 4, 1 + n.i % 12, 1 + n.i % 28) AS d
      FROM n JOIN v ON v.k = n.i % 2000)
INSERT INTO facilities (type, name, division_code, town_code, status, opened_on, entity, kind, level,
  named_on, places, ownership, inclusive, agreement_from, agreement_to, stage, smart_on, credit_code,
  field, contractor, amount, starts_on, ends_on, created_at, updated_at)
SELECT type, '示例' || type || i,
       CASE WHEN type IN ('station') OR (type = 'post' AND j % 5 = 0) THEN town ELSE village END, town,
       CASE WHEN type = 'station' THEN CASE j % 3 WHEN 0 THEN '筹建' ELSE '运行' END END,
       CASE WHEN type IN ('station', 'rescue', 'post', 'childcare') THEN d END,
       CASE WHEN type = 'rescue' THEN '是' END,
       CASE WHEN type = 'children_home' THEN CASE j % 4 WHEN 0 THEN '示范型' ELSE '基础型' END END,
       CASE WHEN type = 'children_home' THEN CASE j % 7 WHEN 0 THEN '省级' WHEN 1 THEN '嘉兴市级' ELSE NULL END END,
       CASE WHEN type = 'children_home' THEN d END,
       CASE WHEN type = 'childcare' THEN j % 5 END,
       CASE WHEN type = 'childcare' THEN '民办' END, CASE WHEN type = 'childcare' THEN '是' END,
       CASE WHEN type = 'rehab' AND j % 5 <> 0 THEN d END,
       CASE WHEN type = 'rehab' AND j % 3 = 0 THEN printf('%04d-06-30', 2021 + j % 3) END,
       CASE WHEN type = 'school' THEN CASE j % 8 WHEN 0 THEN '幼儿园' WHEN 1 THEN '小学' WHEN 2 THEN '初中'
         WHEN 3 THEN '九年一贯制' WHEN 4 THEN '完全中学' WHEN 5 THEN '高中' WHEN 6 THEN '中职' ELSE '特殊教育' END END,
       CASE WHEN type = 'school' AND j % 3 <> 0 THEN d END,
       CASE WHEN type = 'org' THEN printf('91330483%010d', i) END,
       CASE WHEN type = 'org' THEN '儿童服务' END,
       CASE WHEN type = 'project' THEN '示例社会组织' END,
       CASE WHEN type = 'project' THEN 100000 + i END,
       CASE WHEN type = 'project' THEN d END, CASE WHEN type = 'project' THEN '2024-12-31' END,
       1700000000, 1700000000
FROM r;
COMMIT;
ANALYZE;
SQL
echo "villages: $(sqlite3 "$db" "SELECT count(*) FROM divisions WHERE level = 'village'"), records: $(sqlite3 "$db" "SELECT count(*) FROM facilities")"

# the administrator reads the answer without setting up two-factor sign-in first
printf 'totp_required_permissions =\n' >> "$tmp/data/weibao.conf"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --data "$tmp/data" --listen "127.0.0.1:$port" >"$tmp/weibao.log" 2>&1 &
wpid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
cookie=$(curl -s -D - -o /dev/null -X POST -H "Content-Type: application/json" -d "{\"username\":\"admin\",\"password\":\"$pw\"}" \
  "http://127.0.0.1:$port/api/v1/session" | sed -n 's/^Set-Cookie: \(wb_session=[^;]*\).*/\1/p')
url="http://127.0.0.1:$port/api/v1/indicators?plan=1&as_of=2022-12-31"
curl -fs -H "Cookie: $cookie" "$url" > "$tmp/ind.json"
python3 - "$tmp/ind.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for i in d['indicators']:
    print(f"  {i['item']}.{i['target_index']} {i['source']:8} actual {i['actual']} {'met' if i['met'] else 'not met'}")
PY
# the duration of the last request to the indicators in the request log
# (written after the answer: wait for the count-th)
last_ms() {
  for _ in $(seq 50); do
    [ "$(grep -c '"route":"/api/v1/indicators"' "$tmp/weibao.log")" -ge "$1" ] && break; sleep 0.1
  done
  grep '"route":"/api/v1/indicators"' "$tmp/weibao.log" | tail -n 1 | sed -n 's/.*"duration_ms":\([0-9.]*\).*/\1/p'
}
n=1
: > "$tmp/server"
for _ in $(seq "$runs"); do
  curl -fs -H "Cookie: $cookie" "$url" >/dev/null; n=$((n + 1)); last_ms $n >> "$tmp/server"
done
# cold: a station written by the CLI beside the server, then the next read
: > "$tmp/cold"; : > "$tmp/cli"
for i in $(seq "$runs"); do
  printf '名称,镇街代码,成立日期,状态\n基准未保站%s,330483001,2022-01-01,运行\n' "$i" > "$tmp/one.csv"
  s0=$(date +%s%N)
  "$bin" facility import station "$tmp/one.csv" --data "$tmp/data" >/dev/null
  echo $(( ($(date +%s%N) - s0) / 1000000 )) >> "$tmp/cli"
  curl -fs -H "Cookie: $cookie" "$url" >/dev/null; n=$((n + 1)); last_ms $n >> "$tmp/cold"
done

# the floor: the same aggregates, hand-written, in the sqlite3 shell
cat > "$tmp/floor.sql" <<'SQL'
.timer on
.output /dev/null
SELECT f.town_code,
  sum(f.type = 'station' AND f.status = '运行' AND f.opened_on <= '2022-12-31'),
  sum(f.type = 'children_home' AND f.kind = '示范型' AND f.named_on <= '2022-12-31'),
  sum(f.type = 'children_home' AND f.kind = '示范型' AND f.named_on <= '2022-12-31' AND f.level IN ('嘉兴市级', '省级')),
  sum(f.type = 'rehab'),
  sum(f.type = 'rehab' AND f.agreement_from <= '2022-12-31' AND (f.agreement_to IS NULL OR f.agreement_to >= '2022-12-31')),
  sum(CASE WHEN f.type = 'childcare' AND f.opened_on <= '2022-12-31' THEN f.places ELSE 0 END),
  count(DISTINCT CASE WHEN f.type = 'post' AND length(f.division_code) = 9 AND f.opened_on <= '2022-12-31' THEN f.division_code END),
  count(DISTINCT CASE WHEN f.type = 'post' AND length(f.division_code) = 12 AND f.opened_on <= '2022-12-31' THEN f.division_code END),
  sum(f.type = 'school' AND f.stage IN ('幼儿园', '小学', '初中', '九年一贯制', '完全中学', '高中')),
  sum(f.type = 'school' AND f.stage IN ('幼儿园', '小学', '初中', '九年一贯制', '完全中学', '高中') AND f.smart_on <= '2022-12-31')
FROM facilities f WHERE f.type IN ('station', 'children_home', 'rehab', 'childcare', 'post', 'school')
GROUP BY f.town_code;
SELECT d.code, d.population, (SELECT count(*) FROM divisions v WHERE v.parent_code = d.code AND v.level = 'village')
FROM divisions d WHERE d.level = 'town';
SQL
: > "$tmp/floor"
for _ in $(seq "$runs"); do
  sqlite3 "$db" < "$tmp/floor.sql" 2>&1 | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' |
    awk '{s += $1} END {printf "%.3f\n", s * 1000}' >> "$tmp/floor"
done
sm=$(median < "$tmp/server"); cm=$(median < "$tmp/cold"); fm=$(median < "$tmp/floor")
echo "GET /api/v1/indicators (all $(python3 -c "import json;print(len(json.load(open('$tmp/ind.json'))['indicators']))" ) targets of the 2022 plan, as of 2022-12-31), $runs runs"
echo "server time, warm (ms): $(tr '\n' ' ' < "$tmp/server")"
echo "server time, first read after a CLI write (ms): $(tr '\n' ' ' < "$tmp/cold")"
echo "the CLI write (whole process, ms): $(tr '\n' ' ' < "$tmp/cli")"
echo "sqlite3 floor (ms): $(tr '\n' ' ' < "$tmp/floor")"
echo "median warm: $sm ms; median cold: $cm ms; median floor: $fm ms"
echo "ratio warm/floor: $(python3 -c "print(f'{$sm/$fm:.3f}')"); cold/floor: $(python3 -c "print(f'{$cm/$fm:.2f}')")"
