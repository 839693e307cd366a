/* 督办: notices of overdue tasks, manual notices, task deadlines, and the
 * year-end scores of units. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/clock.h"
#include "app/plan_import.h"
#include "app/supervise.h"
#include "core/supervise.h"
#include "store/plans.h"
#include "store/supervisions.h"

static void
add_supervision(const struct supervision_row *s, void *arg)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:{s:I, s:s}, s:s, s:i, s:s, s:I, s:s}", "id",
			      (json_int_t)s->id, "task_id", (json_int_t)s->task_id, "plan_id",
			      (json_int_t)s->plan_id, "item_number", (json_int_t)s->item_number,
			      "unit", "id", (json_int_t)s->unit_id, "name", s->unit_name, "kind",
			      s->kind, "level", s->level, "reason", s->reason, "issued_at",
			      (json_int_t)s->issued_at, "issued_by", s->issued_by);

	json_object_set_new(o, "resolved_at", s->resolved_at ? json_integer(s->resolved_at)
							      : json_null());
	json_array_append_new(arg, o);
}

/* The notices the filters of the request select; NULL (reply set). */
static json_t *
load_supervisions(struct request *r)
{
	const char *plan = arg_or_empty(r, "plan_id"), *open = arg_or_empty(r, "open");
	struct wb_err err = { 0 };
	json_t *items = json_array();
	int64_t plan_id = 0;
	enum wb_status rc;
	char *end;

	if (*plan && ((plan_id = strtoll(plan, &end, 10)) < 0 || *end)) {
		json_decref(items);
		request_field_error(r, 400, "invalid", "plan_id", "工作要点编号不正确");
		return NULL;
	}
	rc = store_supervision_each(r->store, plan_id, unit_scope(r), strcmp(open, "1") == 0,
				    add_supervision, items, &err);
	if (rc != WB_OK) {
		json_decref(items);
		request_fail(r, rc, "");
		return NULL;
	}
	return items;
}

void
api_supervisions_list(struct request *r)
{
	reply_items(r, load_supervisions(r));
}

void
api_supervisions_export(struct request *r)
{
	static const char *const headers[] = { "编号", "工作要点", "序号", "责任单位", "类型", "级别",
					       "事由", "下发时间", "下发人", "解除时间" };
	json_t *items = load_supervisions(r), *s;
	struct xlsx *x;
	size_t i;

	if (items == NULL)
		return;
	x = xlsx_begin("督办", headers, 10);
	if (x == NULL) {
		json_decref(items);
		request_error(r, 500, "export_failed", "导出 Excel 失败");
		return;
	}
	json_array_foreach(items, i, s) {
		json_t *resolved = json_object_get(s, "resolved_at");
		xlsx_int(x, (int64_t)i, 0, json_integer_value(json_object_get(s, "id")));
		xlsx_int(x, (int64_t)i, 1, json_integer_value(json_object_get(s, "plan_id")));
		xlsx_int(x, (int64_t)i, 2, json_integer_value(json_object_get(s, "item_number")));
		xlsx_str(x, (int64_t)i, 3,
			 json_string_value(json_object_get(json_object_get(s, "unit"), "name")));
		xlsx_str(x, (int64_t)i, 4, strcmp(json_string_value(json_object_get(s, "kind")), "auto")
						   ? "人工督办" : "逾期自动督办");
		xlsx_int(x, (int64_t)i, 5, json_integer_value(json_object_get(s, "level")));
		xlsx_str(x, (int64_t)i, 6, json_string_value(json_object_get(s, "reason")));
		xlsx_time(x, (int64_t)i, 7, json_integer_value(json_object_get(s, "issued_at")));
		xlsx_str(x, (int64_t)i, 8, json_string_value(json_object_get(s, "issued_by")));
		if (json_is_integer(resolved))
			xlsx_time(x, (int64_t)i, 9, json_integer_value(resolved));
	}
	json_decref(items);
	xlsx_finish(x, r, "supervisions.xlsx");
}

void
api_supervisions_run(struct request *r)
{
	struct supervise_result res;
	struct wb_err err = { 0 };
	enum wb_status rc = supervise_run(r->store, &r->ctx->config, wb_now(), &res, &err);

	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	request_audit_detail(r, "%lld created, %lld raised, %lld resolved", (long long)res.created,
			     (long long)res.raised, (long long)res.resolved);
	request_reply(r, 200, json_pack("{s:I, s:I, s:I}", "created", (json_int_t)res.created,
					"raised", (json_int_t)res.raised, "resolved",
					(json_int_t)res.resolved));
}

