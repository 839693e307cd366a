/* /api/v1/tasks: the ledger（台账）, a task's detail and timeline, and the
 * actions of its life: sign, report, request close, accept, return. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/clock.h"
#include "app/supervise.h"
#include "core/tasklight.h"
#include "store/org.h"
#include "store/plans.h"
#include "store/supervisions.h"

static const char *const task_sorts[] = { "item", "deadline", "status", "unit", NULL };

struct ledger {
	struct task_row *rows;
	enum task_light *lights;
	const char **reasons;
	size_t n, cap;
	bool nomem;
	/* filters applied after the lights are known */
	const char *light;          /* "" any */
	struct light_rules rules;
	int64_t now;
};

static void
collect_task(const struct task_row *t, void *arg)
{
	struct ledger *l = arg;
	struct task_times tt = task_row_times(t);
	const char *why;
	enum task_light light = task_light(&tt, &l->rules, l->now, &why);

	if (*l->light && strcmp(task_light_name(light), l->light) != 0)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct task_row *rows = realloc(l->rows, cap * sizeof(*rows));
		enum task_light *lights = realloc(l->lights, cap * sizeof(*lights));
		const char **reasons = realloc(l->reasons, cap * sizeof(*reasons));
		if (rows)
			l->rows = rows;
		if (lights)
			l->lights = lights;
		if (reasons)
			l->reasons = reasons;
		if (!rows || !lights || !reasons) {
			l->nomem = true;
			return;
		}
		l->cap = cap;
	}
	l->rows[l->n] = *t;
	l->lights[l->n] = light;
	l->reasons[l->n] = why;
	l->n++;
}

static void
ledger_free(struct ledger *l)
{
	free(l->rows);
	free(l->lights);
	free(l->reasons);
}

/* Reads the ledger filters and loads the matching tasks; false (reply set). */
static bool
load_ledger(struct request *r, struct ledger *l)
{
	static const char *const lights[] = { "", "green", "yellow", "red", NULL };
	struct task_filter f = { 0 };
	struct wb_err err = { 0 };
	const char *arg;
	enum wb_status rc;
	char *end;
	size_t k;

	memset(l, 0, sizeof(*l));
	task_rules(r, &l->rules);
	l->now = wb_now();
	l->light = arg_or_empty(r, "light");
	for (k = 0; lights[k] && strcmp(lights[k], l->light) != 0; k++)
		;
	if (lights[k] == NULL) {
		request_field_error(r, 400, "invalid", "light", "灯色应为 green、yellow 或 red");
		return false;
	}
	f.status = arg_or_empty(r, "status");
	if (*f.status && task_status_parse(f.status) == TASK_STATUS__MAX) {
		request_field_error(r, 400, "invalid", "status", "任务状态不正确");
		return false;
	}
	f.q = arg_or_empty(r, "q");
	arg = arg_or_empty(r, "plan_id");
	f.plan_id = *arg ? strtoll(arg, &end, 10) : 0;
	if (*arg && (*end || f.plan_id < 0)) {
		request_field_error(r, 400, "invalid", "plan_id", "工作要点编号不正确");
		return false;
	}
	arg = arg_or_empty(r, "unit_id");
	f.unit_id = *arg ? strtoll(arg, &end, 10) : 0;
	if (*arg && (*end || f.unit_id < 0)) {
		request_field_error(r, 400, "invalid", "unit_id", "单位编号不正确");
		return false;
	}
	if (unit_scope(r)) {
		if (f.unit_id && f.unit_id != unit_scope(r))
			f.unit_id = -1;     /* another unit's tasks: none */
		else
			f.unit_id = unit_scope(r);
	}
	rc = store_task_each(r->store, &f, collect_task, l, &err);
	if (rc == WB_OK && l->nomem)
		rc = WB_ERR_NOMEM;
	if (rc != WB_OK) {
		ledger_free(l);
		request_fail(r, rc, "");
		return false;
	}
	return true;
}

