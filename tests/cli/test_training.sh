#!/usr/bin/env bash
# weibao training list|add: training records of the two rosters from the
# command line (as the system user, audited); attendees only from the rosters.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Training-cli-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
printf 'code,name,kind\n330483001201,甲一村,village\n' >"$TMP/v.csv"
"$WEIBAO" import divisions "$TMP/v.csv" --data "$D" >/dev/null
printf '姓名,村社区代码,手机,任职日期\n王小明,330483001201,13800138000,2022-01-05\n' >"$TMP/dir.csv"
"$WEIBAO" facility import director "$TMP/dir.csv" --data "$D" >/dev/null
printf '名称,镇街代码,成立日期,状态\n梧桐街道未保站,330483001,2021-03-01,运行\n' >"$TMP/st.csv"
"$WEIBAO" facility import station "$TMP/st.csv" --data "$D" >/dev/null
dir=$(sqlite3 "$D/weibao.db" "SELECT id FROM facilities WHERE type = 'director'")
station=$(sqlite3 "$D/weibao.db" "SELECT id FROM facilities WHERE type = 'station'")
trainings() { sqlite3 "$D/weibao.db" "SELECT count(*) FROM trainings"; }

expect_exit 0 "add a training with a 儿童主任" "$WEIBAO" training add --name 儿童主任业务培训 \
  --date 2022/6/1 --organiser 市民政局 --division 330483001 --attendee "$dir" --data "$D"
assert "it says so" contains "$OUT" "参训 1 人"
assert "it is stored with its attendee" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM training_attendees")" = 1
assert "it was audited" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action = 'training.create' AND login LIKE 'cli:%'")" = 1

expect_exit 1 "a record that is not on a roster" "$WEIBAO" training add --name 培训 --date 2022-06-01 \
  --organiser 市民政局 --division 330483001 --attendee "$station" --data "$D"
assert "refused in Chinese" contains "$ERR" "不是本辖区的儿童督导员或儿童主任"
expect_exit 1 "an attendee that does not exist" "$WEIBAO" training add --name 培训 --date 2022-06-01 \
  --organiser 市民政局 --division 330483001 --attendee 99999 --data "$D"
assert "nothing was written" test "$(trainings)" = 1
expect_exit 1 "a bad date" "$WEIBAO" training add --name 培训 --date 2022-13-01 \
  --organiser 市民政局 --division 330483001 --data "$D"
assert "the date is named" contains "$ERR" "培训日期"
expect_exit 1 "a division that does not exist" "$WEIBAO" training add --name 培训 --date 2022-06-01 \
  --organiser 市民政局 --division 330483999 --data "$D"
expect_exit 2 "an attendee that is not a number" "$WEIBAO" training add --name 培训 --date 2022-06-01 \
  --organiser 市民政局 --division 330483001 --attendee 王小明 --data "$D"
assert "nothing more was written" test "$(trainings)" = 1

expect_exit 0 "list" "$WEIBAO" training list --data "$D"
assert "the header is Chinese" contains "$OUT" "培训名称"
assert "the training is listed with its date and count" grep -q $'儿童主任业务培训\t2022-06-01\t市民政局\t330483001\t1' "$OUT"
expect_exit 0 "list another town as JSON" "$WEIBAO" training list --town 330483003 --json --data "$D"
assert "it has none" test "$(tr -d ' \n' <"$OUT")" = "[]"
expect_exit 0 "list the town as JSON" "$WEIBAO" training list --town 330483001 --json --data "$D"
assert "JSON names the fields" contains "$OUT" '"attendee_count": 1'
expect_exit 2 "an unknown subcommand" "$WEIBAO" training remove --data "$D"
expect_exit 0 "the audit chain holds" "$WEIBAO" audit verify --data "$D"

finish