void
api_tasks_supervise(struct request *r)
{
	const char *reason = body_str(r, "reason");
	struct wb_err err = { 0 };
	struct task_row t;
	enum wb_status rc;
	int64_t id, sid;
	int level;

	if (!path_id(r, 0, &id))
		return;
	if (reason == NULL || strspn(reason, " \t\r\n") == strlen(reason)) {
		request_field_error(r, 400, "invalid", "reason", "请填写督办事由");
		return;
	}
	rc = store_task_get(r->store, id, &t, &err);
	if (rc == WB_OK && strcmp(t.status, "closed") == 0) {
		request_error(r, 409, "wrong_status", "任务已办结，无需督办");
		return;
	}
	if (rc == WB_OK)
		rc = store_supervision_max_level(r->store, id, &level, &err);
	if (rc == WB_OK)
		rc = store_supervision_add(r->store, id, "manual", level < 3 ? level + 1 : 3, reason,
					   wb_now(), r->user.login, &sid, &err);
	if (rc != WB_OK) {
		request_fail(r, rc, rc == WB_ERR_NOTFOUND ? "任务不存在" : "");
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_reply(r, 201, json_pack("{s:I, s:I, s:s, s:i, s:s}", "id", (json_int_t)sid, "task_id",
					(json_int_t)id, "kind", "manual", "level",
					level < 3 ? level + 1 : 3, "reason", reason));
}

void
api_tasks_update(struct request *r)
{
	const char *deadline = body_str(r, "deadline");
	int64_t id, when = plan_day_end(deadline);
	struct wb_err err = { 0 };
	struct task_row t;
	enum wb_status rc;

	if (!path_id(r, 0, &id))
		return;
	if (when < 0) {
		request_field_error(r, 400, "invalid", "deadline", "办理期限应为 YYYY-MM-DD 格式的日期");
		return;
	}
	rc = store_task_get(r->store, id, &t, &err);
	if (rc == WB_OK)
		rc = store_task_set_deadline(r->store, id, when, wb_now(), &err);
	if (rc != WB_OK) {
		request_fail(r, rc, rc == WB_ERR_NOTFOUND ? "任务不存在" : "");
		return;
	}
	request_audit_detail(r, "deadline %s", deadline);
	api_tasks_get(r);
}

/* ---- scores ------------------------------------------------------------- */

struct figure {
	int64_t task_id, target_id;
	double value;
};

struct score_ctx {
	struct figure *figs;      /* latest per (task, target) after the load */
	size_t nfigs, fcap;
	json_t *targets;          /* the plan's targets */
	struct task_row *rows;
	size_t n, cap;
	int64_t *report_task, *report_at;
	size_t nreports, rcap;
	int *levels;              /* per row: sum of 督办 levels */
	bool nomem;
};

static void
score_collect(const struct task_row *t, void *arg)
{
	struct score_ctx *c = arg;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct task_row *p = realloc(c->rows, cap * sizeof(*p));
		if (p == NULL) {
			c->nomem = true;
			return;
		}
		c->rows = p;
		c->cap = cap;
	}
	c->rows[c->n++] = *t;
}

static void
score_report(int64_t task_id, int64_t at, void *arg)
{
	struct score_ctx *c = arg;

	if (c->nreports == c->rcap) {
		size_t cap = c->rcap ? c->rcap * 2 : 64;
		int64_t *a = realloc(c->report_task, cap * sizeof(*a));
		int64_t *b = a ? realloc(c->report_at, cap * sizeof(*b)) : NULL;
		if (a)
			c->report_task = a;
		if (b)
			c->report_at = b;
		if (!a || !b) {
			c->nomem = true;
			return;
		}
		c->rcap = cap;
	}
	c->report_task[c->nreports] = task_id;
	c->report_at[c->nreports] = at;
	c->nreports++;
}

static void
score_supervision(const struct supervision_row *s, void *arg)
{
	struct score_ctx *c = arg;

	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].id == s->task_id)
			c->levels[i] += s->level;
}

