#include "store/check_staff.h"
#include "store/checks.h"

#include <stdio.h>
#include <string.h>

#include "store/scope.h"
#include "store/store_int.h"

/* Binds the staff filter of f from idx (after the scope); returns the index after. */
static int
bind_staff_filter(struct store_query *q, int idx, const void *filter)
{
	const struct check_staff_filter *f = filter;
	const char *today = f->due_today ? f->due_today : "";

	idx = store_bind_scope(q, idx, f->scope);
	store_bind_int(q, idx++, f->institution_id);
	store_bind_int(q, idx++, f->institution_id);
	store_bind_int(q, idx++, f->applicants);
	store_bind_int(q, idx++, f->applicants);
	store_bind_int(q, idx++, f->applicants);
	store_bind_text(q, idx++, today);
	store_bind_text(q, idx++, today);
	store_bind_text(q, idx++, today[0] && f->due_from ? f->due_from : "");
	return idx;
}

static void
read_staff(struct store_query *q, struct check_staff_entry *r)
{
	memset(r, 0, sizeof(*r));
	r->id = store_col_int(q, 0);
	r->institution_id = store_col_int(q, 1);
	store_col_copy(q, 2, r->institution_name, sizeof(r->institution_name));
	store_col_copy(q, 3, r->institution_type, sizeof(r->institution_type));
	store_col_copy(q, 4, r->person, sizeof(r->person));
	store_col_copy(q, 5, r->post, sizeof(r->post));
	store_col_copy(q, 6, r->consent_no, sizeof(r->consent_no));
	store_col_copy(q, 7, r->hired_on, sizeof(r->hired_on));
	store_col_copy(q, 8, r->last_checked_on, sizeof(r->last_checked_on));
	store_col_copy(q, 9, r->last_result, sizeof(r->last_result));
	r->created_at = store_col_int(q, 10);
}

STORE_PAGER_EACH(staff, check_staff_entry, read_staff)

enum wb_status
store_check_staff_page(struct store *st, const struct check_staff_filter *f, int64_t limit,
		       int64_t offset, void (*fn)(const struct check_staff_entry *, void *),
		       void *arg, int64_t *total, struct wb_err *err)
{
	struct staff_cb cb = { fn, arg };
	const struct store_pager p = {
		.count = STMT_CHECK_STAFF_COUNT, .page = STMT_CHECK_STAFF_PAGE, .bind = bind_staff_filter,
		.filter = f, .row_size = sizeof(struct check_staff_entry), .each = each_staff, .arg = &cb,
	};

	return store_count_and_page(st, &p, limit, offset, total, err);
}

enum wb_status
store_check_staff_get(struct store *st, const struct scope *scope, int64_t id,
		      struct check_staff_entry *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_STAFF_GET);
	enum wb_status rc;
	bool row = false;

	store_bind_int(q, 1, id);
	store_bind_scope(q, 2, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_staff(q, out);
	store_query_end(q);
	if (rc == WB_OK && !row)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "没有该人员");
	return rc;
}

enum wb_status
store_check_rechecks(struct store *st, int64_t staff_id,
		     void (*fn)(const struct check_recheck_row *, void *), void *arg,
		     struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_RECHECK_LIST);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, staff_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct check_recheck_row r = {
			.at = store_col_int(q, 0), .by = store_col_text(q, 1),
			.reason = store_col_text(q, 2), .result = store_col_text(q, 3),
			.checked_on = store_col_text(q, 4),
		};
		fn(&r, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_check_recheck(struct store *st, int64_t staff_id, const char *on, int64_t now,
		    int64_t user_id, const char *login, const char *reason, bool *hit,
		    int64_t *institution_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_RECHECK_MATCH);
	const char *result;
	enum wb_status rc;
	bool row = false;

	*hit = false;
	*institution_id = 0;
	store_bind_int(q, 1, staff_id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		*hit = store_col_int(q, 0) != 0;
		*institution_id = store_col_int(q, 1);
	}
	store_query_end(q);
	if (rc == WB_OK && !row)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "没有该人员");
	if (rc != WB_OK)
		return rc;
	result = *hit ? "有记录" : "无记录";
	q = store_query(st, STMT_CHECK_STAFF_RECHECKED);
	store_bind_text(q, 1, on);
	store_bind_text(q, 2, result);
	store_bind_int(q, 3, staff_id);
	if ((rc = store_exec_done(q, err)) != WB_OK)
		return rc;
	q = store_query(st, STMT_CHECK_RECHECK_INSERT);
	store_bind_int(q, 1, staff_id);
	store_bind_int(q, 2, now);
	if (user_id > 0)
		store_bind_int(q, 3, user_id);
	else
		store_bind_null(q, 3);
	store_bind_text(q, 4, login ? login : "system");
	store_bind_text(q, 5, reason);
	store_bind_text(q, 6, result);
	store_bind_text(q, 7, on);
	return store_exec_done(q, err);
}

