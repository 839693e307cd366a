#include "store/children.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/scope.h"
#include "store/store_int.h"

/* Binds v, or NULL for 0. */
static void
bind_opt_int(struct store_query *q, int idx, int64_t v)
{
	if (v != 0)
		store_bind_int(q, idx, v);
	else
		store_bind_null(q, idx);
}

/* Reads CHILD_COLUMNS from column 0 into r. */
static void
read_child(struct store_query *q, struct child_row *r)
{
	int k = 0;

	r->id = store_col_int(q, k++);
	store_col_copy(q, k++, r->id_index, sizeof(r->id_index));
	store_col_copy(q, k++, r->id_number, sizeof(r->id_number));
	store_col_copy(q, k++, r->name, sizeof(r->name));
	store_col_copy(q, k++, r->address, sizeof(r->address));
	store_col_copy(q, k++, r->bank_account, sizeof(r->bank_account));
	r->temporary = store_col_int(q, k++) != 0;
	store_col_copy(q, k++, r->sex, sizeof(r->sex));
	store_col_copy(q, k++, r->birth_date, sizeof(r->birth_date));
	store_col_copy(q, k++, r->village_code, sizeof(r->village_code));
	store_col_copy(q, k++, r->town_code, sizeof(r->town_code));
	store_col_copy(q, k++, r->household, sizeof(r->household));
	store_col_copy(q, k++, r->school, sizeof(r->school));
	store_col_copy(q, k++, r->placement, sizeof(r->placement));
	store_col_copy(q, k++, r->disability, sizeof(r->disability));
	r->disability_grade = (int)store_col_int0(q, k++);
	store_col_copy(q, k++, r->economy, sizeof(r->economy));
	r->guardianship_lacking = store_col_int(q, k++) != 0;
	r->categories = (unsigned)store_col_int(q, k++);
	store_col_copy(q, k++, r->derived_on, sizeof(r->derived_on));
	store_col_copy(q, k++, r->recheck_on, sizeof(r->recheck_on));
	r->created_at = store_col_int(q, k++);
	r->updated_at = store_col_int(q, k++);
	r->created_by = store_col_int0(q, k);
}

/* Steps q to its one row into *out (*found false when none) and ends it. */
static enum wb_status
one_child(struct store_query *q, struct child_row *out, bool *found, struct wb_err *err)
{
	enum wb_status rc;
	bool row = false;

	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_child(q, out);
	store_query_end(q);
	*found = rc == WB_OK && row;
	return rc;
}

