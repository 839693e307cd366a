/* /api/v1/plans: parse preview, import, list, detail. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "app/notice_json.h"
#include "app/plan_import.h"
#include "app/tasks.h"
#include "store/plans.h"
#include "store/tasks.h"
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

void
api_plans_create(struct request *r)
{
	const char *text = body_str(r, "text"), *deadline = body_str(r, "deadline");
	json_t *replace = json_object_get(r->json, "replace");
	json_t *archived = json_object_get(r->json, "archived");
	struct wb_err err = { 0 };
	struct plan_import res;
	enum wb_status rc;
	json_t *plan;

	if (r->scope.kind != SCOPE_COUNTY) {
		request_error(r, 403, "out_of_scope", "工作要点由县级管理员导入");
		return;
	}
	rc = plan_import(&r->app, text, strlen(text), deadline, json_is_true(replace),
			 json_is_true(archived), &res, &err);
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
	request_audit_detail(r, "%s%s：%d 条要点，%d 项任务，%d 个未识别单位",
			     res.replaced ? "替换" : "导入", json_is_true(archived) ? "（归档）" : "",
			     res.items, res.tasks, res.unknown_units);
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
