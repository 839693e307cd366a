#!/usr/bin/env bash
# weibao keys rotate and weibao backup beside a running server that holds
# cases (issue 14): a report filed while the rotation runs is kept, every
# sealed cell of cases, their events, measures, 挂牌督办 and family-education
# orders ends under the new generation (none left under the old), the
# narrative still opens after it, and a report answered 201 just before a
# SIGKILL of the server is there after the restart.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Case-keys-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA
pid= bg=
trap 'kill $pid $bg 2>/dev/null; rm -rf "$TMP"' EXIT

D=$TMP/data
V=330483100991
"$WEIBAO" init --data "$D" >/dev/null
echo 'case_report_hourly_limit = 0' >> "$D/weibao.conf"   # one user files them all here
serve_admin --data "$D"
api() { curl -s -b "$jar" -H 'content-type: application/json' -H "x-csrf-token: $csrf" "$@"; }
field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval("d"+sys.argv[1]))' "$1"; }
day() { TZ=Asia/Shanghai date -d "$1 days" +%F; }
api -d "{\"code\":\"$V\",\"name\":\"密钥村\",\"kind\":\"village\"}" "$base/divisions" >/dev/null
# report N — files a report as admin (case.intake), prints "id status"
report() {
  api -w ' %{http_code}' -d "{\"situations\":[6],\"description\":\"轮换叙述$1\",\"place\":\"地点$1\",\"reporter_contact\":\"1390000$1\",\"child\":{\"name\":\"轮换儿\",\"village\":\"$V\"}}" \
    "$base/reports" | python3 -c 'import json,sys; t=sys.stdin.read(); b,s=t.rsplit(" ",1); print(json.loads(b).get("id",0) if s=="201" else 0, s)'
}

read -r cid _ < <(report 1000)
ev() { api -d "$2" "$base/cases/$1/events" >/dev/null; }
ev "$cid" '{"event":"accept","reason":"受理说明"}'
ev "$cid" '{"event":"assess","risk":"高","assessment":{"summary":"评估机密"}}'
ev "$cid" '{"event":"start_care"}'
unit=$(api "$base/units" | python3 -c 'import json,sys; print([u["id"] for u in json.load(sys.stdin)["items"] if u["name"]=="市民政局"][0])')
pros=$(api "$base/units" | python3 -c 'import json,sys; print([u["id"] for u in json.load(sys.stdin)["items"] if u["name"]=="市检察院"][0])')
mid=$(api -d "{\"kind\":\"心理疏导\",\"unit_id\":$unit,\"due_on\":\"$(day 10)\",\"note\":\"措施备注\"}" "$base/cases/$cid/measures" | field '["id"]')
api -d '{"event":"cancel","note":"撤销理由"}' "$base/measures/$mid/events" >/dev/null
api -d "{\"leader\":\"张副市长\",\"deadline\":\"$(day 30)\",\"period_days\":7,\"reason\":\"挂牌理由\"}" "$base/cases/$cid/listing" >/dev/null
api -d '{"progress":"督办进展"}' "$base/cases/$cid/listing/reports" >/dev/null
api -d '{"reason":"摘牌理由"}' "$base/cases/$cid/listing/lift" >/dev/null
gid=$(api -d "{\"kind\":\"督促监护令\",\"issuer_unit_id\":$pros,\"doc_no\":\"桐检轮换1号\",\"issued_on\":\"$(day -2)\",\"period_from\":\"$(day -1)\",\"period_to\":\"$(day 90)\",\"case_id\":$cid,\"guardians\":[{\"name\":\"轮换父\",\"relation\":\"父亲\"}],\"children\":[{\"name\":\"轮换儿\"}],\"obligations\":[{\"text\":\"每周一次\",\"every_days\":7}],\"provider\":\"家长学校\"}" \
  "$base/guidance-orders" | field '["id"]')
api -d "{\"held_on\":\"$(day 0)\",\"attended\":true,\"note\":\"指导记录\"}" "$base/guidance-orders/$gid/sessions" >/dev/null
api -d "{\"checked_on\":\"$(day 0)\",\"result\":\"履行\",\"note\":\"检查记录\"}" "$base/guidance-orders/$gid/checks" >/dev/null
api -d '{"note":"结案记录"}' "$base/guidance-orders/$gid/close" >/dev/null
read -r rid _ < <(report 1001)
ev "$rid" '{"event":"reject","reason":"不予受理的理由"}'

