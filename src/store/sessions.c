#include "store/sessions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/org.h"

/* Appends code to the comma-separated list unless it is in it already. */
static void
append_code(char *list, size_t len, const char *code)
{
	size_t used = strlen(list), n = strlen(code);

	for (const char *p = list; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
		if (strncmp(p, code, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return;
	}
	if (used + n + 2 > len)
		return;
	if (used)
		list[used++] = ',';
	memcpy(list + used, code, n + 1);
}

enum wb_status
store_user_grants(struct store *st, int64_t user_id, char *roles, size_t rlen, char *perms, size_t plen,
	    struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_GRANTS);
	enum wb_status rc;
	bool row;

	roles[0] = perms[0] = '\0';
	store_bind_int(q, 1, user_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		append_code(roles, rlen, store_col_text(q, 0));
		if (!store_col_is_null(q, 1))
			append_code(perms, plen, store_col_text(q, 1));
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_session_add(struct store *st, const char *token_hash, int64_t user_id, const char *csrf,
		  const char *client_addr, int64_t now, int64_t expires_at, struct wb_err *err)
{
	struct session_user g;
	struct store_query *q;
	enum wb_status rc;

	rc = store_user_grants(st, user_id, g.roles, sizeof(g.roles), g.permissions,
			 sizeof(g.permissions), err);
	if (rc != WB_OK)
		return rc;
	q = store_query(st, STMT_SESSION_INSERT);
	store_bind_text(q, 1, token_hash);
	store_bind_int(q, 2, user_id);
	store_bind_text(q, 3, csrf);
	store_bind_text(q, 4, g.roles);
	store_bind_text(q, 5, g.permissions);
	store_bind_text(q, 6, client_addr);
	store_bind_int(q, 7, now);
	store_bind_int(q, 8, now);
	store_bind_int(q, 9, expires_at);
	return store_exec_done(q, err);
}

enum wb_status
store_session_refresh_grants(struct store *st, int64_t user_id, struct wb_err *err)
{
	char roles[560], perms[640];
	struct store_query *q;
	enum wb_status rc;

	rc = store_user_grants(st, user_id, roles, sizeof(roles), perms, sizeof(perms), err);
	if (rc != WB_OK)
		return rc;
	q = store_query(st, STMT_SESSION_SET_GRANTS);
	store_bind_text(q, 1, roles);
	store_bind_text(q, 2, perms);
	store_bind_int(q, 3, user_id);
	return store_exec_done(q, err);
}

enum wb_status
store_session_refresh_role(struct store *st, int64_t role_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ROLE_USERS);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, role_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		if (n == cap) {
			int64_t *p = realloc(ids, (cap = cap ? cap * 2 : 64) * sizeof(*ids));
			if (p == NULL) {
				rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
				break;
			}
			ids = p;
		}
		ids[n++] = store_col_int(q, 0);
	}
	store_query_end(q);
	for (size_t i = 0; i < n && rc == WB_OK; i++)
		rc = store_session_refresh_grants(st, ids[i], err);
	free(ids);
	return rc;
}

enum wb_status
store_session_get(struct store *st, const char *token_hash, struct session_user *out,
		  struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SESSION_LOOKUP);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, token_hash);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		out->user_id = store_col_int(q, 0);
		store_copy_text(out->csrf_token, sizeof(out->csrf_token), store_col_text(q, 1));
		out->created_at = store_col_int(q, 2);
		out->last_seen_at = store_col_int(q, 3);
		out->expires_at = store_col_int(q, 4);
		store_copy_text(out->login, sizeof(out->login), store_col_text(q, 5));
		store_copy_text(out->display_name, sizeof(out->display_name), store_col_text(q, 6));
		out->unit_id = store_col_is_null(q, 7) ? 0 : store_col_int(q, 7);
		store_copy_text(out->unit_name, sizeof(out->unit_name), store_col_text(q, 8));
		store_copy_text(out->scope_kind, sizeof(out->scope_kind), store_col_text(q, 9));
		store_copy_text(out->scope_division, sizeof(out->scope_division), store_col_text(q, 10));
		store_copy_text(out->status, sizeof(out->status), store_col_text(q, 11));
		store_copy_text(out->scope_name, sizeof(out->scope_name), store_col_text(q, 12));
		store_copy_text(out->roles, sizeof(out->roles), store_col_text(q, 13));
		store_copy_text(out->permissions, sizeof(out->permissions), store_col_text(q, 14));
		out->totp_enabled = store_col_int(q, 15) == 1;
		out->scope_institution = store_col_is_null(q, 16) ? 0 : store_col_int(q, 16);
	} else if (rc == WB_OK) {
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "no such session");
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_session_touch(struct store *st, const char *token_hash, int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SESSION_TOUCH);

	store_bind_int(q, 1, now);
	store_bind_text(q, 2, token_hash);
	return store_exec_done(q, err);
}

