#!/usr/bin/env bash
# weibao child template|import|show|list|visits overdue|rejects|transfer: children in difficulty from
# the command line — all-or-nothing import with every problem named, skip-bad
# keeping the bad rows encrypted (never in a file in clear), duplicates in the
# file and in the register, categories derived with their reasons and as of a
# date, and no name or ID number in clear in the database file or its WAL.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Children-import-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA

A=$(gid 330483 20120520 123) B=$(gid 330483 20150301 222) C=$(gid 330483 20100701 331)
ADULT=$(gid 330483 20000101 441)

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
printf 'code,name,kind\n330483001201,甲一村,village\n330483001202,甲二社区,community\n' >"$TMP/v.csv"
"$WEIBAO" import divisions "$TMP/v.csv" --data "$D" >/dev/null
count() { sqlite3 "$D/weibao.db" "SELECT count(*) FROM children"; }

expect_exit 0 "the template" "$WEIBAO" child template
assert "it starts with the BOM" test "$(head -c 3 "$OUT" | od -An -tx1 | tr -d ' ')" = efbbbf
assert "it has the issue's columns in order" contains "$OUT" "姓名,身份证号,村社区代码,安置方式,残疾类别,残疾等级,家庭经济,监护人姓名,监护人关系,监护人手机,父亲状况,父亲残疾类别,父亲残疾等级,父亲状况开始日期,父亲状况结束日期,母亲状况,母亲残疾类别,母亲残疾等级,母亲状况开始日期,母亲状况结束日期"
cp "$OUT" "$TMP/t.csv"

# three good rows, an adult, a row with every kind of mistake, the first
# child again
{
  cat "$TMP/t.csv"
  echo "张小明,$A,330483001201,亲属抚养,,,低保,张大山,祖父,13800138000,服刑在押,,,2020-01-01,,死亡,,,2019-03-02,,农业,,幸福里88号,,,,"
  echo "李小红,$B,330483001202,家庭,,,,李强,父亲,,外出务工,,,2020-01-01,,外出务工,,,2021-05-01,,农业,,,,,,"
  echo "王芳芳,$C,330483001201,机构集中养育,肢体,二级,,,,,死亡,,,2015-01-01,,死亡,,,2016-01-01,,非农业,,,,,,"
  echo "成年人,$ADULT,330483001201,家庭,,,,,,,,,,,,,,,,,,,,,,,"
  echo "错误行,123,330483001299,寄宿,听力,,,,,0573-88888,离异,,,,,死亡,,,,,,,,,,,"
  echo "重复者,$A,330483001202,家庭,,,,,,,,,,,,,,,,,,,,,,,"
} >"$TMP/k.csv"
expect_exit 1 "a file with bad rows imports nothing" "$WEIBAO" child import "$TMP/k.csv" --data "$D"
assert "nothing written" test "$(count)" = 0
assert "it says how many rows are bad" contains "$ERR" "3 行有误（共 6 行），未导入任何记录"
assert "an adult is refused" contains "$ERR" "第 5 行，身份证号：已满 18 周岁"
assert "a bad ID number is named" contains "$ERR" "第 6 行，身份证号：身份证号应为18位"
assert "an unknown village is named" contains "$ERR" "第 6 行，村社区代码：村社区代码不存在"
assert "a placement outside its list" contains "$ERR" "第 6 行，安置方式：「安置方式」寄宿"
assert "a kind of disability without its grade" contains "$ERR" "第 6 行，残疾等级：填写了「残疾类别」"
assert "a phone that is not a mobile number" contains "$ERR" "第 6 行，监护人手机"
assert "a parent's status outside its list" contains "$ERR" "第 6 行，父亲状况：「父亲状况」离异 不在可选范围内"
assert "a status without its start date" contains "$ERR" "第 6 行，母亲状况开始日期：状况为死亡时须填写"
assert "the same ID number twice in the file" contains "$ERR" "第 7 行，身份证号：身份证号与第 2 行重复"