/* Steps an INSERT … RETURNING id and ends it. */
static enum wb_status
returning_id(struct store_query *q, int64_t *id, struct wb_err *err)
{
	enum wb_status rc;
	bool row = false;

	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

/* store_bind_text_opt without a copy: every row bound here is executed
 * (store_exec_done, returning_id) while the caller's strings live. */
static void
bind_text_opt_ref(struct store_query *q, int idx, const char *s)
{
	store_bind_text_ref(q, idx, s && *s ? s : NULL);
}

/* Binds the facts of r a change may touch (village to guardianship, in the
 * order of CHILD_INSERT and CHILD_UPDATE) from idx; returns the index after. */
static int
bind_facts(struct store_query *q, int i, const struct child_row *r)
{
	store_bind_text_ref(q, i++, r->village_code);
	store_bind_text_ref(q, i++, r->town_code);
	bind_text_opt_ref(q, i++, r->household);
	bind_text_opt_ref(q, i++, r->school);
	store_bind_text_ref(q, i++, r->placement);
	bind_text_opt_ref(q, i++, r->disability);
	bind_opt_int(q, i++, r->disability_grade);
	bind_text_opt_ref(q, i++, r->economy);
	store_bind_int(q, i++, r->guardianship_lacking);
	return i;
}

enum wb_status
store_child_reserve_ids(struct store *st, enum child_id_table t, size_t n, int64_t *ids,
			struct wb_err *err)
{
	bool pg = store_backend(st) == STORE_POSTGRESQL, row = false;
	enum stmt_id sid = t == CHILD_ID_CHILD ? (pg ? STMT_CHILD_NEXT_IDS_PG : STMT_CHILD_NEXT_ID_SQLITE)
					       : (pg ? STMT_CHILD_GUARDIAN_NEXT_IDS_PG
						     : STMT_CHILD_GUARDIAN_NEXT_ID_SQLITE);
	struct store_query *q = store_query(st, sid);
	enum wb_status rc = WB_OK;
	size_t k = 0;

	if (pg)
		store_bind_int(q, 1, (int64_t)n);
	while (k < n && (rc = store_step(q, &row, err)) == WB_OK && row) {
		ids[k] = store_col_int(q, 0);
		for (k++; !pg && k < n; k++)   /* SQLite: the ones after it */
			ids[k] = ids[k - 1] + 1;
	}
	store_query_end(q);
	if (rc == WB_OK && k < n)
		rc = wb_err_set(err, WB_ERR_DB, "reserving %zu row ids gave %zu", n, k);
	return rc;
}

/* Binds child r for CHILD_INSERT_ROW from index i; returns the index after. */
static int
bind_child(struct store_query *q, int i, const struct child_row *r, int64_t now, int64_t by)
{
	store_bind_int(q, i++, r->id);
	store_bind_text_ref(q, i++, r->id_index);
	store_bind_text_ref(q, i++, r->id_number);
	store_bind_int(q, i++, r->temporary);
	store_bind_text_ref(q, i++, r->name);
	bind_text_opt_ref(q, i++, r->address);
	bind_text_opt_ref(q, i++, r->bank_account);
	bind_text_opt_ref(q, i++, r->sex);
	bind_text_opt_ref(q, i++, r->birth_date);
	i = bind_facts(q, i, r);
	store_bind_int(q, i++, r->categories);
	bind_text_opt_ref(q, i++, r->derived_on);
	bind_text_opt_ref(q, i++, r->recheck_on);
	store_bind_int(q, i++, now);
	store_bind_int(q, i++, now);
	bind_opt_int(q, i++, by);
	return i;
}

enum wb_status
store_child_insert(struct store *st, const struct child_row *r, int64_t now, int64_t by,
		   struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_INSERT);

	bind_child(q, 1, r, now, by);
	return store_exec_done(q, err);
}

enum wb_status
store_child_set_tokens(struct store *st, const struct child_row *r, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_SET_TOKENS);

	store_bind_text(q, 1, r->id_number);
	store_bind_text(q, 2, r->name);
	store_bind_text_opt(q, 3, r->address);
	store_bind_text_opt(q, 4, r->bank_account);
	store_bind_int(q, 5, r->id);
	return store_exec_done(q, err);
}

enum wb_status
store_child_update(struct store *st, const struct child_row *r, int64_t now, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_UPDATE);
	enum wb_status rc;
	int i = 1;

	i = bind_facts(q, i, r);
	store_bind_int(q, i++, now);
	store_bind_int(q, i, r->id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		return wb_err_set(err, WB_ERR_NOTFOUND, "该儿童记录不存在");
	return rc;
}

enum wb_status
store_child_set_categories(struct store *st, int64_t id, unsigned categories,
			   const char *derived_on, const char *recheck_on, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_SET_CATEGORIES);

	store_bind_int(q, 1, categories);
	store_bind_text_opt(q, 2, derived_on);
	store_bind_text_opt(q, 3, recheck_on);
	store_bind_int(q, 4, id);
	return store_exec_done(q, err);
}

enum wb_status
store_child_get(struct store *st, const struct scope *scope, int64_t id, struct child_row *out,
		struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_GET_SCOPED);
	enum wb_status rc;
	bool found;

	store_bind_int(q, 1, id);
	store_bind_scope(q, 2, scope);
	rc = one_child(q, out, &found, err);
	if (rc == WB_OK && !found)
		return wb_err_set(err, WB_ERR_NOTFOUND, "该儿童记录不存在");
	return rc;
}

