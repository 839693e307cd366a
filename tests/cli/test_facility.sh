#!/usr/bin/env bash
# weibao facility template|import|list: the registers from the command line.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Facility-import-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
count() { sqlite3 "$D/weibao.db" "SELECT count(*) FROM facilities WHERE type = '$1'"; }
printf 'code,name,kind\n330483001201,甲一村,village\n330483001202,甲二社区,community\n' >"$TMP/v.csv"
"$WEIBAO" import divisions "$TMP/v.csv" --data "$D" >/dev/null

# template: the Chinese headers, UTF-8 with BOM
expect_exit 0 "template of the 儿童主任 roster" "$WEIBAO" facility template director
assert "it starts with the BOM" test "$(head -c 3 "$OUT" | od -An -tx1 | tr -d ' ')" = efbbbf
assert "it names the headers in order" contains "$OUT" "姓名,村社区代码,手机,任职日期"
expect_exit 0 "template of the 项目 register" "$WEIBAO" facility template project
assert "project headers" contains "$OUT" "项目名称,承接组织,区划代码,金额(元),开始日期,结束日期"
expect_exit 2 "an unknown register" "$WEIBAO" facility template stations
assert "the known ones are listed" contains "$ERR" "children_home"

# a file with errors: nothing written, every problem named, exit 1
cat >"$TMP/bad.csv" <<'CSV'
名称,镇街代码,成立日期,状态
梧桐街道未保站,330483001,2021-03-01,运行
凤鸣街道未保站,330483999,2021-03-01,运行
高桥街道未保站,330483004,2021-02-30,运行
崇福镇未保站,330483101,2021-03-01,运营
CSV
expect_exit 1 "a file with bad rows" "$WEIBAO" facility import station "$TMP/bad.csv" --data "$D"
assert "nothing was written" test "$(count station)" = 0
assert "the unknown division is named" contains "$ERR" "第 3 行，镇街代码：「镇街代码」330483999 不存在"
assert "the bad date is named" contains "$ERR" "第 4 行，成立日期"
assert "the value outside its list is named" contains "$ERR" "第 5 行，状态"
printf '名称,镇街代码,成立时间,状态\n梧桐街道未保站,330483001,2021-03-01,运行\n' >"$TMP/hdr.csv"
expect_exit 1 "a misspelt header" "$WEIBAO" facility import station "$TMP/hdr.csv" --data "$D"
assert "the misspelt header is named" contains "$ERR" "未知列「成立时间」"
assert "and the missing one" contains "$ERR" "缺少必需的列「成立日期」"

# --skip-bad: the good rows written, the bad ones to FILE.rejected.csv
expect_exit 0 "--skip-bad" "$WEIBAO" facility import station "$TMP/bad.csv" --skip-bad --data "$D"
assert "the good row is in" test "$(count station)" = 1
assert "it says how many were refused" contains "$OUT" "有误未导入 3"
assert "the rejected file holds the 3 bad rows and the header" test "$(wc -l <"$TMP/bad.csv.rejected.csv")" = 4
assert "with their reasons" contains "$TMP/bad.csv.rejected.csv" "错误原因"

# a good file, then the same file again: nothing changes
cat >"$TMP/dir.csv" <<'CSV'
姓名,村社区代码,手机,任职日期,备注
王小明,330483001201,13800138000,2022-01-05,
李小红,330483001202,13900139000,2022/2/1,兼职
CSV
expect_exit 0 "import the roster" "$WEIBAO" facility import director "$TMP/dir.csv" --data "$D"
assert "two created" contains "$OUT" "新增 2，更新 0，未变 0"
expect_exit 0 "import it again" "$WEIBAO" facility import director "$TMP/dir.csv" --data "$D"
assert "nothing changed" contains "$OUT" "新增 0，更新 0，未变 2"
assert "no new history" test "$(sqlite3 "$D/weibao.db" 'SELECT count(*) FROM facility_history WHERE type = '"'director'")" = 2
assert "the phone is not in the database in clear" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM facilities WHERE phone LIKE '%13800138000%'")" = 0
sqlite3 "$D/weibao.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
assert "nor anywhere in the file" test "$(grep -c 13800138000 "$D/weibao.db")" = 0

# GB18030, as Excel saves CSV
printf '名称,区划代码,学段,智安校园建成日期\n桐乡市实验小学,330483001,小学,2022-09-01\n' |
  iconv -f UTF-8 -t GB18030 >"$TMP/school.csv"
expect_exit 0 "a GB18030 file" "$WEIBAO" facility import school "$TMP/school.csv" --data "$D"
assert "its row is in" test "$(sqlite3 "$D/weibao.db" "SELECT name FROM facilities WHERE type = 'school'")" = 桐乡市实验小学

# list: masked phones, by town, JSON
expect_exit 0 "list the roster" "$WEIBAO" facility list director --data "$D"
assert "phones are masked" contains "$OUT" "138\*\*\*\*8000"
assert "no phone in clear" test "$(grep -c 13800138000 "$OUT")" = 0
assert "dates normalised" contains "$OUT" "2022-02-01"
expect_exit 0 "list as JSON for a town" "$WEIBAO" facility list director --town 330483003 --json --data "$D"
assert "another town has none" test "$(tr -d ' \n' <"$OUT")" = "[]"
expect_exit 0 "list as JSON" "$WEIBAO" facility list director --json --data "$D"
assert "JSON names the columns" contains "$OUT" '"appointed_on": "2022-01-05"'

