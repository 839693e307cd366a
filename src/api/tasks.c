/* /api/v1/tasks: the ledger（台账）, a task's detail and timeline, and the
 * actions of its life — JSON in and out of the service layer (app/tasks.c). */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "api/xlsx.h"
#include "app/indicators.h"
#include "app/plan_import.h"
#include "app/tasks.h"
#include "store/plans.h"
#include "store/supervisions.h"
#include "store/task_requests.h"
#include "util/arena.h"

static const char *const task_sorts[] = { "item", "deadline", "status", "unit", "light", NULL };

/* Reads the ledger's filters and sort; false with 400 set. */
static bool
read_filter(struct request *r, struct task_filter *f, struct paging *p)
{
	static const char *const lights[] = { "green", "yellow", "red", NULL };
	const char *light = arg_or_empty(r, "light"), *status = arg_or_empty(r, "status");

	memset(f, 0, sizeof(*f));
	if (!paging_read(r, task_sorts, p))
		return false;
	f->light = -1;
	for (int k = 0; *light && lights[k]; k++)
		if (strcmp(lights[k], light) == 0)
			f->light = k;
	if (*light && f->light < 0) {
		request_field_error(r, 400, "invalid", "light", "灯色应为 green、yellow 或 red");
		return false;
	}
	f->status = *status ? (int)task_status_parse(status) : -1;
	if (f->status == TASK_STATUS__MAX) {
		request_field_error(r, 400, "invalid", "status", "任务状态不正确");
		return false;
	}
	f->q = arg_or_empty(r, "q");
	/* archived: "0" current plans only, "1" archived only (the choke point
	 * has checked each value against the route's declaration) */
	if (*arg_or_empty(r, "archived"))
		f->archived = strcmp(arg_or_empty(r, "archived"), "1") == 0 ? 2 : 1;
	f->returned = strcmp(arg_or_empty(r, "returned"), "1") == 0;
	f->supervised = strcmp(arg_or_empty(r, "supervised"), "1") == 0;
	f->due = strcmp(arg_or_empty(r, "due"), "1") == 0;
	if (!arg_id(r, "plan_id", &f->plan_id) || !arg_id(r, "unit_id", &f->unit_id))
		return false;
	for (int k = 0; task_sorts[k]; k++)
		if (strcmp(task_sorts[k], p->sort) == 0)
			f->sort = (enum task_sort)k;
	f->desc = strcmp(p->order, "desc") == 0;
	return true;
}

json_t *
task_filter_query(const struct task_filter *f)
{
	json_t *o = json_object();
	char id[24];

	if (f->plan_id > 0) {
		snprintf(id, sizeof(id), "%lld", (long long)f->plan_id);
		json_object_set_new(o, "plan_id", json_string(id));
	}
	if (f->unit_id > 0) {
		snprintf(id, sizeof(id), "%lld", (long long)f->unit_id);
		json_object_set_new(o, "unit_id", json_string(id));
	}
	if (f->status >= 0 && f->status < TASK_STATUS__MAX)
		json_object_set_new(o, "status",
				    json_string(task_status_name((enum task_status)f->status)));
	if (f->light >= 0)
		json_object_set_new(o, "light", json_string(task_light_name((enum task_light)f->light)));
	if (f->q && *f->q)
		json_object_set_new(o, "q", json_string(f->q));
	if (f->archived > 0)
		json_object_set_new(o, "archived", json_string(f->archived == 2 ? "1" : "0"));
	if (f->returned)
		json_object_set_new(o, "returned", json_string("1"));
	if (f->supervised)
		json_object_set_new(o, "supervised", json_string("1"));
	if (f->due)
		json_object_set_new(o, "due", json_string("1"));
	return o;
}