enum wb_status
store_child_find(struct store *st, const char *id_index, struct child_row *out, bool *found,
		 struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_FIND);

	store_bind_text(q, 1, id_index);
	return one_child(q, out, found, err);
}

/* Binds text s (NULL as "") twice: CHILD_FILTER's "'' or equal" pairs. */
static int
bind_pair(struct store_query *q, int idx, const char *s)
{
	store_bind_text(q, idx, s ? s : "");
	store_bind_text(q, idx + 1, s ? s : "");
	return idx + 2;
}

/* Binds CHILD_FILTER's parameters from idx; returns the index after. */
static int
bind_filter(struct store_query *q, int idx, const void *filter)
{
	const struct child_filter *f = filter;

	idx = store_bind_scope(q, idx, f->scope);
	idx = bind_pair(q, idx, f->town);
	idx = bind_pair(q, idx, f->village);
	store_bind_int(q, idx++, f->category);
	store_bind_int(q, idx++, f->category);
	idx = bind_pair(q, idx, f->born_after);
	idx = bind_pair(q, idx, f->born_on_or_before);
	idx = bind_pair(q, idx, f->after_village);
	store_bind_text(q, idx++, f->after_village ? f->after_village : "");
	store_bind_int(q, idx++, f->after_id);
	return bind_pair(q, idx, f->adult_cutoff);
}

STORE_PAGER_EACH(child, child_row, read_child)

enum wb_status
store_child_page(struct store *st, const struct child_filter *f, int64_t limit, int64_t offset,
		 void (*fn)(const struct child_row *, void *), void *arg, int64_t *total,
		 struct wb_err *err)
{
	struct child_cb cb = { fn, arg };
	const struct store_pager p = {
		.count = STMT_CHILD_COUNT, .page = STMT_CHILD_PAGE, .bind = bind_filter,
		.filter = f, .row_size = sizeof(struct child_row), .each = each_child, .arg = &cb,
	};

	return store_count_and_page(st, &p, limit, offset, total, err);
}

/* Steps statement sid with (date, after, limit) bound, calling fn with each
 * child row: the batches of the rounds (re-derivation, retention). */
static enum wb_status
children_batch(struct store *st, enum stmt_id sid, const char *date, int64_t after, int64_t limit,
	       void (*fn)(const struct child_row *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, sid);
	struct child_row *r = malloc(sizeof(*r));
	enum wb_status rc;
	bool row;

	if (r == NULL) {
		store_query_end(q);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	store_bind_text(q, 1, date);
	store_bind_int(q, 2, after);
	store_bind_int(q, 3, limit);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		read_child(q, r);
		fn(r, arg);
	}
	store_query_end(q);
	free(r);
	return rc;
}

enum wb_status
store_child_due(struct store *st, const char *today, int64_t after, int64_t limit,
		void (*fn)(const struct child_row *, void *), void *arg, struct wb_err *err)
{
	return children_batch(st, STMT_CHILD_DUE, today, after, limit, fn, arg, err);
}

/* Binds period p of child_id for CHILD_PERIOD_ROW from index i; returns the
 * index after. */
static int
bind_period(struct store_query *q, int i, int64_t child_id, const struct child_period_row *p,
	    int64_t now, int64_t by)
{
	store_bind_int(q, i++, child_id);
	store_bind_text_ref(q, i++, p->parent);
	store_bind_text_ref(q, i++, p->status);
	bind_text_opt_ref(q, i++, p->disability);
	bind_opt_int(q, i++, p->grade);
	store_bind_text_ref(q, i++, p->started_on);
	bind_text_opt_ref(q, i++, p->ended_on);
	bind_text_opt_ref(q, i++, p->evidence);
	store_bind_int(q, i++, now);
	bind_opt_int(q, i++, by);
	return i;
}

enum wb_status
store_child_period_add(struct store *st, int64_t child_id, const struct child_period_row *p,
		       int64_t now, int64_t by, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_PERIOD_INSERT);

	bind_period(q, 1, child_id, p, now, by);
	return returning_id(q, id, err);
}

