#include "store/supervisions.h"

#include <string.h>

#include "store/scope.h"

/* Reads SUPERVISION_COLS from column 0 (strings valid until the next step). */
static void
read_notice(struct store_query *q, struct supervision_row *s)
{
	s->id = store_col_int(q, 0);
	s->task_id = store_col_int(q, 1);
	s->kind = store_col_text(q, 2);
	s->level = (int)store_col_int(q, 3);
	s->reason = store_col_text(q, 4);
	s->issued_at = store_col_int(q, 5);
	s->issued_by = store_col_text(q, 6);
	s->resolved_at = store_col_is_null(q, 7) ? 0 : store_col_int(q, 7);
	s->year = (int)store_col_int(q, 8);
	s->seq = (int)store_col_int(q, 9);
	s->signed_at = store_col_is_null(q, 10) ? 0 : store_col_int(q, 10);
	s->signed_by = store_col_is_null(q, 11) ? NULL : store_col_text(q, 11);
	s->reply = store_col_is_null(q, 12) ? NULL : store_col_text(q, 12);
	s->replied_at = store_col_is_null(q, 13) ? 0 : store_col_int(q, 13);
	s->replied_by = store_col_is_null(q, 14) ? NULL : store_col_text(q, 14);
	s->issued_by_name = store_col_text(q, 15);
	s->signed_by_name = s->signed_by ? store_col_text(q, 16) : NULL;
	s->replied_by_name = s->replied_by ? store_col_text(q, 17) : NULL;
}

/* Reads the task columns that follow SUPERVISION_COLS. */
static void
read_notice_task(struct store_query *q, struct supervision_row *s)
{
	s->plan_id = store_col_int(q, 18);
	s->item_number = store_col_int(q, 19);
	s->unit_id = store_col_int(q, 20);
	s->unit_name = store_col_text(q, 21);
}

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
		      const char *reason, int64_t now, int year, const char *by, int64_t *id,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_NUMBER_LOCK);
	enum wb_status rc = store_exec_done(q, err);
	bool row;

	if (rc != WB_OK)
		return rc;
	q = store_query(st, STMT_SUPERVISION_INSERT);
	store_bind_int(q, 1, task_id);
	store_bind_text(q, 2, kind);
	store_bind_int(q, 3, level);
	store_bind_text(q, 4, reason);
	store_bind_int(q, 5, now);
	store_bind_text(q, 6, by);
	store_bind_int(q, 7, year);
	store_bind_int(q, 8, year);
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
		read_notice(q, &s);
		read_notice_task(q, &s);
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
		struct supervision_row s = { 0 };
		read_notice(q, &s);
		fn(&s, arg);
	}
	store_query_end(q);
	return rc;
}

/* Copies the strings of s into arena; false when out of memory. */
static bool
keep_notice(struct arena *arena, struct supervision_row *s)
{
	const char **strs[] = { &s->kind, &s->reason, &s->issued_by, &s->signed_by, &s->reply,
				&s->replied_by, &s->unit_name, &s->issued_by_name,
				&s->signed_by_name, &s->replied_by_name };

	return arena_keep_strings(arena, strs, sizeof(strs) / sizeof(strs[0]));
}

enum wb_status
store_supervision_get(struct store *st, struct arena *arena, const struct scope *scope,
		      int64_t id, struct supervision_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_GET);
	enum wb_status rc;
	bool row;

	memset(out, 0, sizeof(*out));
	store_bind_int(q, 1, id);
	store_bind_scope(q, 2, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		read_notice(q, out);
		read_notice_task(q, out);
		if (!keep_notice(arena, out))
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	} else if (rc == WB_OK) {
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "督办单不存在");
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_supervision_sign(struct store *st, int64_t id, int64_t now, const char *by,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_SIGN);
	enum wb_status rc;

	store_bind_int(q, 1, now);
	store_bind_text(q, 2, by);
	store_bind_int(q, 3, id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "already_signed", "该督办单已签收");
	return rc;
}

enum wb_status
store_supervision_reply(struct store *st, int64_t id, const char *reply, int64_t now,
			const char *by, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SUPERVISION_REPLY);
	enum wb_status rc;

	store_bind_text(q, 1, reply);
	store_bind_int(q, 2, now);
	store_bind_text(q, 3, by);
	store_bind_int(q, 4, now);
	store_bind_text(q, 5, by);
	store_bind_int(q, 6, id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "already_replied", "该督办单已回复");
	return rc;
}
