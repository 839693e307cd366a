#include "store/checks.h"

#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

#define BULK 32   /* rows of the *_32 statements */

static void
bind_id_opt(struct store_query *q, int idx, int64_t id)
{
	if (id > 0)
		store_bind_int(q, idx, id);
	else
		store_bind_null(q, idx);
}

/* A text bound without a copy, NULL or "" binding NULL. */
static void
bind_opt(struct store_query *q, int idx, const char *s)
{
	store_bind_text_ref(q, idx, s && *s ? s : NULL);
}

/* Runs a statement that returns one count into *n. */
static enum wb_status
count_of(struct store_query *q, int64_t *n, struct wb_err *err)
{
	enum wb_status rc;
	bool row = false;

	*n = 0;
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*n = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

enum wb_status
store_check_import_add(struct store *st, struct check_import *im, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_IMPORT_INSERT);
	enum wb_status rc;
	bool row = false;

	store_bind_text(q, 1, im->kind);
	bind_id_opt(q, 2, im->institution_id);
	store_bind_text(q, 3, im->division_code);
	store_bind_text(q, 4, im->file_name ? im->file_name : "");
	store_bind_int(q, 5, im->rows);
	store_bind_int(q, 6, im->checked);
	store_bind_int(q, 7, im->hits);
	store_bind_int(q, 8, im->invalid);
	store_bind_int(q, 9, im->created_at);
	bind_id_opt(q, 10, im->created_by);
	store_bind_text(q, 11, im->login ? im->login : "");
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		im->id = store_col_int(q, 0);
	store_query_end(q);
	if (rc == WB_OK && !row)
		rc = wb_err_set(err, WB_ERR_DB, "no id for the check import");
	return rc;
}

enum wb_status
store_check_import_counts(struct store *st, const struct check_import *im, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_IMPORT_COUNTS);

	store_bind_int(q, 1, im->rows);
	store_bind_int(q, 2, im->checked);
	store_bind_int(q, 3, im->hits);
	store_bind_int(q, 4, im->invalid);
	store_bind_int(q, 5, im->id);
	return store_exec_done(q, err);
}

/* Inserts n rows through the single-row statement one and the BULK-row
 * statement many: bind(q, index, i, arg) binds row i from index and returns
 * the index after it. */
static enum wb_status
insert_rows(struct store *st, enum stmt_id one, enum stmt_id many, size_t n,
	    int (*bind)(struct store_query *, int, size_t, void *), void *arg, struct wb_err *err)
{
	enum wb_status rc = WB_OK;
	size_t i = 0;

	while (rc == WB_OK && i < n) {
		bool bulk = n - i >= BULK;
		struct store_query *q = store_query(st, bulk ? many : one);
		int idx = 1;

		for (size_t k = 0; k < (bulk ? BULK : 1); k++)
			idx = bind(q, idx, i + k, arg);
		rc = store_exec_done(q, err);
		i += bulk ? BULK : 1;
	}
	return rc;
}

struct registry_bind {
	const struct check_registry_entry *e;
	int64_t import_id, now;
};

static int
bind_registry(struct store_query *q, int i, size_t k, void *arg)
{
	const struct registry_bind *b = arg;

	store_bind_text_ref(q, i++, b->e[k].match);
	store_bind_text_ref(q, i++, b->e[k].category);
	store_bind_text_ref(q, i++, b->e[k].recorded_on);
	store_bind_int(q, i++, b->import_id);
	store_bind_int(q, i++, b->now);
	return i;
}

enum wb_status
store_check_registry_add(struct store *st, int64_t import_id, const struct check_registry_entry *e,
			 size_t n, int64_t now, struct wb_err *err)
{
	struct registry_bind b = { e, import_id, now };

	return insert_rows(st, STMT_CHECK_REGISTRY_INSERT, STMT_CHECK_REGISTRY_INSERT_32, n,
			   bind_registry, &b, err);
}

enum wb_status
store_check_registry_count(struct store *st, int64_t *n, struct wb_err *err)
{
	return count_of(store_query(st, STMT_CHECK_REGISTRY_COUNT), n, err);
}

enum wb_status
store_check_registry_each(struct store *st, void (*fn)(const char *, void *), void *arg,
			  struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_REGISTRY_MATCHES);
	enum wb_status rc;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_text(q, 0), arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_check_registry_has(struct store *st, const char *match, bool *found, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_REGISTRY_HAS);
	enum wb_status rc;
	int64_t n;

	store_bind_text_ref(q, 1, match);
	rc = count_of(q, &n, err);
	*found = rc == WB_OK && n > 0;
	return rc;
}

enum wb_status
store_check_staff_reserve_ids(struct store *st, size_t n, int64_t *ids, struct wb_err *err)
{
	bool pg = store_backend(st) == STORE_POSTGRESQL, row = false;
	struct store_query *q;
	enum wb_status rc = WB_OK;
	size_t k = 0;

	if (n == 0)
		return WB_OK;
	q = store_query(st, pg ? STMT_CHECK_STAFF_NEXT_IDS_PG : STMT_CHECK_STAFF_NEXT_ID_SQLITE);
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

enum wb_status
store_check_staff_count_of(struct store *st, int64_t institution_id, int64_t *n,
			   struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_STAFF_COUNT_OF);

	store_bind_int(q, 1, institution_id);
	return count_of(q, n, err);
}