misspelt=$TMP/misspelt.csv
sed '1s/监护人手机/监护人电话/' "$TMP/k.csv" >"$misspelt"
expect_exit 1 "a misspelt header stops everything" "$WEIBAO" child import "$misspelt" --data "$D"
assert "the unknown column is named" contains "$ERR" "未知列「监护人电话」"
assert "the missing one too" contains "$ERR" "缺少必需的列「监护人手机」"

expect_exit 0 "--skip-bad writes the good rows" "$WEIBAO" child import "$TMP/k.csv" --skip-bad --data "$D"
assert "three children registered" test "$(count)" = 3
assert "the bad rows are kept encrypted, not written to a file" contains "$OUT" "已加密保存为第 1 号错误行记录"
assert "no rejected file next to the input" test ! -e "$TMP/k.csv.rejected.csv"
assert "the kept rows are a token" test "$(sqlite3 "$D/weibao.db" "SELECT substr(payload, 1, 3) FROM child_rejects")" = "v1:"

# already registered: refused with where it lies (the CLI sees the county)
{ cat "$TMP/t.csv"; echo "张小明,$A,330483001201,家庭,,,,,,,,,,,,,,,,,,,,,,,"; } >"$TMP/again.csv"
expect_exit 1 "an ID number already registered" "$WEIBAO" child import "$TMP/again.csv" --data "$D"
assert "is named, with the registered child masked" contains "$ERR" "第 2 行，身份证号：该身份证号已登记：330483********"
assert "still three" test "$(count)" = 3

# categories derived, with why
expect_exit 0 "show by ID number" "$WEIBAO" child show "$C" --json --data "$D"
assert "masked number" contains "$OUT" '"id_number_masked": "330483\*\*\*\*\*\*\*\*3315"'
assert "masked name" contains "$OUT" '"name_masked": "王\*芳"'
assert "an orphan" contains "$OUT" '"孤儿"'
assert "with the facts that made it" contains "$OUT" '"孤儿": "父亲：死亡（2015-01-01起）；母亲：死亡（2016-01-01起）"'
assert "and a disabled child in difficulty" contains "$OUT" '"困境儿童": "本人残疾：肢体二级"'
expect_exit 0 "show the father in prison, mother dead" "$WEIBAO" child show "$A" --json --data "$D"
assert "事实无人抚养 (an open custody term counts)" contains "$OUT" '"事实无人抚养儿童": "父亲：服刑在押（2020-01-01起）；母亲：死亡（2019-03-02起）"'
expect_exit 0 "as of a day before the father's term" "$WEIBAO" child show "$A" --as-of 2019-12-31 --json --data "$D"
assert "then only in difficulty (低保)" test "$(python3 -c 'import json,sys; print(",".join(json.load(open(sys.argv[1]))["categories"]))' "$OUT")" = "困境儿童"
expect_exit 1 "an unregistered number" "$WEIBAO" child show "$(gid 330483 20130101 555)" --data "$D"
expect_exit 1 "a temporary number never issued" "$WEIBAO" child show T33048300120112345 --data "$D"

expect_exit 0 "list left-behind children" "$WEIBAO" child list --category 留守儿童 --json --data "$D"
assert "one: both parents away" test "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT")" = 1
assert "masked" contains "$OUT" '"name_masked": "李\*红"'
expect_exit 0 "as of before the mother left" "$WEIBAO" child list --category left_behind --as-of 2021-04-30 --json --data "$D"
assert "none" test "$(tr -d ' \n' <"$OUT")" = "[]"
expect_exit 0 "by village" "$WEIBAO" child list --village 330483001202 --data "$D"
assert "the one child there" test "$(grep -c '330483001202' "$OUT")" = 1
expect_exit 2 "an unknown category" "$WEIBAO" child list --category 孤独儿童 --data "$D"