static json_t *
task_json(const struct task_row *t, enum task_light light, const char *why)
{
	enum task_status s = task_status_parse(t->status);
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:s, s:{s:I, s:s}, s:b, s:s, s:s, s:s, s:s, s:I}",
			      "id", (json_int_t)t->id, "plan_id", (json_int_t)t->plan_id,
			      "item_number", (json_int_t)t->item_number, "section",
			      (json_int_t)t->section, "item_text", t->item_text, "unit", "id",
			      (json_int_t)t->unit_id, "name", t->unit_name, "is_lead", t->is_lead,
			      "status", t->status, "status_title", task_status_title(s), "light",
			      task_light_name(light), "light_reason", why, "deadline",
			      (json_int_t)t->deadline);

	json_object_set_new(o, "signed_at", t->signed_at ? json_integer(t->signed_at) : json_null());
	json_object_set_new(o, "last_report_at",
			    t->last_report_at ? json_integer(t->last_report_at) : json_null());
	json_object_set_new(o, "closed_at", t->closed_at ? json_integer(t->closed_at) : json_null());
	json_object_set_new(o, "return_reason",
			    t->return_reason[0] ? json_string(t->return_reason) : json_null());
	return o;
}

/* Sorting of the ledger by the key the request chose; qsort has no context
 * argument, so the context is per thread. */
static _Thread_local const struct task_row *sort_rows;
static _Thread_local const char *sort_key;
static _Thread_local int sort_desc;

static int
cmp_rows(const void *a, const void *b)
{
	const struct task_row *x = &sort_rows[*(const size_t *)a];
	const struct task_row *y = &sort_rows[*(const size_t *)b];
	int c = 0;

	if (strcmp(sort_key, "deadline") == 0)
		c = (x->deadline > y->deadline) - (x->deadline < y->deadline);
	else if (strcmp(sort_key, "status") == 0)
		c = (int)task_status_parse(x->status) - (int)task_status_parse(y->status);
	else if (strcmp(sort_key, "unit") == 0)
		c = strcmp(x->unit_name, y->unit_name);
	if (c == 0)
		c = (x->plan_id > y->plan_id) - (x->plan_id < y->plan_id);
	if (c == 0)
		c = (x->item_number > y->item_number) - (x->item_number < y->item_number);
	if (c == 0)
		c = (x->id > y->id) - (x->id < y->id);
	return sort_desc ? -c : c;
}

/* The ledger's row indexes in the requested order: a malloc'd array the
 * caller frees, NULL when out of memory. */
static size_t *
sort_ledger(const struct ledger *l, const struct paging *p)
{
	size_t *idx = malloc((l->n ? l->n : 1) * sizeof(*idx));

	if (idx == NULL)
		return NULL;
	for (size_t i = 0; i < l->n; i++)
		idx[i] = i;
	sort_rows = l->rows;
	sort_key = p->sort;
	sort_desc = strcmp(p->order, "desc") == 0;
	qsort(idx, l->n, sizeof(*idx), cmp_rows);
	return idx;
}

