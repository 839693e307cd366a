#include "store/supervisions.h"

#include "store/scope.h"

enum wb_status
store_supervision_open_auto(struct store *st, int64_t task_id, int64_t *id, int *level,
			    struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_OPEN_AUTO);
	enum wb_status rc;
	bool row;

	*id = 0;
	*level = 0;
	store_bind_int(q, 1, task_id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		*id = store_col_int(q, 0);
		*level = (int)store_col_int(q, 1);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_supervision_max_level(struct store *st, int64_t task_id, int *level, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_MAX_LEVEL);
	enum wb_status rc;
	bool row;

	*level = 0;
	store_bind_int(q, 1, task_id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*level = (int)store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_supervision_add(struct store *st, int64_t task_id, const char *kind, int level,
		      const char *reason, int64_t now, const char *by, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_INSERT);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, task_id);
	store_bind_text(q, 2, kind);
	store_bind_int(q, 3, level);
	store_bind_text(q, 4, reason);
	store_bind_int(q, 5, now);
	store_bind_text(q, 6, by);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row && id)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_supervision_raise(struct store *st, int64_t id, int level, const char *reason, int64_t now,
			struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_RAISE);

	store_bind_int(q, 1, level);
	store_bind_text(q, 2, reason);
	store_bind_int(q, 3, now);
	store_bind_int(q, 4, id);
	return store_exec_done(q, err);
}

enum wb_status
store_supervision_resolve(struct store *st, int64_t task_id, int64_t now, int64_t *resolved,
			  struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_RESOLVE);
	enum wb_status rc;

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, task_id);
	rc = store_exec_done(q, err);
	if (resolved)
		*resolved = rc == WB_OK ? store_changes(st) : 0;
	return rc;
}

/* Binds SUPERVISION_WHERE's parameters; returns the index after. */
static int
bind_where(struct store_query *q, const struct scope *scope, int64_t plan_id, bool open_only)
{
	int i = store_bind_scope(q, 1, scope);

	store_bind_int(q, i++, plan_id);
	store_bind_int(q, i++, plan_id);
	store_bind_int(q, i++, open_only ? 1 : 0);
	return i;
}

enum wb_status
store_supervision_page(struct store *st, const struct scope *scope, int64_t plan_id,
		       bool open_only, int64_t limit, int64_t offset,
		       void (*fn)(const struct supervision_row *, void *), void *arg, int64_t *total,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_COUNT);
	struct supervision_row s;
	enum wb_status rc;
	bool row;
	int i;

	*total = 0;
	bind_where(q, scope, plan_id, open_only);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*total = store_col_int(q, 0);
	store_query_end(q);
	if (rc != WB_OK || *total == 0 || limit == 0)
		return rc;
	q = store_query(st, STMT_SUPERVISION_PAGE);
	i = bind_where(q, scope, plan_id, open_only);
	store_bind_int(q, i++, limit);
	store_bind_int(q, i, offset);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		s.id = store_col_int(q, 0);
		s.task_id = store_col_int(q, 1);
		s.plan_id = store_col_int(q, 2);
		s.item_number = store_col_int(q, 3);
		s.unit_id = store_col_int(q, 4);
		s.unit_name = store_col_text(q, 5);
		s.kind = store_col_text(q, 6);
		s.level = (int)store_col_int(q, 7);
		s.reason = store_col_text(q, 8);
		s.issued_at = store_col_int(q, 9);
		s.issued_by = store_col_text(q, 10);
		s.resolved_at = store_col_is_null(q, 11) ? 0 : store_col_int(q, 11);
		s.issued_by_name = store_col_text(q, 12);
		fn(&s, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_supervision_open_auto_tasks(struct store *st, void (*fn)(int64_t, void *), void *arg,
				  struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_OPEN_AUTO_TASKS);
	enum wb_status rc;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_int(q, 0), arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_supervision_resolve_auto(struct store *st, int64_t task_id, int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_RESOLVE_AUTO);

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, task_id);
	return store_exec_done(q, err);
}

enum wb_status
store_supervisions_of_task(struct store *st, int64_t task_id,
			   void (*fn)(const struct supervision_row *, void *), void *arg,
			   struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISIONS_OF_TASK);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, task_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct supervision_row s = {
			.id = store_col_int(q, 0), .task_id = task_id, .kind = store_col_text(q, 1),
			.level = (int)store_col_int(q, 2), .reason = store_col_text(q, 3),
			.issued_at = store_col_int(q, 4), .issued_by = store_col_text(q, 5),
			.resolved_at = store_col_int(q, 6), .issued_by_name = store_col_text(q, 7),
		};
		fn(&s, arg);
	}
	store_query_end(q);
	return rc;
}
