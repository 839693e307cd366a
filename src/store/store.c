/* Backend-independent part of the store: URL dispatch, queries, transactions. */
#include "store/store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
store_url_is_postgresql(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

enum wb_status
store_open(const char *url, enum store_open_mode mode, struct store **out, struct wb_err *err)
{
	enum wb_status rc;

	*out = NULL;
	if (url == NULL || *url == '\0')
		return wb_err_set(err, WB_ERR_INVALID, "no database given");
	if (store_url_is_postgresql(url))
		rc = store_pg_open(url, mode, out, err);
	else
		rc = store_sqlite_open(strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url, mode, out, err);
	if (rc == WB_OK)
		(*out)->q.st = *out;
	return rc;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->in_query)
		store_query_end(&st->q);
	st->ops->close(st);
}

bool
store_connection_ok(struct store *st)
{
	return st->ops->connection_ok == NULL || st->ops->connection_ok(st);
}

enum store_backend
store_backend(const struct store *st)
{
	return st->backend;
}

const char *
store_backend_name(const struct store *st)
{
	return st->ops->name;
}

void
store_bulk_mode(struct store *st)
{
	struct wb_err ignored = { 0 };

	if (st->backend == STORE_SQLITE && !st->bulk &&
	    st->ops->exec_script(st, "PRAGMA cache_size = -262144", &ignored) == WB_OK)
		st->bulk = true;
}

/* Ends bulk mode (the transaction is over). */
static void
bulk_end(struct store *st)
{
	struct wb_err ignored = { 0 };

	if (st->bulk)
		st->ops->exec_script(st, "PRAGMA cache_size = -2000", &ignored);
	st->bulk = false;
}

