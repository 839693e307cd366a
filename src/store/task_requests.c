#include "store/task_requests.h"

#include <string.h>

#include "store/scope.h"

/* Reads TASK_REQUEST_COLS from column 0 (strings valid until the next step). */
static void
read_request(struct store_query *q, struct task_request_row *r)
{
	r->id = store_col_int(q, 0);
	r->task_id = store_col_int(q, 1);
	r->kind = store_col_text(q, 2);
	r->reason = store_col_text(q, 3);
	r->deadline = store_col_is_null(q, 4) ? 0 : store_col_int(q, 4);
	r->requested_at = store_col_int(q, 5);
	r->requested_by = store_col_text(q, 6);
	r->decision = store_col_is_null(q, 7) ? NULL : store_col_text(q, 7);
	r->decided_at = store_col_is_null(q, 8) ? 0 : store_col_int(q, 8);
	r->decided_by = store_col_is_null(q, 9) ? NULL : store_col_text(q, 9);
	r->decision_note = store_col_is_null(q, 10) ? NULL : store_col_text(q, 10);
	r->requested_by_name = store_col_text(q, 11);
	r->decided_by_name = r->decided_by ? store_col_text(q, 12) : NULL;
}

/* Reads the task columns that follow TASK_REQUEST_COLS. */
static void
read_request_task(struct store_query *q, struct task_request_row *r)
{
	r->plan_id = store_col_int(q, 13);
	r->item_number = store_col_int(q, 14);
	r->unit_id = store_col_int(q, 15);
	r->unit_name = store_col_text(q, 16);
}

enum wb_status
store_task_request_add(struct store *st, int64_t task_id, const char *kind, const char *reason,
		       int64_t deadline, int64_t now, const char *by, int64_t *id,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_REQUEST_INSERT);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, task_id);
	store_bind_text(q, 2, kind);
	store_bind_text(q, 3, reason);
	if (deadline > 0)
		store_bind_int(q, 4, deadline);
	else
		store_bind_null(q, 4);
	store_bind_int(q, 5, now);
	store_bind_text(q, 6, by);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row && id)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_request_pending(struct store *st, int64_t task_id, const char *kind, int64_t *id,
			   struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_REQUEST_PENDING);
	enum wb_status rc;
	bool row;

	*id = 0;
	store_bind_int(q, 1, task_id);
	store_bind_text(q, 2, kind);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_request_get(struct store *st, struct arena *arena, const struct scope *scope,
		       int64_t id, struct task_request_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_REQUEST_GET);
	enum wb_status rc;
	bool row;

	memset(out, 0, sizeof(*out));
	store_bind_int(q, 1, id);
	store_bind_scope(q, 2, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		const char **strs[] = { &out->kind, &out->reason, &out->requested_by,
					&out->decision, &out->decided_by, &out->decision_note,
					&out->unit_name, &out->requested_by_name,
					&out->decided_by_name };
		read_request(q, out);
		read_request_task(q, out);
		if (!arena_keep_strings(arena, strs, sizeof(strs) / sizeof(strs[0])))
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	} else if (rc == WB_OK) {
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "申请不存在");
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_request_decide(struct store *st, int64_t id, bool approved, const char *note,
			  int64_t now, const char *by, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_REQUEST_DECIDE);
	enum wb_status rc;

	store_bind_text(q, 1, approved ? "approved" : "rejected");
	store_bind_text(q, 2, note && *note ? note : NULL);
	store_bind_int(q, 3, now);
	store_bind_text(q, 4, by);
	store_bind_int(q, 5, id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "already_decided", "该申请已经处理过");
	return rc;
}

enum wb_status
store_task_requests_of_task(struct store *st, int64_t task_id,
			    void (*fn)(const struct task_request_row *, void *), void *arg,
			    struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_REQUESTS_OF_TASK);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, task_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct task_request_row r = { 0 };
		read_request(q, &r);
		fn(&r, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_request_page(struct store *st, const struct scope *scope, bool pending_only,
			int64_t limit, int64_t offset,
			void (*fn)(const struct task_request_row *, void *), void *arg,
			int64_t *total, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TASK_REQUEST_COUNT);
	enum wb_status rc;
	bool row;
	int i;

	*total = 0;
	i = store_bind_scope(q, 1, scope);
	store_bind_int(q, i, pending_only ? 1 : 0);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*total = store_col_int(q, 0);
	store_query_end(q);
	if (rc != WB_OK || *total == 0 || limit == 0)
		return rc;
	q = store_query(st, STMT_TASK_REQUEST_PAGE);
	i = store_bind_scope(q, 1, scope);
	store_bind_int(q, i++, pending_only ? 1 : 0);
	store_bind_int(q, i++, limit);
	store_bind_int(q, i, offset);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct task_request_row r = { 0 };
		read_request(q, &r);
		read_request_task(q, &r);
		fn(&r, arg);
	}
	store_query_end(q);
	return rc;
}
