#!/usr/bin/env bash
# weibao gen demo: the 示例数据 set of `make run` — villages, every register,
# rosters with vacancies, trainings and this year's example plan, so that the
# plan's indicators come out some met, some not, and a town lagging; labelled,
# deterministic for a seed, refused a second time, never there unasked.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Gen-demo-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA

# py EXPR: EXPR evaluated over the JSON printed last (d)
py() { python3 -c "import json,sys
d = json.load(open(sys.argv[1]))
reg = [x for x in d['indicators'] if x['source'] == 'registry']
print($1)" "$OUT"; }
q() { sqlite3 "$1/weibao.db" "$2"; }
# the registers and villages of a data directory, value by value
snapshot() {
  q "$1" "SELECT type, name, division_code, coalesce(status, ''), coalesce(opened_on, ''), coalesce(kind, ''), coalesce(level, ''), coalesce(named_on, ''), coalesce(places, ''), coalesce(agreement_from, ''), coalesce(agreement_to, ''), coalesce(stage, ''), coalesce(smart_on, ''), coalesce(credit_code, ''), coalesce(amount, ''), coalesce(appointed_on, '') FROM facilities ORDER BY id"
  q "$1" "SELECT code, name, kind, population FROM divisions ORDER BY code"
}

# a plain init holds no demo data
D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
assert "init alone: no register records" test "$(q "$D" 'SELECT count(*) FROM facilities')" = 0
assert "init alone: no villages" test "$(q "$D" "SELECT count(*) FROM divisions WHERE level = 'village'")" = 0
assert "init alone: no plan" test "$(q "$D" 'SELECT count(*) FROM plans')" = 0
expect_exit 2 "gen needs a kind" "$WEIBAO" gen --data "$D"
expect_exit 2 "gen knows only demo" "$WEIBAO" gen sample --data "$D"
expect_exit 2 "a seed is a number" "$WEIBAO" gen demo --seed x1 --data "$D"
assert "usage errors changed nothing" test "$(q "$D" 'SELECT count(*) FROM facilities')" = 0

expect_exit 0 "gen demo on a fresh data directory" "$WEIBAO" gen demo --data "$D"
assert "it reports the data set" contains "$OUT" "demo data (示例数据, seed 2022): [0-9]* villages"
assert "with the allowance standards" contains "$OUT" "4 allowance standards"
assert "and the example plan" contains "$OUT" "87 tasks in every state, 1 督办"
assert "every register has records" test "$(q "$D" 'SELECT count(DISTINCT type) FROM facilities')" = 11
assert "villages under every one of the 11 towns" test "$(q "$D" "SELECT count(DISTINCT parent_code) FROM divisions WHERE level = 'village'")" = 11
assert "villages and communities both" test "$(q "$D" "SELECT count(DISTINCT kind) FROM divisions WHERE level = 'village'")" = 2
assert "every village has a population" test "$(q "$D" "SELECT count(*) FROM divisions WHERE level = 'village' AND NOT population > 0")" = 0
assert "each town's population is its villages'" test "$(q "$D" "SELECT count(*) FROM divisions t WHERE t.level = 'town' AND t.population <> (SELECT sum(v.population) FROM divisions v WHERE v.parent_code = t.code)")" = 0
assert "the villages add up to the county" test "$(q "$D" "SELECT sum(population) FROM divisions WHERE level = 'village'")" = "$(q "$D" "SELECT population FROM divisions WHERE level = 'county'")"

# labelled 示例
assert "every village is named 示例" test "$(q "$D" "SELECT count(*) FROM divisions WHERE level = 'village' AND name NOT LIKE '示例%'")" = 0
assert "every record is named 示例" test "$(q "$D" "SELECT count(*) FROM facilities WHERE name NOT LIKE '%示例%'")" = 0
assert "every record's note says 示例数据" test "$(q "$D" "SELECT count(*) FROM facilities WHERE note NOT LIKE '示例数据%'")" = 0
assert "every training is named 示例" test "$(q "$D" "SELECT count(*) || ':' || sum(name LIKE '示例%') FROM trainings")" = "3:3"
assert "trainings have attendees" test "$(q "$D" 'SELECT count(DISTINCT training_id) FROM training_attendees')" = 3
assert "history is signed 示例数据" test "$(q "$D" "SELECT DISTINCT login FROM facility_history")" = 示例数据
assert "the audit event names it" test "$(q "$D" "SELECT count(*) FROM audit_events WHERE action = 'demo.generate' AND detail LIKE '示例数据%'")" = 1

# the registers as the issue describes them
assert "示范型 and 基础型 homes" test "$(q "$D" "SELECT group_concat(DISTINCT kind) FROM (SELECT kind FROM facilities WHERE type = 'children_home' ORDER BY kind)")" = "基础型,示范型"
assert "homes named 县级, 嘉兴市级 and 省级" test "$(q "$D" "SELECT group_concat(level || ':' || n) FROM (SELECT level, count(*) AS n FROM facilities WHERE type = 'children_home' AND level IS NOT NULL GROUP BY level ORDER BY level)")" = "$(q "$D" "SELECT '县级:' || (count(*) - 5) || ',嘉兴市级:4,省级:1' FROM facilities WHERE kind = '示范型'")"
assert "posts at town and village level" test "$(q "$D" "SELECT group_concat(DISTINCT length(division_code)) FROM (SELECT division_code FROM facilities WHERE type = 'post' ORDER BY length(division_code))")" = "9,12"
assert "childcare with places" test "$(q "$D" "SELECT min(places) > 0 FROM facilities WHERE type = 'childcare'")" = 1
assert "rehab: in force, open-ended, lapsed, none" test "$(q "$D" "SELECT sum(agreement_to IS NULL AND agreement_from IS NOT NULL) || ':' || sum(agreement_from IS NULL) || ':' || sum(agreement_to < strftime('%Y-%m-%d', 'now')) FROM facilities WHERE type = 'rehab'")" = "1:1:1"
assert "schools of every 学段" test "$(q "$D" "SELECT count(DISTINCT stage) FROM facilities WHERE type = 'school'")" = 8
assert "some with 智安校园, some without" test "$(q "$D" "SELECT sum(smart_on IS NULL) > 0 AND sum(smart_on IS NOT NULL) > 0 FROM facilities WHERE type = 'school'")" = 1
q "$D" "SELECT credit_code FROM facilities WHERE type = 'org'" >"$TMP/codes"
assert "organisations' credit codes pass the GB 32100 check" python3 -c '
import sys
cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
codes = open(sys.argv[1]).read().split()
def ok(c):
    s = sum(cs.index(ch) * wt for ch, wt in zip(c[:17], w))
    return len(c) == 18 and cs[(31 - s % 31) % 31] == c[17]
sys.exit(0 if len(codes) == 8 and all(map(ok, codes)) else 1)' "$TMP/codes"
assert "projects carried out by those organisations" test "$(q "$D" "SELECT count(*) FROM facilities p WHERE type = 'project' AND contractor IN (SELECT name FROM facilities WHERE type = 'org')")" = 5
assert "phones are encrypted at rest" test "$(q "$D" "SELECT count(*) FROM facilities WHERE type IN ('supervisor', 'director') AND (phone IS NULL OR phone LIKE '13%')")" = 0
expect_exit 0 "the roster lists" "$WEIBAO" facility list supervisor --data "$D"
assert "with the phones masked" contains "$OUT" "138\*\*\*\*01"
assert "towns without a 督导员" test "$(q "$D" "SELECT count(*) FROM divisions d WHERE level = 'town' AND NOT EXISTS (SELECT 1 FROM facilities f WHERE f.type = 'supervisor' AND f.division_code = d.code)")" = 2
assert "villages without a 儿童主任" test "$(q "$D" "SELECT count(*) > 0 FROM divisions d WHERE level = 'village' AND NOT EXISTS (SELECT 1 FROM facilities f WHERE f.type = 'director' AND f.division_code = d.code)")" = 1
expect_exit 0 "the audit chain holds" "$WEIBAO" audit verify --data "$D"

# the plan's indicators: the example plan is the active one
expect_exit 0 "indicators of the example plan" "$WEIBAO" indicators --data "$D" --json
assert "it is this year's plan" test "$(py "d['plan']['year']")" = "$(TZ=Asia/Shanghai date +%Y)"
assert "ten targets are measured from the registers and the checks" test "$(py "len(reg)")" = 10
assert "item 20: the checks' coverage, unknown without staff on a roster" test "$(py "[(x['actual'], x['met']) for x in reg if x['item'] == 20]")" = "[(None, False)]"
assert "some are met" test "$(py "sum(1 for x in reg if x['met'])")" -ge 1
assert "some are not" test "$(py "sum(1 for x in reg if not x['met'])")" -ge 1
assert "a town lags on a per-town target" test "$(py "sum(1 for x in reg if x.get('towns') and any(not t['met'] for t in x['towns']))")" -ge 1
assert "and meets others" test "$(py "sum(1 for x in reg if x.get('towns') and any(t['met'] for t in x['towns']))")" -ge 1
assert "item 4's share: one town short, the county line not met" test "$(py "[(x['actual'], x['met'], len(x['towns'])) for x in reg if x['item'] == 4 and x['target_index'] == 3]")" = "[(10, False, 11)]"
assert "item 8 per 1,000 residents, county and towns" test "$(py "[(x['met'], all(t['actual'] is not None for t in x['towns'])) for x in reg if x['item'] == 8]")" = "[(True, True)]"
assert "the 孤儿 standards, last year's and this year's adjustment" test "$(q "$D" "SELECT group_concat(mode || ':' || fen_per_month, ',') FROM (SELECT mode, fen_per_month FROM allowance_standards WHERE category = '孤儿' ORDER BY effective_from, mode)")" = "社会散居:164000,集中供养:205000,社会散居:172000,集中供养:215000"
assert "item 6 measured from the standard in force: 2,150 元 × 12, met" test "$(py "[(x['source'], x['actual'], x['met']) for x in d['indicators'] if x['item'] == 6]")" = "[('standard', 25800, True)]"

# a second run refuses and changes nothing
q "$D" .dump | md5sum >"$TMP/before"
expect_exit 1 "a second gen demo is refused" "$WEIBAO" gen demo --data "$D"
assert "saying so in Chinese and English" sh -c "grep -q '示例数据已经生成过' '$ERR' && grep -q 'generated already' '$ERR'"
assert "and that nothing changed" contains "$ERR" "nothing was changed"
q "$D" .dump | md5sum >"$TMP/after"
assert "the database is unchanged" cmp -s "$TMP/before" "$TMP/after"
expect_exit 1 "another seed is refused too" "$WEIBAO" gen demo --seed 7 --data "$D"

# deterministic for a seed; another seed, other data
S=$TMP/same
"$WEIBAO" init --data "$S" >/dev/null
expect_exit 0 "the same seed elsewhere" "$WEIBAO" gen demo --seed 2022 --data "$S"
assert "gives the same villages and records" test "$(snapshot "$S" | md5sum)" = "$(snapshot "$D" | md5sum)"
O=$TMP/other
"$WEIBAO" init --data "$O" >/dev/null
expect_exit 0 "another seed" "$WEIBAO" gen demo --seed 7 --data "$O"
assert "says its seed" contains "$OUT" "seed 7"
assert "gives other data" test "$(snapshot "$O" | md5sum)" != "$(snapshot "$D" | md5sum)"
expect_exit 0 "its indicators" "$WEIBAO" indicators --data "$O" --json
assert "are mixed too" test "$(py "(any(x['met'] for x in reg), any(not x['met'] for x in reg))")" = "(True, True)"

# the example plan loaded before: gen demo adds the registers only
P=$TMP/plan
"$WEIBAO" init --data "$P" >/dev/null
"$WEIBAO" plan demo --data "$P" >/dev/null
expect_exit 0 "after plan demo" "$WEIBAO" gen demo --data "$P"
assert "it says the plan was there" contains "$OUT" "loaded already"
assert "one plan still" test "$(q "$P" 'SELECT count(*) FROM plans')" = 1

# never onto a database holding villages of its own
R=$TMP/real
"$WEIBAO" init --data "$R" >/dev/null
printf 'code,name,kind\n330483001201,甲一村,village\n' >"$TMP/v.csv"
"$WEIBAO" import divisions "$TMP/v.csv" --data "$R" >/dev/null
expect_exit 1 "refused over imported villages" "$WEIBAO" gen demo --data "$R"
assert "saying why" contains "$ERR" "已有村（社区）区划"
assert "nothing was added" test "$(q "$R" 'SELECT count(*) FROM facilities') $(q "$R" 'SELECT count(*) FROM plans')" = "0 0"

if PG=$(pg_database gen_demo); then
  G=$TMP/pg
  "$WEIBAO" init --data "$G" --db "$PG" >/dev/null
  expect_exit 0 "gen demo on PostgreSQL" "$WEIBAO" gen demo --data "$G" --db "$PG"
  expect_exit 0 "its indicators" "$WEIBAO" indicators --data "$G" --db "$PG" --json
  py "[(x['item'], x['target_index'], x['actual'], x['met']) for x in reg]" >"$TMP/pg.ind"
  "$WEIBAO" indicators --data "$D" --json >"$OUT"
  py "[(x['item'], x['target_index'], x['actual'], x['met']) for x in reg]" >"$TMP/sqlite.ind"
  assert "the same figures as on SQLite with the same seed" sh -c "grep -q \"(2, 1, 10, False)\" '$TMP/pg.ind' && cmp -s '$TMP/pg.ind' '$TMP/sqlite.ind'"
  expect_exit 1 "refused a second time on PostgreSQL" "$WEIBAO" gen demo --data "$G" --db "$PG"
else
  failed=$((failed + 1)); echo "not ok - PostgreSQL test database could not be created"
fi

finish