enum wb_status
store_child_period_end(struct store *st, int64_t child_id, int64_t id, const char *ended_on,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_PERIOD_END);
	enum wb_status rc;

	store_bind_text_opt(q, 1, ended_on);
	store_bind_int(q, 2, id);
	store_bind_int(q, 3, child_id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		return wb_err_set(err, WB_ERR_NOTFOUND, "该状况记录不存在");
	return rc;
}

enum wb_status
store_child_periods(struct store *st, int64_t child_id,
		    void (*fn)(const struct child_period_row *, void *), void *arg,
		    struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_PERIODS_OF);
	struct child_period_row p;
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, child_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		p.id = store_col_int(q, 0);
		store_col_copy(q, 1, p.parent, sizeof(p.parent));
		store_col_copy(q, 2, p.status, sizeof(p.status));
		store_col_copy(q, 3, p.disability, sizeof(p.disability));
		p.grade = (int)store_col_int0(q, 4);
		store_col_copy(q, 5, p.started_on, sizeof(p.started_on));
		store_col_copy(q, 6, p.ended_on, sizeof(p.ended_on));
		store_col_copy(q, 7, p.evidence, sizeof(p.evidence));
		p.created_at = store_col_int(q, 8);
		p.created_by = store_col_int0(q, 9);
		fn(&p, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_child_guardians_clear(struct store *st, int64_t child_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_GUARDIANS_CLEAR);

	store_bind_int(q, 1, child_id);
	return store_exec_done(q, err);
}

/* Binds guardian g of child_id for CHILD_GUARDIAN_ROW from index i;
 * returns the index after. */
static int
bind_guardian(struct store_query *q, int i, int64_t child_id, const struct child_guardian_row *g)
{
	store_bind_int(q, i++, g->id);
	store_bind_int(q, i++, child_id);
	store_bind_int(q, i++, g->seq);
	store_bind_text_ref(q, i++, g->name);
	store_bind_text_ref(q, i++, g->relation);
	bind_text_opt_ref(q, i++, g->phone);
	return i;
}

enum wb_status
store_child_guardian_insert(struct store *st, int64_t child_id, const struct child_guardian_row *g,
			    struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_GUARDIAN_INSERT_SEALED);

	bind_guardian(q, 1, child_id, g);
	return store_exec_done(q, err);
}

enum wb_status
store_child_guardian_set_tokens(struct store *st, int64_t id, const char *name, const char *phone,
				struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_GUARDIAN_SET_TOKENS);

	store_bind_text(q, 1, name);
	store_bind_text_opt(q, 2, phone);
	store_bind_int(q, 3, id);
	return store_exec_done(q, err);
}

enum wb_status
store_child_guardians(struct store *st, int64_t child_id,
		      void (*fn)(const struct child_guardian_row *, void *), void *arg,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_GUARDIANS_OF);
	struct child_guardian_row *g = malloc(sizeof(*g));
	enum wb_status rc;
	bool row;

	if (g == NULL) {
		store_query_end(q);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	store_bind_int(q, 1, child_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		g->id = store_col_int(q, 0);
		g->seq = (int)store_col_int(q, 1);
		store_col_copy(q, 2, g->name, sizeof(g->name));
		store_col_copy(q, 3, g->relation, sizeof(g->relation));
		store_col_copy(q, 4, g->phone, sizeof(g->phone));
		fn(g, arg);
	}
	store_query_end(q);
	free(g);
	return rc;
}

/* Binds history line c of child_id for CHILD_HISTORY_ROW from index i;
 * returns the index after. */
static int
bind_history(struct store_query *q, int i, int64_t child_id, const struct child_change *c)
{
	store_bind_int(q, i++, child_id);
	store_bind_int(q, i++, c->at);
	bind_opt_int(q, i++, c->user_id);
	store_bind_text_ref(q, i++, c->login);
	store_bind_text_ref(q, i++, c->action);
	store_bind_text_ref(q, i++, c->detail);
	bind_text_opt_ref(q, i++, c->reason);
	return i;
}

