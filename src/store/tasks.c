#include "store/tasks.h"

#include <stdio.h>
#include <string.h>

#include "store/org.h"
#include "store/scope.h"
#include "util/arena.h"

static int64_t
int_or_zero(struct store_query *q, int col)
{
	return store_col_is_null(q, col) ? 0 : store_col_int(q, col);
}

/* Reads a row of TASK_COLUMNS plus the light (column 19) and the open 督办
 * level (column 20); strings stay the statement's, valid until the next step. */
static void
read_task(struct store_query *q, struct task_row *t)
{
	enum task_status status = task_status_parse(store_col_text(q, 8));

	t->id = store_col_int(q, 0);
	t->plan_id = store_col_int(q, 1);
	t->item_number = store_col_int(q, 2);
	t->section = store_col_int(q, 3);
	t->item_text = store_col_text(q, 4);
	t->unit_id = store_col_int(q, 5);
	t->unit_name = store_col_text(q, 6);
	t->is_lead = store_col_int(q, 7) != 0;
	t->status = status == TASK_STATUS__MAX ? TASK_PENDING : status;
	t->deadline = store_col_int(q, 9);
	t->signed_at = int_or_zero(q, 10);
	t->last_report_at = int_or_zero(q, 11);
	t->closed_at = int_or_zero(q, 12);
	t->return_reason = store_col_text(q, 13);
	t->created_at = store_col_int(q, 14);
	t->item_id = store_col_int(q, 15);
	t->yellow_at = int_or_zero(q, 16);
	t->red_at = int_or_zero(q, 17);
	t->plan_archived = store_col_int(q, 18) != 0;
	t->light = (enum task_light)store_col_int(q, 19);
	t->supervision_level = (int)int_or_zero(q, 20);
	t->latest_report = NULL;
}

/* Binds the filter of TASK_WHERE from idx; returns the index after. */
static int
bind_filter(struct store_query *q, int i, const struct scope *scope, const struct task_filter *f,
	    int64_t now, char *like, size_t like_len)
{
	const char *status = f->status >= 0 ? task_status_name((enum task_status)f->status) : "";

	store_like_pattern(f->q, like, like_len);
	store_bind_int(q, i++, now);
	i = store_bind_scope(q, i, scope);
	store_bind_int(q, i++, f->plan_id);
	store_bind_int(q, i++, f->plan_id);
	store_bind_text(q, i++, f->q);
	store_bind_text(q, i++, like);
	store_bind_int(q, i++, f->archived - 1);    /* -1 any, 0 current, 1 archived */
	store_bind_int(q, i++, f->archived - 1);
	store_bind_int(q, i++, f->unit_id);
	store_bind_int(q, i++, f->unit_id);
	store_bind_text(q, i++, status);
	store_bind_text(q, i++, status);
	store_bind_int(q, i++, f->light);
	store_bind_int(q, i++, f->light);
	store_bind_int(q, i++, f->returned ? 1 : 0);
	store_bind_int(q, i++, f->supervised ? 1 : 0);
	store_bind_int(q, i++, f->due ? 1 : 0);
	return i;
}

/* The column of TASK_LEDGER_* holding the latest report's text: the one
 * after the page statements' columns (keep it so when they gain one). */
#define LEDGER_REPORT_COL 21

/* A page of the filtered tasks; with `ledger`, each row also carries its
 * latest report's text (the export's statements). */
