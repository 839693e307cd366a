#include "store/plans.h"

#include <stdio.h>
#include <string.h>

#include "store/org.h"
#include "util/arena.h"

enum wb_status
store_plan_find(struct store *st, const char *doc_number, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_PLAN_FIND_DOC);
	enum wb_status rc;
	bool row;

	*id = 0;
	store_bind_text(q, 1, doc_number);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_plan_put(struct store *st, const struct plan_row *p, const char *source, int64_t warnings,
	       int64_t now, int64_t *id, struct wb_err *err)
{
	struct store_query *q;
	enum wb_status rc;
	bool row;

	if (p->id > 0) {
		q = store_query(st, STMT_PLAN_UPDATE);
		store_bind_text(q, 1, p->title);
		store_bind_text(q, 2, p->issuer && *p->issuer ? p->issuer : NULL);
		store_bind_text(q, 3, p->issued_on && *p->issued_on ? p->issued_on : NULL);
		store_bind_int(q, 4, p->year);
		store_bind_int(q, 5, p->deadline);
		store_bind_text(q, 6, source);
		store_bind_int(q, 7, warnings);
		store_bind_int(q, 8, now);
		store_bind_int(q, 9, p->archived);
		store_bind_int(q, 10, p->id);
		*id = p->id;
		return store_exec_done(q, err);
	}
	q = store_query(st, STMT_PLAN_INSERT);
	store_bind_text(q, 1, p->doc_number);
	store_bind_text(q, 2, p->title);
	store_bind_text(q, 3, p->issuer && *p->issuer ? p->issuer : NULL);
	store_bind_text(q, 4, p->issued_on && *p->issued_on ? p->issued_on : NULL);
	store_bind_int(q, 5, p->year);
	store_bind_int(q, 6, p->deadline);
	store_bind_text(q, 7, source);
	store_bind_int(q, 8, warnings);
	store_bind_int(q, 9, now);
	store_bind_int(q, 10, now);
	store_bind_int(q, 11, p->archived);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

static void
read_plan(struct store_query *q, struct plan_row *p)
{
	p->id = store_col_int(q, 0);
	p->doc_number = store_col_text(q, 1);
	p->title = store_col_text(q, 2);
	p->issuer = store_col_text(q, 3);
	p->issued_on = store_col_text(q, 4);
	p->year = store_col_int(q, 5);
	p->deadline = store_col_int(q, 6);
	p->item_count = store_col_int(q, 7);
	p->archived = store_col_int(q, 8) != 0;
}

enum wb_status
store_plan_get(struct store *st, struct arena *arena, int64_t id, struct plan_row *out,
	       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_PLAN_GET);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		read_plan(q, out);
		out->doc_number = arena_strdup(arena, out->doc_number);
		out->title = arena_strdup(arena, out->title);
		out->issuer = arena_strdup(arena, out->issuer);
		out->issued_on = arena_strdup(arena, out->issued_on);
		if (out->doc_number == NULL || out->title == NULL)
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	else if (rc == WB_OK)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "工作要点不存在");
	store_query_end(q);
	return rc;
}

enum wb_status
store_plan_each(struct store *st, void (*fn)(const struct plan_row *, void *), void *arg,
		struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_PLAN_LIST);
	struct plan_row p;
	enum wb_status rc;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		read_plan(q, &p);
		fn(&p, arg);
	}
	store_query_end(q);
	return rc;
}

/* Runs a statement taking one id. */
static enum wb_status
exec_id(struct store *st, enum stmt_id id, int64_t v, struct wb_err *err)
{
	struct store_query *q = store_query(st, id);

	store_bind_int(q, 1, v);
	return store_exec_done(q, err);
}

enum wb_status
store_plan_clear_sections(struct store *st, int64_t plan_id, struct wb_err *err)
{
	return exec_id(st, STMT_PLAN_SECTIONS_CLEAR, plan_id, err);
}

enum wb_status
store_plan_add_section(struct store *st, int64_t plan_id, int number, const char *title,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_PLAN_SECTION_INSERT);

	store_bind_int(q, 1, plan_id);
	store_bind_int(q, 2, number);
	store_bind_text(q, 3, title ? title : "");
	return store_exec_done(q, err);
}