enum wb_status
store_child_history_add(struct store *st, int64_t child_id, const struct child_change *c,
			struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_HISTORY_INSERT);

	bind_history(q, 1, child_id, c);
	return store_exec_done(q, err);
}

/* Binds row k of part `part` of b from index i; returns the index after. */
enum bulk_part { BULK_CHILDREN, BULK_GUARDIANS, BULK_PERIODS, BULK_HISTORY };

static int
bind_bulk(struct store_query *q, int i, const struct child_bulk *b, enum bulk_part part, size_t k)
{
	switch (part) {
	case BULK_CHILDREN:
		return bind_child(q, i, b->children[k], b->now, b->by);
	case BULK_GUARDIANS:
		return bind_guardian(q, i, b->guardian_child[k], b->guardians[k]);
	case BULK_PERIODS:
		return bind_period(q, i, b->period_child[k], b->periods[k], b->now, b->by);
	case BULK_HISTORY:
		return bind_history(q, i, b->history_child[k], b->history[k]);
	}
	return i;
}

/* Inserts the n rows of one part of b, 16 a statement while they last. */
static enum wb_status
insert_part(struct store *st, const struct child_bulk *b, enum bulk_part part, size_t n,
	    enum stmt_id one, enum stmt_id sixteen, struct wb_err *err)
{
	enum wb_status rc = WB_OK;

	for (size_t k = 0; k < n && rc == WB_OK;) {
		size_t m = n - k >= 16 ? 16 : 1;
		struct store_query *q = store_query(st, m == 16 ? sixteen : one);
		int i = 1;

		for (size_t j = 0; j < m; j++)
			i = bind_bulk(q, i, b, part, k + j);
		rc = store_exec_done(q, err);
		k += m;
	}
	return rc;
}

enum wb_status
store_child_write_bulk(struct store *st, const struct child_bulk *b, struct wb_err *err)
{
	enum wb_status rc;

	rc = insert_part(st, b, BULK_CHILDREN, b->nchildren, STMT_CHILD_INSERT, STMT_CHILD_INSERT_16,
			 err);
	if (rc == WB_OK)
		rc = insert_part(st, b, BULK_GUARDIANS, b->nguardians, STMT_CHILD_GUARDIAN_INSERT_SEALED,
				 STMT_CHILD_GUARDIAN_INSERT_16, err);
	if (rc == WB_OK)
		rc = insert_part(st, b, BULK_PERIODS, b->nperiods, STMT_CHILD_PERIOD_INSERT_1,
				 STMT_CHILD_PERIOD_INSERT_16, err);
	if (rc == WB_OK)
		rc = insert_part(st, b, BULK_HISTORY, b->nhistory, STMT_CHILD_HISTORY_INSERT,
				 STMT_CHILD_HISTORY_INSERT_16, err);
	return rc;
}

enum wb_status
store_child_history(struct store *st, int64_t child_id,
		    void (*fn)(const struct child_change *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_HISTORY_OF);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, child_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct child_change c = {
			.id = store_col_int(q, 0),
			.at = store_col_int(q, 1),
			.user_id = store_col_int0(q, 2),
			.login = store_col_text(q, 3),
			.action = store_col_text(q, 4),
			.detail = store_col_text(q, 5),
			.reason = store_col_is_null(q, 6) ? NULL : store_col_text(q, 6),
			.login_name = store_col_text(q, 7),
		};
		fn(&c, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_child_reject_add(struct store *st, int64_t by, const char *login, int64_t now,
		       int64_t expires_at, const char *file_name, int rows, int64_t *id,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_REJECT_INSERT);

	bind_opt_int(q, 1, by);
	store_bind_text(q, 2, login);
	store_bind_int(q, 3, now);
	store_bind_int(q, 4, expires_at);
	store_bind_text(q, 5, file_name);
	store_bind_int(q, 6, rows);
	return returning_id(q, id, err);
}

enum wb_status
store_child_reject_set_payload(struct store *st, int64_t id, const char *token, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_REJECT_SET);

	store_bind_text(q, 1, token);
	store_bind_int(q, 2, id);
	return store_exec_done(q, err);
}