static enum wb_status
task_page(struct store *st, const struct scope *scope, const struct task_filter *f, int64_t now,
	  int64_t limit, int64_t offset, bool ledger, void (*fn)(const struct task_row *, void *),
	  void *arg, int64_t *total, struct wb_err *err)
{
	static const enum stmt_id pages[2][TASK_SORT__MAX][2] = {
		{
			[TASK_SORT_ITEM] = { STMT_TASK_PAGE_ITEM, STMT_TASK_PAGE_ITEM_DESC },
			[TASK_SORT_DEADLINE] = { STMT_TASK_PAGE_DEADLINE, STMT_TASK_PAGE_DEADLINE_DESC },
			[TASK_SORT_STATUS] = { STMT_TASK_PAGE_STATUS, STMT_TASK_PAGE_STATUS_DESC },
			[TASK_SORT_UNIT] = { STMT_TASK_PAGE_UNIT, STMT_TASK_PAGE_UNIT_DESC },
			[TASK_SORT_LIGHT] = { STMT_TASK_PAGE_LIGHT, STMT_TASK_PAGE_LIGHT_DESC },
		}, {
			[TASK_SORT_ITEM] = { STMT_TASK_LEDGER_ITEM, STMT_TASK_LEDGER_ITEM_DESC },
			[TASK_SORT_DEADLINE] = { STMT_TASK_LEDGER_DEADLINE,
						 STMT_TASK_LEDGER_DEADLINE_DESC },
			[TASK_SORT_STATUS] = { STMT_TASK_LEDGER_STATUS, STMT_TASK_LEDGER_STATUS_DESC },
			[TASK_SORT_UNIT] = { STMT_TASK_LEDGER_UNIT, STMT_TASK_LEDGER_UNIT_DESC },
			[TASK_SORT_LIGHT] = { STMT_TASK_LEDGER_LIGHT, STMT_TASK_LEDGER_LIGHT_DESC },
		},
	};
	struct store_query *q;
	struct task_row t;
	enum wb_status rc;
	char like[512];
	bool row;
	int i;

	*total = 0;
	q = store_query(st, STMT_TASK_COUNT);
	bind_filter(q, 1, scope, f, now, like, sizeof(like));
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*total = store_col_int(q, 0);
	store_query_end(q);
	if (rc != WB_OK || offset >= *total || limit == 0)
		return rc;      /* nothing on this page: no second pass */
	q = store_query(st, pages[ledger][(unsigned)f->sort < TASK_SORT__MAX ? f->sort : 0][f->desc]);
	i = bind_filter(q, 1, scope, f, now, like, sizeof(like));
	store_bind_int(q, i++, limit);
	store_bind_int(q, i, offset);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		read_task(q, &t);
		t.latest_report = ledger && !store_col_is_null(q, LEDGER_REPORT_COL)
					  ? store_col_text(q, LEDGER_REPORT_COL) : NULL;
		fn(&t, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_page(struct store *st, const struct scope *scope, const struct task_filter *f,
		int64_t now, int64_t limit, int64_t offset,
		void (*fn)(const struct task_row *, void *), void *arg, int64_t *total,
		struct wb_err *err)
{
	return task_page(st, scope, f, now, limit, offset, false, fn, arg, total, err);
}

enum wb_status
store_task_ledger(struct store *st, const struct scope *scope, const struct task_filter *f,
		  int64_t now, int64_t limit, void (*fn)(const struct task_row *, void *),
		  void *arg, int64_t *total, struct wb_err *err)
{
	return task_page(st, scope, f, now, limit, 0, true, fn, arg, total, err);
}

enum wb_status
store_task_each(struct store *st, const struct scope *scope, int64_t plan_id,
		void (*fn)(const struct task_row *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_EACH);
	struct task_row t;
	enum wb_status rc;
	bool row;
	int i = store_bind_scope(q, 1, scope);

	store_bind_int(q, i++, plan_id);
	store_bind_int(q, i, plan_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		read_task(q, &t);
		fn(&t, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_plan_counts(struct store *st, const struct scope *scope, int64_t now,
		       void (*fn)(int64_t, int64_t, int64_t, int64_t, void *), void *arg,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_PLAN_COUNTS);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, now);
	store_bind_scope(q, 2, scope);
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_int(q, 0), store_col_int(q, 1), store_col_int(q, 2), store_col_int(q, 3),
		   arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_todo(struct store *st, const struct scope *scope, int64_t now,
		struct task_todo_counts *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_TODO_COUNTS);
	enum wb_status rc;
	bool row;

	memset(out, 0, sizeof(*out));
	store_bind_int(q, 1, now);
	store_bind_scope(q, 2, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		out->pending = store_col_int(q, 0);
		out->due = store_col_int(q, 1);
		out->returned = store_col_int(q, 2);
		out->supervised = store_col_int(q, 3);
		out->close_requested = store_col_int(q, 4);
		for (int k = 0; k < 3; k++)
			out->light[k] = store_col_int(q, 5 + k);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_todo_units(struct store *st, const struct scope *scope, int64_t now, int64_t limit,
		      void (*fn)(const struct task_unit_lights *, void *), void *arg,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_TODO_UNITS);
	struct task_unit_lights u;
	enum wb_status rc;
	bool row;
	int i;

	store_bind_int(q, 1, now);
	i = store_bind_scope(q, 2, scope);
	store_bind_int(q, i, limit);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		u.unit_id = store_col_int(q, 0);
		u.unit_name = store_col_text(q, 1);
		u.red = store_col_int(q, 2);
		u.yellow = store_col_int(q, 3);
		u.green = store_col_int(q, 4);
		u.total = store_col_int(q, 5);
		fn(&u, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_get(struct store *st, struct arena *arena, const struct scope *scope, int64_t id,
	       int64_t now, struct task_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_GET);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, id);
	store_bind_scope(q, 3, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		read_task(q, out);
		out->item_text = arena_strdup(arena, out->item_text);
		out->unit_name = arena_strdup(arena, out->unit_name);
		out->return_reason = arena_strdup(arena, out->return_reason);
		if (out->item_text == NULL || out->unit_name == NULL)
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	} else if (rc == WB_OK) {
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "任务不存在");
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_put(struct store *st, int64_t item_id, int64_t unit_id, bool lead, int64_t deadline,
	       int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_UPSERT);

	store_bind_int(q, 1, item_id);
	store_bind_int(q, 2, unit_id);
	store_bind_int(q, 3, lead ? 1 : 0);
	store_bind_int(q, 4, deadline);
	store_bind_int(q, 5, now);
	store_bind_int(q, 6, now);
	return store_exec_done(q, err);
}

enum wb_status
store_tasks_drop_stale(struct store *st, int64_t item_id, int64_t since, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASKS_DROP_STALE);

	store_bind_int(q, 1, item_id);
	store_bind_int(q, 2, since);
	return store_exec_done(q, err);
}

/* Binds a moment or time, NULL for 0 (unset, never). */
static void
bind_time(struct store_query *q, int idx, int64_t t)
{
	if (t > 0)
		store_bind_int(q, idx, t);
	else
		store_bind_null(q, idx);
}

enum wb_status
store_task_set_unit(struct store *st, int64_t id, int64_t unit_id, int64_t now, int64_t yellow_at,
		    int64_t red_at, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_SET_UNIT);

	store_bind_int(q, 1, unit_id);
	store_bind_int(q, 2, now);
	store_bind_int(q, 3, now);
	bind_time(q, 4, yellow_at);
	bind_time(q, 5, red_at);
	store_bind_int(q, 6, id);
	return store_exec_done(q, err);
}

enum wb_status
store_task_lock(struct store *st, int64_t id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_LOCK);

	store_bind_int(q, 1, id);
	return store_exec_done(q, err);
}

enum wb_status
store_task_set_state(struct store *st, const struct task_row *t, enum task_status from,
		     int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_SET_STATE);
	enum wb_status rc;

	store_bind_text(q, 1, task_status_name(t->status));
	bind_time(q, 2, t->signed_at);
	bind_time(q, 3, t->last_report_at);
	bind_time(q, 4, t->closed_at);
	store_bind_text(q, 5, t->return_reason && *t->return_reason ? t->return_reason : NULL);
	store_bind_int(q, 6, now);
	bind_time(q, 7, t->yellow_at);
	bind_time(q, 8, t->red_at);
	store_bind_int(q, 9, t->id);
	store_bind_text(q, 10, task_status_name(from));
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		return wb_err_set(err, WB_ERR_CONFLICT, "任务状态已被他人更改，请刷新");
	return rc;
}

