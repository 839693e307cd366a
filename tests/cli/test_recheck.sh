#!/usr/bin/env bash
# weibao check due and check coverage: after a roster run nobody is due and
# the coverage is whole; a year and a day on (weibao-test's clock) the
# employees are due, the applicant is not, and the coverage is 0; --as-of
# gives any day's figure; people are masked; an unknown institution fails.
source "$(dirname "$0")/lib.sh"
unset WEIBAO_DATA WEIBAO_DB WEIBAO_LISTEN WEIBAO_TEST_CLOCK_OFFSET WEIBAO_TEST_CLOCK_FILE
export WEIBAO_ADMIN_PASSWORD="Recheck-test-Tongxiang-1"
TESTBIN=${WEIBAO_TEST_BIN:?the path of weibao-test}

D=$TMP/d
"$TESTBIN" init --data "$D" >/dev/null
printf '名称,区划代码,学段,智安校园建成日期\n复查小学,330483,小学,\n' > "$TMP/school.csv"
"$TESTBIN" facility import school "$TMP/school.csv" --data "$D" >/dev/null
A=$(gid 330483 19800101 011)
B=$(gid 330483 19900505 033)
C=$(gid 330483 19950707 055)
printf '姓名,身份证号,类别,记录日期\n甲犯人,%s,虐待,2019-03-01\n' "$(gid 330483 19700101 099)" > "$TMP/registry.csv"
"$TESTBIN" check registry import "$TMP/registry.csv" --data "$D" >/dev/null
printf '姓名,身份证号,岗位,同意书编号,入职日期\n张三丰,%s,教师,T1,2020-09-01\n李四,%s,保育员,T2,2021-03-01\n王五,%s,应聘教师,T3,\n' \
  "$A" "$B" "$C" > "$TMP/roster.csv"
expect_exit 0 "a roster runs" "$TESTBIN" check run --institution 复查小学 "$TMP/roster.csv" --data "$D"

field() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$OUT" "$1"; }
expect_exit 0 "check due today" "$TESTBIN" check due --json --data "$D"
assert "nobody is due" test "$(field 'd["total"], d["months"]')" = "(0, 12)"
expect_exit 0 "check coverage today" "$TESTBIN" check coverage --json --data "$D"
assert "two employees, both covered: 100%" test "$(field 'd["county"]["staff"], d["county"]["covered"], d["county"]["coverage"]')" = "(2, 2, 100.0)"
assert "the school's line" test "$(field '[(x["name"], x["staff"], x["due"]) for x in d["by_institution"]]')" = "[('复查小学', 2, 0)]"
expect_exit 0 "the text form" "$TESTBIN" check coverage --data "$D"
assert "names the county and the schools" contains "$OUT" "全市	在职 2	已查询 2	覆盖率 100.0%"

# a year and a day on: both employees due, not the applicant
export WEIBAO_TEST_CLOCK_OFFSET=$((367 * 86400))
expect_exit 0 "check due a year and a day on" "$TESTBIN" check due --institution 复查小学 --json --data "$D"
assert "the two employees are due" test "$(field 'd["total"]')" = 2
masked_a="${A:0:6}********${A:14:4}"
assert "masked, never in clear" test "$(field 'sorted(x["id_number_masked"] for x in d["items"])[0] == sorted(["'"$masked_a"'", "'"${B:0:6}********${B:14:4}"'"])[0] and all("张三丰" not in x["name_masked"] for x in d["items"])')" = True
assert "the number in clear is nowhere" test "$(grep -c "$A" "$OUT")" = 0
expect_exit 0 "the text form" "$TESTBIN" check due --data "$D"
assert "counts them" contains "$OUT" "应复查 2 人（复查周期 12 个月）"
expect_exit 0 "coverage a year and a day on" "$TESTBIN" check coverage --json --data "$D"
assert "nobody covered: 0%" test "$(field 'd["county"]["covered"], d["county"]["coverage"]')" = "(0, 0.0)"
unset WEIBAO_TEST_CLOCK_OFFSET
today=$(TZ=Asia/Shanghai date +%F)
edge=$(python3 -c 'import sys, datetime, calendar
y, m, d = map(int, sys.argv[1].split("-")); y += 1
print(datetime.date(y, m, min(d, calendar.monthrange(y, m)[1])))' "$today")
expect_exit 0 "coverage on the anniversary" "$TESTBIN" check coverage --as-of "$edge" --json --data "$D"
assert "still covered on $edge" test "$(field 'd["county"]["covered"]')" = 2
expect_exit 1 "a malformed day" "$TESTBIN" check coverage --as-of 2026-02-30 --data "$D"
expect_exit 1 "an unknown institution" "$TESTBIN" check due --institution 没有这所学校 --data "$D"
expect_exit 2 "--as-of is not an option of due" "$TESTBIN" check due --as-of 2026-01-01 --data "$D"
finish
