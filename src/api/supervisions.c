/* 督办: notices of overdue tasks, manual notices, task deadlines, and the
 * year-end scores of units. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/scores.h"
#include "app/supervise.h"
#include "app/supervision_notice.h"
#include "app/tasks.h"
#include "store/org.h"
#include "store/supervisions.h"

/* A time member: the number, or null when unset (0). */
static void
set_time(json_t *o, const char *key, int64_t t)
{
	json_object_set_new(o, key, t ? json_integer(t) : json_null());
}

json_t *
supervision_json(const struct supervision_row *s, bool with_task)
{
	char number[48];
	json_t *o;

	supervision_number(s, number, sizeof(number));
	o = json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, "
		      "s:s?}", "id", (json_int_t)s->id, "task_id", (json_int_t)s->task_id, "number",
		      number, "kind", s->kind, "level", s->level, "reason", s->reason, "issued_at",
		      (json_int_t)s->issued_at, "issued_by", s->issued_by, "issued_by_name",
		      s->issued_by_name, "signed_by", s->signed_by, "signed_by_name",
		      s->signed_by_name, "reply", s->reply, "replied_by", s->replied_by,
		      "replied_by_name", s->replied_by_name);
	set_time(o, "resolved_at", s->resolved_at);
	set_time(o, "signed_at", s->signed_at);
	set_time(o, "replied_at", s->replied_at);
	if (with_task) {
		json_object_set_new(o, "plan_id", json_integer(s->plan_id));
		json_object_set_new(o, "item_number", json_integer(s->item_number));
		json_object_set_new(o, "unit", json_pack("{s:I, s:s}", "id", (json_int_t)s->unit_id,
							 "name", s->unit_name));
	}
	return o;
}

static void
add_supervision(const struct supervision_row *s, void *arg)
{
	json_array_append_new(arg, supervision_json(s, true));
}

/* The page of notices the request's filters select, or (limit
 * EXPORT_MAX) all of them; NULL with the reply set on failure. */
static json_t *
load_supervisions(struct request *r, const struct paging *p, int64_t limit, int64_t *total)
{
	const char *open = arg_or_empty(r, "open");
	struct wb_err err = { 0 };
	json_t *items;
	int64_t plan_id;

	if (!arg_id(r, "plan_id", &plan_id))
		return NULL;
	items = json_array();
	if (store_supervision_page(r->store, &r->scope, plan_id, strcmp(open, "1") == 0, limit,
				   limit == EXPORT_MAX ? 0 : (p->page - 1) * p->per_page,
				   add_supervision, items, total, &err) != WB_OK) {
		json_decref(items);
		request_fail_err(r, &err);
		return NULL;
	}
	return items;
}

static const char *const supervision_sorts[] = { "level", NULL };

void
api_supervisions_list(struct request *r)
{
	struct paging p;
	int64_t total = 0;
	json_t *items;

	if (!paging_read(r, supervision_sorts, &p) ||
	    (items = load_supervisions(r, &p, p.per_page, &total)) == NULL)
		return;
	request_reply(r, 200, paging_reply(items, total, &p));
}

/* The unit's answer to notice s (its JSON) as the export shows it. */
static void
answer_text(json_t *s, char *out, size_t n)
{
	const char *reply = json_string_value(json_object_get(s, "reply"));

	if (reply)
		snprintf(out, n, "已回复：%s", reply);
	else
		snprintf(out, n, "%s",
			 json_is_integer(json_object_get(s, "signed_at"))     ? "已签收，未回复"
			 : json_is_integer(json_object_get(s, "resolved_at")) ? "未签收（已解除）"
									     : "待签收");
}

