/* /api/v1/plans: parse preview, import, list, detail. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "app/indicators.h"
#include "app/notice_json.h"
#include "app/plan_import.h"
#include "app/tasks.h"
#include "store/plans.h"
#include "store/tasks.h"
#include "util/arena.h"
#include "util/vec.h"

/* A growing reply buffer: the sink of notice_json_write(). */
struct reply_buf {
	char *p;
	size_t n, cap;
};

static int
append_reply(const char *buf, size_t size, void *arg)
{
	struct reply_buf *b = arg;

	if (b->cap - b->n < size) {
		size_t cap = (b->cap ? b->cap * 2 : 65536) + size;
		char *p = realloc(b->p, cap);
		if (p == NULL)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, buf, size);
	b->n += size;
	return 0;
}

void
api_plans_parse(struct request *r)
{
	const char *text = body_str(r, "text");
	struct wb_err err = { 0 };
	struct notice_dict *dict = plan_units_dict(r->store, &err);
	struct notice *n = NULL;
	enum wb_status rc;

	if (dict == NULL) {
		request_fail(r, err.status, "");
		return;
	}
	rc = plan_parse_text(text, strlen(text), dict, &n, &err);
	notice_dict_free(dict);
	if (rc == WB_ERR_INVALID) {
		request_field_error(r, 400, "no_items", "text", "没有识别出编号的工作事项，请检查通知文本");
		return;
	}
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	/* the same writer as `weibao plan parse`: the same JSON */
	struct reply_buf b = { 0 };
	if (!notice_json_write(n, append_reply, &b)) {
		free(b.p);
		notice_free(n);
		request_fail(r, WB_ERR_NOMEM, "");
		return;
	}
	notice_free(n);
	request_reply_raw(r, b.p, b.n, "application/json; charset=utf-8", NULL);
}

/* Counts per plan for the list: tasks, closed and red ones within the
 * caller's scope (a unit sees its own). */
struct plan_counts {
	int64_t plan_id, tasks, closed, red;
};

static void
count_plan(int64_t plan_id, int64_t tasks, int64_t closed, int64_t red, void *arg)
{
	struct plan_counts *c = vec_push(arg);

	if (c)
		*c = (struct plan_counts){ plan_id, tasks, closed, red };
}

struct plan_list_ctx {
	json_t *items;
	struct vec *counts;
};

static void
add_plan(const struct plan_row *p, void *arg)
{
	struct plan_list_ctx *x = arg;
	struct plan_counts c = { 0 };

	for (size_t i = 0; i < x->counts->n; i++)
		if (((struct plan_counts *)vec_at(x->counts, i))->plan_id == p->id)
			c = *(struct plan_counts *)vec_at(x->counts, i);
	json_array_append_new(x->items,
			      json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:I, s:I, s:I, s:I, s:I, s:I, s:b}",
					"id", (json_int_t)p->id, "doc_number", p->doc_number,
					"title", p->title, "issuer", p->issuer, "issued_on",
					p->issued_on, "year", (json_int_t)p->year, "deadline",
					(json_int_t)p->deadline, "item_count",
					(json_int_t)p->item_count, "task_count", (json_int_t)c.tasks,
					"closed_count", (json_int_t)c.closed, "red_count",
					(json_int_t)c.red, "archived", p->archived));
}

void
api_plans_list(struct request *r)
{
	struct vec counts = VEC_INIT(struct plan_counts);
	struct plan_list_ctx x = { json_array(), &counts };
	struct wb_err err = { 0 };
	enum wb_status rc;

	rc = store_task_plan_counts(r->store, &r->scope, r->app.now, count_plan, &counts, &err);
	if (rc == WB_OK && counts.nomem)
		rc = wb_err_set(&err, WB_ERR_NOMEM, "out of memory");
	if (rc == WB_OK)
		rc = store_plan_each(r->store, add_plan, &x, &err);
	vec_free(&counts);
	if (rc != WB_OK) {
		json_decref(x.items);
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, json_pack("{s:o}", "items", x.items));
}

struct detail_ctx {
	json_t *sections, *items;
};

