#!/usr/bin/env bash
# Background checks (入职查询) from the command line: the registry keeper's
# import (bad rows refused, --skip-bad), a roster run with a hit and a miss,
# a malformed ID number on its row while the batch completes, a person twice
# in the file, the same roster run again (updated, not duplicated), the
# large-file path (hash look-ups) against the small one, the supervising
# unit's notice, the audit trail, the registry key made on first need — and
# no name or ID number of the registry or a roster in the database file or
# its WAL; then a run beside a running `weibao serve`.
source "$(dirname "$0")/lib.sh"
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN
export WEIBAO_ADMIN_PASSWORD="Checks-test-Tongxiang-1"
pid=
trap 'kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

D=$TMP/d
"$WEIBAO" init --data "$D" >/dev/null
q() { sqlite3 "$D/weibao.db" "$1"; }
printf '名称,区划代码,学段,智安校园建成日期\n实验小学,330483,小学,\n' > "$TMP/school.csv"
printf '名称,区划代码,状态,联系电话\n桐乡市第一人民医院,330483,运行,\n' > "$TMP/hospital.csv"
"$WEIBAO" facility import school "$TMP/school.csv" --data "$D" >/dev/null
"$WEIBAO" facility import hospital "$TMP/hospital.csv" --data "$D" >/dev/null
school=$(q "SELECT id FROM facilities WHERE name = '实验小学'")
# a user of the education bureau who reports on its tasks: told of 有记录
WEIBAO_USER_PASSWORD=Edu-user-Tongxiang-2026 "$WEIBAO" user add edu1 --name 教育局联络员 \
  --role unit_liaison --unit 市教育局 --data "$D" >/dev/null

# the people: two on the registry, one not
HIT1=$(gid 330483 19800101 011)
HIT2=$(gid 330411 19751231 022)
MISS=$(gid 330483 19900505 033)
OTHER=$(gid 330402 19850615 044)
BAD=${MISS:0:17}0
[ "$BAD" = "$MISS" ] && BAD=${MISS:0:17}1

# --- the registry ---------------------------------------------------------
printf '姓名,身份证号,类别,记录日期\n甲犯人,%s,性侵害,2019-03-01\n乙犯人,%s,虐待,2020-07-15\n丙犯人,%s,诈骗,2021-01-01\n' \
  "$HIT1" "$HIT2" "$BAD" > "$TMP/registry_bad.csv"
expect_exit 1 "a registry with bad rows is refused" "$WEIBAO" check registry import "$TMP/registry_bad.csv" --data "$D"
assert "it names the row and the column" contains "$ERR" "第 4 行，身份证号"
assert "and the category" contains "$ERR" "类别应为"
assert "nothing was written" test "$(q "SELECT count(*) FROM check_registry")" = 0
expect_exit 0 "--skip-bad imports the good ones" "$WEIBAO" check registry import "$TMP/registry_bad.csv" --skip-bad --json --data "$D"
assert "two imported of three" test "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["imported"], d["total"], len(d["rejected"]))' "$OUT")" = "2 3 2"
assert "the registry holds two records" test "$(q "SELECT count(*) FROM check_registry")" = 2
assert "as blind indexes of 16 bytes" test "$(q "SELECT count(*) FROM check_registry WHERE typeof(match) = 'blob' AND length(match) = 16")" = 2
assert "the import is audited" test "$(q "SELECT count(*) FROM audit_events WHERE action = 'check.registry.import'")" = 1

# --- a roster: hit, miss, malformed, repeat -----------------------------------
printf '姓名,身份证号,岗位,同意书编号,入职日期\n张三,%s,教师,TY001,2020-09-01\n李四,%s,保育员,TY002,\n王五,%s,保安,TY003,2021-03-01\n,%s,厨师,TY004,\n赵六,%s,司机,TY005,2019-01-01\n张三,%s,教师,TY006,2020-09-01\n' \
  "$HIT1" "$MISS" "$BAD" "$OTHER" "$HIT2" "$HIT1" > "$TMP/roster.csv"
