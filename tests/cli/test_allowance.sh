#!/usr/bin/env bash
# weibao allowance: standards from a date (the old ones kept), a month's list
# across a standard change and an 18th birthday, 事实无人抚养 following the
# 散居孤儿 standard, 集中供养 by placement, the floor of plan item 6 flagged,
# an approved list frozen and a re-run's differences against it.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Allowance-test-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA

# an orphan turning 18 on 2026-12-15, an orphan in an institution, a child
# whose father is ill and mother dead (事实无人抚养), and one not eligible
OLD=$(gid 330483 20081215 101) INST=$(gid 330483 20150606 202) DF=$(gid 330483 20140404 303)
NONE=$(gid 330483 20130303 404) LATE=$(gid 330483 20160101 505)

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
printf 'code,name,kind\n330483001201,甲一村,village\n' >"$TMP/v.csv"
"$WEIBAO" import divisions "$TMP/v.csv" --data "$D" >/dev/null
"$WEIBAO" child template >"$TMP/t.csv"
{
  cat "$TMP/t.csv"
  echo "年满者,$OLD,330483001201,家庭,,,,,,,死亡,,,2015-01-01,,死亡,,,2016-01-01,,,,,,,,"
  echo "院内儿,$INST,330483001201,机构集中养育,,,,,,,死亡,,,2018-01-01,,查找不到,,,2015-06-06,,,,,,,,"
  echo "事实儿,$DF,330483001201,亲属抚养,,,,,,,重病,,,2019-01-01,,死亡,,,2019-06-01,,,,,,,,"
  echo "普通儿,$NONE,330483001201,家庭,,,低保,,,,外出务工,,,2020-01-01,,正常,,,,,,,,,,,"
} >"$TMP/k.csv"
"$WEIBAO" child import "$TMP/k.csv" --data "$D" >/dev/null

expect_exit 0 "a dispersed orphan standard" "$WEIBAO" allowance standard add --category 孤儿 --mode 社会散居 --from 2021-01-01 --amount 1950 --data "$D"
expect_exit 0 "raised from July 2026" "$WEIBAO" allowance standard add --category 孤儿 --mode 社会散居 --from 2026-07-01 --amount 2,150.5 --data "$D"
expect_exit 0 "a central one under the floor" "$WEIBAO" allowance standard add --category 孤儿 --mode 集中供养 --from 2021-01-01 --amount 2000 --data "$D"
assert "is flagged" contains "$ERR" "below 25,000"
assert "and says so in the audit" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'allowance.standard' AND detail LIKE '%底线%'")" = 1
expect_exit 0 "one over the floor is not" "$WEIBAO" allowance standard add --category 孤儿 --mode 集中供养 --from 2026-01-01 --amount 2083.34 --data "$D"
assert "not flagged" test ! -s "$ERR"
expect_exit 1 "the same category, mode and date twice" "$WEIBAO" allowance standard add --category 孤儿 --mode 集中供养 --from 2026-01-01 --amount 2500 --data "$D"
expect_exit 1 "an unknown category" "$WEIBAO" allowance standard add --category 孤独儿 --mode 集中供养 --from 2026-01-01 --amount 1 --data "$D"
expect_exit 1 "a bad amount" "$WEIBAO" allowance standard add --category 孤儿 --mode 集中供养 --from 2026-01-01 --amount 1.234 --data "$D"
expect_exit 0 "the standards" "$WEIBAO" allowance standard list --data "$D"
assert "the old one kept" contains "$OUT" "孤儿	社会散居	2021-01-01	1950.00"
assert "the new one beside it" contains "$OUT" "孤儿	社会散居	2026-07-01	2150.50"

line() { python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted("%s:%s:%s" % (r["category"], r["mode"], r["amount"]) for r in d["rows"])), d["count"], d["total"])' "$OUT"; }
expect_exit 0 "June 2026" "$WEIBAO" allowance run --month 2026-06 --json --data "$D"
assert "the old standard; 事实无人抚养 at the dispersed orphan one; the institution's central" \
  test "$(line)" = "事实无人抚养儿童:社会散居:1950.00 孤儿:社会散居:1950.00 孤儿:集中供养:2083.34 3 5983.34"
expect_exit 0 "July 2026" "$WEIBAO" allowance run --month 2026-07 --json --data "$D"
assert "the new standard from its first day" test "$(line)" = "事实无人抚养儿童:社会散居:2150.50 孤儿:社会散居:2150.50 孤儿:集中供养:2083.34 3 6384.34"
assert "masked ID numbers" contains "$OUT" '"id_number_masked": "330483\*\*\*\*\*\*\*\*1011"'
expect_exit 0 "December 2026: the 18th birthday's month is paid" "$WEIBAO" allowance run --month 2026-12 --json --data "$D"
assert "three" test "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["count"])' "$OUT")" = 3
expect_exit 0 "January 2027: not the months after it" "$WEIBAO" allowance run --month 2027-01 --json --data "$D"
assert "two" test "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["count"])' "$OUT")" = 2
expect_exit 0 "2020: before any standard, nothing" "$WEIBAO" allowance run --month 2020-12 --json --data "$D"
assert "none" test "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["count"])' "$OUT")" = 0
expect_exit 1 "a bad month" "$WEIBAO" allowance run --month 2026-13 --data "$D"

# approve: frozen; a later change shows as a difference, never in the frozen list
expect_exit 0 "approve December" "$WEIBAO" allowance run --month 2026-12 --approve --data "$D"
assert "audited" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'allowance.approve'")" = 1
assert "frozen lines" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM allowance_lines WHERE month = '2026-12'")" = 3
expect_exit 1 "approving twice is refused" "$WEIBAO" allowance run --month 2026-12 --approve --data "$D"
{ cat "$TMP/t.csv"; echo "新孤儿,$LATE,330483001201,家庭,,,,,,,死亡,,,2020-01-01,,宣告死亡,,,2021-01-01,,,,,,,,"; } >"$TMP/late.csv"
"$WEIBAO" child import "$TMP/late.csv" --data "$D" >/dev/null
expect_exit 0 "a re-run of December" "$WEIBAO" allowance run --month 2026-12 --json --data "$D"
assert "shows the new child as a difference" test "$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(d["approved"], d["count"], [(x["change"], x["category_after"], x["amount_after"]) for x in d["differences"]])' "$OUT")" = "True 4 [('新增', '孤儿', '2150.50')]"
assert "the frozen list is unchanged" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) || ' ' || sum(fen) FROM allowance_lines WHERE month = '2026-12'")" = "3 638434"
expect_exit 0 "the audit chain holds it" "$WEIBAO" audit verify --data "$D"

finish
