#!/usr/bin/env bash
# weibao plan import: the 2022 plan becomes 27 items and one task per responsible unit.
source "$(dirname "$0")/lib.sh"
export WEIBAO_ADMIN_PASSWORD="Plan-import-Tongxiang-1"
unset WEIBAO_DB WEIBAO_DATA
PLAN="$(dirname "$0")/../data/notices/tongxiang-2022-workplan.txt"

D=$TMP/data
"$WEIBAO" init --data "$D" >/dev/null
expect_exit 0 "import the 2022 plan" "$WEIBAO" plan import "$PLAN" --data "$D"
assert "import reports items and tasks" contains "$OUT" "27 items, 87 tasks"
assert "27 items stored" test "$(sqlite3 "$D/weibao.db" 'SELECT count(*) FROM plan_items')" = 27
assert "3 sections stored" test "$(sqlite3 "$D/weibao.db" 'SELECT count(*) FROM plan_sections')" = 3
assert "21 units have tasks" test "$(sqlite3 "$D/weibao.db" 'SELECT count(DISTINCT unit_id) FROM tasks')" = 21
assert "item 17 reaches every unit" test "$(sqlite3 "$D/weibao.db" 'SELECT count(*) FROM tasks t JOIN plan_items i ON i.id = t.item_id WHERE i.number = 17')" = 21
assert "the orphans' standard is a target" test "$(sqlite3 "$D/weibao.db" "SELECT op || value || unit FROM item_targets t JOIN plan_items i ON i.id = t.item_id WHERE i.number = 6")" = ">=25000.0元"
assert "deadline is the year's end in China" test "$(sqlite3 "$D/weibao.db" 'SELECT DISTINCT deadline FROM tasks')" = 1672502399
expect_exit 1 "a second import is refused" "$WEIBAO" plan import "$PLAN" --data "$D"
assert "refusal names the document" contains "$ERR" "桐未工委办〔2022〕2号"
sqlite3 "$D/weibao.db" "UPDATE tasks SET status = 'signed', signed_at = 1 WHERE id = 1"
expect_exit 0 "replace" "$WEIBAO" plan import "$PLAN" --replace --deadline 2022-11-30 --data "$D"
assert "replace keeps a task's state" test "$(sqlite3 "$D/weibao.db" 'SELECT status FROM tasks WHERE id = 1')" = signed
assert "replace sets the new deadline" test "$(sqlite3 "$D/weibao.db" 'SELECT DISTINCT deadline FROM tasks')" = 1669823999
expect_exit 1 "a bad deadline" "$WEIBAO" plan import "$PLAN" --replace --deadline 2022-02-30 --data "$D"
printf '这里没有任何编号的事项。\n' > "$TMP/none.txt"
expect_exit 1 "a text without items" "$WEIBAO" plan import "$TMP/none.txt" --data "$D"
expect_exit 2 "import without a file" "$WEIBAO" plan import --data "$D"
expect_exit 0 "the audit chain holds the imports" "$WEIBAO" audit verify --data "$D"
assert "imports were audited" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM audit_events WHERE action IN ('plan.import', 'plan.replace')")" = 2

# a finished year's plan: a warning without --archived; history with it
expect_exit 0 "replace the live plan once more" "$WEIBAO" plan import "$PLAN" --replace --data "$D"
assert "a past deadline is warned about" contains "$ERR" "deadline has passed"
expect_exit 0 "supervise the live 2022 plan" "$WEIBAO" plan supervise --data "$D"
assert "its overdue tasks get notices" test "$(sqlite3 "$D/weibao.db" 'SELECT count(*) FROM supervisions WHERE resolved_at IS NULL')" -gt 0
expect_exit 0 "replace it as archived history" "$WEIBAO" plan import "$PLAN" --replace --archived --data "$D"
assert "it says so" contains "$OUT" "as archived history"
assert "and warns no more" test ! -s "$ERR"
assert "the plan is archived" test "$(sqlite3 "$D/weibao.db" 'SELECT archived FROM plans')" = 1
assert "its tasks have no light moments" test "$(sqlite3 "$D/weibao.db" 'SELECT count(*) FROM tasks WHERE yellow_at IS NOT NULL OR red_at IS NOT NULL')" = 0
expect_exit 0 "supervise again" "$WEIBAO" plan supervise --data "$D"
assert "the archived plan's notices are lifted" test "$(sqlite3 "$D/weibao.db" 'SELECT count(*) FROM supervisions WHERE resolved_at IS NULL')" = 0
assert "and no new ones" contains "$OUT" "0 created"
assert "the archiving is audited" sh -c "sqlite3 '$D/weibao.db' \"SELECT detail FROM audit_events WHERE action = 'plan.replace' ORDER BY id DESC LIMIT 1\" | grep -Eq '^替换（归档）：[1-9][0-9]* 条要点，[1-9][0-9]* 项任务，[0-9]+ 个未识别单位$'"
expect_exit 0 "replace it without --archived: live again" "$WEIBAO" plan import "$PLAN" --replace --data "$D"
assert "the plan is live" test "$(sqlite3 "$D/weibao.db" 'SELECT archived FROM plans')" = 0
assert "its open tasks have moments again" test "$(sqlite3 "$D/weibao.db" "SELECT count(*) FROM tasks WHERE status <> 'closed' AND red_at IS NULL")" = 0