expect_exit 0 "a roster runs" "$WEIBAO" check run --institution 实验小学 "$TMP/roster.csv" --json --data "$D"
cp "$OUT" "$TMP/run1.json"
res() { python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
keys = list(d)
assert keys[:3] == ["checked", "hits", "rows"], keys
print(d["checked"], d["hits"], " ".join("%d:%s" % (r["row"], r["result"]) for r in d["rows"]))' "$1"; }
assert "each row its result: hits, miss, malformed, missing name, repeat ($(res "$TMP/run1.json"))" \
  test "$(res "$TMP/run1.json")" = "3 2 2:有记录 3:无记录 4:无效 5:无效 6:有记录 7:无效"
assert "the malformed ID number is reported on its row" \
  test "$(python3 -c 'import json,sys; print([r.get("message","") for r in json.load(open(sys.argv[1]))["rows"] if r["row"]==4][0])' "$TMP/run1.json")" != ""
assert "the repeat names the first row" contains "$TMP/run1.json" "与第2行重复"
assert "the rows are masked" test "$(python3 -c 'import json,sys; print([r["id_number_masked"] for r in json.load(open(sys.argv[1]))["rows"] if r["row"]==2][0])' "$TMP/run1.json")" = "${HIT1:0:6}********${HIT1:14:4}"
assert "no row carries a whole ID number" sh -c "! grep -q -e '$HIT1' -e '$MISS' -e '$HIT2' '$TMP/run1.json'"
assert "three people on the roster" test "$(q "SELECT count(*) FROM check_staff WHERE institution_id = $school")" = 3
assert "one applicant (no 入职日期)" test "$(q "SELECT count(*) FROM check_staff WHERE hired_on IS NULL")" = 1
assert "six results packed in one block: 1 无记录, 2 有记录, 3 无效" test "$(q "SELECT entries || ':' || no_record || ':' || hits || ':' || invalid FROM check_result_blocks")" = "6:1:2:3"
assert "the invalid rows are kept sealed for the submitter" test "$(q "SELECT row_count || ':' || substr(payload, 1, 3) FROM check_rejects")" = "3:v1:"
assert "each match is audited" test "$(q "SELECT count(*) FROM audit_events WHERE action = 'check.match'")" = 2
assert "and the run" test "$(q "SELECT count(*) FROM audit_events WHERE action = 'check.run' AND detail LIKE '%有记录 2 人%'")" = 1
assert "the education bureau's user is told, without a name" \
  test "$(q "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.login = 'edu1' AND n.kind = 'check_hit' AND n.title LIKE '%实验小学%2 人%' AND n.link LIKE '/checks/runs/%'")" = 1
assert "the notice names nobody" test "$(q "SELECT count(*) FROM notifications WHERE title LIKE '%张三%' OR title LIKE '%赵六%' OR title LIKE '%性侵害%'")" = 0

# the same roster again: the people are updated and checked again, not added
sed -i 's/TY001/TY101/' "$TMP/roster.csv"
expect_exit 0 "the same roster runs again" "$WEIBAO" check run --institution "$school" "$TMP/roster.csv" --data "$D"
assert "it says it updated three" contains "$OUT" "新增 0，更新 3"
assert "still three people" test "$(q "SELECT count(*) FROM check_staff")" = 3
assert "with the new consent number" test "$(q "SELECT count(*) FROM check_staff WHERE consent_no = 'TY101'")" = 1
assert "checked by the second run" test "$(q "SELECT count(DISTINCT last_import_id) FROM check_staff")" = 1

# another institution's roster is its own
expect_exit 0 "the hospital's roster" "$WEIBAO" check run --institution 桐乡市第一人民医院 "$TMP/roster.csv" --data "$D"
assert "its people are its own rows" test "$(q "SELECT count(*) FROM check_staff")" = 6
expect_exit 1 "an unknown institution is refused" "$WEIBAO" check run --institution 不存在的学校 "$TMP/roster.csv" --data "$D"
printf '姓名,身份证号,岗位,同意书编号,入职日期\n' > "$TMP/empty.csv"
expect_exit 1 "a roster with no row is refused" "$WEIBAO" check run --institution 1 "$TMP/empty.csv" --data "$D"
printf '姓名,证件号\n张三,%s\n' "$MISS" > "$TMP/header.csv"
expect_exit 1 "a wrong header is refused" "$WEIBAO" check run --institution 1 "$TMP/header.csv" --data "$D"
assert "naming the column" contains "$ERR" "身份证号"

# --- the large path: 3,000 rows, hash look-ups, the same answers -------------
"$WEIBAO" gen registry --count 2000 --seed 5 --csv "$TMP/reg2.csv" >/dev/null
"$WEIBAO" gen roster --count 3000 --seed 5 --registry 2000 --share 2 --csv "$TMP/ros2.csv" >/dev/null
expect_exit 0 "a generated registry of 2,000" "$WEIBAO" check registry import "$TMP/reg2.csv" --data "$D"
held=$(q "SELECT count(*) FROM check_registry")
expect_exit 0 "the same registry file again" "$WEIBAO" check registry import "$TMP/reg2.csv" --json --data "$D"
assert "adds nothing: every record is held already" \
  test "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["imported"], d["already"])' "$OUT")" = "0 2000"
assert "the registry keeps one line a record ($held)" test "$(q "SELECT count(*) FROM check_registry")" = "$held"
expect_exit 0 "a roster of 3,000 (the bulk path)" "$WEIBAO" check run --institution 1 "$TMP/ros2.csv" --json --data "$D"
assert "2% of it on the registry: 60 hits of 3,000" \
  test "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["checked"], d["hits"], len(d["rows"]))' "$OUT")" = "3000 60 3000"
# the first 40 rows (below the bulk threshold) give the same answers one by one
head -41 "$TMP/ros2.csv" > "$TMP/ros2_small.csv"
expect_exit 0 "its first 40 rows alone (the simple path)" "$WEIBAO" check run --institution 桐乡市第一人民医院 "$TMP/ros2_small.csv" --json --data "$D"
cp "$OUT" "$TMP/small.json"
expect_exit 0 "and again in the bulk run's file" "$WEIBAO" check run --institution 1 "$TMP/ros2.csv" --json --data "$D"
assert "both paths agree on those rows" test "$(python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["rows"]; b = json.load(open(sys.argv[2]))["rows"][:40]
print(all(x["result"] == y["result"] for x, y in zip(a, b)) and sum(x["result"] == "有记录" for x in a) > 0)' "$TMP/small.json" "$OUT")" = True
assert "the re-run added nobody to the school" contains "$OUT" '"checked": 3000'

# more rows than one chunk of the writer (16,384): the sealing thread's pipeline
printf '名称,区划代码,状态,联系电话\n星星培训学校,330483,运行,\n' > "$TMP/training.csv"
"$WEIBAO" facility import training "$TMP/training.csv" --data "$D" >/dev/null
"$WEIBAO" gen roster --count 40000 --seed 5 --registry 2000 --share 2 --csv "$TMP/ros3.csv" >/dev/null
expect_exit 0 "a roster of 40,000 (three chunks)" "$WEIBAO" check run --institution 星星培训学校 "$TMP/ros3.csv" --json --data "$D"
assert "40,000 checked, 800 on the registry" \
  test "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["checked"], d["hits"], len(d["rows"]))' "$OUT")" = "40000 800 40000"
assert "each row masked from its own person, in every chunk" test "$(python3 - "$OUT" "$TMP/ros3.csv" <<'PY'
import csv, json, sys
rows = {r["row"]: r for r in json.load(open(sys.argv[1]))["rows"]}
lines = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig")))
ok = True
for n in (2, 5000, 16390, 20000, 33000, 40001):
    name, idn = lines[n - 1][0], lines[n - 1][1]
    r = rows[n]
    ok = ok and r["id_number_masked"] == idn[:6] + "*" * 8 + idn[14:] and r["name_masked"][0] == name[0]
print(ok)
PY
)" = True
training=$(q "SELECT id FROM facilities WHERE name = '星星培训学校'")
assert "40,000 people on its roster, each sealed" test "$(q "SELECT count(*), count(DISTINCT person) FROM check_staff WHERE institution_id = $training AND person LIKE 'v1:%'")" = "40000|40000"

