#!/usr/bin/env bash
# weibao child purge [--dry-run] [--json] and serve's daily round: the record
# of someone whose 18th birthday lies child_retention_years (default 3) or
# more behind is reduced to what the statistics need — by calendar years (a
# 29 February birthday falls on 28 February), in one transaction, audited;
# the dry run lists exactly those past the boundary (masked, per town) and
# changes nothing; afterwards no name, ID number, guardian, evidence or
# visit finding is left, nobody is found by the old ID number, and the
# figures as of a past date are unchanged.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Children-purge-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA WEIBAO_TEST_CLOCK_OFFSET WEIBAO_TEST_CLOCK_FILE
TESTBIN=${WEIBAO_TEST_BIN:?the path of weibao-test}
RELEASE=$WEIBAO

# clock DATE — the test clock's offset for noon of DATE in China
clock() {
  python3 -c 'import sys, time, datetime
y, m, d = map(int, sys.argv[1].split("-"))
t = datetime.datetime(y, m, d, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
print(int(t.timestamp() - time.time()))' "$1"
}

# P1 turned 18 on 2020-08-10 (due 2023-08-10); P2 born 29 February 2004
# turned 18 on 2022-02-28 (due 2025-02-28); K1 born 2004-03-01 is due a day
# later; K2 is a child.  Registered in 2020, when all four were minors.
P1=$(gid 330483 20020810 111) P2=$(gid 330483 20040229 222) K1=$(gid 330483 20040301 331)
K2=$(gid 330483 20100505 442)
run_at() { local day=$1; shift; WEIBAO_TEST_CLOCK_OFFSET=$(clock "$day") "$@"; }

setup() {   # setup DATA [--db URL]
  "$RELEASE" init --data "$@" >/dev/null
  "$RELEASE" import divisions "$TMP/v.csv" --data "$@" >/dev/null
  run_at 2020-06-01 "$TESTBIN" child import "$TMP/k.csv" --data "$@" >"$OUT" 2>"$ERR"
}
printf 'code,name,kind\n330483001201,甲一村,village\n330483102201,乙一村,village\n' >"$TMP/v.csv"
{
  "$RELEASE" child template
  echo "潘一鸣,$P1,330483001201,亲属抚养,,,低保,潘大海,祖父,13800138000,死亡,,,2015-01-01,,死亡,,,2016-01-01,,农业,实验小学,幸福里88号,,,死亡证明甲123,死亡证明乙456"
  echo "潘二妹,$P2,330483102201,家庭,,,,潘大江,伯父,13900139000,外出务工,,,2019-01-01,,外出务工,,,2019-01-01,,农业,,,,,,"
  echo "柯三多,$K1,330483001201,家庭,,,特困,,,,,,,,,,,,,,非农业,,,,,,"
  echo "柯四喜,$K2,330483102201,家庭,,,低保,,,,,,,,,,,,,,农业,,,,,,"
} >"$TMP/k.csv"

D=$TMP/data
setup "$D"
assert "four children registered in 2020 ($(head -c 200 "$ERR"))" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM children")" = 4
sql() { sqlite3 "$D/weibao.db" "$1"; }
p1=$(sql "SELECT id FROM children WHERE birth_date = '2002-08-10'")

# a visit of P1 in 2020, findings encrypted
WEIBAO=$TESTBIN
export WEIBAO_TEST_CLOCK_OFFSET=$(clock 2020-06-01)
serve_admin --data "$D"
code=$(curl -s -o "$OUT" -w '%{http_code}' -b "$jar" -H 'content-type: application/json' \
  -H "x-csrf-token: $csrf" -d '{"visited_on":"2020-06-01","findings":"祖父潘大海身体欠佳","needs":"助学金"}' \
  "$base/children/$p1/visits")
assert "a visit recorded ($code)" test "$code" = 201
kill "$pid"; wait "$pid" 2>/dev/null
unset WEIBAO_TEST_CLOCK_OFFSET
WEIBAO=$RELEASE

# the figures as of 2020-06-01 before anything is reduced
figures() {
  run_at 2025-03-10 "$TESTBIN" child list --as-of 2020-06-01 --json --data "$D" >"$TMP/list.json" 2>/dev/null
  python3 -c 'import json, sys
rows = json.load(open(sys.argv[1]))
print(";".join("%s:%s:%s:%s" % (r["id"], r["age"], r["sex"], "+".join(r["categories"])) for r in sorted(rows, key=lambda r: r["id"])))' "$TMP/list.json"
}
before=$(figures)
assert "four children in 2020 with categories" test "$(echo "$before" | tr ';' '\n' | grep -c '孤儿\|留守\|困境')" -ge 3
name_token=$(sql "SELECT name FROM children WHERE id = $p1")

# the boundary: on 2025-02-27 only P1 is due; on 2025-02-28 P2 too (29
# February + 18 years + 3 years), never K1 (due 2025-03-01) nor K2
expect_exit 0 "dry run the day before P2's boundary" run_at 2025-02-27 "$TESTBIN" child purge --dry-run --json --data "$D"
# (sorted: an import numbers its children in the order of their blind index, not the file's)
due() { python3 -c 'import json, sys; o = json.load(open(sys.argv[1])); print(o["count"], ",".join(sorted(c["id_number_masked"] for c in o["children"])))' "$OUT"; }
assert "only P1 ($(due))" test "$(due)" = "1 330483********${P1: -4}"
expect_exit 0 "dry run on P2's boundary" run_at 2025-02-28 "$TESTBIN" child purge --dry-run --json --data "$D"
assert "P1 and P2 ($(due))" test "$(due)" = "2 $(printf '%s\n' "330483********${P1: -4}" "330483********${P2: -4}" | sort | paste -sd,)"
assert "the cutoff is 29 February 2004" contains "$OUT" '"cutoff": "2004-02-29"'
assert "the names are masked" contains "$OUT" '"name_masked": "潘\*鸣"'
assert "per town: one in each" test "$(python3 -c 'import json, sys; print(",".join("%s=%d" % (t["town"], t["count"]) for t in json.load(open(sys.argv[1]))["towns"]))' "$OUT")" = "330483001=1,330483102=1"
expect_exit 0 "the text dry run" run_at 2025-02-28 "$TESTBIN" child purge --dry-run --data "$D"
assert "says it changed nothing" contains "$OUT" "到期待删减（试运行，未作改动） 2 名"
assert "names the towns" contains "$OUT" "（330483102）	1 名"
assert "nothing changed" test "$(sql "SELECT count(*) FROM children WHERE id_index LIKE 'purged:%'")" = 0
assert "no audit event for a dry run" test "$(sql "SELECT count(*) FROM audit_events WHERE action = 'child.purge'")" = 0

expect_exit 0 "the purge" run_at 2025-02-28 "$TESTBIN" child purge --data "$D"
assert "two reduced" contains "$OUT" "已删减个人信息 2 名"
assert "their ID numbers and names are gone" test "$(sql "SELECT count(*) FROM children WHERE id_number = '' AND name = '' AND id_index = 'purged:' || id")" = 2
assert "and address, bank account and school" test "$(sql "SELECT count(*) FROM children WHERE id_index LIKE 'purged:%' AND (address IS NOT NULL OR bank_account IS NOT NULL OR school IS NOT NULL)")" = 0
assert "their birth dates keep only the month" test "$(sql "SELECT group_concat(birth_date) FROM (SELECT birth_date FROM children WHERE id_index LIKE 'purged:%' ORDER BY birth_date)")" = "2002-08-01,2004-02-01"
assert "sex, village and placement stay" test "$(sql "SELECT sex || village_code || placement FROM children WHERE id = $p1")" = "男330483001201亲属抚养"
assert "their guardians are deleted" test "$(sql "SELECT count(*) FROM child_guardians g JOIN children c ON c.id = g.child_id WHERE c.id_index LIKE 'purged:%'")" = 0
assert "the parents' periods stay, without evidence" test "$(sql "SELECT count(*) || ':' || count(evidence) FROM child_parent_periods WHERE child_id = $p1")" = "2:0"
assert "the visit stays, without findings or needs" test "$(sql "SELECT visited_on || ':' || findings || ':' || coalesce(needs, '-') FROM child_visits WHERE child_id = $p1")" = "2020-06-01::-"
assert "no status line keeps its evidence" test "$(sql "SELECT count(*) FROM child_history WHERE child_id = $p1 AND action = 'status' AND reason IS NOT NULL")" = 0
assert "no reason a person typed is kept" test "$(sql "SELECT count(*) FROM child_history WHERE child_id = $p1 AND action <> 'categories' AND reason IS NOT NULL")" = 0
assert "nor a pending transfer" test "$(sql "SELECT count(*) FROM children WHERE id_index LIKE 'purged:%' AND (transfer_to IS NOT NULL OR transfer_reason IS NOT NULL)")" = 0
assert "a history line says what was done" test "$(sql "SELECT count(*) FROM child_history WHERE child_id = $p1 AND action = 'purge' AND detail LIKE '按保存期限删减个人信息（年满 18 周岁后满 3 年）%'")" = 1
assert "one audit event with the count" test "$(sql "SELECT detail FROM audit_events WHERE action = 'child.purge'")" = "按保存期限删减 2 名儿童的个人信息（年满 18 周岁后满 3 年，出生日期不晚于 2004-02-29）"
assert "K1 and K2 untouched" test "$(sql "SELECT count(*) FROM children WHERE id_index NOT LIKE 'purged:%' AND name <> '' AND id_number <> ''")" = 2
assert "the old name token is nowhere in the table" test "$(sql "SELECT count(*) FROM children WHERE name = '$name_token'")" = 0
for who in 潘一鸣 潘二妹 潘大海 潘大江 幸福里 实验小学 死亡证明 祖父潘大海 "$P1" "$P2" "$name_token"; do
  assert "the database file holds no '${who:0:12}'" test "$(cat "$D"/weibao.db* | grep -c -a -F -- "$who")" = 0
done
expect_exit 1 "P1 is no longer found by ID number" "$RELEASE" child show "$P1" --data "$D"
assert "the figures as of 2020-06-01 are unchanged" test "$(figures)" = "$before"
expect_exit 0 "in a list as of 2020 they show as reduced" run_at 2025-03-10 "$TESTBIN" child list --as-of 2020-06-01 --json --data "$D"
assert "masked as reduced" contains "$OUT" '"id_number_masked": "（已按期删减）"'
expect_exit 0 "a second purge the same day" run_at 2025-02-28 "$TESTBIN" child purge --json --data "$D"
assert "finds nothing" contains "$OUT" '"count": 0'
assert "and writes no audit event" test "$(sql "SELECT count(*) FROM audit_events WHERE action = 'child.purge'")" = 1
expect_exit 0 "the audit chain holds" "$RELEASE" audit verify --data "$D"

# serve reduces the next one (K1, due 2025-03-01) in its daily round, at start
WEIBAO=$TESTBIN
export WEIBAO_TEST_CLOCK_OFFSET=$(clock 2025-03-01)
serve_admin --data "$D"
for _ in $(seq 50); do
  [ "$(sql "SELECT count(*) FROM audit_events WHERE action = 'child.purge'")" = 2 ] && break
  sleep 0.2
done
kill "$pid"; wait "$pid" 2>/dev/null
unset WEIBAO_TEST_CLOCK_OFFSET
WEIBAO=$RELEASE
assert "serve's round reduced K1" test "$(sql "SELECT detail || '|' || login FROM audit_events WHERE action = 'child.purge' ORDER BY id DESC LIMIT 1")" = "按保存期限删减 1 名儿童的个人信息（年满 18 周岁后满 3 年，出生日期不晚于 2004-03-01）|system"
assert "and logged it" contains "$TMP/serve.log" '"event":"child_purge.round"'

# the period is configurable: 5 years puts the boundary two years later
D3=$TMP/five
setup "$D3"
printf 'child_retention_years = 5\n' >"$D3/weibao.conf"
expect_exit 0 "5 years: dry run in 2025" run_at 2025-02-28 "$TESTBIN" child purge --dry-run --json --data "$D3"
assert "nobody is due yet" contains "$OUT" '"count": 0'
expect_exit 0 "5 years: dry run on 2025-08-10" run_at 2025-08-10 "$TESTBIN" child purge --dry-run --json --data "$D3"
assert "P1 is due" test "$(due)" = "1 330483********${P1: -4}"
printf 'child_retention_years = 0\n' >"$D3/weibao.conf"
expect_exit 1 "0 years is refused" "$RELEASE" config check --data "$D3"

# PostgreSQL: the same statements
if PG=$(pg_database child_purge); then
  D2=$TMP/pg
  setup "$D2" --db "$PG"
  expect_exit 0 "PostgreSQL: the purge" run_at 2025-02-28 "$TESTBIN" child purge --json --data "$D2" --db "$PG"
  assert "PostgreSQL: two reduced" contains "$OUT" '"count": 2'
  assert "PostgreSQL: marked and emptied" test "$(psql -Atq "$PG" -c "SELECT count(*) FROM children WHERE id_index = 'purged:' || id AND name = '' AND id_number = '' AND birth_date LIKE '%-01'")" = 2
  expect_exit 0 "PostgreSQL: dry run again" run_at 2025-02-28 "$TESTBIN" child purge --dry-run --json --data "$D2" --db "$PG"
  assert "PostgreSQL: nothing left" contains "$OUT" '"count": 0'
else
  failed=$((failed + 1)); echo "not ok - no PostgreSQL database"
fi

finish