/* JSON of a task as the ledger shows it (a new reference). */
static json_t *
task_json(struct request *r, const struct task_row *t)
{
	const char *why;
	enum task_light light = app_task_light(&r->app, t, &why);
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:s, s:{s:I, s:s}, s:b, s:s, s:s, s:s, s:s, s:I}",
			      "id", (json_int_t)t->id, "plan_id", (json_int_t)t->plan_id,
			      "item_number", (json_int_t)t->item_number, "section",
			      (json_int_t)t->section, "item_text", t->item_text, "unit", "id",
			      (json_int_t)t->unit_id, "name", t->unit_name, "is_lead", t->is_lead,
			      "status", task_status_name(t->status), "status_title",
			      task_status_title(t->status), "light", task_light_name(light),
			      "light_reason", why, "deadline", (json_int_t)t->deadline);

	json_object_set_new(o, "plan_archived", json_boolean(t->plan_archived));
	json_object_set_new(o, "signed_at", t->signed_at ? json_integer(t->signed_at) : json_null());
	json_object_set_new(o, "last_report_at",
			    t->last_report_at ? json_integer(t->last_report_at) : json_null());
	json_object_set_new(o, "closed_at", t->closed_at ? json_integer(t->closed_at) : json_null());
	json_object_set_new(o, "return_reason",
			    t->return_reason && *t->return_reason ? json_string(t->return_reason)
								  : json_null());
	json_object_set_new(o, "supervision_level", t->supervision_level > 0
							    ? json_integer(t->supervision_level)
							    : json_null());
	return o;
}

struct page_ctx {
	struct request *r;
	json_t *items;
};

static void
add_task(const struct task_row *t, void *arg)
{
	struct page_ctx *c = arg;

	json_array_append_new(c->items, task_json(c->r, t));
}

void
api_tasks_list(struct request *r)
{
	struct page_ctx c = { r, NULL };
	struct wb_err err = { 0 };
	struct task_filter f;
	struct paging p;
	int64_t total;

	if (!read_filter(r, &f, &p))
		return;
	c.items = json_array();
	if (store_task_page(r->store, &r->scope, &f, r->app.now, p.per_page,
			    (p.page - 1) * p.per_page, add_task, &c, &total, &err) != WB_OK) {
		json_decref(c.items);
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, paging_reply(c.items, total, &p));
}

struct export_ctx {
	struct request *r;
	struct xlsx *x;
	int64_t row;
};

static void
export_task(const struct task_row *t, void *arg)
{
	static const struct { const char *title; enum xlsx_tone tone; } lights[] = {
		[LIGHT_GREEN] = { "绿灯", XLSX_GREEN }, [LIGHT_YELLOW] = { "黄灯", XLSX_YELLOW },
		[LIGHT_RED] = { "红灯", XLSX_RED },
	};
	struct export_ctx *c = arg;
	struct xlsx *x = c->x;
	int64_t i = c->row++, late;
	const char *why;
	enum task_light light = app_task_light(&c->r->app, t, &why);

	xlsx_int(x, i, 0, t->plan_id);
	xlsx_int(x, i, 1, t->item_number);
	xlsx_str(x, i, 2, t->item_text);
	xlsx_str(x, i, 3, t->unit_name);
	xlsx_str(x, i, 4, t->is_lead ? "牵头" : "配合");
	xlsx_str(x, i, 5, task_status_title(t->status));
	if (t->plan_archived)   /* history: no light */
		xlsx_str(x, i, 6, "已归档");
	else
		xlsx_marked(x, i, 6, lights[light].title, lights[light].tone);
	xlsx_str(x, i, 7, why);
	xlsx_time(x, i, 8, t->deadline);
	/* whole days past the deadline: until closure, or now while open (an
	 * archived plan's open tasks are history, not late) */
	late = t->status == TASK_CLOSED ? days_overdue(t->deadline, t->closed_at)
	       : t->plan_archived       ? 0
					: days_overdue(t->deadline, c->r->app.now);
	if (late > 0)
		xlsx_int(x, i, 9, late);
	if (t->signed_at)
		xlsx_time(x, i, 10, t->signed_at);
	if (t->last_report_at)
		xlsx_time(x, i, 11, t->last_report_at);
	xlsx_str(x, i, 12, t->latest_report);
	if (t->closed_at)
		xlsx_time(x, i, 13, t->closed_at);
}