# the example plan of this year (gen demo loads it): the 2022 items, tasks in every state
E=$TMP/demo
"$WEIBAO" init --data "$E" >/dev/null
expect_exit 0 "load the example plan" "$WEIBAO" plan demo --data "$E"
assert "it reports its tasks and 督办" contains "$OUT" "87 tasks in every state, 1 督办"
year=$(TZ=Asia/Shanghai date +%Y)
assert "it is this year's and titled 示例" test "$(sqlite3 "$E/weibao.db" "SELECT year || title FROM plans")" = "${year}关于印发《桐乡市未成年人保护工作委员会${year}年工作要点(示例)》的通知"
assert "its items are the 2022 plan's 27, word for word" test "$(sqlite3 "$E/weibao.db" "SELECT count(*) || ':' || sum(text LIKE '%设立11个镇(街道)未保站%') FROM plan_items")" = "27:1"
assert "the 2022 plan's bindings apply to it" test "$(sqlite3 "$E/weibao.db" 'SELECT group_concat(definition) FROM (SELECT b.definition FROM target_bindings b JOIN item_targets t ON t.id = b.target_id JOIN plan_items i ON i.id = t.item_id ORDER BY i.number, t.seq)')" = "stations_running,homes_model,homes_model_city,homes_model_share_each_town,orphan_standard,rehab_agreements,childcare_places,posts_towns,posts_villages,smart_schools,check_coverage"
states() { sqlite3 "$E/weibao.db" "SELECT group_concat(s, ' ') FROM (SELECT i.number || ':' || t.status || CASE WHEN t.return_reason IS NULL THEN '' ELSE ':returned' END AS s FROM tasks t JOIN plan_items i ON i.id = t.item_id WHERE t.status <> 'pending' ORDER BY i.number)"; }
assert "reporting, signed, closed, returned; the rest pending" \
  test "$(states)" = "2:in_progress 9:signed 12:closed 25:in_progress:returned"
assert "83 tasks to sign for, the overdue one among them" test "$(sqlite3 "$E/weibao.db" "SELECT count(*) || ':' || sum(i.number = 7) FROM tasks t JOIN plan_items i ON i.id = t.item_id WHERE t.status = 'pending'")" = "83:1"
assert "the report carries its figure" test "$(sqlite3 "$E/weibao.db" 'SELECT value FROM report_figures')" = 11.0
assert "the overdue task has its level-2 督办" test "$(sqlite3 "$E/weibao.db" "SELECT i.number || ':' || s.level FROM supervisions s JOIN tasks t ON t.id = s.task_id JOIN plan_items i ON i.id = t.item_id")" = "7:2"
assert "its 督办单 is answered" test "$(sqlite3 "$E/weibao.db" "SELECT count(*) FROM supervisions WHERE reply LIKE '【示例】%'")" = 1
assert "an extension is asked for the signed task" test "$(sqlite3 "$E/weibao.db" "SELECT i.number || ':' || r.kind || ':' || coalesce(r.decision, 'waiting') FROM task_requests r JOIN tasks t ON t.id = r.task_id JOIN plan_items i ON i.id = t.item_id")" = "9:extension:waiting"
assert "the events are signed 示例数据" test "$(sqlite3 "$E/weibao.db" "SELECT DISTINCT login FROM task_events")" = 示例数据
expect_exit 1 "a second load is refused" "$WEIBAO" plan demo --data "$E"
assert "saying why" contains "$ERR" "loaded already"
assert "and nothing was added" test "$(sqlite3 "$E/weibao.db" 'SELECT count(*) FROM plans')" = 1
expect_exit 0 "the example is audited in the chain" "$WEIBAO" audit verify --data "$E"

if PG=$(pg_database plans); then
  P=$TMP/pg
  "$WEIBAO" init --data "$P" --db "$PG" >/dev/null
  expect_exit 0 "import on PostgreSQL" "$WEIBAO" plan import "$PLAN" --data "$P" --db "$PG"
  assert "PostgreSQL import counts" contains "$OUT" "27 items, 87 tasks"
  assert "PostgreSQL keeps the target" test "$(psql -At "$PG" -c "SELECT value FROM item_targets t JOIN plan_items i ON i.id = t.item_id WHERE i.number = 8")" = 3.1
  expect_exit 0 "the example plan on PostgreSQL" "$WEIBAO" plan demo --data "$P" --db "$PG"
  assert "its tasks in every state on PostgreSQL" test "$(psql -At "$PG" -c "SELECT string_agg(DISTINCT status, ',' ORDER BY status) FROM tasks t JOIN plan_items i ON i.id = t.item_id JOIN plans p ON p.id = i.plan_id WHERE p.title LIKE '%示例%'")" = "closed,in_progress,pending,signed"
else
  failed=$((failed + 1)); echo "not ok - PostgreSQL test database could not be created"
fi

finish