void
api_tasks_list(struct request *r)
{
	struct ledger l;
	struct paging p;
	size_t *order;
	json_t *items;
	int64_t first;

	if (!paging_read(r, task_sorts, &p) || !load_ledger(r, &l))
		return;
	order = sort_ledger(&l, &p);
	if (order == NULL) {
		ledger_free(&l);
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	items = json_array();
	first = (p.page - 1) * p.per_page;
	for (int64_t i = first; i < (int64_t)l.n && i < first + p.per_page; i++)
		json_array_append_new(items, task_json(&l.rows[order[i]], l.lights[order[i]],
						       l.reasons[order[i]]));
	free(order);
	request_reply(r, 200, paging_reply(items, (int64_t)l.n, &p));
	ledger_free(&l);
}

void
api_tasks_export(struct request *r)
{
	static const char *const headers[] = { "工作要点", "序号", "工作内容", "责任单位", "牵头",
					       "状态", "灯色", "说明", "办理期限", "签收时间",
					       "最近反馈", "办结时间" };
	static const char *const light_titles[] = { "绿", "黄", "红" };
	struct ledger l;
	struct paging p;
	struct xlsx *x;
	size_t *order;

	if (!paging_read(r, task_sorts, &p) || !load_ledger(r, &l))
		return;
	order = sort_ledger(&l, &p);
	x = order ? xlsx_begin("任务台账", headers, 12) : NULL;
	if (x == NULL) {
		free(order);
		ledger_free(&l);
		request_error(r, 500, "export_failed", "导出 Excel 失败");
		return;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct task_row *t = &l.rows[order[i]];
		xlsx_int(x, (int64_t)i, 0, t->plan_id);
		xlsx_int(x, (int64_t)i, 1, t->item_number);
		xlsx_str(x, (int64_t)i, 2, t->item_text);
		xlsx_str(x, (int64_t)i, 3, t->unit_name);
		xlsx_str(x, (int64_t)i, 4, t->is_lead ? "是" : "否");
		xlsx_str(x, (int64_t)i, 5, task_status_title(task_status_parse(t->status)));
		xlsx_str(x, (int64_t)i, 6, light_titles[l.lights[order[i]]]);
		xlsx_str(x, (int64_t)i, 7, l.reasons[order[i]]);
		xlsx_time(x, (int64_t)i, 8, t->deadline);
		if (t->signed_at)
			xlsx_time(x, (int64_t)i, 9, t->signed_at);
		if (t->last_report_at)
			xlsx_time(x, (int64_t)i, 10, t->last_report_at);
		if (t->closed_at)
			xlsx_time(x, (int64_t)i, 11, t->closed_at);
	}
	request_audit_detail(r, "%zu rows", l.n);
	free(order);
	ledger_free(&l);
	xlsx_finish(x, r, "tasks.xlsx");
}

/* Loads task id if the caller may see it (a unit scope sees its own unit's
 * tasks only); false with 404 set otherwise. */
static bool
load_task(struct request *r, int64_t id, struct task_row *t)
{
	struct wb_err err = { 0 };
	enum wb_status rc = store_task_get(r->store, id, t, &err);

	if (rc == WB_OK && unit_scope(r) && t->unit_id != unit_scope(r))
		rc = WB_ERR_NOTFOUND;
	if (rc != WB_OK) {
		request_fail(r, rc, "任务不存在");
		return false;
	}
	return true;
}

static void
add_event(const struct task_event_row *e, void *arg)
{
	static const struct { const char *code, *title; } actions[] = {
		{ "sign", "签收" }, { "report", "反馈进展" }, { "request_close", "申请办结" },
		{ "accept", "审核办结" }, { "return", "退回" },
	};
	const char *title = e->action;

	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].code, e->action) == 0)
			title = actions[i].title;
	json_array_append_new(arg, json_pack("{s:I, s:I, s:s?, s:s, s:s, s:s, s:s?, s:[]}", "id",
					     (json_int_t)e->id, "at", (json_int_t)e->at, "login",
					     e->login, "action", e->action, "action_title", title,
					     "status", e->status, "note", e->note, "figures"));
}

static void
add_task_target(const struct target_row *t, void *arg)
{
	json_array_append_new(arg, target_row_json(t));
}

/* Puts a figure into the "figures" of the event it was reported with. */
static void
add_figure(int64_t event_id, int64_t target_id, double value, void *arg)
{
	json_t *e;
	size_t i;

	json_array_foreach((json_t *)arg, i, e) {
		if (json_integer_value(json_object_get(e, "id")) == event_id) {
			json_array_append_new(json_object_get(e, "figures"),
					      json_pack("{s:I, s:f}", "target_id", (json_int_t)target_id,
							"value", value));
			return;
		}
	}
}

static void
add_attachment(const struct attachment_row *a, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:I, s:I, s:s}", "id", (json_int_t)a->id,
					     "filename", a->filename, "content_type",
					     a->content_type, "size", (json_int_t)a->size,
					     "uploaded_at", (json_int_t)a->uploaded_at, "uploaded_by",
					     a->uploaded_by));
}