static void
score_figure(int64_t task_id, int64_t target_id, double value, void *arg)
{
	struct score_ctx *c = arg;

	/* rows come by task and target, oldest first: a repeat replaces */
	if (c->nfigs && c->figs[c->nfigs - 1].task_id == task_id &&
	    c->figs[c->nfigs - 1].target_id == target_id) {
		c->figs[c->nfigs - 1].value = value;
		return;
	}
	if (c->nfigs == c->fcap) {
		size_t cap = c->fcap ? c->fcap * 2 : 64;
		struct figure *p = realloc(c->figs, cap * sizeof(*p));
		if (p == NULL) {
			c->nomem = true;
			return;
		}
		c->figs = p;
		c->fcap = cap;
	}
	c->figs[c->nfigs++] = (struct figure){ task_id, target_id, value };
}

static void
score_target(const struct target_row *t, void *arg)
{
	json_array_append_new(((struct score_ctx *)arg)->targets, target_row_json(t));
	json_object_set_new(json_array_get(((struct score_ctx *)arg)->targets,
					   json_array_size(((struct score_ctx *)arg)->targets) - 1),
			    "item_id", json_integer(t->item_id));
}

/* Counts the item's targets and those the task's latest figures meet. */
static void
count_targets(const struct score_ctx *c, const struct task_row *t, int *targets, int *met)
{
	json_t *tg;
	size_t i;

	*targets = *met = 0;
	if (!t->is_lead)
		return;
	json_array_foreach(c->targets, i, tg) {
		if (json_integer_value(json_object_get(tg, "item_id")) != t->item_id)
			continue;
		(*targets)++;
		for (size_t f = 0; f < c->nfigs; f++) {
			json_t *v2 = json_object_get(tg, "value2");
			if (c->figs[f].task_id == t->id &&
			    c->figs[f].target_id == json_integer_value(json_object_get(tg, "id")) &&
			    target_met(json_string_value(json_object_get(tg, "op")),
				       json_number_value(json_object_get(tg, "value")),
				       json_is_number(v2) ? json_number_value(v2) : 0, c->figs[f].value)) {
				(*met)++;
				break;
			}
		}
	}
}

static void
score_free(struct score_ctx *c)
{
	free(c->figs);
	json_decref(c->targets);
	free(c->rows);
	free(c->report_task);
	free(c->report_at);
	free(c->levels);
}

struct unit_total {
	int64_t unit_id;
	char name[164];
	struct unit_score s;
};

