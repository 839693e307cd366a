#include "store/users.h"

#include <string.h>

#include "store/org.h"
#include "store/scope.h"

enum wb_status
store_user_add(struct store *st, const struct user *u, int64_t now, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_INSERT);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, u->login);
	store_bind_text(q, 2, u->display_name);
	if (u->unit_id > 0)
		store_bind_int(q, 3, u->unit_id);
	else
		store_bind_null(q, 3);
	store_bind_text(q, 4, u->scope_kind);
	store_bind_text(q, 5, u->scope_division[0] ? u->scope_division : NULL);
	store_bind_text(q, 6, u->password_hash);
	store_bind_int(q, 7, now);
	store_bind_int(q, 8, now);
	store_bind_int(q, 9, now);
	if (u->created_by > 0)
		store_bind_int(q, 10, u->created_by);
	else
		store_bind_null(q, 10);
	if (u->scope_institution > 0)
		store_bind_int(q, 11, u->scope_institution);
	else
		store_bind_null(q, 11);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	if (rc == WB_ERR_CONFLICT)
		return wb_err_field(err, rc, "login", "登录名 %s 已存在", u->login);
	return rc;
}

enum wb_status
store_user_add_role(struct store *st, int64_t user_id, int64_t role_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_ROLE_INSERT);

	store_bind_int(q, 1, user_id);
	store_bind_int(q, 2, role_id);
	return store_exec_done(q, err);
}

static void
read_user(struct store_query *q, struct user *u)
{
	u->id = store_col_int(q, 0);
	store_copy_text(u->login, sizeof(u->login), store_col_text(q, 1));
	store_copy_text(u->display_name, sizeof(u->display_name), store_col_text(q, 2));
	u->unit_id = store_col_is_null(q, 3) ? 0 : store_col_int(q, 3);
	store_copy_text(u->unit_name, sizeof(u->unit_name), store_col_text(q, 4));
	store_copy_text(u->scope_kind, sizeof(u->scope_kind), store_col_text(q, 5));
	store_copy_text(u->scope_division, sizeof(u->scope_division), store_col_text(q, 6));
	store_copy_text(u->status, sizeof(u->status), store_col_text(q, 7));
	store_copy_text(u->password_hash, sizeof(u->password_hash), store_col_text(q, 8));
	u->created_at = store_col_int(q, 9);
	u->scope_name[0] = '\0';
	u->scope_institution = 0;
}

/* read_user plus the scope division's name (column 10 of USER_COLUMNS). */
static void
read_user_full(struct store_query *q, struct user *u)
{
	read_user(q, u);
	store_copy_text(u->scope_name, sizeof(u->scope_name), store_col_text(q, 10));
	u->locked_until = store_col_is_null(q, 11) ? 0 : store_col_int(q, 11);
	u->scope_institution = store_col_is_null(q, 12) ? 0 : store_col_int(q, 12);
}

/* Binds the USER_FILTER parameters starting at index i; returns the next index. */
static int
bind_user_filter(struct store_query *q, const struct user_filter *f, int i)
{
	char like[256];

	store_like_pattern(f->q, like, sizeof(like));
	i = store_bind_scope(q, i, f->scope);
	store_bind_text(q, i++, f->q);
	store_bind_text(q, i++, like);
	store_bind_text(q, i++, like);
	store_bind_text(q, i++, f->status);
	store_bind_text(q, i++, f->status);
	store_bind_text(q, i++, f->role);
	store_bind_text(q, i++, f->role);
	return i;
}

