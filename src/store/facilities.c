#include "store/facilities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/meta.h"
#include "store/org.h"
#include "store/scope.h"

/* Binds the FCOL__MAX value columns of r from idx; returns the index after. */
static int
bind_values(struct store_query *q, int idx, const struct facility_row *r)
{
	for (int c = 0; c < FCOL__MAX; c++, idx++) {
		if (facility_col_is_int((enum facility_col)c) && r->v[c][0])
			store_bind_int(q, idx, strtoll(r->v[c], NULL, 10));
		else
			store_bind_text_opt(q, idx, r->v[c]);
	}
	return idx;
}

void
store_facility_read(struct store_query *q, struct facility_row *r)
{
	int k = 0;

	r->id = store_col_int(q, k++);
	r->type = facility_type_parse(store_col_text(q, k++));
	for (int c = 0; c < FCOL__MAX; c++, k++) {
		if (facility_col_is_int((enum facility_col)c) && !store_col_is_null(q, k))
			snprintf(r->v[c], sizeof(r->v[c]), "%lld", (long long)store_col_int(q, k));
		else
			store_col_copy(q, k, r->v[c], sizeof(r->v[c]));
	}
	store_col_copy(q, k++, r->town_code, sizeof(r->town_code));
	r->created_at = store_col_int(q, k++);
	r->updated_at = store_col_int(q, k++);
	r->created_by = store_col_is_null(q, k) ? 0 : store_col_int(q, k);
}

enum wb_status
store_facility_insert(struct store *st, const struct facility_row *r, int64_t now, int64_t by,
		      int64_t *id, struct wb_err *err)
{
	struct store_query *q;
	const struct facility_spec *s = facility_spec(r->type);
	enum wb_status rc;
	bool row, own;
	int i;

	if ((rc = store_registers_begin(st, s ? s->code : NULL, &own, err)) != WB_OK)
		return rc;
	q = store_query(st, STMT_FACILITY_INSERT);
	store_bind_text(q, 1, s ? s->code : "");
	i = bind_values(q, 2, r);
	store_bind_text_opt(q, i++, r->town_code);
	store_bind_int(q, i++, now);
	store_bind_int(q, i++, now);
	if (by > 0)
		store_bind_int(q, i, by);
	else
		store_bind_null(q, i);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return store_registers_end(st, own, rc, err);
}

enum wb_status
store_facility_update(struct store *st, const struct facility_row *r, int64_t now,
		      struct wb_err *err)
{
	struct store_query *q;
	enum wb_status rc;
	bool own;
	int i;

	if ((rc = store_registers_begin(st, NULL, &own, err)) != WB_OK)
		return rc;
	rc = store_registers_touch_facility(st, r->id, err);   /* its register, whatever r says */
	if (rc != WB_OK)
		return store_registers_end(st, own, rc, err);
	q = store_query(st, STMT_FACILITY_UPDATE);
	i = bind_values(q, 1, r);
	store_bind_text_opt(q, i++, r->town_code);
	store_bind_int(q, i++, now);
	store_bind_int(q, i, r->id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "记录不存在");
	return store_registers_end(st, own, rc, err);
}

enum wb_status
store_facility_set_phone(struct store *st, int64_t id, const char *token, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_FACILITY_SET_PHONE);

	store_bind_text_opt(q, 1, token);
	store_bind_int(q, 2, id);
	return store_exec_done(q, err);
}

enum wb_status
store_facility_delete(struct store *st, int64_t id, struct wb_err *err)
{
	struct store_query *q;
	enum wb_status rc;
	bool own;

	if ((rc = store_registers_begin(st, NULL, &own, err)) != WB_OK)
		return rc;
	rc = store_registers_touch_facility(st, id, err);
	if (rc != WB_OK)
		return store_registers_end(st, own, rc, err);
	q = store_query(st, STMT_FACILITY_DELETE);
	store_bind_int(q, 1, id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "记录不存在");
	return store_registers_end(st, own, rc, err);
}

enum wb_status
store_facility_get(struct store *st, const struct scope *scope, int64_t id,
		   struct facility_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_FACILITY_GET_SCOPED);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, id);
	store_bind_scope(q, 2, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		store_facility_read(q, out);
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "记录不存在");
	store_query_end(q);
	return rc;
}

enum wb_status
store_facility_find(struct store *st, enum facility_type type, const char *name,
		    const char *division, struct facility_row *out, bool *found, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_FACILITY_FIND);
	const struct facility_spec *s = facility_spec(type);
	enum wb_status rc;
	bool row = false;

	store_bind_text(q, 1, s ? s->code : "");
	store_bind_text(q, 2, name);
	store_bind_text(q, 3, division);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		store_facility_read(q, out);
	*found = rc == WB_OK && row;
	store_query_end(q);
	return rc;
}