void
api_supervisions_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "编号", 13, XLSX_TEXT },       { "工作要点", 9, XLSX_INT },  { "序号", 6, XLSX_INT },
		{ "责任单位", 18, XLSX_WRAP },   { "类型", 13, XLSX_TEXT },    { "级别", 11, XLSX_TEXT },
		{ "事由", 44, XLSX_WRAP },       { "下发时间", 17, XLSX_TIME }, { "下发人", 12, XLSX_TEXT },
		{ "解除时间", 17, XLSX_TIME },   { "单位答复", 40, XLSX_WRAP },
	};
	/* the level as the drawer shows it: 一级 yellow, 二级 orange, 三级 red */
	static const struct { const char *title; enum xlsx_tone tone; } levels[] = {
		{ "一级督办", XLSX_YELLOW }, { "二级督办", XLSX_ORANGE }, { "三级督办", XLSX_RED },
	};
	char answer[2400];
	struct paging p;
	int64_t total;
	json_t *items, *s;
	struct xlsx *x;
	size_t i;

	if (!paging_read(r, supervision_sorts, &p) ||
	    (items = load_supervisions(r, &p, EXPORT_MAX, &total)) == NULL)
		return;
	x = xlsx_begin(r, "督办记录", cols, (int)(sizeof(cols) / sizeof(cols[0])));
	if (x == NULL) {
		json_decref(items);
		return;
	}
	json_array_foreach(items, i, s) {
		json_t *resolved = json_object_get(s, "resolved_at");
		xlsx_str(x, (int64_t)i, 0, json_string_value(json_object_get(s, "number")));
		xlsx_int(x, (int64_t)i, 1, json_integer_value(json_object_get(s, "plan_id")));
		xlsx_int(x, (int64_t)i, 2, json_integer_value(json_object_get(s, "item_number")));
		xlsx_str(x, (int64_t)i, 3,
			 json_string_value(json_object_get(json_object_get(s, "unit"), "name")));
		xlsx_str(x, (int64_t)i, 4, strcmp(json_string_value(json_object_get(s, "kind")), "auto")
						   ? "人工督办" : "逾期自动督办");
		json_int_t level = json_integer_value(json_object_get(s, "level"));
		if (level >= 1 && level <= 3)
			xlsx_marked(x, (int64_t)i, 5, levels[level - 1].title, levels[level - 1].tone);
		else
			xlsx_int(x, (int64_t)i, 5, level);
		xlsx_str(x, (int64_t)i, 6, json_string_value(json_object_get(s, "reason")));
		xlsx_time(x, (int64_t)i, 7, json_integer_value(json_object_get(s, "issued_at")));
		xlsx_str(x, (int64_t)i, 8, json_string_value(json_object_get(s, "issued_by_name")));
		if (json_is_integer(resolved))
			xlsx_time(x, (int64_t)i, 9, json_integer_value(resolved));
		answer_text(s, answer, sizeof(answer));
		xlsx_str(x, (int64_t)i, 10, answer);
	}
	request_audit_detail(r, "导出 %zu 行", json_array_size(items));
	json_decref(items);
	xlsx_finish(x, r);
}