void
api_tasks_export(struct request *r)
{
	static const struct xlsx_col cols[] = {
		{ "工作要点", 9, XLSX_INT },     { "序号", 6, XLSX_INT },
		{ "工作内容", 48, XLSX_WRAP },   { "责任单位", 16, XLSX_WRAP },
		{ "牵头/配合", 9, XLSX_TEXT },   { "状态", 9, XLSX_TEXT },
		{ "灯色", 8, XLSX_TEXT },        { "灯色说明", 20, XLSX_WRAP },
		{ "办理期限", 12, XLSX_DATE },   { "逾期天数", 9, XLSX_INT },
		{ "签收时间", 17, XLSX_TIME },   { "最近反馈", 17, XLSX_TIME },
		{ "最新进展", 48, XLSX_WRAP },   { "办结时间", 17, XLSX_TIME },
	};
	struct export_ctx c = { r, NULL, 0 };
	struct wb_err err = { 0 };
	struct task_filter f;
	struct paging p;
	int64_t total;

	if (!read_filter(r, &f, &p))
		return;
	c.x = xlsx_begin(r, "任务台账", cols, 14);
	if (c.x == NULL)
		return;
	if (store_task_ledger(r->store, &r->scope, &f, r->app.now, EXPORT_MAX, export_task, &c,
			      &total, &err) != WB_OK) {
		xlsx_discard(c.x);
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "导出 %lld 行", (long long)c.row);
	xlsx_finish(c.x, r);
}

/* The Chinese title of a timeline event's action ("sign" → "签收"); the code
 * itself when unknown. */
static const char *
event_title(const char *action)
{
	static const struct { const char *code, *title; } actions[] = {
		{ "sign", "签收" }, { "report", "反馈进展" }, { "request_close", "申请办结" },
		{ "accept", "审核办结" }, { "return", "退回" }, { "supervise", "下发督办单" },
		{ "supervise_auto", "逾期自动督办" }, { "deadline", "调整办理期限" },
		{ "lift", "解除督办" }, { "supervision_sign", "签收督办单" },
		{ "supervision_reply", "回复督办单" }, { "extension_request", "延期申请" },
		{ "extension_approved", "同意延期" }, { "extension_rejected", "不同意延期" },
		{ "reassign_request", "申请退回交办" }, { "reassign_approved", "同意退回交办" },
		{ "reassign_rejected", "不同意退回交办" }, { "detach", "删除附件" },
	};

	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].code, action) == 0)
			return actions[i].title;
	return action;
}

static void
add_event(const struct task_event_row *e, void *arg)
{
	const char *title = event_title(e->action);
	json_array_append_new(arg, json_pack("{s:I, s:I, s:s?, s:s?, s:s, s:s, s:s, s:s?, s:[]}",
					     "id", (json_int_t)e->id, "at", (json_int_t)e->at,
					     "login", e->login, "login_name", e->login_name,
					     "action", e->action, "action_title", title, "status",
					     e->status, "note", e->note, "figures"));
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
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:I, s:I, s:s, s:s?}", "id",
					     (json_int_t)a->id, "filename", a->filename,
					     "content_type", a->content_type, "size",
					     (json_int_t)a->size, "uploaded_at",
					     (json_int_t)a->uploaded_at, "uploaded_by", a->uploaded_by,
					     "uploaded_by_name", a->uploaded_by_name));
}

/* A 督办 notice of the task, as its drawer lists it. */
static void
add_supervision(const struct supervision_row *s, void *arg)
{
	json_array_append_new(arg, supervision_json(s, false));
}

static void
add_request(const struct task_request_row *q, void *arg)
{
	json_array_append_new(arg, task_request_json(q, false));
}