# every sealed column of the case tables: "table.column count" of its non-empty cells
sealed() {
  sqlite3 "$D/weibao.db" "
    select 'cases.'||c, n from (
      select 'child_name' c, count(child_name) n from cases union all
      select 'reporter_contact', count(reporter_contact) from cases union all
      select 'place', count(place) from cases union all
      select 'description', count(description) from cases union all
      select 'outcome', count(outcome) from cases);
    select 'case_events.reason', count(reason) from case_events;
    select 'case_events.detail', count(detail) from case_events;
    select 'case_measures.note', count(note) from case_measures;
    select 'case_measure_events.note', count(note) from case_measure_events;
    select 'case_listings.reason', count(reason) from case_listings;
    select 'case_listings.lift_reason', count(lift_reason) from case_listings;
    select 'case_listing_reports.progress', count(progress) from case_listing_reports;
    select 'guidance_orders.guardians', count(guardians) from guidance_orders;
    select 'guidance_orders.children', count(children) from guidance_orders;
    select 'guidance_orders.obligations', count(obligations) from guidance_orders;
    select 'guidance_orders.closing_note', count(closing_note) from guidance_orders;
    select 'guidance_sessions.note', count(note) from guidance_sessions;
    select 'guidance_checks.note', count(note) from guidance_checks;" | tr '|' ' '
}
empty=$(sealed | awk '$2 == 0 { print $1 }' | tr '\n' ' ')
assert "every sealed column of the case tables has a cell to rotate (${empty:-none empty})" test -z "$empty"

# reports filed while the rotation and a backup run
( for i in $(seq 2000 2029); do report "$i"; done > "$TMP/during" ) & bg=$!
sleep 0.2
expect_exit 0 "keys rotate beside the server" "$WEIBAO" keys rotate --data "$D" --settle 1
expect_exit 0 "backup beside the server" "$WEIBAO" backup "$TMP/b.wbk" --data "$D"
wait $bg; bg=
ok=$(awk '$2 == 201' "$TMP/during" | wc -l)
assert "every report filed during the rotation was answered 201 ($ok of 30)" test "$ok" -eq 30
kept=$(sqlite3 "$D/weibao.db" "select count(*) from cases where description is not null")
assert "every answered report is in the database ($kept cases)" test "$kept" -eq 32
gen=$(awk '$1 == "current" && $2 == "field" { print $3 }' "$D/weibao.key")
assert "the rotation made generation 2" test "$gen" = 2
# cells not under generation 2, per column
old=$(sealed | while read -r col _; do
  t=${col%%.*} c=${col#*.}
  n=$(sqlite3 "$D/weibao.db" "select count(*) from $t where $c is not null and $c not like 'k2:%'")
  [ "$n" -eq 0 ] || printf '%s=%s ' "$col" "$n"
done)
assert "no sealed cell of the case tables is left under the old generation (${old:-none})" test -z "$old"

api "$base/cases/$cid" > "$OUT"
assert "the narrative opens after the rotation" contains "$OUT" "轮换叙述1000"
assert "the assessment opens after the rotation" contains "$OUT" "评估机密"
api "$base/guidance-orders/$gid" > "$OUT"
assert "the order's obligations open after the rotation" contains "$OUT" "每周一次"
last=$(awk '$2 == 201 { print $1 }' "$TMP/during" | tail -1)
api "$base/cases/$last" > "$OUT"
assert "a report filed during the rotation opens" contains "$OUT" "轮换叙述"

# SIGKILL right after a 201
read -r kid code < <(report 3000)
assert "the last report is answered 201" test "$code" = 201
kill -9 "$pid"; wait "$pid" 2>/dev/null
serve_admin --data "$D"
api "$base/cases/$kid" > "$OUT"
assert "the report answered before the SIGKILL is there after the restart" contains "$OUT" "轮换叙述3000"
kill "$pid"; wait "$pid"; pid=
finish