enum wb_status
store_user_page(struct store *st, const struct user_filter *f, int64_t limit, int64_t offset,
		void (*fn)(const struct user *, void *), void *arg, int64_t *total,
		struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_PAGE_COUNT);
	enum wb_status rc;
	struct user u;
	bool row;
	int i;

	bind_user_filter(q, f, 1);
	rc = store_step(q, &row, err);
	*total = rc == WB_OK && row ? store_col_int(q, 0) : 0;
	store_query_end(q);
	if (rc != WB_OK)
		return rc;
	q = store_query(st, STMT_USER_PAGE);
	i = bind_user_filter(q, f, 1);
	store_bind_text(q, i++, f->order);
	store_bind_text(q, i++, f->sort);
	store_bind_text(q, i++, f->order);
	store_bind_text(q, i++, f->sort);
	store_bind_text(q, i++, f->order);
	store_bind_text(q, i++, f->order);
	store_bind_int(q, i++, limit);
	store_bind_int(q, i++, offset);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		read_user_full(q, &u);
		fn(&u, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_user_get_scoped(struct store *st, const struct scope *scope, int64_t id, struct user *out,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_GET_SCOPED);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, id);
	store_bind_scope(q, 2, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_user_full(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "用户不存在");
	store_query_end(q);
	return rc;
}

enum wb_status
store_user_get_by_id(struct store *st, int64_t id, struct user *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_GET_BY_ID);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_user_full(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "no user with id %lld", (long long)id);
	store_query_end(q);
	return rc;
}

enum wb_status
store_user_update(struct store *st, const struct user *u, int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_UPDATE_PROFILE);

	store_bind_text(q, 1, u->display_name);
	if (u->unit_id > 0)
		store_bind_int(q, 2, u->unit_id);
	else
		store_bind_null(q, 2);
	store_bind_text(q, 3, u->scope_kind);
	store_bind_text(q, 4, u->scope_division[0] ? u->scope_division : NULL);
	store_bind_text(q, 5, u->status);
	store_bind_int(q, 6, now);
	if (u->scope_institution > 0)
		store_bind_int(q, 7, u->scope_institution);
	else
		store_bind_null(q, 7);
	store_bind_int(q, 8, u->id);
	return store_exec_done(q, err);
}

enum wb_status
store_user_clear_roles(struct store *st, int64_t user_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_ROLES_CLEAR);

	store_bind_int(q, 1, user_id);
	return store_exec_done(q, err);
}

enum wb_status
store_user_set_password_by_id(struct store *st, int64_t id, const char *hash, int64_t now,
			      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_SET_PASSWORD_BY_ID);

	store_bind_text(q, 1, hash);
	store_bind_int(q, 2, now);
	store_bind_int(q, 3, now);
	store_bind_int(q, 4, id);
	return store_exec_done(q, err);
}

enum wb_status
store_user_get(struct store *st, const char *login, struct user *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_GET_BY_LOGIN);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, login);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		read_user(q, out);
		out->scope_institution = store_col_is_null(q, 10) ? 0 : store_col_int(q, 10);
	} else if (rc == WB_OK) {
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "no user with login %s", login);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_user_each(struct store *st, int (*fn)(const struct user *, void *), void *arg,
		struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_LIST);
	enum wb_status rc;
	struct user u;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		read_user(q, &u);
		u.scope_institution = store_col_is_null(q, 10) ? 0 : store_col_int(q, 10);
		if (fn(&u, arg) != 0)
			break;
	}
	store_query_end(q);
	return rc;
}

/* Writes the first column of statement id's rows for user_id into out,
 * joined by sep; stops at the first value that does not fit whole. */
