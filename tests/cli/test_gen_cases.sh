#!/usr/bin/env bash
# weibao gen cases: synthetic cases on top of gen children — over the towns,
# most linked to registry children, in every state with green, yellow and red
# ones, a timeline each, the narratives sealed; one audited transaction; a
# generated case opens through the API with its child masked and its
# description in clear.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Gen-cases-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA
q() { sqlite3 "$D/weibao.db" "$1"; }

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
expect_exit 2 "gen cases needs --count" "$WEIBAO" gen cases --data "$D"
expect_exit 2 "a count is a whole number" "$WEIBAO" gen cases --count -3 --data "$D"
expect_exit 1 "no villages yet: refused" "$WEIBAO" gen cases --count 10 --data "$D"
assert "it says to import divisions or run gen demo" contains "$ERR" "gen demo"
assert "nothing written" test "$(q 'SELECT count(*) FROM cases')" = 0

"$WEIBAO" gen demo --data "$D" >/dev/null
"$WEIBAO" gen children --count 3000 --seed 5 --data "$D" >/dev/null
expect_exit 0 "gen cases --count 2000" "$WEIBAO" gen cases --count 2000 --seed 7 --data "$D"
assert "it reports the cases" contains "$OUT" "synthetic cases (示例, seed 7): 2000, "
assert "2000 cases" test "$(q 'SELECT count(*) FROM cases')" = 2000
linked=$(q 'SELECT count(*) FROM cases WHERE child_id IS NOT NULL')
assert "most linked to registry children ($linked)" test "$linked" -ge 1400 -a "$linked" -le 1800
assert "linked cases lie in their child's village" test "$(q 'SELECT count(*) FROM cases c JOIN children k ON k.id = c.child_id WHERE c.division_code <> k.village_code')" = 0
assert "the others name a village and carry a sealed name" test "$(q "SELECT count(*) FROM cases WHERE child_id IS NULL AND (length(division_code) <> 12 OR child_name IS NULL)")" = 0
assert "town is the village's town" test "$(q 'SELECT count(*) FROM cases WHERE town_code <> substr(division_code, 1, 9)')" = 0
assert "spread over the 11 towns" test "$(q 'SELECT count(DISTINCT town_code) FROM cases')" = 11
assert "every state but transferring" test "$(q 'SELECT count(DISTINCT state) FROM cases')" = 8
assert "every source" test "$(q 'SELECT count(DISTINCT source) FROM cases')" = 8
now=$(date +%s)
assert "open cases green, yellow and red" test "$(q "SELECT sum(red_at <= $now) > 0 AND sum(yellow_at <= $now AND red_at > $now) > 0 AND sum(yellow_at > $now) > 0 FROM cases WHERE state NOT IN ('closed', 'rejected')")" = 1
assert "closed cases have no light" test "$(q "SELECT count(*) FROM cases WHERE state IN ('closed', 'rejected') AND (yellow_at IS NOT NULL OR red_at IS NOT NULL)")" = 0
assert "risk once assessed" test "$(q "SELECT count(*) FROM cases WHERE (state IN ('new', 'accepted', 'rejected')) = (risk IS NOT NULL)")" = 0
assert "each case a timeline from its intake" test "$(q "SELECT count(*) FROM cases c WHERE (SELECT e.event FROM case_events e WHERE e.case_id = c.id ORDER BY e.id LIMIT 1) NOT IN ('report', 'intake')")" = 0
assert "closed cases: accepted, then approved" test "$(q "SELECT count(*) FROM cases c WHERE c.state = 'closed' AND ((SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.event IN ('accept', 'approve_close')) <> 2 OR c.outcome IS NULL)")" = 0
assert "the timeline's state matches the case's" test "$(q "SELECT count(*) FROM cases c WHERE c.state <> (SELECT e.to_state FROM case_events e WHERE e.case_id = c.id AND e.event NOT IN ('police_accept', 'police_feedback') ORDER BY e.id DESC LIMIT 1)")" = 0
assert "the police accepted some, told the reporter of most" test "$(q "SELECT sum(police_at IS NOT NULL) > 0 AND sum(feedback_done_at IS NOT NULL) > 0 FROM cases")" = 1
assert "tracking numbers BGyyyymmdd…" test "$(q "SELECT count(*) FROM cases WHERE tracking_no NOT GLOB 'BG[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*'")" = 0
assert "the description is sealed, never in clear" test "$(q "SELECT count(*) FROM cases WHERE description IS NULL OR description LIKE '%示例%'")" = 0
assert "no reason in clear" test "$(q "SELECT count(*) FROM case_events WHERE reason LIKE '%示例%' OR detail LIKE '%示例%'")" = 0
assert "the audit event names it" test "$(q "SELECT count(*) FROM audit_events WHERE action = 'demo.cases' AND detail = '生成示例个案 2000 件（种子 7）'")" = 1
assert "timeline signed 示例数据" test "$(q 'SELECT DISTINCT login FROM case_events')" = 示例数据

# the same seed gives the same cases (less the moments, which follow the clock)
D2=$TMP/data2
"$WEIBAO" init --data "$D2" >/dev/null
"$WEIBAO" gen demo --data "$D2" >/dev/null
"$WEIBAO" gen children --count 3000 --seed 5 --data "$D2" >/dev/null
"$WEIBAO" gen cases --count 2000 --seed 7 --data "$D2" >/dev/null
shape="SELECT source || situations || state || coalesce(risk, '') || coalesce(child_id, '') || division_code FROM cases ORDER BY id"
assert "deterministic for a seed" test "$(sqlite3 "$D/weibao.db" "$shape" | md5sum)" = "$(sqlite3 "$D2/weibao.db" "$shape" | md5sum)"

# a generated case opens through the API: the child masked, the narrative in clear
serve_admin --data "$D"
id=$(q "SELECT id FROM cases WHERE child_id IS NOT NULL AND state = 'closed' ORDER BY id LIMIT 1")
curl -s -b "$jar" "$base/cases/$id" > "$OUT"
py() { python3 -c "import json,sys; d = json.load(open(sys.argv[1])); print($1)" "$OUT"; }
assert "GET /cases/$id answers the case" test "$(py 'd["id"]')" = "$id"
assert "its description opened" contains "$OUT" "（示例）"
assert "its child masked from the registry" test "$(py 'd["child"]["matched"] and "*" in d["child"]["name"] and "*" in d["child"]["id_number"]')" = True
assert "its timeline from the report to the closure" test "$(py '[e["event"] for e in d["timeline"]][0] in ("report", "intake") and d["timeline"][-1]["event"] in ("approve_close", "police_feedback")')" = True
town=$(q "SELECT town_code FROM cases WHERE id = $id")
curl -s -b "$jar" "$base/cases?town=$town&state=in_care&light=red&per_page=100" > "$OUT"
assert "a town's red cases in care, as the database counts them" test "$(py 'd["total"]')" = "$(q "SELECT count(*) FROM cases WHERE town_code = '$town' AND state = 'in_care' AND (red_at <= strftime('%s', 'now') OR fb_red_at <= strftime('%s', 'now'))")"
kill "$pid"; wait "$pid" 2>/dev/null
finish