enum wb_status
store_session_delete(struct store *st, const char *token_hash, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SESSION_DELETE);

	store_bind_text(q, 1, token_hash);
	return store_exec_done(q, err);
}

enum wb_status
store_session_delete_user(struct store *st, int64_t user_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SESSION_DELETE_USER);

	store_bind_int(q, 1, user_id);
	return store_exec_done(q, err);
}

enum wb_status
store_session_delete_others(struct store *st, int64_t user_id, const char *keep_hash,
			    struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SESSION_DELETE_OTHERS);

	store_bind_int(q, 1, user_id);
	store_bind_text(q, 2, keep_hash);
	return store_exec_done(q, err);
}

enum wb_status
store_session_purge(struct store *st, int64_t now, int64_t idle_before, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SESSION_PURGE);

	store_bind_int(q, 1, now);
	store_bind_int(q, 2, idle_before);
	return store_exec_done(q, err);
}

enum wb_status
store_auth_get(struct store *st, const char *login, struct auth_user *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_AUTH_GET);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, login);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		out->id = store_col_int(q, 0);
		store_copy_text(out->status, sizeof(out->status), store_col_text(q, 1));
		store_copy_text(out->password_hash, sizeof(out->password_hash), store_col_text(q, 2));
		out->locked_until = store_col_is_null(q, 3) ? 0 : store_col_int(q, 3);
		store_copy_text(out->display_name, sizeof(out->display_name), store_col_text(q, 4));
	} else if (rc == WB_OK) {
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "no such user");
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_auth_lock(struct store *st, int64_t user_id, int64_t until, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_LOCK);

	store_bind_int(q, 1, until);
	store_bind_int(q, 2, user_id);
	return store_exec_done(q, err);
}

enum wb_status
store_signin_count(struct store *st, const char *key, int64_t now, int64_t window, int64_t *count,
		   struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SIGNIN_COUNT);
	enum wb_status rc;
	bool row;

	*count = 0;
	store_bind_text(q, 1, key);
	store_bind_int(q, 2, now);
	store_bind_int(q, 3, now - window);
	store_bind_int(q, 4, now - window);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*count = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

/* Runs a sign-in counter statement on one key. */
static enum wb_status
signin_key(struct store *st, enum stmt_id id, const char *key, struct wb_err *err)
{
	struct store_query *q = store_query(st, id);

	store_bind_text(q, 1, key);
	return store_exec_done(q, err);
}

enum wb_status
store_signin_uncount(struct store *st, const char *key, struct wb_err *err)
{
	return signin_key(st, STMT_SIGNIN_UNCOUNT, key, err);
}

enum wb_status
store_signin_clear(struct store *st, const char *key, struct wb_err *err)
{
	return signin_key(st, STMT_SIGNIN_CLEAR, key, err);
}

enum wb_status
store_signin_clear_user(struct store *st, int64_t user_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SIGNIN_CLEAR_USER);
	char key[32], prefix[34];

	snprintf(key, sizeof(key), "user:%lld", (long long)user_id);
	snprintf(prefix, sizeof(prefix), "%s@", key);
	store_bind_text(q, 1, key);
	store_bind_text(q, 2, prefix);
	store_bind_text(q, 3, prefix);
	return store_exec_done(q, err);
}

enum wb_status
store_signin_purge(struct store *st, int64_t before, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_SIGNIN_PURGE);

	store_bind_int(q, 1, before);
	return store_exec_done(q, err);
}

enum wb_status
store_auth_ok(struct store *st, int64_t user_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_LOGIN_OK);

	store_bind_int(q, 1, user_id);
	return store_exec_done(q, err);
}