enum wb_status
store_begin(struct store *st, struct wb_err *err)
{
	enum wb_status rc = WB_OK;

	if (st->tx_depth == 0) {
		rc = st->ops->exec_script(st, st->backend == STORE_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", err);
		if (rc != WB_OK)
			return rc;
		st->tx_doomed = false;
		st->registers_touched = 0;
	}
	st->tx_depth++;
	return rc;
}

enum wb_status
store_begin_read(struct store *st, struct wb_err *err)
{
	enum wb_status rc;

	if (st->tx_depth > 0) {
		st->tx_depth++;
		return WB_OK;
	}
	/* SQLite: a deferred transaction reads one snapshot and takes no write
	 * lock; PostgreSQL: the same snapshot for every statement */
	rc = st->ops->exec_script(st, st->backend == STORE_SQLITE ? "BEGIN"
				  : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
	if (rc != WB_OK)
		return rc;
	st->tx_doomed = false;
	st->registers_touched = 0;
	st->tx_depth = 1;
	return WB_OK;
}

enum wb_status
store_commit(struct store *st, struct wb_err *err)
{
	enum wb_status rc;

	if (st->tx_depth == 0)
		return wb_err_set(err, WB_ERR_DB, "commit without a transaction");
	if (--st->tx_depth > 0)
		return WB_OK;
	if (st->tx_doomed) {
		store_rollback_all(st);
		return wb_err_set(err, WB_ERR_DB, "the transaction was rolled back by an inner step");
	}
	rc = st->ops->exec_script(st, "COMMIT", err);
	if (rc != WB_OK)
		store_rollback_all(st);
	bulk_end(st);
	return rc;
}

void
store_rollback(struct store *st)
{
	if (st->in_query)
		store_query_end(&st->q);
	if (st->tx_depth > 1) {
		st->tx_depth--;
		st->tx_doomed = true;
		return;
	}
	store_rollback_all(st);
}

void
store_rollback_all(struct store *st)
{
	struct wb_err ignored;

	if (st->in_query)
		store_query_end(&st->q);
	st->ops->exec_script(st, "ROLLBACK", &ignored);
	st->tx_depth = 0;
	st->tx_doomed = false;
	bulk_end(st);
}

bool
store_in_transaction(const struct store *st)
{
	return st->tx_depth > 0;
}

struct store_query *
store_query(struct store *st, enum stmt_id id)
{
	if (st->in_query)
		store_query_end(&st->q);
	st->current = id;
	st->failed = st->ops->query_start(st, id, &st->pending) != WB_OK;
	st->in_query = true;
	return &st->q;
}

void
store_bind_int(struct store_query *q, int idx, int64_t v)
{
	if (!q->st->failed)
		q->st->ops->bind_int(q->st, idx, v);
}

void
store_bind_text(struct store_query *q, int idx, const char *v)
{
	if (q->st->failed)
		return;
	if (v == NULL)
		q->st->ops->bind_null(q->st, idx);
	else
		q->st->ops->bind_text(q->st, idx, v);
}

void
store_bind_text_ref(struct store_query *q, int idx, const char *v)
{
	if (q->st->failed)
		return;
	if (v == NULL)
		q->st->ops->bind_null(q->st, idx);
	else if (q->st->ops->bind_text_ref)
		q->st->ops->bind_text_ref(q->st, idx, v);
	else
		q->st->ops->bind_text(q->st, idx, v);
}

void
store_bind_double(struct store_query *q, int idx, double v)
{
	if (!q->st->failed)
		q->st->ops->bind_double(q->st, idx, v);
}

void
store_bind_blob(struct store_query *q, int idx, const void *p, size_t n)
{
	if (!q->st->failed)
		q->st->ops->bind_blob(q->st, idx, p, n);
}

const void *
store_col_blob(struct store_query *q, int col, size_t *n)
{
	return q->st->ops->col_blob(q->st, col, n);
}

double
store_col_double(struct store_query *q, int col)
{
	return q->st->ops->col_double(q->st, col);
}

void
store_bind_null(struct store_query *q, int idx)
{
	if (!q->st->failed)
		q->st->ops->bind_null(q->st, idx);
}

void
store_bind_text_opt(struct store_query *q, int idx, const char *s)
{
	if (s && *s)
		store_bind_text(q, idx, s);
	else
		store_bind_null(q, idx);
}

enum wb_status
store_step(struct store_query *q, bool *row, struct wb_err *err)
{
	*row = false;
	if (q->st->failed) {
		if (err)
			*err = q->st->pending;
		return q->st->pending.status;
	}
	return q->st->ops->step(q->st, row, err);
}

const char *
store_col_text(struct store_query *q, int col)
{
	return q->st->ops->col_text(q->st, col);
}

char *
store_col_copy(struct store_query *q, int col, char *buf, size_t n)
{
	const char *v = store_col_text(q, col);
	size_t len;

	if (n == 0)
		return buf;
	len = v ? strnlen(v, n - 1) : 0;   /* as snprintf would, without its cost */
	memcpy(buf, v ? v : "", len);
	buf[len] = '\0';
	return buf;
}

int64_t
store_col_int(struct store_query *q, int col)
{
	return q->st->ops->col_int(q->st, col);
}

bool
store_col_is_null(struct store_query *q, int col)
{
	return q->st->ops->col_is_null(q->st, col);
}

void
store_query_end(struct store_query *q)
{
	if (!q->st->in_query)
		return;
	if (!q->st->failed)
		q->st->ops->query_end(q->st);
	q->st->in_query = false;
}

enum wb_status
store_exec_done(struct store_query *q, struct wb_err *err)
{
	enum wb_status rc;
	bool row;

	do {
		rc = store_step(q, &row, err);
	} while (rc == WB_OK && row);
	store_query_end(q);
	return rc;
}

int64_t
store_changes(struct store *st)
{
	return st->ops->changes(st);
}

enum wb_status
store_list_tables(struct store *st, void (*fn)(const char *, void *), void *arg, struct wb_err *err)
{
	return st->ops->list_tables(st, fn, arg, err);
}

enum wb_status
store_reject_get(struct store *st, enum stmt_id stmt, int64_t id, const char *login, int64_t now,
		 char **token, char *file_name, size_t name_len, struct wb_err *err)
{
	struct store_query *q = store_query(st, stmt);
	enum wb_status rc;
	bool row = false;

	*token = NULL;
	store_bind_int(q, 1, id);
	store_bind_text(q, 2, login ? login : "");
	store_bind_int(q, 3, now);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		*token = strdup(store_col_text(q, 0));
		store_col_copy(q, 1, file_name, name_len);
		if (*token == NULL)
			rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	store_query_end(q);
	if (rc == WB_OK && !row)
		return wb_err_set(err, WB_ERR_NOTFOUND, "该错误行记录不存在或已过期");
	return rc;
}

enum wb_status
store_exec_counted(struct store *st, enum stmt_id stmt, int64_t v, int64_t *n, struct wb_err *err)
{
	struct store_query *q = store_query(st, stmt);
	enum wb_status rc;

	store_bind_int(q, 1, v);
	rc = store_exec_done(q, err);
	if (n)
		*n = rc == WB_OK ? store_changes(st) : 0;
	return rc;
}

enum wb_status
store_count_of(struct store_query *q, int64_t *n, struct wb_err *err)
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
store_count_and_page(struct store *st, const struct store_pager *p, int64_t limit, int64_t offset,
		     int64_t *total, struct wb_err *err)
{
	struct store_query *q;
	enum wb_status rc;
	void *r;
	bool row = false;
	int i;

	if (total) {
		q = store_query(st, p->count);
		p->bind(q, 1, p->filter);
		rc = store_count_of(q, total, err);
		if (rc != WB_OK || offset >= *total)
			return rc;      /* nothing on this page: no second pass */
	}
	r = malloc(p->row_size);
	if (r == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	q = store_query(st, p->page);
	i = p->bind(q, 1, p->filter);
	store_bind_int(q, i++, limit < 0 ? INT64_MAX : limit);
	store_bind_int(q, i, offset);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		memset(r, 0, p->row_size);
		p->each(q, r, p->arg);
	}
	store_query_end(q);
	free(r);
	return rc;
}