enum wb_status
store_child_reject_get(struct store *st, int64_t id, const char *login, int64_t now, char **token,
		       char *file_name, size_t name_len, struct wb_err *err)
{
	return store_reject_get(st, STMT_CHILD_REJECT_GET, id, login, now, token, file_name, name_len,
				err);
}

enum wb_status
store_child_reject_purge(struct store *st, int64_t now, int64_t *n, struct wb_err *err)
{
	return store_exec_counted(st, STMT_CHILD_REJECT_PURGE, now, n, err);
}

enum wb_status
store_child_facts_after(struct store *st, const struct scope *scope, int64_t after, int limit,
			struct child_facts_row *rows, int *n, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_FACTS_AFTER_ID);
	enum wb_status rc;
	bool row;
	int i;

	*n = 0;
	store_bind_int(q, 1, after);
	i = store_bind_scope(q, 2, scope);
	store_bind_int(q, i, limit);
	while ((rc = store_step(q, &row, err)) == WB_OK && row && *n < limit) {
		struct child_facts_row *r = &rows[(*n)++];

		r->id = store_col_int(q, 0);
		store_col_copy(q, 1, r->birth_date, sizeof(r->birth_date));
		store_col_copy(q, 2, r->placement, sizeof(r->placement));
		store_col_copy(q, 3, r->disability, sizeof(r->disability));
		r->disability_grade = (int)store_col_int0(q, 4);
		store_col_copy(q, 5, r->economy, sizeof(r->economy));
		store_col_copy(q, 6, r->household, sizeof(r->household));
		r->guardianship_lacking = store_col_int(q, 7) != 0;
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_child_periods_range(struct store *st, int64_t first, int64_t last,
			  void (*fn)(int64_t, const struct child_period_row *, void *), void *arg,
			  struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_PERIODS_RANGE);
	struct child_period_row p;
	enum wb_status rc;
	bool row;

	memset(&p, 0, sizeof(p));
	store_bind_int(q, 1, first);
	store_bind_int(q, 2, last);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		store_col_copy(q, 1, p.parent, sizeof(p.parent));
		store_col_copy(q, 2, p.status, sizeof(p.status));
		store_col_copy(q, 3, p.disability, sizeof(p.disability));
		p.grade = (int)store_col_int0(q, 4);
		store_col_copy(q, 5, p.started_on, sizeof(p.started_on));
		store_col_copy(q, 6, p.ended_on, sizeof(p.ended_on));
		fn(store_col_int(q, 0), &p, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_child_visit_add(struct store *st, int64_t child_id, const struct child_visit_row *v,
		      int64_t now, int64_t by, const char *login, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_VISIT_INSERT);

	store_bind_int(q, 1, child_id);
	store_bind_text(q, 2, v->visited_on);
	store_bind_text(q, 3, v->next_due);
	store_bind_int(q, 4, now);
	bind_opt_int(q, 5, by);
	store_bind_text(q, 6, login);
	return returning_id(q, id, err);
}

enum wb_status
store_child_visit_set_tokens(struct store *st, int64_t id, const char *findings, const char *needs,
			     struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_VISIT_SET_TOKENS);

	store_bind_text(q, 1, findings);
	store_bind_text_opt(q, 2, needs);
	store_bind_int(q, 3, id);
	return store_exec_done(q, err);
}

enum wb_status
store_child_visits(struct store *st, int64_t child_id,
		   void (*fn)(const struct child_visit_row *, void *), void *arg,
		   struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_VISITS_OF);
	struct child_visit_row *v = malloc(sizeof(*v));
	enum wb_status rc;
	bool row;

	if (v == NULL) {
		store_query_end(q);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	store_bind_int(q, 1, child_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		v->id = store_col_int(q, 0);
		store_col_copy(q, 1, v->visited_on, sizeof(v->visited_on));
		store_col_copy(q, 2, v->findings, sizeof(v->findings));
		store_col_copy(q, 3, v->needs, sizeof(v->needs));
		store_col_copy(q, 4, v->next_due, sizeof(v->next_due));
		v->created_at = store_col_int(q, 5);
		store_col_copy(q, 6, v->login, sizeof(v->login));
		store_col_copy(q, 7, v->login_name, sizeof(v->login_name));
		fn(v, arg);
	}
	store_query_end(q);
	free(v);
	return rc;
}

