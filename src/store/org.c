#include "store/org.h"

#include <stdio.h>
#include <string.h>

#include "core/division.h"
#include "store/meta.h"

void
store_copy_text(char *dst, size_t n, const char *src)
{
	size_t len;

	if (src == NULL) {
		dst[0] = '\0';
		return;
	}
	len = strlen(src);
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

void
store_like_pattern(const char *s, char *out, size_t len)
{
	size_t o = 0;

	out[o++] = '%';
	for (; *s && o + 3 < len; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			out[o++] = '\\';
		out[o++] = *s;
	}
	out[o++] = '%';
	out[o] = '\0';
}

static void
read_division(struct store_query *q, struct division *d)
{
	store_copy_text(d->code, sizeof(d->code), store_col_text(q, 0));
	store_copy_text(d->name, sizeof(d->name), store_col_text(q, 1));
	store_copy_text(d->level, sizeof(d->level), store_col_text(q, 2));
	store_copy_text(d->kind, sizeof(d->kind), store_col_text(q, 3));
	store_copy_text(d->parent_code, sizeof(d->parent_code), store_col_text(q, 4));
	store_copy_text(d->path, sizeof(d->path), store_col_text(q, 5));
	d->population = store_col_is_null(q, 6) ? -1 : store_col_int(q, 6);
}

enum wb_status
store_division_get(struct store *st, const char *code, struct division *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_DIVISION_GET);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, code);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_division(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "no division with code %s", code);
	store_query_end(q);
	return rc;
}

static void
bind_population(struct store_query *q, int idx, int64_t population)
{
	if (population < 0)
		store_bind_null(q, idx);
	else
		store_bind_int(q, idx, population);
}

/* store_division_put without the registers' generation. */
static enum wb_status
division_put(struct store *st, const struct division *d, bool *created, struct wb_err *err)
{
	struct division existing, parent;
	struct wb_err probe;
	struct store_query *q;
	char path[sizeof(parent.path) + sizeof(d->code) + 2];
	enum wb_status rc;

	rc = store_division_get(st, d->code, &existing, &probe);
	if (rc == WB_OK) {
		*created = false;
		q = store_query(st, STMT_DIVISION_UPDATE);
		store_bind_text(q, 1, d->name);
		store_bind_text(q, 2, d->kind);
		bind_population(q, 3, d->population);
		store_bind_text(q, 4, d->code);
		return store_exec_done(q, err);
	}
	if (rc != WB_ERR_NOTFOUND) {
		if (err)
			*err = probe;
		return rc;
	}

	*created = true;
	if (division_level_parse(d->level) == DIVISION_COUNTY) {
		snprintf(path, sizeof(path), "/%s/", d->code);
	} else {
		rc = store_division_get(st, d->parent_code, &parent, err);
		if (rc == WB_ERR_NOTFOUND)
			return wb_err_set(err, WB_ERR_NOTFOUND,
					  "division %s: its parent %s does not exist", d->code,
					  d->parent_code);
		if (rc != WB_OK)
			return rc;
		snprintf(path, sizeof(path), "%s%s/", parent.path, d->code);
	}
	q = store_query(st, STMT_DIVISION_INSERT);
	store_bind_text(q, 1, d->code);
	store_bind_text(q, 2, d->name);
	store_bind_text(q, 3, d->level);
	store_bind_text(q, 4, d->kind);
	store_bind_text(q, 5, d->parent_code[0] ? d->parent_code : NULL);
	store_bind_text(q, 6, path);
	bind_population(q, 7, d->population);
	return store_exec_done(q, err);
}

enum wb_status
store_division_put(struct store *st, const struct division *d, bool *created, struct wb_err *err)
{
	bool own;
	enum wb_status rc = store_registers_begin(st, "divisions", &own, err);

	if (rc != WB_OK)
		return rc;
	return store_registers_end(st, own, division_put(st, d, created, err), err);
}

enum wb_status
store_division_each(struct store *st, int (*fn)(const struct division *, void *), void *arg,
		    struct wb_err *err)
{
	return store_division_each_in(st, "", fn, arg, err);
}