void
api_supervisions_run(struct request *r)
{
	struct supervise_result res;
	struct wb_err err = { 0 };

	if (supervise_run(&r->app, &res, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "新下发督办 %lld 件，升级 %lld 件，解除 %lld 件",
			     (long long)res.created, (long long)res.raised, (long long)res.resolved);
	request_reply(r, 200, json_pack("{s:I, s:I, s:I}", "created", (json_int_t)res.created,
					"raised", (json_int_t)res.raised, "resolved",
					(json_int_t)res.resolved));
}

/* ---- one notice: the 督办通知单, and the unit's answer -------------------- */

/* Stops at the county (the first division in tree order). */
static int
take_county(const struct division *d, void *arg)
{
	if (strcmp(d->level, "county") != 0)
		return 0;
	snprintf(arg, 200, "%s", d->name);
	return 1;
}

void
api_supervisions_get(struct request *r)
{
	char county[200] = "", committee[260];
	struct wb_err err = { 0 };
	struct supervision_row s;
	int64_t id, days;
	struct task_row t;
	json_t *o;

	if (!path_id(r, 0, &id))
		return;
	if (app_supervision_get(&r->app, id, &s, &t, &days, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	if (store_division_each(r->store, take_county, county, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	snprintf(committee, sizeof(committee), "%s未成年人保护工作委员会", county);
	o = supervision_json(&s, true);
	json_object_set_new(o, "overdue_days", json_integer(days));
	json_object_set_new(o, "committee", json_string(committee));
	json_object_set_new(o, "task", json_pack("{s:I, s:s, s:I, s:b, s:s, s:I}", "id",
						 (json_int_t)t.id, "item_text", t.item_text,
						 "deadline", (json_int_t)t.deadline, "is_lead",
						 t.is_lead, "status_title",
						 task_status_title(t.status), "section",
						 (json_int_t)t.section));
	request_reply(r, 200, o);
}

/* Answers with the notice as it now stands (after a sign-for or reply). */
static void
reply_notice(struct request *r, int64_t id)
{
	struct wb_err err = { 0 };
	struct supervision_row s;

	if (store_supervision_get(r->store, r->arena, &r->scope, id, &s, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, supervision_json(&s, true));
}

void
api_supervisions_sign(struct request *r)
{
	struct wb_err err = { 0 };
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (app_supervision_sign(&r->app, id, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "签收督办单");
	reply_notice(r, id);
}

void
api_supervisions_reply(struct request *r)
{
	struct wb_err err = { 0 };
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (app_supervision_reply(&r->app, id, body_str(r, "reply"), &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "回复督办单");
	reply_notice(r, id);
}

/* ---- scores ------------------------------------------------------------- */

void
api_plans_scores(struct request *r)
{
	const struct score_rules *s = &r->ctx->config.score;
	struct wb_err err = { 0 };
	struct unit_total *units;
	json_t *items;
	size_t n;
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (app_plan_scores(&r->app, id, &units, &n, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	items = json_array();
	for (size_t u = 0; u < n; u++) {
		const struct unit_score *x = &units[u].s;
		json_array_append_new(items, json_pack(
			"{s:{s:I, s:s}, s:i, s:i, s:i, s:i, s:i, s:I, s:i, s:i, s:i, s:i, s:f, "
			"s:i, s:i, s:{s:f, s:f, s:f, s:f, s:f}}",
			"unit", "id", (json_int_t)units[u].unit_id, "name", units[u].name,
			"tasks", x->tasks, "closed", x->closed, "closed_on_time", x->closed_on_time,
			"signed_late", x->signed_late, "overdue_tasks", x->overdue_tasks,
			"overdue_days", (json_int_t)x->overdue_days, "missed_reports", x->missed_reports,
			"supervision_levels", x->supervision_levels, "targets", x->targets,
			"targets_met", x->targets_met, "score", score_shown(x->score), "rank",
			units[u].rank, "rank_of", units[u].rank_of, "deductions", "sign_late",
			score_shown(x->deduction[SCORE_SIGN_LATE]), "overdue",
			score_shown(x->deduction[SCORE_OVERDUE]), "missed_report",
			score_shown(x->deduction[SCORE_MISSED_REPORT]), "supervision",
			score_shown(x->deduction[SCORE_SUPERVISION]), "target_missed",
			score_shown(x->deduction[SCORE_TARGET_MISSED])));
	}
	request_reply(r, 200, json_pack("{s:{s:f, s:f, s:f, s:f, s:f, s:f, s:f}, s:o}", "rubric", "base",
					s->base, "sign_late", s->sign_late, "overdue_day",
					s->overdue_day, "overdue_cap", s->overdue_cap, "missed_report",
					s->missed_report, "supervision", s->supervision,
					"target_missed", s->target_missed, "items", items));
}

void
api_plans_scores_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "名次", 11, XLSX_TEXT },     { "责任单位", 18, XLSX_WRAP }, { "得分", 8, XLSX_REAL },
		{ "任务数", 8, XLSX_INT },     { "已办结", 8, XLSX_INT },     { "按期办结", 9, XLSX_INT },
		{ "逾期签收", 9, XLSX_INT },   { "逾期任务", 9, XLSX_INT },   { "逾期天数", 9, XLSX_INT },
		{ "缺报期数", 9, XLSX_INT },   { "督办级数", 9, XLSX_INT },   { "指标数", 8, XLSX_INT },
		{ "达标指标", 9, XLSX_INT },   { "扣分明细（平均每项任务）", 36, XLSX_WRAP },
	};
	static const char *const parts[SCORE_PARTS] = { "逾期签收", "逾期", "缺报", "督办",
							"指标未达标" };
	struct wb_err err = { 0 };
	struct unit_total *units;
	struct xlsx *x;
	size_t n;
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (app_plan_scores(&r->app, id, &units, &n, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	x = xlsx_begin(r, "年度考核", cols, 14);
	if (x == NULL)
		return;
	for (size_t u = 0; u < n; u++) {
		const struct unit_score *s = &units[u].s;
		char rank[48], lost[200] = "";
		size_t used = 0;
		snprintf(rank, sizeof(rank), "第 %d/%d 名", units[u].rank, units[u].rank_of);
		for (int p = 0; p < SCORE_PARTS; p++)
			if (score_shown(s->deduction[p]) > 0 && used < sizeof(lost))
				used += (size_t)snprintf(lost + used, sizeof(lost) - used, "%s%s −%.1f",
							 used ? "；" : "", parts[p],
							 score_shown(s->deduction[p]));
		xlsx_str(x, (int64_t)u, 0, rank);
		xlsx_str(x, (int64_t)u, 1, units[u].name);
		xlsx_real(x, (int64_t)u, 2, score_shown(s->score));
		xlsx_int(x, (int64_t)u, 3, s->tasks);
		xlsx_int(x, (int64_t)u, 4, s->closed);
		xlsx_int(x, (int64_t)u, 5, s->closed_on_time);
		xlsx_int(x, (int64_t)u, 6, s->signed_late);
		xlsx_int(x, (int64_t)u, 7, s->overdue_tasks);
		xlsx_int(x, (int64_t)u, 8, s->overdue_days);
		xlsx_int(x, (int64_t)u, 9, s->missed_reports);
		xlsx_int(x, (int64_t)u, 10, s->supervision_levels);
		xlsx_int(x, (int64_t)u, 11, s->targets);
		xlsx_int(x, (int64_t)u, 12, s->targets_met);
		xlsx_str(x, (int64_t)u, 13, used ? lost : "未扣分");
	}
	request_audit_detail(r, "导出 %zu 个单位", n);
	xlsx_finish(x, r);
}