# visits overdue: none yet (registered today); a visit long ago makes the
# orphan overdue (the row written directly: the overdue list reads no findings)
expect_exit 0 "no visit overdue yet" "$WEIBAO" child visits overdue --json --data "$D"
assert "none" test "$(tr -d ' \n' <"$OUT")" = "[]"
sqlite3 "$D/weibao.db" "INSERT INTO child_visits (child_id, visited_on, findings, next_due, created_at, login) SELECT id, '2020-01-31', '', '2020-02-29', 0, 'cli:test' FROM children WHERE birth_date = '2010-07-01'"
expect_exit 0 "the orphan's visit is overdue" "$WEIBAO" child visits overdue --json --data "$D"
assert "one child" test "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT")" = 1
assert "masked" contains "$OUT" '"name_masked": "王\*芳"'
assert "with its last visit and due day" contains "$OUT" '"due": "2020-02-29"'
assert "and the days since" test "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["days_overdue"] > 2000)' "$OUT")" = True
expect_exit 0 "another village: none" "$WEIBAO" child visits overdue --village 330483001202 --data "$D"
assert "only the header" test "$(wc -l <"$OUT")" = 1
expect_exit 2 "visits needs overdue" "$WEIBAO" child visits --data "$D"

# the rejected rows back, for their importer, into a new file only
expect_exit 0 "the rejected rows to a file" "$WEIBAO" child rejects 1 --out "$TMP/r.csv" --data "$D"
assert "with their reasons" contains "$TMP/r.csv" "错误原因"
assert "the three bad rows and the header" test "$(grep -c '' "$TMP/r.csv")" = 4
expect_exit 1 "never over an existing file" "$WEIBAO" child rejects 1 --out "$TMP/r.csv" --data "$D"
expect_exit 1 "an unknown id" "$WEIBAO" child rejects 99 --out "$TMP/r2.csv" --data "$D"

# nothing personal in clear in the database file or its WAL
for s in 张小明 李小红 王芳芳 错误行 张大山 13800138000 幸福里88号 "$A" "$B" "$C" "${A:0:14}"; do
  assert "no '$s' in the database or its WAL" sh -c "! cat '$D'/weibao.db* | grep -a -q -- '$s'"
done
sqlite3 "$D/weibao.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
for s in 张小明 错误行 "$A" "$C"; do
  assert "nor after a checkpoint: '$s'" sh -c "! grep -a -q -- '$s' '$D/weibao.db'"
done

# an .xlsx as Excel saves it: dates as date cells, an empty row skipped;
# problems named by the sheet's row numbers
E=$(gid 330483 20160606 612) F=$(gid 330483 20170707 713)
python3 "$(dirname "$0")/../helpers/xlsx_write.py" "$TMP/k.xlsx" <<JSON
{"sheets": [{"name": "儿童", "rows": [
 [1, ["姓名","身份证号","村社区代码","安置方式","残疾类别","残疾等级","家庭经济","监护人姓名","监护人关系","监护人手机","父亲状况","父亲残疾类别","父亲残疾等级","父亲状况开始日期","父亲状况结束日期","母亲状况","母亲残疾类别","母亲残疾等级","母亲状况开始日期","母亲状况结束日期"]],
 [2, ["赵小安","$E","330483001201","家庭",null,null,null,"赵某","母亲",13900139000,"死亡",null,null,{"date":"2020-02-02"},null,"死亡",null,null,{"date":"2021-03-03"}]],
 [4, ["钱小乐","$F","330483001299","家庭"]]
]}]}
JSON
expect_exit 1 "an .xlsx with a bad row" "$WEIBAO" child import "$TMP/k.xlsx" --data "$D"
assert "the bad row is named by the sheet's row number" contains "$ERR" "第 4 行，村社区代码：村社区代码不存在"
python3 - "$TMP/k.xlsx" <<'PY'
import sys, zipfile, shutil
src = sys.argv[1]; tmp = src + ".tmp"
with zipfile.ZipFile(src) as zi, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zo:
    for item in zi.infolist():
        data = zi.read(item.filename)
        zo.writestr(item, data.replace("330483001299".encode(), "330483001202".encode()))
shutil.move(tmp, src)
PY
expect_exit 0 "the corrected .xlsx" "$WEIBAO" child import "$TMP/k.xlsx" --data "$D"
assert "two more children" test "$(count)" = 5
expect_exit 0 "its date cell read as a date" "$WEIBAO" child show "$E" --json --data "$D"
assert "the parents' deaths from the date cells" contains "$OUT" "父亲：死亡（2020-02-02起）；母亲：死亡（2021-03-03起）"