enum wb_status
store_child_visit_state(struct store *st, int64_t id, int64_t *created_at, char visited_on[11],
			char next_due[11], struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_VISIT_STATE);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && !row)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "no such child");
	if (rc == WB_OK) {
		*created_at = store_col_int(q, 0);
		store_col_copy(q, 1, next_due, 11);
		store_col_copy(q, 2, visited_on, 11);
	}
	store_query_end(q);
	return rc;
}

/* Frees the definitions of *saved from index `from` on. */
static void
saved_free(struct child_saved_indexes *saved, size_t from)
{
	for (size_t i = from; i < saved->n; i++)
		free(saved->sql[i]);
	free(saved->sql);
	saved->sql = NULL;
	saved->n = 0;
}

enum wb_status
store_child_indexes_drop(struct store *st, struct child_saved_indexes *saved, struct wb_err *err)
{
	struct store_query *q;
	enum wb_status rc = WB_OK;
	char **names = NULL;
	bool row = false;
	size_t n = 0;

	saved->sql = NULL;
	saved->n = 0;
	if (store_backend(st) != STORE_SQLITE)
		return WB_OK;
	q = store_query(st, STMT_CHILD_INDEXES_SQLITE);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		char **nn = realloc(names, (n + 1) * sizeof(*nn));
		char **ns = realloc(saved->sql, (n + 1) * sizeof(*ns));

		if (nn)
			names = nn;
		if (ns)
			saved->sql = ns;
		if (nn == NULL || ns == NULL ||
		    (names[n] = strdup(store_col_text(q, 0))) == NULL) {
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
			break;
		}
		if ((saved->sql[n] = strdup(store_col_text(q, 1))) == NULL) {
			free(names[n]);
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
			break;
		}
		saved->n = ++n;
	}
	store_query_end(q);
	for (size_t i = 0; i < n; i++) {
		char drop[160];

		snprintf(drop, sizeof(drop), "DROP INDEX \"%s\"", names[i]);
		if (rc == WB_OK)
			rc = st->ops->exec_script(st, drop, err);
		free(names[i]);
	}
	free(names);
	if (rc != WB_OK)
		saved_free(saved, 0);
	return rc;
}

enum wb_status
store_child_indexes_restore(struct store *st, struct child_saved_indexes *saved,
			    struct wb_err *err)
{
	enum wb_status rc = WB_OK;
	size_t i;

	for (i = 0; i < saved->n && rc == WB_OK; i++) {
		rc = st->ops->exec_script(st, saved->sql[i], err);
		free(saved->sql[i]);
	}
	saved_free(saved, i);
	return rc;
}

enum wb_status
store_child_transfer_set(struct store *st, int64_t id, const char *to, const char *reason,
			 int64_t at, int64_t by, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_TRANSFER_SET);
	bool pending = to != NULL && to[0] != '\0';

	store_bind_text_opt(q, 1, pending ? to : NULL);
	store_bind_text_opt(q, 2, pending ? reason : NULL);
	if (pending)
		store_bind_int(q, 3, at);
	else
		store_bind_null(q, 3);
	bind_opt_int(q, 4, pending ? by : 0);
	store_bind_int(q, 5, id);
	return store_exec_done(q, err);
}

/* Reads a transfer (CHILD_TRANSFER_OF / CHILD_TRANSFERS_PENDING columns). */
static void
read_transfer(struct store_query *q, struct child_transfer_row *t)
{
	t->child_id = store_col_int(q, 0);
	store_col_copy(q, 1, t->id_number, sizeof(t->id_number));
	store_col_copy(q, 2, t->name, sizeof(t->name));
	store_col_copy(q, 3, t->from_village, sizeof(t->from_village));
	store_col_copy(q, 4, t->to_village, sizeof(t->to_village));
	store_col_copy(q, 5, t->reason, sizeof(t->reason));
	t->at = store_col_int0(q, 6);
	store_col_copy(q, 7, t->by_name, sizeof(t->by_name));
}