/* The detail reply of task id (timeline and targets included). */
static void
reply_task(struct request *r, int64_t id, unsigned status)
{
	json_t *events = json_array(), *targets = json_array(), *files = json_array(), *o;
	struct light_rules rules;
	struct wb_err err = { 0 };
	struct task_times tt;
	struct task_row t;
	enum wb_status rc;
	const char *why;
	enum task_light light;

	if (!load_task(r, id, &t)) {
		json_decref(events);
		json_decref(targets);
		json_decref(files);
		return;
	}
	rc = store_task_events(r->store, id, add_event, events, &err);
	if (rc == WB_OK)
		rc = store_task_figures(r->store, id, add_figure, events, &err);
	if (rc == WB_OK)
		rc = store_targets(r->store, 0, t.item_id, add_task_target, targets, &err);
	if (rc == WB_OK)
		rc = store_attachments_of(r->store, id, add_attachment, files, &err);
	if (rc != WB_OK) {
		json_decref(events);
		json_decref(targets);
		json_decref(files);
		request_fail(r, rc, "");
		return;
	}
	task_rules(r, &rules);
	tt = task_row_times(&t);
	light = task_light(&tt, &rules, wb_now(), &why);
	o = task_json(&t, light, why);
	json_object_set_new(o, "events", events);
	json_object_set_new(o, "targets", targets);
	json_object_set_new(o, "attachments", files);
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)id);
	request_reply(r, status, o);
}

void
api_tasks_get(struct request *r)
{
	int64_t id;

	if (path_id(r, 0, &id))
		reply_task(r, id, 200);
}

/* The reply of an action: the task's new state (as in the ledger) and the
 * one timeline event it added — not the whole timeline, which grows with
 * every report. */
static void
reply_action(struct request *r, const struct task_row *t, int64_t event_id, int64_t now,
	     const char *note, enum task_action a, json_t *figs)
{
	struct task_event_row e = { .id = event_id, .at = now, .login = r->user.login,
				    .action = task_action_name(a), .status = t->status,
				    .note = note && *note ? note : NULL };
	json_t *events = json_array(), *o, *f;
	struct light_rules rules;
	struct task_times tt;
	enum task_light light;
	const char *why;
	size_t i;

	add_event(&e, events);
	json_array_foreach(figs, i, f)
		add_figure(event_id, json_integer_value(json_object_get(f, "target_id")),
			   json_number_value(json_object_get(f, "value")), events);
	task_rules(r, &rules);
	tt = task_row_times(t);
	light = task_light(&tt, &rules, now, &why);
	o = task_json(t, light, why);
	json_object_set(o, "event", json_array_get(events, 0));
	json_decref(events);
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)t->id);
	request_reply(r, 200, o);
}

/* Applies action a to task id: checks who may act (the task's own unit for
 * the unit's actions, the office for the rest) and the status, writes the new
 * state and a timeline event in the request's transaction. */
/* Checks the body's figures against the item's targets; false (400 set).
 * Each is {"target_id": N, "value": number} naming a target of this item. */
static bool
check_figures(struct request *r, const struct task_row *t, json_t *figs)
{
	struct wb_err err = { 0 };
	json_t *f, *targets = json_array();
	size_t i, k;
	bool ok = true;

	if (store_targets(r->store, 0, t->item_id, add_task_target, targets, &err) != WB_OK) {
		json_decref(targets);
		request_fail(r, err.status, "");
		return false;
	}
	json_array_foreach(figs, i, f) {
		json_t *tid = json_object_get(f, "target_id"), *v = json_object_get(f, "value"), *tg;
		bool known = false;
		if (json_object_size(f) != 2 || !json_is_integer(tid) || !json_is_number(v)) {
			ok = false;
			break;
		}
		json_array_foreach(targets, k, tg)
			known = known || json_integer_value(json_object_get(tg, "id")) ==
						 json_integer_value(tid);
		if (!known) {
			ok = false;
			break;
		}
	}
	json_decref(targets);
	if (!ok)
		request_field_error(r, 400, "invalid", "figures",
				    "指标数据应为 {target_id, value}，且指标属于本项任务");
	return ok;
}