enum wb_status
store_task_set_deadline(struct store *st, int64_t id, int64_t deadline, int64_t yellow_at,
			int64_t red_at, int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_SET_DEADLINE);

	store_bind_int(q, 1, deadline);
	store_bind_int(q, 2, now);
	bind_time(q, 3, yellow_at);
	bind_time(q, 4, red_at);
	store_bind_int(q, 5, id);
	return store_exec_done(q, err);
}

enum wb_status
store_task_set_moments(struct store *st, int64_t id, int64_t yellow_at, int64_t red_at,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_SET_MOMENTS);

	bind_time(q, 1, yellow_at);
	bind_time(q, 2, red_at);
	store_bind_int(q, 3, id);
	return store_exec_done(q, err);
}

enum wb_status
store_task_add_event(struct store *st, int64_t task_id, int64_t at, int64_t user_id,
		     const char *login, const char *action, const char *status, const char *note,
		     int64_t *event_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_EVENT_INSERT);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, task_id);
	store_bind_int(q, 2, at);
	if (user_id > 0)
		store_bind_int(q, 3, user_id);
	else
		store_bind_null(q, 3);
	store_bind_text(q, 4, login);
	store_bind_text(q, 5, action);
	store_bind_text(q, 6, status);
	store_bind_text(q, 7, note && *note ? note : NULL);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row && event_id)
		*event_id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_events(struct store *st, int64_t task_id,
		  void (*fn)(const struct task_event_row *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_EVENTS);
	struct task_event_row e;
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, task_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		e.at = store_col_int(q, 0);
		e.login = store_col_text(q, 1);
		e.action = store_col_text(q, 2);
		e.status = store_col_text(q, 3);
		e.note = store_col_text(q, 4);
		e.id = store_col_int(q, 5);
		e.login_name = store_col_text(q, 6);
		fn(&e, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_plan_report_times(struct store *st, int64_t plan_id, void (*fn)(int64_t, int64_t, void *),
			void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_PLAN_REPORT_TIMES);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, plan_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_int(q, 0), store_col_int(q, 1), arg);
	store_query_end(q);
	return rc;
}