# --- nothing in clear in the database file or its WAL -----------------------
names="甲犯人 乙犯人 张三 李四 赵六"
found=
for f in "$D/weibao.db" "$D/weibao.db-wal"; do
  [ -e "$f" ] || continue
  for s in "$HIT1" "$HIT2" "$MISS" "$OTHER" "${HIT1:0:17}"; do
    grep -qa -- "$s" "$f" && found="$found $s@$(basename "$f")"
  done
  for n in $names; do
    grep -qa -- "$n" "$f" && found="$found $n@$(basename "$f")"
  done
done
# the generated files' people too: a sample of 20 numbers and names
for s in $(sed -n '2,21p' "$TMP/reg2.csv" | cut -d, -f2) $(sed -n '2,21p' "$TMP/ros2.csv" | cut -d, -f2); do
  grep -qa -- "$s" "$D/weibao.db" "$D/weibao.db-wal" 2>/dev/null && found="$found $s"
done
assert "no registry or roster ID number or name in the database or the WAL (${found:-none})" test -z "$found"

# --- the registry key: made by init, added on first need to an older key file
assert "init wrote the registry key" grep -q '^registry ' "$D/weibao.key"
D2=$TMP/d2
"$WEIBAO" init --data "$D2" >/dev/null
sed -i '/^registry /d' "$D2/weibao.key"
"$WEIBAO" facility import school "$TMP/school.csv" --data "$D2" >/dev/null
expect_exit 0 "an older key file: the registry import adds the key" "$WEIBAO" check registry import "$TMP/reg2.csv" --data "$D2"
assert "the key file now holds it" grep -q '^registry [0-9a-f]\{64\}$' "$D2/weibao.key"
assert "still private" test "$(stat -c %a "$D2/weibao.key")" = 600

