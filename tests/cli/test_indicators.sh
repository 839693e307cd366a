#!/usr/bin/env bash
# weibao indicators: the 2022 plan's targets measured from the registers, as
# of a date, per town, as text and as JSON.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Indicators-Tongxiang-2022"
unset WEIBAO_DB WEIBAO_DATA

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
printf 'code,name,kind\n330483001201,甲一村,village\n330483001202,甲二社区,community\n' >"$TMP/v.csv"
"$WEIBAO" import divisions "$TMP/v.csv" --data "$D" >/dev/null

# py EXPR: EXPR evaluated over the JSON printed last (d), with ind(item, k) the target
py() { python3 -c "import json,sys
d = json.load(open(sys.argv[1]))
ind = lambda i, k: next(x for x in d['indicators'] if x['item'] == i and x['target_index'] == k)
print($1)" "$OUT"; }

expect_exit 1 "no plan yet" "$WEIBAO" indicators --data "$D"
assert "it says so" contains "$ERR" "没有未归档的工作要点"
"$WEIBAO" plan import "$WEIBAO_SOURCE_DIR/data/tongxiang-2022-workplan.txt" --deadline 2030-12-31 \
  --data "$D" >/dev/null 2>&1
printf '名称,镇街代码,成立日期,状态\n梧桐街道未保站,330483001,2022-03-01,运行\n凤鸣街道未保站,330483003,2022-09-01,运行\n' >"$TMP/s.csv"
printf '名称,村社区代码,类型,命名级别,命名日期\n甲一之家,330483001201,示范型,省级,2022-05-01\n' >"$TMP/h.csv"
"$WEIBAO" facility import station "$TMP/s.csv" --data "$D" >/dev/null
"$WEIBAO" facility import children_home "$TMP/h.csv" --data "$D" >/dev/null

expect_exit 0 "the indicators as of 2022-06-30" "$WEIBAO" indicators --data "$D" --as-of 2022-06-30
assert "the plan and the date" contains "$OUT" "（2022 年），统计截止 2022-06-30"
assert "item 2: one town with a running station" contains "$OUT" "$(printf '2.1\t1\t= 11个\t未达标\t台账')"
assert "item 6: no allowance standard yet" contains "$OUT" "$(printf '6.1\t—\t>= 25000元\t未达标\t保障标准')"
"$WEIBAO" allowance standard add --category 孤儿 --mode 集中供养 --from 2022-01-01 --amount 2000 --data "$D" >/dev/null 2>&1
"$WEIBAO" allowance standard add --category 孤儿 --mode 集中供养 --from 2022-07-01 --amount 2100 --data "$D" >/dev/null 2>&1
"$WEIBAO" allowance standard add --category 孤儿 --mode 社会散居 --from 2022-07-01 --amount 3000 --data "$D" >/dev/null 2>&1
expect_exit 0 "with standards, as of 2022-06-30" "$WEIBAO" indicators --data "$D" --as-of 2022-06-30
assert "item 6: 2,000 元 × 12 falls short" contains "$OUT" "$(printf '6.1\t24000\t>= 25000元\t未达标\t保障标准')"
expect_exit 0 "on the day of the adjustment" "$WEIBAO" indicators --data "$D" --as-of 2022-07-01
assert "item 6: 2,100 元 × 12 meets it (the 社会散居 one does not count)" contains "$OUT" "$(printf '6.1\t25200\t>= 25000元\t达标\t保障标准')"
expect_exit 0 "the indicators as of 2022-06-30 again" "$WEIBAO" indicators --data "$D" --as-of 2022-06-30
expect_exit 0 "as JSON, later" "$WEIBAO" indicators --data "$D" --as-of 2022-12-31 --json
assert "two towns by the end of the year" test "$(py "ind(2, 1)['actual']")" = 2
assert "the 示范型 home" test "$(py "ind(4, 1)['actual']")" = 1
assert "the town of 甲一村 meets 1 of 2 villages" test \
  "$(py "[(t['actual'], t['met']) for t in ind(4, 3)['towns'] if t['code'] == '330483001']")" = "[(50.0, True)]"
assert "every town listed" test "$(py "len(ind(2, 1)['towns'])")" = 11
expect_exit 0 "one town" "$WEIBAO" indicators --data "$D" --as-of 2022-12-31 --town 330483003 --json
assert "its figure alone" test "$(py "[ind(2, 1)['actual'], [t['code'] for t in ind(2, 1)['towns']]]")" = "[1, ['330483003']]"
# a database written before the registers had generations (none in weibao_meta):
# the same figures, and the generations start
sqlite3 "$D/weibao.db" "DELETE FROM weibao_meta WHERE key LIKE 'registers_gen%'"
expect_exit 0 "without generations" "$WEIBAO" indicators --data "$D" --as-of 2022-12-31 --json
assert "the same figures" test "$(py "[ind(2, 1)['actual'], ind(4, 1)['actual']]")" = "[2, 1]"
assert "the generations started" test "$(sqlite3 "$D/weibao.db" \
  "SELECT count(*) FROM weibao_meta WHERE key LIKE 'registers_gen%'")" -ge 7
expect_exit 1 "a malformed date" "$WEIBAO" indicators --data "$D" --as-of 2022-02-30
assert "named in Chinese" contains "$ERR" "YYYY-MM-DD"
expect_exit 2 "an unknown option" "$WEIBAO" indicators --data "$D" --when 2022
finish