static void
add_section(int64_t number, const char *title, void *arg)
{
	json_array_append_new(((struct detail_ctx *)arg)->sections,
			      json_pack("{s:I, s:s}", "number", (json_int_t)number, "title", title));
}

static void
add_item(const struct item_row *it, void *arg)
{
	json_t *units = json_array();
	const char *u = it->units;

	while (*u) {
		const char *sep = strstr(u, "、");
		size_t n = sep ? (size_t)(sep - u) : strlen(u);
		json_array_append_new(units, json_stringn(u, n));
		u += n + (sep ? strlen("、") : 0);
	}
	json_array_append_new(((struct detail_ctx *)arg)->items,
			      json_pack("{s:I, s:I, s:I, s:s, s:o, s:[]}", "id", (json_int_t)it->id,
					"number", (json_int_t)it->number, "section",
					(json_int_t)it->section, "text", it->text, "units", units,
					"targets"));
}

static void
add_plan_target(const struct target_row *t, void *arg)
{
	json_t *item;
	size_t i;

	json_array_foreach(((struct detail_ctx *)arg)->items, i, item) {
		if (json_integer_value(json_object_get(item, "id")) == t->item_id) {
			json_array_append_new(json_object_get(item, "targets"), target_row_json(t));
			return;
		}
	}
}

/* The plan's JSON with its sections, items and targets; NULL (reply set). */
static json_t *
plan_detail(struct request *r, int64_t id)
{
	struct detail_ctx x = { json_array(), json_array() };
	struct wb_err err = { 0 };
	struct plan_row p;
	enum wb_status rc;

	rc = store_plan_get(r->store, r->arena, id, &p, &err);
	if (rc == WB_OK)
		rc = store_plan_sections(r->store, id, add_section, &x, &err);
	if (rc == WB_OK)
		rc = store_plan_items(r->store, id, add_item, &x, &err);
	if (rc == WB_OK)
		rc = store_targets(r->store, id, 0, add_plan_target, &x, &err);
	if (rc == WB_OK)
		rc = app_indicator_plan_bindings(&r->app, id, x.items, &err);
	if (rc != WB_OK) {
		json_decref(x.sections);
		json_decref(x.items);
		request_fail(r, rc, rc == WB_ERR_NOTFOUND ? "工作要点不存在" : "");
		return NULL;
	}
	return json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:I, s:I, s:I, s:b, s:o, s:o}", "id",
			 (json_int_t)p.id, "doc_number", p.doc_number, "title", p.title, "issuer",
			 p.issuer, "issued_on", p.issued_on,
			 "year", (json_int_t)p.year, "deadline", (json_int_t)p.deadline, "item_count",
			 (json_int_t)p.item_count, "archived", p.archived, "sections", x.sections,
			 "items", x.items);
}

void
api_plans_get(struct request *r)
{
	json_t *plan;
	int64_t id;

	if (!path_id(r, 0, &id))
		return;
	plan = plan_detail(r, id);
	if (plan)
		request_reply(r, 200, plan);
}

/* Refuses the correction of the idx-th item (0-based; named by its number
 * when it gives one) with 422 and a Chinese reason; returns false. */
static bool
fix_refused(struct request *r, json_t *item, size_t idx, const char *what)
{
	json_t *num = json_object_get(item, "number");
	char msg[256];

	if (json_is_integer(num) && json_integer_value(num) > 0 && json_integer_value(num) < 100000)
		snprintf(msg, sizeof(msg), "第 %lld 条：%s", (long long)json_integer_value(num), what);
	else
		snprintf(msg, sizeof(msg), "第 %zu 项：%s", idx + 1, what);
	request_field_error(r, 422, "rule_violation", "items", msg);
	return false;
}

/* Reads the array a of unit names (1 to 64 strings of at most 200 bytes)
 * into *out (the arena); false when it is not one. */
static bool
read_names(struct request *r, json_t *a, const char ***out, size_t *n)
{
	json_t *v;
	size_t i;

	if (!json_is_array(a) || json_array_size(a) > 64)
		return false;
	*n = json_array_size(a);
	*out = arena_alloc(r->arena, (*n ? *n : 1) * sizeof(**out));
	if (*out == NULL)
		return false;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) > 200)
			return false;
		(*out)[i] = json_string_value(v);
	}
	return true;
}