# time moves categories: the hourly round of serve derives again the children
# whose day has come (a 16th or 18th birthday, a six-month mark, a status
# ending).  In 2031 (the test clock): 李小红 (born 2015-03-01, both parents
# away) has turned 16, 张小明 and 王芳芳 18.  A list is right even before the
# round (a stale row is derived afresh); the round stores the change and
# writes it, with its reason, in each child's history.
TESTBIN=${WEIBAO_TEST_BIN:?the path of weibao-test}
export WEIBAO_TEST_CLOCK_OFFSET=$(python3 -c 'import time, datetime
t = datetime.datetime(2031, 3, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
print(int(t.timestamp() - time.time()))')
stored() { sqlite3 "$D/weibao.db" "SELECT categories FROM children WHERE birth_date = '$1'"; }
assert "before the round her stored category is the old one" test "$(stored 2015-03-01)" != 0
expect_exit 0 "list left-behind children in 2031 before the round" "$TESTBIN" child list --category left_behind --json --data "$D"
assert "already none: the stale row is derived afresh" test "$(tr -d ' \n' <"$OUT")" = "[]"
expect_exit 0 "the round" "$TESTBIN" child rederive --data "$D"
assert "it changed the three" contains "$OUT" "其中 3 名类别变化"
assert "her stored categories now none" test "$(stored 2015-03-01)" = 0
last_change() { sqlite3 "$D/weibao.db" "SELECT h.detail || '|' || h.reason FROM child_history h JOIN children c ON c.id = h.child_id WHERE c.birth_date = '$1' AND h.action = 'categories' ORDER BY h.id DESC LIMIT 1"; }
assert "her history says why" test "$(last_change 2015-03-01)" = "类别：留守儿童 → 无|年满 16 周岁，不再计为留守儿童"
assert "an 18-year-old's too" test "$(last_change 2010-07-01)" = "类别：孤儿、困境儿童、残疾儿童 → 无|年满 18 周岁"
assert "the round was audited" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'child.rederive'")" = 1
expect_exit 0 "the whole list in 2031" "$TESTBIN" child list --json --data "$D"
assert "adults have left it: three minors remain" test "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT")" = 3
expect_exit 0 "an adult is still found by ID number" "$TESTBIN" child show "$C" --json --data "$D"
assert "with no category" contains "$OUT" '"categories": \[\]'
expect_exit 0 "the round again changes nothing" "$TESTBIN" child rederive --data "$D"
assert "nothing due" contains "$OUT" "其中 0 名类别变化"
unset WEIBAO_TEST_CLOCK_OFFSET

# refused reveals are each on record, even over audit_refusal_limit (other
# refusals past it are counted in one summary event): ten reveals without a
# reason (422) with the limit at 3 a minute
printf 'audit_refusal_limit = 3\n' >>"$D/weibao.conf"
serve_admin --data "$D"
cid=$(sqlite3 "$D/weibao.db" "SELECT id FROM children ORDER BY id LIMIT 1")
codes=""
for i in $(seq 10); do
  codes="$codes $(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -H 'content-type: application/json' \
    -H "x-csrf-token: $csrf" -d '{"field":"name"}' "$base/children/$cid/reveal")"
done
assert "each refused ($codes)" test "$(echo $codes)" = "422 422 422 422 422 422 422 422 422 422"
for i in $(seq 4); do   # other refusals: over the limit, summarised
  curl -s -o /dev/null -b "$jar" "$base/children/999999"
done
kill "$pid"; wait "$pid" 2>/dev/null
assert "every refused reveal has its own event" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'child.reveal' AND detail = '查看姓名，理由：（未填写）'")" = 10
assert "while other refusals over the limit were summarised" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'child.read' AND outcome <> 'ok'")" -lt 4

# the office transfers a child: the history keeps from, to and why
expect_exit 2 "transfer needs --village and --reason" "$WEIBAO" child transfer "$A" --village 330483001202 --data "$D"
expect_exit 1 "an unknown village is refused" "$WEIBAO" child transfer "$A" --village 330483001299 --reason 迁居 --data "$D"
assert "it is named" contains "$ERR" "村（社区）代码 330483001299 不存在"
expect_exit 1 "an unregistered ID number" "$WEIBAO" child transfer "$ADULT" --village 330483001202 --reason 迁居 --data "$D"
expect_exit 0 "transfer" "$WEIBAO" child transfer "$A" --village 330483001202 --reason 随祖父迁居 --data "$D"
expect_exit 0 "show after the transfer" "$WEIBAO" child show "$A" --json --data "$D"
assert "the child lives in the new village" contains "$OUT" '"village": "330483001202"'
assert "the history line names from and to, with the reason" test "$(sqlite3 "$D/weibao.db" "SELECT detail || '|' || reason FROM child_history WHERE action = 'transfer'")" = "转移：甲一村（梧桐街道） → 甲二社区（梧桐街道）|随祖父迁居"
assert "the transfer was audited" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'child.transfer' AND detail = '转移儿童至 330483001202'")" = 1
assert "so were the refused ones (the look-up tells whether a number is registered)" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'child.transfer' AND detail LIKE '转移儿童未完成%'")" = 2

expect_exit 0 "the audit chain holds it" "$WEIBAO" audit verify --data "$D"
assert "imports were audited" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'child.import'")" = 2
assert "look-ups were audited, found or not" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'child.lookup'")" = 8

# A bulk load (more rows than the register holds, at least 10,000): the rows
# go in prepared on a second thread, the secondary indexes are dropped and
# made again after; everything must look as after an ordinary import.
DB=$TMP/bulk
"$WEIBAO" init --data "$DB" >/dev/null
"$WEIBAO" gen demo --data "$DB" >/dev/null
"$WEIBAO" gen children --count 12000 --seed 5 --csv "$TMP/bulk.csv" --data "$DB" >/dev/null
"$WEIBAO" gen children --count 300 --seed 6 --csv "$TMP/more.csv" --data "$DB" >/dev/null
expect_exit 0 "a bulk import of 12,000 children" "$WEIBAO" child import "$TMP/bulk.csv" --data "$DB"
bq() { sqlite3 "$DB/weibao.db" "$1"; }
assert "all 12,000 registered" test "$(bq "SELECT count(*) FROM children")" = 12000
assert "each with its guardian" test "$(bq "SELECT count(*) FROM child_guardians g JOIN children c ON c.id = g.child_id")" = 12000
assert "each with one history line" test "$(bq "SELECT count(DISTINCT child_id) FROM child_history")" = 12000
assert "the indexes are back" test "$(bq "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('children_village', 'children_town', 'children_recheck', 'children_birth', 'child_parent_periods_child', 'child_history_child')")" = 6
assert "the database is sound" test "$(bq "PRAGMA integrity_check")" = ok
N=$(sed -n 2p "$TMP/bulk.csv" | cut -d, -f2)
expect_exit 0 "a bulk-loaded child is found by its ID number" "$WEIBAO" child show "$N" --json --data "$DB"
assert "with its name decrypted and masked" contains "$OUT" '"name_masked"'
expect_exit 0 "a smaller import after it takes the ordinary way" "$WEIBAO" child import "$TMP/more.csv" --data "$DB"
assert "12,300 now" test "$(bq "SELECT count(*) FROM children")" = 12300
expect_exit 1 "the same bulk file again is refused whole" "$WEIBAO" child import "$TMP/bulk.csv" --data "$DB"
assert "as duplicates" contains "$ERR" "该身份证号已登记"
assert "still 12,300" test "$(bq "SELECT count(*) FROM children")" = 12300

# Children without an ID number get temporary numbers: 300 in one village
# (five characters of 32 a village: a number drawn twice is drawn again)
{ head -1 "$TMP/t.csv"; for i in $(seq 300); do echo "临时儿童$i,,330483001201,家庭,,,,,,,,,,,,,,,,"; done; } > "$TMP/temps.csv"
expect_exit 0 "300 children without an ID number" "$WEIBAO" child import "$TMP/temps.csv" --data "$DB"
assert "all registered, flagged temporary" test "$(bq "SELECT count(*) FROM children WHERE temporary = 1")" = 300
assert "each with its own number" test "$(bq "SELECT count(DISTINCT id_index) FROM children WHERE temporary = 1")" = 300

# A key rotation computes every blind index again under the new index key:
# the children are found by their ID numbers after it and cannot be
# registered twice (before, it left the indexes as they were, and both went)
sqlite3 "$DB/weibao.db" "ATTACH '$TMP/before.db' AS b; CREATE TABLE b.idx AS SELECT id, id_index FROM children"
expect_exit 0 "keys rotate" "$WEIBAO" keys rotate --settle 0 --data "$DB"
assert "no blind index is left under the old key" \
  test "$(sqlite3 "$DB/weibao.db" "ATTACH '$TMP/before.db' AS b; SELECT count(*) FROM children c JOIN b.idx x ON x.id = c.id WHERE x.id_index = c.id_index")" = 0
assert "temporary numbers' too, each still its own" \
  test "$(bq "SELECT count(DISTINCT id_index) FROM children WHERE temporary = 1")" = 300
expect_exit 0 "after the rotation a child is found by its ID number" "$WEIBAO" child show "$N" --json --data "$DB"
expect_exit 1 "and the bulk file again is refused whole" "$WEIBAO" child import "$TMP/bulk.csv" --data "$DB"
assert "as duplicates" contains "$ERR" "该身份证号已登记"
assert "still 12,600" test "$(bq "SELECT count(*) FROM children")" = 12600
# while a rotation is under way (its look-ups by ID number not all re-indexed
# yet) no child is registered: refused, then fine once it has finished
{ head -1 "$TMP/t.csv"; echo "轮换期间儿童,,330483001201,家庭,,,,,,,,,,,,,,,,"; } > "$TMP/during.csv"
"$WEIBAO" keys rotate --settle 30 --data "$DB" >"$TMP/rot.out" 2>&1 &
rot=$!
for _ in $(seq 100); do
  [ -n "$(bq "SELECT value FROM weibao_meta WHERE key = 'key_rotation'")" ] && break
  sleep 0.1
done
expect_exit 1 "an import during a key rotation is refused" "$WEIBAO" child import "$TMP/during.csv" --data "$DB"
assert "saying why" contains "$ERR" "密钥轮换正在进行"
# the key file already has the new index key, no child is re-indexed yet:
# look-ups try the older generations too (before, nobody was found)
expect_exit 0 "during the rotation a child not yet re-indexed is found by ID number" \
  "$WEIBAO" child show "$N" --json --data "$DB"
assert "the child itself" contains "$OUT" '"name_masked"'
kill -9 $rot; wait $rot 2>/dev/null
expect_exit 0 "the rotation resumed to its end" "$WEIBAO" keys rotate --settle 0 --data "$DB"
expect_exit 0 "then the import goes in" "$WEIBAO" child import "$TMP/during.csv" --data "$DB"
assert "12,601" test "$(bq "SELECT count(*) FROM children")" = 12601

# PostgreSQL: the same import and derivation
if PG=$(pg_database child); then
  D2=$TMP/pg
  "$WEIBAO" init --data "$D2" --db "$PG" >/dev/null
  "$WEIBAO" import divisions "$TMP/v.csv" --data "$D2" --db "$PG" >/dev/null
  expect_exit 0 "PostgreSQL: --skip-bad" "$WEIBAO" child import "$TMP/k.csv" --skip-bad --data "$D2" --db "$PG"
  expect_exit 0 "PostgreSQL: show" "$WEIBAO" child show "$A" --json --data "$D2" --db "$PG"
  assert "PostgreSQL: the same categories" contains "$OUT" '"事实无人抚养儿童"'
  assert "PostgreSQL: no name in clear" test "$(psql -Atq "$PG" -c "SELECT count(*) FROM children WHERE name LIKE '%小%'")" = 0
else
  failed=$((failed + 1)); echo "not ok - no PostgreSQL database"
fi

finish