static enum wb_status
user_role_list(struct store *st, enum stmt_id id, const char *sep, int64_t user_id, char *out,
	       size_t outlen, struct wb_err *err)
{
	struct store_query *q = store_query(st, id);
	size_t used = 0, seplen = strlen(sep);
	enum wb_status rc;
	bool row;

	out[0] = '\0';
	store_bind_int(q, 1, user_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		const char *v = store_col_text(q, 0);
		size_t n = strlen(v);
		if (used + (used ? seplen : 0) + n + 1 > outlen)
			break;
		if (used) {
			memcpy(out + used, sep, seplen);
			used += seplen;
		}
		memcpy(out + used, v, n + 1);
		used += n;
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_user_roles(struct store *st, int64_t user_id, char *out, size_t outlen, struct wb_err *err)
{
	return user_role_list(st, STMT_USER_ROLES_OF, ",", user_id, out, outlen, err);
}

enum wb_status
store_user_role_names(struct store *st, int64_t user_id, char *out, size_t outlen,
		      struct wb_err *err)
{
	return user_role_list(st, STMT_USER_ROLE_NAMES_OF, "、", user_id, out, outlen, err);
}

/* Runs an UPDATE of one user by login; WB_ERR_NOTFOUND when no row changed. */
static enum wb_status
update_user(struct store *st, struct store_query *q, const char *login, struct wb_err *err)
{
	enum wb_status rc = store_exec_done(q, err);

	if (rc == WB_OK && store_changes(st) == 0)
		return wb_err_set(err, WB_ERR_NOTFOUND, "no user with login %s", login);
	return rc;
}

enum wb_status
store_user_set_status(struct store *st, const char *login, const char *status, int64_t now,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_SET_STATUS);

	store_bind_text(q, 1, status);
	store_bind_int(q, 2, now);
	store_bind_text(q, 3, login);
	return update_user(st, q, login, err);
}

enum wb_status
store_user_set_password(struct store *st, const char *login, const char *hash, int64_t now,
			struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_USER_SET_PASSWORD);

	store_bind_text(q, 1, hash);
	store_bind_int(q, 2, now);
	store_bind_int(q, 3, now);
	store_bind_text(q, 4, login);
	return update_user(st, q, login, err);
}

enum wb_status
store_role_add(struct store *st, const struct role *r, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ROLE_INSERT);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, r->code);
	store_bind_text(q, 2, r->name);
	store_bind_int(q, 3, r->builtin ? 1 : 0);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_role_add_permission(struct store *st, int64_t role_id, const char *perm, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ROLE_PERMISSION_INSERT);

	store_bind_int(q, 1, role_id);
	store_bind_text(q, 2, perm);
	return store_exec_done(q, err);
}

static void
read_role(struct store_query *q, struct role *out)
{
	out->id = store_col_int(q, 0);
	store_copy_text(out->code, sizeof(out->code), store_col_text(q, 1));
	store_copy_text(out->name, sizeof(out->name), store_col_text(q, 2));
	out->builtin = store_col_int(q, 3) != 0;
}

enum wb_status
store_role_find(struct store *st, const char *code, struct role *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ROLE_FIND);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, code);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_role(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "no role %s", code);
	store_query_end(q);
	return rc;
}

enum wb_status
store_role_get_by_id(struct store *st, int64_t id, struct role *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ROLE_GET_BY_ID);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_role(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "no role with id %lld", (long long)id);
	store_query_end(q);
	return rc;
}

enum wb_status
store_role_set_name(struct store *st, int64_t id, const char *name, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ROLE_UPDATE_NAME);

	store_bind_text(q, 1, name);
	store_bind_int(q, 2, id);
	return store_exec_done(q, err);
}

enum wb_status
store_role_clear_permissions(struct store *st, int64_t id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ROLE_PERMISSIONS_CLEAR);

	store_bind_int(q, 1, id);
	return store_exec_done(q, err);
}

enum wb_status
store_role_each(struct store *st, void (*fn)(const struct role *, void *), void *arg,
		struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ROLE_LIST);
	enum wb_status rc;
	struct role r;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		read_role(q, &r);
		fn(&r, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_role_permission_each(struct store *st, void (*fn)(int64_t, const char *, void *), void *arg,
			   struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ROLE_ALL_PERMISSIONS);
	enum wb_status rc;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_int(q, 0), store_col_text(q, 1), arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_role_permissions(struct store *st, int64_t role_id, void (*fn)(const char *, void *),
		       void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ROLE_PERMISSIONS_OF);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, role_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_text(q, 0), arg);
	store_query_end(q);
	return rc;
}