static void
act(struct request *r, enum task_action a, const char *note)
{
	struct wb_err err = { 0 };
	struct task_row t;
	enum task_status from, to;
	enum wb_status rc;
	char old[24];
	int64_t id, now = wb_now();

	json_t *figs = a == TASK_REPORT ? json_object_get(r->json, "figures") : NULL, *f;
	int64_t event_id = 0;
	size_t i;

	if (!path_id(r, 0, &id) || !load_task(r, id, &t))
		return;
	if (task_action_by_unit(a) && r->user.unit_id != t.unit_id) {
		request_error(r, 403, "not_your_task", "只能办理本单位的任务");
		return;
	}
	from = task_status_parse(t.status);
	to = task_transition(from, a);
	if (to == TASK_STATUS__MAX) {
		char msg[128];
		snprintf(msg, sizeof(msg), "任务当前为“%s”，不能执行此操作", task_status_title(from));
		request_error(r, 409, "wrong_status", msg);
		return;
	}
	snprintf(old, sizeof(old), "%s", t.status);
	snprintf(t.status, sizeof(t.status), "%s", task_status_name(to));
	if (a == TASK_SIGN)
		t.signed_at = now;
	if (a == TASK_REPORT)
		t.last_report_at = now;
	if (a == TASK_ACCEPT)
		t.closed_at = now;
	if (a == TASK_RETURN)
		store_copy_text(t.return_reason, sizeof(t.return_reason), note);
	rc = store_task_set_state(r->store, &t, old, now, &err);
	if (rc == WB_OK && a == TASK_ACCEPT)   /* a closed task's 督办 notices are done */
		rc = store_supervision_resolve(r->store, id, now, NULL, &err);
	if (rc == WB_OK)
		rc = store_task_add_event(r->store, id, now, r->user.user_id, r->user.login,
					  task_action_name(a), t.status, note, &event_id, &err);
	if (rc == WB_OK && json_is_array(figs)) {
		if (!check_figures(r, &t, figs))
			return;
		json_array_foreach(figs, i, f) {
			if (rc == WB_OK)
				rc = store_report_figure_add(r->store, event_id,
							     json_integer_value(json_object_get(f, "target_id")),
							     json_number_value(json_object_get(f, "value")), &err);
		}
		if (rc == WB_ERR_CONFLICT) {
			request_field_error(r, 400, "invalid", "figures", "同一指标只能填写一次");
			return;
		}
	}
	if (rc != WB_OK) {
		request_fail(r, rc, rc == WB_ERR_CONFLICT ? err.msg : "");
		return;
	}
	request_audit_detail(r, "%s → %s", old, t.status);
	reply_action(r, &t, event_id, now, note, a, json_is_array(figs) ? figs : NULL);
}

/* A required, non-blank text field of the body; false (400 set) otherwise. */
static bool
required_text(struct request *r, const char *field, const char *message, const char **out)
{
	const char *s = body_str(r, field);

	*out = s;
	while (s && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
		s++;
	if (s == NULL || *s == '\0') {
		request_field_error(r, 400, "invalid", field, message);
		return false;
	}
	return true;
}

void
api_tasks_sign(struct request *r)
{
	act(r, TASK_SIGN, NULL);
}

void
api_tasks_report(struct request *r)
{
	const char *text;

	if (required_text(r, "text", "请填写进展情况", &text))
		act(r, TASK_REPORT, text);
}

void
api_tasks_request_close(struct request *r)
{
	act(r, TASK_REQUEST_CLOSE, body_str(r, "note"));
}

void
api_tasks_accept(struct request *r)
{
	act(r, TASK_ACCEPT, body_str(r, "note"));
}

void
api_tasks_return(struct request *r)
{
	const char *reason;

	if (required_text(r, "reason", "请填写退回理由", &reason))
		act(r, TASK_RETURN, reason);
}