enum wb_status
store_child_transfer_of(struct store *st, int64_t id, struct child_transfer_row *out,
			bool *pending, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_TRANSFER_OF);
	enum wb_status rc;
	bool row = false;

	store_bind_int(q, 1, id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_transfer(q, out);
	store_query_end(q);
	*pending = rc == WB_OK && row;
	return rc;
}

enum wb_status
store_child_get_incoming(struct store *st, const struct scope *scope, int64_t id,
			 struct child_row *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_GET_INCOMING);
	enum wb_status rc;
	bool found;

	store_bind_int(q, 1, id);
	store_bind_scope(q, 2, scope);
	rc = one_child(q, out, &found, err);
	if (rc == WB_OK && !found)
		return wb_err_set(err, WB_ERR_NOTFOUND, "该儿童记录不存在");
	return rc;
}

enum wb_status
store_child_transfers(struct store *st, const struct scope *scope, int64_t limit,
		      void (*fn)(const struct child_transfer_row *, void *), void *arg,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_TRANSFERS_PENDING);
	struct child_transfer_row *t = malloc(sizeof(*t));
	enum wb_status rc;
	bool row = false;
	int i;

	if (t == NULL) {
		store_query_end(q);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	i = store_bind_scope(q, 1, scope);
	i = store_bind_scope(q, i, scope);
	store_bind_int(q, i, limit);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		read_transfer(q, t);
		fn(t, arg);
	}
	store_query_end(q);
	free(t);
	return rc;
}

enum wb_status
store_child_guardian_delete(struct store *st, int64_t child_id, int64_t id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_GUARDIAN_DELETE);
	enum wb_status rc;

	store_bind_int(q, 1, id);
	store_bind_int(q, 2, child_id);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && store_changes(st) == 0)
		return wb_err_set(err, WB_ERR_NOTFOUND, "没有该监护人");
	return rc;
}

enum wb_status
store_child_guardian_set_relation(struct store *st, int64_t id, const char *relation,
				  struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHILD_GUARDIAN_SET_RELATION);

	store_bind_text(q, 1, relation);
	store_bind_int(q, 2, id);
	return store_exec_done(q, err);
}

enum wb_status
store_child_purge_due(struct store *st, const char *cutoff, int64_t after, int64_t limit,
		      void (*fn)(const struct child_row *, void *), void *arg, struct wb_err *err)
{
	return children_batch(st, STMT_CHILD_PURGE_DUE, cutoff, after, limit, fn, arg, err);
}

/* Runs one of the purge statements with child id bound first. */
static enum wb_status
purge_part(struct store *st, enum stmt_id s, int64_t id, struct wb_err *err)
{
	struct store_query *q = store_query(st, s);

	store_bind_int(q, 1, id);
	return store_exec_done(q, err);
}

enum wb_status
store_child_purge(struct store *st, int64_t id, int64_t now, struct wb_err *err)
{
	struct store_query *q;
	enum wb_status rc = store_child_guardians_clear(st, id, err);

	if (rc == WB_OK)
		rc = purge_part(st, STMT_CHILD_PURGE_PERIODS, id, err);
	if (rc == WB_OK)
		rc = purge_part(st, STMT_CHILD_PURGE_VISITS, id, err);
	if (rc == WB_OK)
		rc = purge_part(st, STMT_CHILD_PURGE_HISTORY, id, err);
	if (rc != WB_OK)
		return rc;
	q = store_query(st, STMT_CHILD_PURGE);
	store_bind_int(q, 1, now);
	store_bind_int(q, 2, id);
	return store_exec_done(q, err);
}

bool
store_child_purged(const struct child_row *r)
{
	return strncmp(r->id_index, "purged:", 7) == 0;
}