enum wb_status
store_plan_sections(struct store *st, int64_t plan_id, void (*fn)(int64_t, const char *, void *),
		    void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_PLAN_SECTIONS);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, plan_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_int(q, 0), store_col_text(q, 1), arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_item_put(struct store *st, int64_t plan_id, int number, int section, const char *text,
	       const char *units, int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_PLAN_ITEM_FIND);
	enum wb_status rc;
	bool row;

	*id = 0;
	store_bind_int(q, 1, plan_id);
	store_bind_int(q, 2, number);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	if (rc != WB_OK)
		return rc;
	if (*id > 0) {
		q = store_query(st, STMT_PLAN_ITEM_UPDATE);
		store_bind_int(q, 1, section);
		store_bind_text(q, 2, text);
		store_bind_text(q, 3, units);
		store_bind_int(q, 4, *id);
		return store_exec_done(q, err);
	}
	q = store_query(st, STMT_PLAN_ITEM_INSERT);
	store_bind_int(q, 1, plan_id);
	store_bind_int(q, 2, number);
	store_bind_int(q, 3, section);
	store_bind_text(q, 4, text);
	store_bind_text(q, 5, units);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_items_trim(struct store *st, int64_t plan_id, int last, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_PLAN_ITEMS_DELETE_BEYOND);

	store_bind_int(q, 1, plan_id);
	store_bind_int(q, 2, last);
	return store_exec_done(q, err);
}

enum wb_status
store_plan_items(struct store *st, int64_t plan_id, void (*fn)(const struct item_row *, void *),
		 void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_PLAN_ITEMS);
	struct item_row it;
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, plan_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		it.id = store_col_int(q, 0);
		it.number = store_col_int(q, 1);
		it.section = store_col_int(q, 2);
		it.text = store_col_text(q, 3);
		it.units = store_col_text(q, 4);
		fn(&it, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_item_clear_targets(struct store *st, int64_t item_id, struct wb_err *err)
{
	return exec_id(st, STMT_ITEM_TARGETS_CLEAR, item_id, err);
}

enum wb_status
store_item_add_target(struct store *st, int64_t item_id, int seq, const struct target_row *t,
		      struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_ITEM_TARGET_INSERT);

	store_bind_int(q, 1, item_id);
	store_bind_int(q, 2, seq);
	store_bind_text(q, 3, t->op);
	store_bind_double(q, 4, t->value);
	if (t->has_value2)
		store_bind_double(q, 5, t->value2);
	else
		store_bind_null(q, 5);
	store_bind_text(q, 6, t->unit);
	store_bind_text(q, 7, t->scope);
	store_bind_text(q, 8, t->text ? t->text : "");
	return store_exec_done(q, err);
}

enum wb_status
store_targets(struct store *st, int64_t plan_id, int64_t item_id,
	      void (*fn)(const struct target_row *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, plan_id > 0 ? STMT_PLAN_TARGETS : STMT_ITEM_TARGETS);
	struct target_row t;
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, plan_id > 0 ? plan_id : item_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		t.id = store_col_int(q, 0);
		t.item_id = store_col_int(q, 1);
		store_copy_text(t.op, sizeof(t.op), store_col_text(q, 2));
		t.value = store_col_double(q, 3);
		t.has_value2 = !store_col_is_null(q, 4);
		t.value2 = t.has_value2 ? store_col_double(q, 4) : 0;
		store_copy_text(t.unit, sizeof(t.unit), store_col_text(q, 5));
		store_copy_text(t.scope, sizeof(t.scope), store_col_text(q, 6));
		t.text = store_col_text(q, 7);
		fn(&t, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_report_figure_add(struct store *st, int64_t event_id, int64_t target_id, double value,
			struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_REPORT_FIGURE_INSERT);

	store_bind_int(q, 1, event_id);
	store_bind_int(q, 2, target_id);
	store_bind_double(q, 3, value);
	return store_exec_done(q, err);
}

/* Runs a figures statement keyed by one id. */
static enum wb_status
figures(struct store *st, enum stmt_id sid, int64_t id, void (*fn)(int64_t, int64_t, double, void *),
	void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, sid);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_int(q, 0), store_col_int(q, 1), store_col_double(q, 2), arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_task_figures(struct store *st, int64_t task_id, void (*fn)(int64_t, int64_t, double, void *),
		   void *arg, struct wb_err *err)
{
	return figures(st, STMT_TASK_FIGURES, task_id, fn, arg, err);
}

enum wb_status
store_plan_figures(struct store *st, int64_t plan_id, void (*fn)(int64_t, int64_t, double, void *),
		   void *arg, struct wb_err *err)
{
	return figures(st, STMT_PLAN_FIGURES, plan_id, fn, arg, err);
}

