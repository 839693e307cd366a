#include "app/todo.h"

#include <string.h>

#include "store/task_requests.h"
#include "util/arena.h"

/* A ledger filter of the tasks of current plans (archived=0), any status,
 * light and unit. */
static struct task_filter
current(void)
{
	struct task_filter f;

	memset(&f, 0, sizeof(f));
	f.status = -1;
	f.light = -1;
	f.q = "";
	f.archived = 1;
	return f;
}

static void
add_item(struct todo *t, const char *key, const char *title, int64_t count,
	 struct task_filter f)
{
	if (t->nitems < TODO_ITEMS_MAX)
		t->items[t->nitems++] = (struct todo_item){ key, title, count, f, NULL };
}

struct units_ctx {
	struct app_ctx *c;
	struct todo *t;
	bool nomem;
};

/* Keeps a unit's row, its name copied into the arena. */
static void
add_unit(const struct task_unit_lights *u, void *arg)
{
	struct units_ctx *x = arg;
	struct todo_unit *row;

	if (x->nomem || x->t->nunits >= TODO_UNITS_MAX)
		return;
	row = &x->t->units[x->t->nunits];
	row->lights = *u;
	row->lights.unit_name = arena_strdup(x->c->arena, u->unit_name);
	if (row->lights.unit_name == NULL) {
		x->nomem = true;
		return;
	}
	row->filter = current();
	row->filter.unit_id = u->unit_id;
	x->t->nunits++;
}

enum wb_status
app_todo(struct app_ctx *c, const struct todo_role *role, struct todo *out, struct wb_err *err)
{
	struct units_ctx x = { c, out, false };
	struct task_todo_counts n;
	struct task_filter f;
	int64_t requests = 0;
	enum wb_status rc;

	memset(out, 0, sizeof(*out));
	rc = store_task_todo(c->st, c->scope, c->now, &n, err);
	if (rc != WB_OK)
		return rc;
	if (role->signs) {
		f = current();
		f.status = TASK_PENDING;
		add_item(out, "to_sign", "待签收", n.pending, f);
	}
	f = current();
	f.due = true;
	add_item(out, "due", "临期/逾期待反馈", n.due, f);
	f = current();
	f.returned = true;
	add_item(out, "returned", "被退回", n.returned, f);
	f = current();
	f.supervised = true;
	add_item(out, "supervised", "督办中", n.supervised, f);
	if (role->reviews) {
		f = current();
		f.status = TASK_CLOSE_REQUESTED;
		add_item(out, "to_review", "待审核办结", n.close_requested, f);
		rc = store_task_request_page(c->st, c->scope, true, 0, 0, NULL, NULL, &requests, err);
		if (rc != WB_OK)
			return rc;
		add_item(out, "to_decide", "待审批申请", requests, current());
		if (out->nitems > 0 && strcmp(out->items[out->nitems - 1].key, "to_decide") == 0)
			out->items[out->nitems - 1].link = "/supervisions";
	}
	for (int k = 0; k < 3; k++) {
		out->light[k] = n.light[k];
		out->light_filter[k] = current();
		out->light_filter[k].light = k;
	}

	out->units = arena_alloc(c->arena, TODO_UNITS_MAX * sizeof(*out->units));
	if (out->units == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	rc = store_task_todo_units(c->st, c->scope, c->now, TODO_UNITS_MAX, add_unit, &x, err);
	if (rc == WB_OK && x.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	return rc;
}