/* Reads one target {op, value, value2 (range only), unit, scope?, text?};
 * the reason it is malformed, or NULL. */
static const char *
read_target(json_t *o, struct notice_target *t)
{
	static const char *const ops[] = { "=", ">=", "<=", "range" };
	static const char *const scopes[] = { "county", "each_town", "each_village", "each_school" };
	json_t *op = json_object_get(o, "op"), *v = json_object_get(o, "value"),
	       *v2 = json_object_get(o, "value2"), *unit = json_object_get(o, "unit"),
	       *scope = json_object_get(o, "scope"), *text = json_object_get(o, "text");
	size_t known = 3 + (v2 != NULL) + (scope != NULL) + (text != NULL);
	const char *ops_s = json_string_value(op), *sc = json_string_value(scope);

	if (!json_is_object(o) || json_object_size(o) != known || !ops_s || !json_is_number(v) ||
	    !json_is_string(unit))
		return "指标应为 {op, value, unit}（区间另有 value2），可带 scope 和 text";
	memset(t, 0, sizeof(*t));
	t->op = (enum notice_op)4;
	for (int k = 0; k < 4; k++)
		if (strcmp(ops_s, ops[k]) == 0)
			t->op = (enum notice_op)k;
	if ((unsigned)t->op > NOTICE_OP_RANGE)
		return "指标的比较方式应为 =、>=、<= 或 range";
	if ((t->op == NOTICE_OP_RANGE) != (v2 != NULL) || (v2 && !json_is_number(v2)))
		return "区间指标需要上限 value2，其他指标不能有";
	t->scope = (enum notice_scope)4;
	for (int k = 0; k < 4; k++)
		if (sc == NULL ? k == 0 : strcmp(sc, scopes[k]) == 0)
			t->scope = (enum notice_scope)k;
	if ((unsigned)t->scope > NOTICE_SCOPE_EACH_SCHOOL)
		return "指标的范围应为 county、each_town、each_village 或 each_school";
	if (text && !json_is_string(text))
		return "指标原文应为文字";
	t->value = json_number_value(v);
	t->value2 = v2 ? json_number_value(v2) : 0;
	t->unit = json_string_value(unit);
	t->text = text ? json_string_value(text) : "";
	return NULL;
}

/*
 * The body's "items" (the corrected preview: one object per parsed item,
 * {number, units, lead_units, targets} and optionally the preview's section
 * and text) as the service layer takes them, in the arena.  *fx is NULL when
 * there is none; false (422 set, naming the item) when one is malformed.
 */
static bool
read_fixes(struct request *r, struct plan_fixes **fx)
{
	json_t *items = json_object_get(r->json, "items"), *o;
	struct plan_item_fix *f;
	size_t i;

	*fx = NULL;
	if (items == NULL)
		return true;
	*fx = arena_alloc(r->arena, sizeof(**fx));
	f = arena_alloc(r->arena, (json_array_size(items) + 1) * sizeof(*f));
	if (*fx == NULL || f == NULL) {
		request_fail(r, WB_ERR_NOMEM, "");
		return false;
	}
	(*fx)->items = f;
	(*fx)->n = json_array_size(items);
	json_array_foreach(items, i, o) {
		json_t *num = json_object_get(o, "number"), *sec = json_object_get(o, "section"),
		       *text = json_object_get(o, "text"), *tg = json_object_get(o, "targets"), *t;
		size_t known = 4 + (sec != NULL) + (text != NULL), k;

		if (json_object_size(o) != known || !json_is_integer(num) ||
		    !json_is_array(json_object_get(o, "units")) ||
		    !json_is_array(json_object_get(o, "lead_units")) || !json_is_array(tg) ||
		    (sec && !json_is_integer(sec)) || (text && !json_is_string(text)))
			return fix_refused(r, o, i, "应为 {number, units, lead_units, targets}，与解析预览的形式相同");
		memset(&f[i], 0, sizeof(f[i]));
		f[i].number = json_integer_value(num) > 0 && json_integer_value(num) < 100000
				      ? (int)json_integer_value(num) : 0;
		f[i].section = sec && json_integer_value(sec) >= 0 && json_integer_value(sec) < 1000
				       ? (int)json_integer_value(sec) : (sec ? 1000 : -1);
		f[i].text = text ? json_string_value(text) : NULL;
		if (!read_names(r, json_object_get(o, "units"), &f[i].units, &f[i].nunits))
			return fix_refused(r, o, i, "责任单位应为 1 至 64 个单位名称");
		if (!read_names(r, json_object_get(o, "lead_units"), &f[i].lead, &f[i].nlead))
			return fix_refused(r, o, i, "牵头单位应为单位名称的列表");
		if (json_array_size(tg) > 32)
			return fix_refused(r, o, i, "量化指标不能超过 32 个");
		f[i].ntargets = json_array_size(tg);
		f[i].targets = arena_alloc(r->arena, (f[i].ntargets + 1) * sizeof(*f[i].targets));
		if (f[i].targets == NULL) {
			request_fail(r, WB_ERR_NOMEM, "");
			return false;
		}
		json_array_foreach(tg, k, t) {
			const char *why = read_target(t, &f[i].targets[k]);
			if (why) {
				char msg[200];
				snprintf(msg, sizeof(msg), "第 %zu 个指标：%s", k + 1, why);
				return fix_refused(r, o, i, msg);
			}
		}
	}
	return true;
}