# an edited database file: a phone token moved to another record no longer
# decrypts there; that cell says so, the rest of the list is still shown
sqlite3 "$D/weibao.db" "UPDATE facilities SET phone = (SELECT phone FROM facilities WHERE name = '王小明' AND type = 'director') WHERE name = '李小红' AND type = 'director'"
expect_exit 0 "list with a moved token" "$WEIBAO" facility list director --data "$D"
assert "the moved token is shown as unreadable" contains "$OUT" "（无法解密）"
assert "the other record's phone is still shown masked" contains "$OUT" "138\*\*\*\*8000"
expect_exit 0 "re-importing the roster repairs it" "$WEIBAO" facility import director "$TMP/dir.csv" --data "$D"
assert "one record updated" contains "$OUT" "新增 0，更新 1，未变 1"
expect_exit 0 "list after the repair" "$WEIBAO" facility list director --data "$D"
assert "the repaired phone decrypts again" contains "$OUT" "139\*\*\*\*9000"
expect_exit 0 "the audit chain holds the imports" "$WEIBAO" audit verify --data "$D"
assert "imports were audited" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'facility.import'")" = 5

# .xlsx, as Excel saves it: codes as numbers, date cells, empty rows between;
# problems name the sheet's own row numbers, and a second sheet is not read
XLSX="python3 $WEIBAO_SOURCE_DIR/tests/helpers/xlsx_write.py"
$XLSX "$TMP/st.xlsx" <<'JSON'
{"sheets": [{"name": "未保站", "rows": [
  [1, ["名称", "镇街代码", "成立日期", "状态"]],
  [2, ["屠甸镇未保站", 330483102, {"date": "2021-04-01"}, "运行"]],
  [5, ["洲泉镇未保站", 330483999, {"date": "2021-05-01"}, "运行"]],
  [7, ["崇福镇未保站", 330483107, null, "筹建"]]]},
 {"name": "说明", "rows": [[1, ["不是表头"]]]}]}
JSON
expect_exit 1 "an .xlsx with a bad row" "$WEIBAO" facility import station "$TMP/st.xlsx" --data "$D"
assert "the bad row is named by the sheet's row number" contains "$ERR" "第 5 行，镇街代码：「镇街代码」330483999 不存在"
assert "the missing date of row 7 too" contains "$ERR" "第 7 行，成立日期"
assert "nothing of it was written" test "$(count station)" = 1
expect_exit 0 "its good row with --skip-bad" "$WEIBAO" facility import station "$TMP/st.xlsx" --skip-bad --data "$D"
assert "the date cell became the date" test "$(sqlite3 "$D/weibao.db" "SELECT opened_on FROM facilities WHERE name = '屠甸镇未保站'")" = 2021-04-01
assert "the number cell became the code" test "$(sqlite3 "$D/weibao.db" "SELECT division_code FROM facilities WHERE name = '屠甸镇未保站'")" = 330483102
assert "the rejected rows keep their values" contains "$TMP/st.xlsx.rejected.csv" "洲泉镇未保站,330483999,2021-05-01,运行"
expect_exit 0 "the same .xlsx again" "$WEIBAO" facility import station "$TMP/st.xlsx" --skip-bad --data "$D"
assert "changes nothing" contains "$OUT" "新增 0，更新 0，未变 1"
printf '\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 an old .xls' >"$TMP/old.xls"
expect_exit 1 "an .xls" "$WEIBAO" facility import station "$TMP/old.xls" --data "$D"
assert "is refused with advice" contains "$ERR" "另存为 .xlsx"
head -c 300 "$TMP/st.xlsx" >"$TMP/cut.xlsx"
expect_exit 1 "a cut .xlsx" "$WEIBAO" facility import station "$TMP/cut.xlsx" --data "$D"
assert "is called damaged" contains "$ERR" "已损坏或不完整"

# divisions from an .xlsx: the row number of the sheet
$XLSX "$TMP/v.xlsx" <<'JSON'
{"sheets": [{"name": "村社区", "rows": [
  [1, ["代码", "名称", "类型"]],
  [3, [330483001203, "甲三村", "village"]],
  [4, [3304830012, "坏代码村", "village"]]]}]}
JSON
expect_exit 1 "divisions .xlsx with a bad code" "$WEIBAO" import divisions "$TMP/v.xlsx" --data "$D"
assert "its row is named" contains "$ERR" 'row 4: code "3304830012"'
$XLSX "$TMP/v.xlsx" <<'JSON'
{"sheets": [{"name": "村社区", "rows": [[1, ["代码", "名称", "类型"]], [3, [330483001203, "甲三村", "village"]]]}]}
JSON
expect_exit 0 "divisions from .xlsx" "$WEIBAO" import divisions "$TMP/v.xlsx" --data "$D"
assert "the village is in" test "$(sqlite3 "$D/weibao.db" "SELECT name FROM divisions WHERE code = '330483001203'")" = 甲三村

finish