static int
by_score(const void *a, const void *b)
{
	const struct unit_total *x = a, *y = b;

	if (x->s.score != y->s.score)
		return x->s.score < y->s.score ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Per-unit scores of plan id, best first: a malloc'd array (*n entries) the
 * caller frees; NULL with a reply set on failure. */
static struct unit_total *
compute_scores(struct request *r, int64_t id, size_t *n)
{
	const struct wb_config *cfg = &r->ctx->config;
	struct task_filter f = { .plan_id = id, .unit_id = unit_scope(r), .status = "", .q = "" };
	struct score_ctx c = { 0 };
	struct unit_total *units = NULL;
	struct light_rules rules;
	struct wb_err err = { 0 };
	struct plan_row plan;
	int64_t now = wb_now();
	enum wb_status rc;
	size_t nunits = 0, k = 0;

	rc = store_plan_get(r->store, id, &plan, &err);
	if (rc == WB_OK)
		rc = store_task_each(r->store, &f, score_collect, &c, &err);
	if (rc == WB_OK && !c.nomem)
		rc = store_plan_report_times(r->store, id, score_report, &c, &err);
	c.levels = calloc(c.n ? c.n : 1, sizeof(*c.levels));
	units = calloc(c.n ? c.n : 1, sizeof(*units));
	if (rc == WB_OK && (c.nomem || c.levels == NULL || units == NULL))
		rc = WB_ERR_NOMEM;
	if (rc == WB_OK)
		rc = store_supervision_each(r->store, id, 0, false, score_supervision, &c, &err);
	c.targets = json_array();
	if (rc == WB_OK)
		rc = store_plan_figures(r->store, id, score_figure, &c, &err);
	if (rc == WB_OK)
		rc = store_targets(r->store, id, 0, score_target, &c, &err);
	if (rc == WB_OK && c.nomem)
		rc = WB_ERR_NOMEM;
	if (rc != WB_OK) {
		score_free(&c);
		free(units);
		request_fail(r, rc, rc == WB_ERR_NOTFOUND ? "工作要点不存在" : "");
		return NULL;
	}
	config_light_rules(cfg, &rules);
	for (size_t i = 0; i < c.n; i++) {
		const struct task_row *t = &c.rows[i];
		struct score_task st = {
			.times = task_row_times(t),
			.closed_at = t->closed_at,
			.supervision_levels = c.levels[i],
		};
		size_t u;
		count_targets(&c, t, &st.targets, &st.targets_met);
		/* the report times of this task: a run in report_task (sorted by task) */
		while (k < c.nreports && c.report_task[k] < t->id)
			k++;
		for (size_t e = k; e < c.nreports && c.report_task[e] == t->id; e++) {
			if (st.reports == NULL)
				st.reports = &c.report_at[e];
			st.nreports++;
		}
		for (u = 0; u < nunits && units[u].unit_id != t->unit_id; u++)
			;
		if (u == nunits) {
			units[u].unit_id = t->unit_id;
			snprintf(units[u].name, sizeof(units[u].name), "%s", t->unit_name);
			nunits++;
		}
		score_add_task(&units[u].s, &st, &cfg->score, &rules, now);
	}
	for (size_t u = 0; u < nunits; u++)
		score_finish(&units[u].s, &cfg->score);
	qsort(units, nunits, sizeof(*units), by_score);
	score_free(&c);
	*n = nunits;
	return units;
}

void
api_plans_scores(struct request *r)
{
	const struct score_rules *s = &r->ctx->config.score;
	struct unit_total *units;
	json_t *items;
	size_t n;
	int64_t id;

	if (!path_id(r, 0, &id) || (units = compute_scores(r, id, &n)) == NULL)
		return;
	items = json_array();
	for (size_t u = 0; u < n; u++) {
		const struct unit_score *x = &units[u].s;
		json_array_append_new(items, json_pack(
			"{s:{s:I, s:s}, s:i, s:i, s:i, s:i, s:i, s:I, s:i, s:i, s:i, s:i, s:f}",
			"unit", "id", (json_int_t)units[u].unit_id, "name", units[u].name,
			"tasks", x->tasks, "closed", x->closed, "closed_on_time", x->closed_on_time,
			"signed_late", x->signed_late, "overdue_tasks", x->overdue_tasks,
			"overdue_days", (json_int_t)x->overdue_days, "missed_reports", x->missed_reports,
			"supervision_levels", x->supervision_levels, "targets", x->targets,
			"targets_met", x->targets_met, "score",
			(double)(long long)(x->score * 10 + 0.5) / 10));
	}
	free(units);
	request_reply(r, 200, json_pack("{s:{s:f, s:f, s:f, s:f, s:f, s:f, s:f}, s:o}", "rubric", "base",
					s->base, "sign_late", s->sign_late, "overdue_day",
					s->overdue_day, "overdue_cap", s->overdue_cap, "missed_report",
					s->missed_report, "supervision", s->supervision,
					"target_missed", s->target_missed, "items", items));
}

void
api_plans_scores_export(struct request *r)
{
	static const char *const headers[] = { "名次", "责任单位", "得分", "任务数", "已办结",
					       "按期办结", "逾期签收", "逾期任务", "逾期天数",
					       "缺报期数", "督办级数", "指标数", "达标指标" };
	struct unit_total *units;
	struct xlsx *x;
	size_t n;
	int64_t id;

	if (!path_id(r, 0, &id) || (units = compute_scores(r, id, &n)) == NULL)
		return;
	x = xlsx_begin("年度考核", headers, 13);
	if (x == NULL) {
		free(units);
		request_error(r, 500, "export_failed", "导出 Excel 失败");
		return;
	}
	for (size_t u = 0; u < n; u++) {
		const struct unit_score *s = &units[u].s;
		char score[32];
		snprintf(score, sizeof(score), "%.1f", s->score);
		xlsx_int(x, (int64_t)u, 0, (int64_t)u + 1);
		xlsx_str(x, (int64_t)u, 1, units[u].name);
		xlsx_str(x, (int64_t)u, 2, score);
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
	}
	free(units);
	xlsx_finish(x, r, "scores.xlsx");
}