enum wb_status
store_check_coverage(struct store *st, const struct scope *scope, const char *on,
		     const char *from, void (*fn)(const struct check_coverage_row *, void *),
		     void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_COVERAGE);
	enum wb_status rc;
	bool row;

	store_bind_text(q, 1, on);
	store_bind_text(q, 2, on);
	store_bind_text(q, 3, from);
	store_bind_text(q, 4, on);
	store_bind_scope(q, 5, scope);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct check_coverage_row r = {
			.id = store_col_int(q, 0), .name = store_col_text(q, 1),
			.type = store_col_text(q, 2), .town = store_col_text(q, 3),
			.staff = store_col_int(q, 4), .covered = store_col_int(q, 5),
		};
		if (r.town == NULL)
			r.town = "";
		fn(&r, arg);
	}
	store_query_end(q);
	return rc;
}

enum wb_status
store_check_institution_get(struct store *st, const struct scope *scope, int64_t id, char *name,
			    char *type, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_INSTITUTION_GET);
	enum wb_status rc;
	bool row = false;

	store_bind_int(q, 1, id);
	store_bind_scope(q, 2, scope);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		store_col_copy(q, 1, name, 404);
		store_col_copy(q, 2, type, 16);
	}
	store_query_end(q);
	if (rc == WB_OK && !row)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "没有该机构");
	return rc;
}

static void
read_run(struct store_query *q, struct check_run_entry *r)
{
	memset(r, 0, sizeof(*r));
	r->id = store_col_int(q, 0);
	r->institution_id = store_col_int(q, 1);
	store_col_copy(q, 2, r->institution_name, sizeof(r->institution_name));
	r->at = store_col_int(q, 3);
	store_col_copy(q, 4, r->by, sizeof(r->by));
	r->rows = store_col_int(q, 5);
	r->checked = store_col_int(q, 6);
	r->hits = store_col_int(q, 7);
	r->invalid = store_col_int(q, 8);
	store_col_copy(q, 9, r->file_name, sizeof(r->file_name));
}

/* A run page's filter (store_pager's filter). */
struct run_filter {
	const struct scope *scope;
	int64_t institution_id;
};

/* store_pager's bind: the scope, then the institution (0: any). */
static int
bind_run_filter(struct store_query *q, int idx, const void *filter)
{
	const struct run_filter *f = filter;

	idx = store_bind_scope(q, idx, f->scope);
	store_bind_int(q, idx++, f->institution_id);
	store_bind_int(q, idx++, f->institution_id);
	return idx;
}

STORE_PAGER_EACH(run, check_run_entry, read_run)

enum wb_status
store_check_run_page(struct store *st, const struct scope *scope, int64_t institution_id,
		     int64_t limit, int64_t offset, void (*fn)(const struct check_run_entry *, void *),
		     void *arg, int64_t *total, struct wb_err *err)
{
	struct run_filter f = { scope, institution_id };
	struct run_cb cb = { fn, arg };
	const struct store_pager p = {
		.count = STMT_CHECK_RUN_COUNT, .page = STMT_CHECK_RUN_PAGE, .bind = bind_run_filter,
		.filter = &f, .row_size = sizeof(struct check_run_entry), .each = each_run, .arg = &cb,
	};

	return store_count_and_page(st, &p, limit, offset, total, err);
}

enum wb_status
store_check_run_get(struct store *st, const struct scope *scope, int64_t id,
		    struct check_run_entry *out, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_RUN_GET);
	enum wb_status rc;
	bool row = false;
	int i;

	i = store_bind_scope(q, 1, scope);
	store_bind_int(q, i, id);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		read_run(q, out);
	store_query_end(q);
	if (rc == WB_OK && !row)
		rc = wb_err_set(err, WB_ERR_NOTFOUND, "没有该批查询");
	return rc;
}

enum wb_status
store_check_run_rows(struct store *st, int64_t id, const char *result, int64_t limit,
		     int64_t offset, void (*fn)(const struct check_run_line *, void *), void *arg,
		     int64_t *total, struct wb_err *err)
{
	return store_check_results_page(st, id, result, limit, offset, fn, arg, total, err);
}

enum wb_status
store_check_registry_summary(struct store *st, int64_t *total,
			     void (*cat)(const char *, int64_t, void *),
			     void (*imp)(const struct check_registry_import_row *, void *),
			     int64_t limit, void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_REGISTRY_TOTAL);
	enum wb_status rc;
	bool row = false;

	*total = 0;
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*total = store_col_int(q, 0);
	store_query_end(q);
	if (rc != WB_OK)
		return rc;
	q = store_query(st, STMT_CHECK_REGISTRY_BY_CATEGORY);
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		cat(store_col_text(q, 0), store_col_int(q, 1), arg);
	store_query_end(q);
	if (rc != WB_OK)
		return rc;
	q = store_query(st, STMT_CHECK_REGISTRY_IMPORTS);
	store_bind_int(q, 1, limit);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		struct check_registry_import_row r = {
			.id = store_col_int(q, 0), .at = store_col_int(q, 1),
			.by = store_col_text(q, 2), .rows = store_col_int(q, 3),
			.file_name = store_col_text(q, 4),
		};
		imp(&r, arg);
	}
	store_query_end(q);
	return rc;
}