void
api_plans_create(struct request *r)
{
	const char *text = body_str(r, "text"), *deadline = body_str(r, "deadline");
	json_t *replace = json_object_get(r->json, "replace");
	json_t *archived = json_object_get(r->json, "archived");
	struct plan_fixes *fixes;
	struct wb_err err = { 0 };
	struct plan_import res;
	enum wb_status rc;
	json_t *plan;

	if (r->scope.kind != SCOPE_COUNTY) {
		request_error(r, 403, "out_of_scope", "工作要点由县级管理员导入");
		return;
	}
	if (!read_fixes(r, &fixes))
		return;
	rc = plan_import(&r->app, text, strlen(text), deadline, json_is_true(replace),
			 json_is_true(archived), fixes, &res, &err);
	if (rc == WB_ERR_RULE) {
		request_fail_err(r, &err);
		return;
	}
	if (rc == WB_ERR_INVALID || rc == WB_ERR_CONFLICT) {
		request_field_error(r, rc == WB_ERR_CONFLICT ? 409 : 400,
				    rc == WB_ERR_CONFLICT ? "conflict" : "invalid",
				    err.field[0] ? err.field : NULL, err.msg);
		return;
	}
	if (rc != WB_OK) {
		request_fail(r, rc, "");
		return;
	}
	snprintf(r->audit_object_id, sizeof(r->audit_object_id), "%lld", (long long)res.plan_id);
	/* in Chinese, as the CLI writes it: the audit log is read by the office */
	char fixed[64] = "";
	if (fixes)
		snprintf(fixed, sizeof(fixed), "；导入时修改了 %d 项", res.changed);
	request_audit_detail(r, "%s%s：%d 条要点，%d 项任务，%d 个未识别单位%s",
			     res.replaced ? "替换" : "导入", json_is_true(archived) ? "（归档）" : "",
			     res.items, res.tasks, res.unknown_units, fixed);
	plan = plan_detail(r, res.plan_id);
	if (plan)
		request_reply(r, res.replaced ? 200 : 201, plan);
}

void
api_plans_deadline(struct request *r)
{
	const char *deadline = body_str(r, "deadline");
	struct wb_err err = { 0 };
	struct plan_row plan;
	int64_t id, changed;

	if (!path_id(r, 0, &id))
		return;
	if (store_plan_get(r->store, r->arena, id, &plan, &err) != WB_OK ||
	    app_plan_set_deadline(&r->app, id, deadline, &changed, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "%lld 项未办结任务的办理期限改为 %s", (long long)changed, deadline);
	request_reply(r, 200, json_pack("{s:I, s:I, s:s}", "plan_id", (json_int_t)id, "changed",
					(json_int_t)changed, "deadline", deadline));
}
