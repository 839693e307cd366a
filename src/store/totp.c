#include "store/totp.h"

#include <string.h>

#include "store/org.h"

enum wb_status
store_totp_get(struct store *st, int64_t user_id, struct totp_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TOTP_GET);
	enum wb_status rc;
	bool row;

	memset(out, 0, sizeof(*out));
	store_bind_int(q, 1, user_id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		store_copy_text(out->secret, sizeof(out->secret), store_col_text(q, 0));
		out->enabled = store_col_int(q, 1) == 1;
		out->last_step = store_col_int(q, 2);
	} else if (rc == WB_OK) {
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "no TOTP for user %lld", (long long)user_id);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_totp_enabled(struct store *st, int64_t user_id, bool *enabled, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TOTP_ENABLED);
	enum wb_status rc;
	bool row;

	*enabled = false;
	store_bind_int(q, 1, user_id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*enabled = store_col_int(q, 0) == 1;
	store_query_end(q);
	return rc;
}

enum wb_status
store_totp_set_pending(struct store *st, int64_t user_id, const char *secret, int64_t now,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TOTP_SET_PENDING);
	enum wb_status rc;

	store_bind_int(q, 1, user_id);
	store_bind_text(q, 2, secret);
	store_bind_int(q, 3, now);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_set(err, WB_ERR_CONFLICT, "TOTP is enabled already");
	return rc;
}

enum wb_status
store_totp_enable(struct store *st, int64_t user_id, int64_t step, int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TOTP_ENABLE);
	enum wb_status rc;

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, step);
	store_bind_int(q, 3, user_id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_set(err, WB_ERR_CONFLICT, "no pending TOTP secret to enable");
	return rc;
}

enum wb_status
store_totp_accept_step(struct store *st, int64_t user_id, int64_t step, bool *accepted,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TOTP_ACCEPT_STEP);
	enum wb_status rc;

	store_bind_int(q, 1, step);
	store_bind_int(q, 2, user_id);
	store_bind_int(q, 3, step);
	rc = store_exec_done(q, err);
	*accepted = rc == WB_OK && store_changes(st) == 1;
	return rc;
}

enum wb_status
store_totp_delete(struct store *st, int64_t user_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TOTP_RECOVERY_CLEAR);
	enum wb_status rc;

	store_bind_int(q, 1, user_id);
	rc = store_exec_done(q, err);
	if (rc != WB_OK)
		return rc;
	q = store_query(st, STMT_TOTP_DELETE);
	store_bind_int(q, 1, user_id);
	return store_exec_done(q, err);
}

enum wb_status
store_totp_recovery_set(struct store *st, int64_t user_id, const char *const *hashes, size_t n,
			struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TOTP_RECOVERY_CLEAR);
	enum wb_status rc;

	store_bind_int(q, 1, user_id);
	rc = store_exec_done(q, err);
	for (size_t i = 0; i < n && rc == WB_OK; i++) {
		q = store_query(st, STMT_TOTP_RECOVERY_INSERT);
		store_bind_int(q, 1, user_id);
		store_bind_text(q, 2, hashes[i]);
		rc = store_exec_done(q, err);
	}
	return rc;
}

enum wb_status
store_totp_recovery_use(struct store *st, int64_t user_id, const char *hash, int64_t now,
			bool *used, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TOTP_RECOVERY_USE);
	enum wb_status rc;

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, user_id);
	store_bind_text(q, 3, hash);
	rc = store_exec_done(q, err);
	*used = rc == WB_OK && store_changes(st) == 1;
	return rc;
}

enum wb_status
store_totp_recovery_left(struct store *st, int64_t user_id, int64_t *left, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_TOTP_RECOVERY_LEFT);
	enum wb_status rc;
	bool row;

	*left = 0;
	store_bind_int(q, 1, user_id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*left = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}
