#include "store/allowances.h"

#include "store/scope.h"

#include <stdio.h>
#include <string.h>

/* Binds v, or NULL for 0 (the CLI or the system). */
static void
bind_by(struct store_query *q, int idx, int64_t v)
{
	if (v > 0)
		store_bind_int(q, idx, v);
	else
		store_bind_null(q, idx);
}

enum wb_status
store_allowance_standard_add(struct store *st, const struct allowance_standard_row *s, int64_t now,
			     int64_t by, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ALLOWANCE_STANDARD_INSERT);

	store_bind_text(q, 1, s->category);
	store_bind_text(q, 2, s->mode);
	store_bind_text(q, 3, s->effective_from);
	store_bind_int(q, 4, s->fen_per_month);
	store_bind_int(q, 5, now);
	bind_by(q, 6, by);
	return store_exec_done(q, err);
}

enum wb_status
store_allowance_standards(struct store *st,
			  void (*fn)(const struct allowance_standard_row *, void *), void *arg,
			  struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ALLOWANCE_STANDARDS);
	struct allowance_standard_row s;
	enum wb_status rc;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		store_col_copy(q, 0, s.category, sizeof(s.category));
		store_col_copy(q, 1, s.mode, sizeof(s.mode));
		store_col_copy(q, 2, s.effective_from, sizeof(s.effective_from));
		s.fen_per_month = store_col_int(q, 3);
		fn(&s, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_allowance_month(struct store *st, const char *month, struct allowance_month_row *out,
		      bool *found, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ALLOWANCE_MONTH_GET);
	enum wb_status rc;
	bool row = false;

	store_bind_text(q, 1, month);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		out->approved_at = store_col_int(q, 0);
		store_col_copy(q, 1, out->login, sizeof(out->login));
		out->total_fen = store_col_int(q, 2);
		out->children = store_col_int(q, 3);
	}
	store_query_end(q);
	*found = rc == WB_OK && row;
	return rc;
}

enum wb_status
store_allowance_month_add(struct store *st, const char *month, const struct allowance_month_row *m,
			  int64_t by, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ALLOWANCE_MONTH_INSERT);

	store_bind_text(q, 1, month);
	store_bind_int(q, 2, m->approved_at);
	bind_by(q, 3, by);
	store_bind_text(q, 4, m->login);
	store_bind_int(q, 5, m->total_fen);
	store_bind_int(q, 6, m->children);
	return store_exec_done(q, err);
}

enum wb_status
store_allowance_line_add(struct store *st, const char *month, const struct allowance_line_row *l,
			 struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ALLOWANCE_LINE_INSERT);

	store_bind_text(q, 1, month);
	store_bind_int(q, 2, l->child_id);
	store_bind_text(q, 3, l->category);
	store_bind_text(q, 4, l->mode);
	store_bind_int(q, 5, l->fen);
	return store_exec_done(q, err);
}

enum wb_status
store_allowance_lines(struct store *st, const struct scope *scope, const char *month,
		      void (*fn)(const struct allowance_line_row *, void *), void *arg,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ALLOWANCE_LINES_OF);
	struct allowance_line_row l;
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, month);
	store_bind_scope(q, 2, scope);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		l.child_id = store_col_int(q, 0);
		store_col_copy(q, 1, l.category, sizeof(l.category));
		store_col_copy(q, 2, l.mode, sizeof(l.mode));
		l.fen = store_col_int(q, 3);
		fn(&l, arg);
	}
	store_query_end(q);
	return rc;
}