enum wb_status
store_check_staff_each_of(struct store *st, int64_t institution_id,
			  void (*fn)(int64_t, const char *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_STAFF_OF);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, institution_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_int(q, 0), store_col_text(q, 1), arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_check_staff_find(struct store *st, int64_t institution_id, const char *id_bidx,
		       int64_t *id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_STAFF_FIND);
	enum wb_status rc;
	bool row = false;

	*id = 0;
	store_bind_int(q, 1, institution_id);
	store_bind_text_ref(q, 2, id_bidx);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	return rc;
}

struct staff_bind {
	const struct check_staff_row *r;
	int64_t institution_id, import_id, now, by;
	const char *division_code, *checked_on;
};

static int
bind_staff(struct store_query *q, int i, size_t k, void *arg)
{
	const struct staff_bind *b = arg;
	const struct check_staff_row *r = &b->r[k];

	store_bind_int(q, i++, r->id);
	store_bind_int(q, i++, b->institution_id);
	store_bind_text_ref(q, i++, b->division_code);
	store_bind_text_ref(q, i++, r->id_bidx);
	store_bind_text_ref(q, i++, r->match);
	store_bind_text_ref(q, i++, r->person);
	bind_opt(q, i++, r->post);
	bind_opt(q, i++, r->consent_no);
	bind_opt(q, i++, r->hired_on);
	store_bind_text_ref(q, i++, b->checked_on);
	store_bind_text_ref(q, i++, r->result);
	store_bind_int(q, i++, b->import_id);
	store_bind_int(q, i++, b->now);
	bind_id_opt(q, i++, b->by);
	return i;
}

enum wb_status
store_check_staff_insert(struct store *st, int64_t institution_id, const char *division_code,
			 const struct check_staff_row *r, size_t n, const char *checked_on,
			 int64_t import_id, int64_t now, int64_t by, struct wb_err *err)
{
	struct staff_bind b = { r, institution_id, import_id, now, by, division_code, checked_on };

	return insert_rows(st, STMT_CHECK_STAFF_INSERT, STMT_CHECK_STAFF_INSERT_32, n, bind_staff,
			   &b, err);
}

enum wb_status
store_check_staff_update(struct store *st, const struct check_staff_row *r, const char *checked_on,
			 int64_t import_id, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_STAFF_UPDATE);

	store_bind_text(q, 1, r->match);
	store_bind_text(q, 2, r->person);
	store_bind_text_opt(q, 3, r->post);
	store_bind_text_opt(q, 4, r->consent_no);
	store_bind_text_opt(q, 5, r->hired_on);
	store_bind_text(q, 6, checked_on);
	store_bind_text(q, 7, r->result);
	store_bind_int(q, 8, import_id);
	store_bind_int(q, 9, r->id);
	return store_exec_done(q, err);
}

struct result_bind {
	const struct check_result_row *r;
	int64_t import_id;
	const char *checked_on;
};

static int
bind_result(struct store_query *q, int i, size_t k, void *arg)
{
	const struct result_bind *b = arg;

	store_bind_int(q, i++, b->import_id);
	store_bind_int(q, i++, b->r[k].row_no);
	bind_id_opt(q, i++, b->r[k].staff_id);
	store_bind_text_ref(q, i++, b->r[k].result);
	store_bind_text_ref(q, i++, b->checked_on);
	return i;
}

enum wb_status
store_check_results_add(struct store *st, int64_t import_id, const struct check_result_row *r,
			size_t n, const char *checked_on, struct wb_err *err)
{
	struct result_bind b = { r, import_id, checked_on };

	return insert_rows(st, STMT_CHECK_RESULT_INSERT, STMT_CHECK_RESULT_INSERT_32, n,
			   bind_result, &b, err);
}

enum wb_status
store_check_results_each(struct store *st, int64_t import_id,
			 void (*fn)(int, int64_t, const char *, const char *, void *), void *arg,
			 struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_RESULTS_OF);
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, import_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn((int)store_col_int(q, 0), store_col_is_null(q, 1) ? 0 : store_col_int(q, 1),
		   store_col_text(q, 2), store_col_is_null(q, 3) ? NULL : store_col_text(q, 3), arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_check_reject_add(struct store *st, int64_t import_id, int64_t by, const char *login,
		       int64_t now, int64_t expires_at, const char *file_name, int rows, int64_t *id,
		       struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_REJECT_INSERT);
	enum wb_status rc;
	bool row = false;

	store_bind_int(q, 1, import_id);
	bind_id_opt(q, 2, by);
	store_bind_text(q, 3, login ? login : "");
	store_bind_int(q, 4, now);
	store_bind_int(q, 5, expires_at);
	store_bind_text(q, 6, file_name ? file_name : "");
	store_bind_int(q, 7, rows);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		*id = store_col_int(q, 0);
	store_query_end(q);
	if (rc == WB_OK && !row)
		rc = wb_err_set(err, WB_ERR_DB, "no id for the rejected rows");
	return rc;
}

enum wb_status
store_check_reject_set_payload(struct store *st, int64_t id, const char *token, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_REJECT_SET);

	store_bind_text(q, 1, token);
	store_bind_int(q, 2, id);
	return store_exec_done(q, err);
}

enum wb_status
store_check_reject_get(struct store *st, int64_t id, const char *login, int64_t now, char **token,
		       char *file_name, size_t name_len, struct wb_err *err)
{
	return store_reject_get(st, STMT_CHECK_REJECT_GET, id, login, now, token, file_name, name_len,
				err);
}

enum wb_status
store_check_reject_purge(struct store *st, int64_t now, int64_t *n, struct wb_err *err)
{
	return store_exec_counted(st, STMT_CHECK_REJECT_PURGE, now, n, err);
}