# --- schema 21 packs the results of schema 20's rows -------------------------
# a database as schema 20 left it (schema 22's indexes of cases not there
# yet): index values as 32 hex digits, results as a row each (row 2 有记录 person 5, row 3 无记录 person 7, row 5 无效), no blocks
cp "$D/weibao.db" "$TMP/v20.db"
v20() { sqlite3 "$TMP/v20.db" "$1"; }
idx_before=$(v20 "SELECT group_concat(hex(id_bidx) || hex(match), ',') FROM (SELECT id_bidx, match FROM check_staff ORDER BY id)")
reg_before=$(v20 "SELECT group_concat(hex(match), ',') FROM (SELECT match FROM check_registry ORDER BY id)")
v20 "PRAGMA writable_schema = ON;
  UPDATE sqlite_schema SET sql = replace(sql, ' BLOB NOT NULL,', ' TEXT NOT NULL,') WHERE name IN ('check_staff', 'check_registry')"
v20 "UPDATE check_staff SET id_bidx = lower(hex(id_bidx)), match = lower(hex(match));
  UPDATE check_registry SET match = lower(hex(match));
  DROP TABLE check_result_blocks;
  CREATE TABLE check_results (import_id INTEGER NOT NULL REFERENCES check_imports (id) ON DELETE CASCADE,
    row_no INTEGER NOT NULL, staff_id INTEGER, result TEXT NOT NULL, checked_on TEXT NOT NULL,
    PRIMARY KEY (import_id, row_no)) WITHOUT ROWID, STRICT;
  INSERT INTO check_imports (kind, institution_id, division_code, file_name, rows, checked, hits, invalid, created_at, login)
    VALUES ('roster', 1, '330483', 'old.csv', 3, 2, 1, 1, 1700000000, 'admin');
  INSERT INTO check_results SELECT max(id), 2, 5, '有记录', '2023-11-15' FROM check_imports;
  INSERT INTO check_results SELECT max(id), 3, 7, '无记录', '2023-11-15' FROM check_imports;
  INSERT INTO check_results SELECT max(id), 5, NULL, '无效', '2023-11-15' FROM check_imports;
  DROP INDEX cases_town_light; DROP INDEX cases_period; DROP INDEX case_events_event;
  CREATE INDEX cases_town_state ON cases (town_code, state, red_at);
  UPDATE weibao_meta SET value = '20' WHERE key = 'schema_version'"
