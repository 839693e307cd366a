#include "store/notifications.h"

/* Runs q to its end and counts the rows it changed into *added (may be NULL). */
static enum wb_status
exec_counted(struct store *st, struct store_query *q, int64_t *added, struct wb_err *err)
{
	enum wb_status rc = store_exec_done(q, err);

	if (added)
		*added = rc == WB_OK ? store_changes(st) : 0;
	return rc;
}

/* Binds the first six parameters NOTIFY_UNIT and NOTIFY_OFFICE share. */
static void
bind_notice(struct store_query *q, const char *kind, const char *title, const char *link,
	    int64_t task_id, const char *dedupe, int64_t now)
{
	store_bind_text(q, 1, kind);
	store_bind_text(q, 2, title);
	store_bind_text(q, 3, link);
	if (task_id > 0)
		store_bind_int(q, 4, task_id);
	else
		store_bind_null(q, 4);
	store_bind_text(q, 5, dedupe);
	store_bind_int(q, 6, now);
}

enum wb_status
store_notify_unit(struct store *st, int64_t unit_id, const char *kind, const char *title,
		  const char *link, int64_t task_id, const char *dedupe, int64_t now,
		  int64_t *added, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_NOTIFY_UNIT);

	bind_notice(q, kind, title, link, task_id, dedupe, now);
	store_bind_int(q, 7, unit_id);
	return exec_counted(st, q, added, err);
}

enum wb_status
store_notify_office(struct store *st, const char *kind, const char *title, const char *link,
		    int64_t task_id, int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_NOTIFY_OFFICE);

	bind_notice(q, kind, title, link, task_id, NULL, now);
	return exec_counted(st, q, NULL, err);
}

enum wb_status
store_notify_plan_assigned(struct store *st, int64_t plan_id, int64_t now, int64_t *added,
			   struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_NOTIFY_PLAN_ASSIGNED);

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, plan_id);
	return exec_counted(st, q, added, err);
}

enum wb_status
store_notify_due_soon(struct store *st, int64_t now, int64_t *added, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_NOTIFY_DUE_SOON);

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, now);
	store_bind_int(q, 3, now);
	return exec_counted(st, q, added, err);
}

enum wb_status
store_notification_page(struct store *st, int64_t user_id, bool unread_only, int64_t limit,
			int64_t offset, void (*fn)(const struct notification_row *, void *),
			void *arg, int64_t *total, int64_t *unread, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_NOTIFICATION_COUNT);
	enum wb_status rc;
	bool row = false;

	store_bind_int(q, 1, user_id);
	store_bind_int(q, 2, user_id);
	store_bind_int(q, 3, unread_only);
	rc = store_step(q, &row, err);
	*total = row ? store_col_int(q, 0) : 0;
	*unread = row ? store_col_int(q, 1) : 0;
	store_query_end(q);
	if (rc != WB_OK || *total <= offset)
		return rc;
	q = store_query(st, STMT_NOTIFICATION_PAGE);
	store_bind_int(q, 1, user_id);
	store_bind_int(q, 2, unread_only);
	store_bind_int(q, 3, limit);
	store_bind_int(q, 4, offset);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct notification_row n = {
			.id = store_col_int(q, 0), .kind = store_col_text(q, 1),
			.title = store_col_text(q, 2), .link = store_col_text(q, 3),
			.task_id = store_col_int(q, 4), .created_at = store_col_int(q, 5),
			.read_at = store_col_int(q, 6),
		};
		fn(&n, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_notification_read(struct store *st, int64_t user_id, int64_t id, int64_t now,
			struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_NOTIFICATION_OWNED);
	enum wb_status rc;
	bool row = false;

	store_bind_int(q, 1, id);
	store_bind_int(q, 2, user_id);
	rc = store_step(q, &row, err);
	store_query_end(q);
	if (rc != WB_OK)
		return rc;
	if (!row)
		return wb_err_set(err, WB_ERR_NOTFOUND, "通知不存在");
	q = store_query(st, STMT_NOTIFICATION_READ);
	store_bind_int(q, 1, now);
	store_bind_int(q, 2, id);
	store_bind_int(q, 3, user_id);
	return store_exec_done(q, err);
}

enum wb_status
store_notification_read_all(struct store *st, int64_t user_id, int64_t now, int64_t *n,
			    struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_NOTIFICATION_READ_ALL);

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, user_id);
	return exec_counted(st, q, n, err);
}

enum wb_status
store_notification_prune(struct store *st, int64_t before, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_NOTIFICATION_PRUNE);

	store_bind_int(q, 1, before);
	return store_exec_done(q, err);
}

enum wb_status
store_notifications_after(struct store *st, int64_t after, int64_t limit,
			  void (*fn)(const struct notification_out *, void *), void *arg,
			  int64_t *max_id, struct wb_err *err)
{
	struct store_query *q;
	enum wb_status rc = WB_OK;
	bool row = false;

	*max_id = 0;
	if (store_backend(st) == STORE_POSTGRESQL) {
		rc = store_exec_done(store_query(st, STMT_NOTIFICATION_SETTLE_TIMEOUT_PG), err);
		if (rc == WB_OK)
			rc = store_exec_done(store_query(st, STMT_NOTIFICATION_SETTLE_PG), err);
	}
	if (rc != WB_OK)
		return rc;
	q = store_query(st, STMT_NOTIFICATION_MAX_ID);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*max_id = store_col_int(q, 0);
	store_query_end(q);
	if (rc != WB_OK || limit <= 0)
		return rc;
	q = store_query(st, STMT_NOTIFICATION_AFTER);
	store_bind_int(q, 1, after);
	store_bind_int(q, 2, limit);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct notification_out n = {
			.id = store_col_int(q, 0), .kind = store_col_text(q, 1),
			.title = store_col_text(q, 2), .link = store_col_text(q, 3),
			.created_at = store_col_int(q, 4), .login = store_col_text(q, 5),
			.name = store_col_text(q, 6), .unit = store_col_text(q, 7),
		};
		fn(&n, arg);
	}
	store_query_end(q);
	return rc;
}