void
api_tasks_get(struct request *r)
{
	json_t *events = json_array(), *targets = json_array(), *files = json_array(), *o;
	json_t *notices = json_array(), *requests = json_array();
	struct wb_err err = { 0 };
	struct task_row t;
	enum wb_status rc;
	int64_t id;

	if (!path_id(r, 0, &id))
		goto fail;
	rc = app_task_get(&r->app, id, &t, &err);
	if (rc == WB_OK)
		rc = store_task_events(r->store, id, add_event, events, &err);
	if (rc == WB_OK)
		rc = store_task_figures(r->store, id, add_figure, events, &err);
	if (rc == WB_OK)
		rc = store_targets(r->store, 0, t.item_id, add_task_target, targets, &err);
	if (rc == WB_OK)   /* the bound targets' computed figures, to pre-fill a report */
		rc = app_indicator_task_targets(&r->app, &t, targets, &err);
	if (rc == WB_OK)
		rc = store_attachments_of(r->store, id, add_attachment, files, &err);
	if (rc == WB_OK)
		rc = store_supervisions_of_task(r->store, id, add_supervision, notices, &err);
	if (rc == WB_OK)
		rc = store_task_requests_of_task(r->store, id, add_request, requests, &err);
	if (rc != WB_OK) {
		request_fail_err(r, &err);
		goto fail;
	}
	o = task_json(r, &t);
	json_object_set_new(o, "events", events);
	json_object_set_new(o, "targets", targets);
	json_object_set_new(o, "attachments", files);
	json_object_set_new(o, "supervisions", notices);
	json_object_set_new(o, "requests", requests);
	request_reply(r, 200, o);
	return;
fail:
	json_decref(events);
	json_decref(targets);
	json_decref(files);
	json_decref(notices);
	json_decref(requests);
}

/* The body's figures as the service layer takes them, in the arena; false
 * (400 set) when one is not {"target_id": N, "value": number}. */
static bool
read_figures(struct request *r, struct task_figure **out, size_t *n)
{
	json_t *figs = json_object_get(r->json, "figures"), *f;
	size_t i;

	*out = NULL;
	*n = json_array_size(figs);
	if (*n == 0)
		return true;
	*out = arena_alloc(r->arena, *n * sizeof(**out));
	if (*out == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return false;
	}
	json_array_foreach(figs, i, f) {
		json_t *tid = json_object_get(f, "target_id"), *v = json_object_get(f, "value");
		if (json_object_size(f) != 2 || !json_is_integer(tid) || !json_is_number(v)) {
			request_field_error(r, 400, "invalid", "figures",
					    "指标数据应为 {target_id, value}，且指标属于本项任务");
			return false;
		}
		(*out)[i] = (struct task_figure){ json_integer_value(tid), json_number_value(v) };
	}
	return true;
}

/* Applies action a with note; answers the task's new state and the one
 * timeline event it added (not the whole timeline, which grows with every
 * report). */