assert "the copy is as schema 20 made it" test "$(v20 "SELECT count(*) FROM check_staff WHERE typeof(id_bidx) = 'text' AND length(match) = 32")" = "$(q "SELECT count(*) FROM check_staff")"
expect_exit 0 "migrate from schema 20" "$WEIBAO" migrate --data "$D" --db "$TMP/v20.db"
assert "the people's index values are their bytes again" test "$(v20 "SELECT group_concat(hex(id_bidx) || hex(match), ',') FROM (SELECT id_bidx, match FROM check_staff WHERE typeof(id_bidx) = 'blob' AND typeof(match) = 'blob' ORDER BY id)")" = "$idx_before"
assert "and the registry's" test "$(v20 "SELECT group_concat(hex(match), ',') FROM (SELECT match FROM check_registry WHERE typeof(match) = 'blob' ORDER BY id)")" = "$reg_before"
assert "the rows' table is gone" test "$(v20 "SELECT count(*) FROM sqlite_schema WHERE name = 'check_results'")" = 0
# (2 << 2 | 1, zigzag 5), (1 << 2 | 0, zigzag 2), (2 << 2 | 2): 09 0A 04 04 0A
assert "its rows are one block: counts, date, packed" \
  test "$(v20 "SELECT b.entries || ':' || b.no_record || ':' || b.hits || ':' || b.invalid || ':' || b.checked_on || ':' || hex(b.data) FROM check_result_blocks b JOIN check_imports i ON i.id = b.import_id WHERE i.file_name = 'old.csv'")" = "3:1:1:1:2023-11-15:090A04040A"
assert "at schema 22 (through 21)" test "$(v20 "SELECT value FROM weibao_meta WHERE key = 'schema_version'")" = 22
assert "and sound" test "$(v20 "PRAGMA integrity_check")" = ok
expect_exit 0 "the roster again on the migrated copy" "$WEIBAO" check run --institution "$school" "$TMP/roster.csv" --data "$D" --db "$TMP/v20.db"
assert "knows its people: none added" contains "$OUT" "新增 0，"
assert "and finds the hits" contains "$OUT" "有记录 2 人"

# --- beside a running server --------------------------------------------------
serve_admin --data "$D"
reader() {
  while [ ! -e "$TMP/stop" ]; do
    curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" "$base/facilities?type=school&per_page=5"
  done > "$TMP/codes"
}
reader &
rpid=$!
expect_exit 0 "a run of 3,000 beside the server" "$WEIBAO" check run --institution 1 "$TMP/ros2.csv" --data "$D"
touch "$TMP/stop"
wait "$rpid"
assert "the server answered meanwhile ($(sort "$TMP/codes" | uniq -c | tr '\n' ' '))" test "$(grep -c '^200$' "$TMP/codes")" -gt 0
assert "and failed no request" test "$(grep -vc '^200$' "$TMP/codes")" = 0
assert "the database is sound" test "$(q "PRAGMA integrity_check")" = ok
expect_exit 0 "the audit chain verifies" "$WEIBAO" audit verify --data "$D"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
finish