enum wb_status
store_division_each_in(struct store *st, const char *scope_path,
		       int (*fn)(const struct division *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_DIVISION_LIST_SCOPED);
	char like[80];
	struct division d;
	enum wb_status rc;
	bool row;

	snprintf(like, sizeof(like), "%s%%", scope_path);
	store_bind_text(q, 1, scope_path);
	store_bind_text(q, 2, like);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		read_division(q, &d);
		if (fn(&d, arg) != 0)
			break;
	}
	store_query_end(q);
	return rc;
}

/* Runs a single-value count statement. */
static enum wb_status
count_of(struct store *st, enum stmt_id id, int64_t *count, struct wb_err *err)
{
	struct store_query *q = store_query(st, id);
	enum wb_status rc;
	bool row;

	*count = 0;
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*count = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_division_count(struct store *st, int64_t *count, struct wb_err *err)
{
	return count_of(st, STMT_DIVISION_COUNT, count, err);
}

enum wb_status
store_unit_count(struct store *st, int64_t *count, struct wb_err *err)
{
	return count_of(st, STMT_UNIT_COUNT, count, err);
}

enum wb_status
store_unit_add(struct store *st, const struct unit *u, const char *const *aliases, int64_t now,
	       int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_UNIT_INSERT);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, u->code);
	store_bind_text(q, 2, u->name);
	store_bind_text(q, 3, u->kind);
	store_bind_int(q, 4, now);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	if (rc != WB_OK)
		return rc;
	for (; aliases && *aliases; aliases++) {
		q = store_query(st, STMT_UNIT_ALIAS_INSERT);
		store_bind_text(q, 1, *aliases);
		store_bind_int(q, 2, *id);
		rc = store_exec_done(q, err);
		if (rc != WB_OK)
			return rc;
	}
	return WB_OK;
}

static void
read_unit(struct store_query *q, struct unit *u)
{
	u->id = store_col_int(q, 0);
	store_copy_text(u->code, sizeof(u->code), store_col_text(q, 1));
	store_copy_text(u->name, sizeof(u->name), store_col_text(q, 2));
	store_copy_text(u->kind, sizeof(u->kind), store_col_text(q, 3));
}

enum wb_status
store_unit_find(struct store *st, const char *name, struct unit *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_UNIT_FIND);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, name);
	store_bind_text(q, 2, name);
	store_bind_text(q, 3, name);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_unit(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "no member unit named %s", name);
	store_query_end(q);
	return rc;
}

enum wb_status
store_unit_each(struct store *st, int (*fn)(const struct unit *, void *), void *arg,
		struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_UNIT_LIST);
	enum wb_status rc;
	struct unit u;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		read_unit(q, &u);
		if (fn(&u, arg) != 0)
			break;
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_unit_get(struct store *st, int64_t id, struct unit *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_UNIT_GET_BY_ID);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_unit(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "no member unit with id %lld", (long long)id);
	store_query_end(q);
	return rc;
}

enum wb_status
store_unit_update(struct store *st, const struct unit *u, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_UNIT_UPDATE);

	store_bind_text(q, 1, u->name);
	store_bind_text(q, 2, u->kind);
	store_bind_int(q, 3, u->id);
	return store_exec_done(q, err);
}

enum wb_status
store_unit_set_aliases(struct store *st, int64_t id, const char *const *aliases, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_UNIT_ALIASES_CLEAR);
	enum wb_status rc;

	store_bind_int(q, 1, id);
	rc = store_exec_done(q, err);
	for (; rc == WB_OK && aliases && *aliases; aliases++) {
		q = store_query(st, STMT_UNIT_ALIAS_INSERT);
		store_bind_text(q, 1, *aliases);
		store_bind_int(q, 2, id);
		rc = store_exec_done(q, err);
	}
	return rc;
}

enum wb_status
store_unit_alias_each(struct store *st, void (*fn)(int64_t, const char *, void *), void *arg,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_UNIT_ALL_ALIASES);
	enum wb_status rc;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_int(q, 0), store_col_text(q, 1), arg);
	store_query_end(q);
	return rc;
}