static void
act(struct request *r, enum task_action a, const char *note)
{
	struct task_event_row e = { 0 };
	struct task_figure *figs = NULL;
	struct wb_err err = { 0 };
	json_t *o, *events;
	struct task_row t;
	int64_t id, event_id;
	size_t nfigs = 0;
	char who[320];

	if (!path_id(r, 0, &id) || (a == TASK_REPORT && !read_figures(r, &figs, &nfigs)))
		return;
	if (app_task_act(&r->app, id, a, note, figs, nfigs, &t, &event_id, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	if (r->user.unit_name[0])   /* as ACTOR_NAME in the store says it */
		snprintf(who, sizeof(who), "%s（%s）", r->user.display_name, r->user.unit_name);
	else
		snprintf(who, sizeof(who), "%s", r->user.display_name);
	e = (struct task_event_row){ .id = event_id, .at = r->app.now, .login = r->user.login,
				     .login_name = who, .action = task_action_name(a),
				     .status = task_status_name(t.status),
				     .note = note && *note ? note : NULL };
	events = json_array();
	add_event(&e, events);
	for (size_t i = 0; i < nfigs; i++)
		add_figure(event_id, figs[i].target_id, figs[i].value, events);
	o = task_json(r, &t);
	json_object_set(o, "event", json_array_get(events, 0));
	json_decref(events);
	request_audit_detail(r, "%s → %s", event_title(task_action_name(a)),
			     task_status_title(t.status));
	request_reply(r, 200, o);
}

/* A required, non-blank text field of the body; false (400 set) otherwise. */
static bool
required_text(struct request *r, const char *field, const char *message, const char **out)
{
	const char *s = body_str(r, field);

	*out = s;
	if (s == NULL || s[strspn(s, " \t\r\n")] == '\0') {
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

void
api_tasks_update(struct request *r)
{
	const char *deadline = body_str(r, "deadline");
	struct wb_err err = { 0 };
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	if (app_task_set_deadline(&r->app, id, deadline, NULL, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "截止日期改为 %s", deadline);
	api_tasks_get(r);
}

void
api_tasks_supervise(struct request *r)
{
	const char *reason = body_str(r, "reason");
	struct wb_err err = { 0 };
	int64_t id, sid;
	int level;

	if (!path_id(r, 0, &id))
		return;
	if (app_task_supervise(&r->app, id, reason, &sid, &level, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "下发 %d 级督办单", level);
	request_reply(r, 201, json_pack("{s:I, s:I, s:s, s:i, s:s}", "id", (json_int_t)sid, "task_id",
					(json_int_t)id, "kind", "manual", "level", level, "reason",
					reason));
}

/* ---- batches ------------------------------------------------------------ */

/* The API code of an outcome that concerns one task only (the batch goes
 * on), as a single request would answer it; NULL for a failure that ends
 * the whole batch (the database's). */
static const char *
per_task_code(enum wb_status rc)
{
	switch (rc) {
	case WB_ERR_NOTFOUND: return "not_found";
	case WB_ERR_DENIED: return "forbidden";
	case WB_ERR_CONFLICT: return "conflict";
	case WB_ERR_INVALID: return "invalid";
	case WB_ERR_RULE: return "rule_violation";
	default: return NULL;
	}
}

/* Runs one(r, id, &t, &err) on every id of the body's "ids" in the request's
 * transaction and answers {"done","failed","results":[{"id","ok",…}]}: a
 * task outside the caller's scope is "not_found" like a missing one. */
static void
batch(struct request *r, enum wb_status (*one)(struct request *, int64_t, struct task_row *,
					       struct wb_err *))
{
	json_t *ids = json_object_get(r->json, "ids"), *id, *results = json_array();
	int64_t done = 0, failed = 0;
	size_t i;

	json_array_foreach(ids, i, id) {
		struct wb_err err = { 0 };
		struct task_row t;
		int64_t tid = (int64_t)json_integer_value(id);
		enum wb_status rc = one(r, tid, &t, &err);

		if (rc == WB_OK) {
			done++;
			json_array_append_new(results, json_pack("{s:I, s:b, s:s}", "id", (json_int_t)tid,
								 "ok", 1, "status",
								 task_status_name(t.status)));
		} else if (per_task_code(rc)) {
			failed++;
			json_array_append_new(results, json_pack("{s:I, s:b, s:s, s:s}", "id",
								 (json_int_t)tid, "ok", 0, "code",
								 err.code[0] ? err.code : per_task_code(rc),
								 "message", err.msg));
		} else {
			json_decref(results);
			request_fail_err(r, &err);
			return;
		}
	}
	request_audit_detail(r, "完成 %lld 项，未通过 %lld 项", (long long)done, (long long)failed);
	request_reply(r, 200, json_pack("{s:I, s:I, s:o}", "done", (json_int_t)done, "failed",
					(json_int_t)failed, "results", results));
}

static enum wb_status
sign_one(struct request *r, int64_t id, struct task_row *t, struct wb_err *err)
{
	int64_t event;

	return app_task_act(&r->app, id, TASK_SIGN, NULL, NULL, 0, t, &event, err);
}

static enum wb_status
deadline_one(struct request *r, int64_t id, struct task_row *t, struct wb_err *err)
{
	return app_task_set_deadline(&r->app, id, body_str(r, "deadline"), t, err);
}

void
api_tasks_batch_sign(struct request *r)
{
	batch(r, sign_one);
}

void
api_tasks_batch_deadline(struct request *r)
{
	/* a malformed date is the request's fault, not each task's */
	if (plan_day_end(body_str(r, "deadline")) < 0) {
		request_field_error(r, 400, "invalid", "deadline", "办理期限应为 YYYY-MM-DD 格式的日期");
		return;
	}
	batch(r, deadline_one);
}