/* Binds FACILITY_FILTER from idx; returns the index after. */
static int
bind_filter(struct store_query *q, int idx, const struct facility_filter *f, const char *like)
{
	const struct facility_spec *s = facility_spec(f->type);
	const char *type = s ? s->code : "";
	const char *town = f->town ? f->town : "";
	const char *village = f->village ? f->village : "";
	const char *text = f->q ? f->q : "";
	const char *ind = f->indicator ? f->indicator : "";
	const char *as_of = f->as_of ? f->as_of : "";

	idx = store_bind_scope(q, idx, f->scope);
	store_bind_text(q, idx++, type);
	store_bind_text(q, idx++, type);
	store_bind_text(q, idx++, town);
	store_bind_text(q, idx++, town);
	store_bind_text(q, idx++, village);
	store_bind_text(q, idx++, village);
	store_bind_text(q, idx++, text);
	store_bind_text(q, idx++, like);
	/* FACILITY_INDICATOR: the code, then (code, date) for the dated ones */
	store_bind_text(q, idx++, ind);
	for (int k = 0; k < 3; k++) {      /* stations, homes, homes_city */
		store_bind_text(q, idx++, ind);
		store_bind_text(q, idx++, as_of);
	}
	store_bind_text(q, idx++, ind);    /* rehab */
	for (int k = 0; k < 3; k++) {      /* childcare, posts_town, posts_village */
		store_bind_text(q, idx++, ind);
		store_bind_text(q, idx++, as_of);
	}
	store_bind_text(q, idx++, ind);    /* schools */
	store_bind_text(q, idx++, f->stages ? f->stages : "");
	return idx;
}

enum wb_status
store_facility_page(struct store *st, const struct facility_filter *f, int64_t limit,
		    int64_t offset, void (*fn)(const struct facility_row *, void *), void *arg,
		    int64_t *total, struct wb_err *err)
{
	struct store_query *q;
	struct facility_row *r;
	enum wb_status rc = WB_OK;
	char like[512];
	bool row;
	int i;

	store_like_pattern(f->q ? f->q : "", like, sizeof(like));
	if (total) {
		*total = 0;
		q = store_query(st, STMT_FACILITY_COUNT);
		bind_filter(q, 1, f, like);
		rc = store_step(q, &row, err);
		if (rc == WB_OK && row)
			*total = store_col_int(q, 0);
		store_query_end(q);
		if (rc != WB_OK || *total == 0 || limit == 0)
			return rc;
	}
	r = malloc(sizeof(*r));
	if (r == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	q = store_query(st, STMT_FACILITY_PAGE);
	i = bind_filter(q, 1, f, like);
	store_bind_int(q, i++, limit < 0 ? INT64_C(1) << 53 : limit);
	store_bind_int(q, i, offset);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		store_facility_read(q, r);
		fn(r, arg);
	}
	store_query_end(q);
	free(r);
	return rc;
}

enum wb_status
store_facility_history_add(struct store *st, int64_t facility_id, enum facility_type type,
			   const struct facility_change *c, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_FACILITY_HISTORY_INSERT);
	const struct facility_spec *s = facility_spec(type);

	store_bind_int(q, 1, facility_id);
	store_bind_text(q, 2, s ? s->code : "");
	store_bind_int(q, 3, c->at);
	if (c->user_id > 0)
		store_bind_int(q, 4, c->user_id);
	else
		store_bind_null(q, 4);
	store_bind_text(q, 5, c->login ? c->login : "");
	store_bind_text(q, 6, c->action);
	store_bind_text(q, 7, c->before);
	store_bind_text(q, 8, c->after);
	store_bind_text_opt(q, 9, c->reason);
	return store_exec_done(q, err);
}

enum wb_status
store_facility_history(struct store *st, int64_t facility_id,
		       void (*fn)(const struct facility_change *, void *), void *arg,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_FACILITY_HISTORY_OF);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, facility_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct facility_change c = {
			.id = store_col_int(q, 0),
			.at = store_col_int(q, 1),
			.user_id = store_col_is_null(q, 2) ? 0 : store_col_int(q, 2),
			.login = store_col_text(q, 3),
			.action = store_col_text(q, 4),
			.before = store_col_text(q, 5),
			.after = store_col_text(q, 6),
			.reason = store_col_text(q, 7),
			.login_name = store_col_text(q, 8),
		};
		fn(&c, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_facility_vacancies(struct store *st, const struct scope *scope, bool villages,
			 void (*fn)(const char *, const char *, const char *, void *), void *arg,
			 struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_FACILITY_VACANT);
	enum wb_status rc;
	bool row;
	int i;

	store_bind_text(q, 1, villages ? "village" : "town");
	i = store_bind_scope(q, 2, scope);
	store_bind_text(q, i, villages ? "director" : "supervisor");
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_text(q, 0), store_col_text(q, 1), store_col_text(q, 2), arg);
	store_query_end(q);
	return rc;
}
