/* 延期申请 and 退回交办: a unit's requests on its task, and the office's
 * decisions. */
#include "api/api.h"

#include <string.h>

#include "api/common.h"
#include "app/task_requests.h"
#include "store/task_requests.h"

json_t *
task_request_json(const struct task_request_row *q, bool with_task)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?}",
			      "id", (json_int_t)q->id, "task_id", (json_int_t)q->task_id, "kind",
			      q->kind, "kind_title", task_request_kind_title(q->kind), "reason",
			      q->reason, "requested_at", (json_int_t)q->requested_at, "requested_by",
			      q->requested_by, "requested_by_name", q->requested_by_name, "decision",
			      q->decision, "decided_by", q->decided_by, "decided_by_name",
			      q->decided_by_name, "decision_note", q->decision_note);

	json_object_set_new(o, "deadline", q->deadline ? json_integer(q->deadline) : json_null());
	json_object_set_new(o, "decided_at",
			    q->decided_at ? json_integer(q->decided_at) : json_null());
	if (with_task) {
		json_object_set_new(o, "plan_id", json_integer(q->plan_id));
		json_object_set_new(o, "item_number", json_integer(q->item_number));
		json_object_set_new(o, "unit", json_pack("{s:I, s:s}", "id", (json_int_t)q->unit_id,
							 "name", q->unit_name));
	}
	return o;
}

/* POST /api/v1/tasks/{id}/extension or /reassign: 201 with the request. */
static void
ask(struct request *r, enum task_request_kind kind)
{
	struct task_request_row q;
	struct wb_err err = { 0 };
	int64_t id, rid = 0;

	if (!path_id(r, 0, &id))
		return;
	if (app_task_request(&r->app, id, kind, body_str(r, "reason"), body_str(r, "deadline"),
			     &rid, &err) != WB_OK ||
	    store_task_request_get(r->store, r->arena, &r->scope, rid, &q, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "%s", task_request_kind_title(q.kind));
	request_reply(r, 201, task_request_json(&q, true));
}

void
api_tasks_extension(struct request *r)
{
	ask(r, TASK_REQUEST_EXTENSION);
}

void
api_tasks_reassign(struct request *r)
{
	ask(r, TASK_REQUEST_REASSIGN);
}

static void
add_request(const struct task_request_row *q, void *arg)
{
	json_array_append_new(arg, task_request_json(q, true));
}

static const char *const request_sorts[] = { "requested_at", NULL };

void
api_task_requests_list(struct request *r)
{
	struct wb_err err = { 0 };
	json_t *items = json_array();
	struct paging p;
	int64_t total = 0;

	if (!paging_read(r, request_sorts, &p)) {
		json_decref(items);
		return;
	}
	if (store_task_request_page(r->store, &r->scope, strcmp(arg_or_empty(r, "pending"), "1") == 0,
				    p.per_page, (p.page - 1) * p.per_page, add_request, items,
				    &total, &err) != WB_OK) {
		json_decref(items);
		request_fail_err(r, &err);
		return;
	}
	request_reply(r, 200, paging_reply(items, total, &p));
}

void
api_task_requests_decide(struct request *r)
{
	json_t *approve = json_object_get(r->json, "approve");
	struct task_request_row q;
	struct wb_err err = { 0 };
	int64_t id, unit_id = 0;

	if (!path_id(r, 0, &id))
		return;
	body_int(r, "unit_id", &unit_id);
	if (app_task_request_decide(&r->app, id, json_is_true(approve), body_str(r, "note"), unit_id,
				    &q, &err) != WB_OK ||
	    store_task_request_get(r->store, r->arena, &r->scope, id, &q, &err) != WB_OK) {
		request_fail_err(r, &err);
		return;
	}
	request_audit_detail(r, "%s：%s", task_request_kind_title(q.kind),
			     json_is_true(approve) ? "同意" : "不同意");
	request_reply(r, 200, task_request_json(&q, true));
}
