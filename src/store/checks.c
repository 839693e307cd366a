#include "store/checks.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/check_block.h"
#include "store/check_staff.h"
#include "store/store_int.h"

#define BULK 32   /* rows of the *_32 statements */

/* A text bound without a copy, NULL or "" binding NULL. */
static void
bind_opt(struct store_query *q, int idx, const char *s)
{
	store_bind_text_ref(q, idx, s && *s ? s : NULL);
}

/* An index value (CHECK_INDEX_SIZE − 1 hex digits) bound as its 16 bytes
 * (BLOB / BYTEA, schema 21); a value not of that form is bound as text,
 * which the column refuses. */
static void
bind_index(struct store_query *q, int idx, const char *hex)
{
	unsigned char b[(CHECK_INDEX_SIZE - 1) / 2];
	size_t n = 0;

	if (hex && sodium_hex2bin(b, sizeof(b), hex, strlen(hex), NULL, &n, NULL) == 0 &&
	    n == sizeof(b))
		store_bind_blob(q, idx, b, sizeof(b));
	else
		store_bind_text(q, idx, hex ? hex : "");
}

/* Column col, an index value's bytes, as hex digits into out ("" when not
 * 16 bytes). */
static const char *
col_index(struct store_query *q, int col, char out[CHECK_INDEX_SIZE])
{
	size_t n = 0;
	const void *p = store_col_blob(q, col, &n);

	out[0] = '\0';
	if (p && n == (CHECK_INDEX_SIZE - 1) / 2)
		sodium_bin2hex(out, CHECK_INDEX_SIZE, p, n);
	return out;
}

enum wb_status
store_check_import_add(struct store *st, struct check_import *im, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_IMPORT_INSERT);
	enum wb_status rc;
	bool row = false;

	store_bind_text(q, 1, im->kind);
	store_bind_id_opt(q, 2, im->institution_id);
	store_bind_text(q, 3, im->division_code);
	store_bind_text(q, 4, im->file_name ? im->file_name : "");
	store_bind_int(q, 5, im->rows);
	store_bind_int(q, 6, im->checked);
	store_bind_int(q, 7, im->hits);
	store_bind_int(q, 8, im->invalid);
	store_bind_int(q, 9, im->created_at);
	store_bind_id_opt(q, 10, im->created_by);
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

	bind_index(q, i++, b->e[k].match);
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
	return store_count_of(store_query(st, STMT_CHECK_REGISTRY_COUNT), n, err);
}

enum wb_status
store_check_registry_each(struct store *st, void (*fn)(const char *, void *), void *arg,
			  struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_REGISTRY_MATCHES);
	char hex[CHECK_INDEX_SIZE];
	enum wb_status rc;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(col_index(q, 0, hex), arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_check_registry_has(struct store *st, const char *match, bool *found, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_REGISTRY_HAS);
	enum wb_status rc;
	int64_t n;

	bind_index(q, 1, match);
	rc = store_count_of(q, &n, err);
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
	return store_count_of(q, n, err);
}

enum wb_status
store_check_staff_each_of(struct store *st, int64_t institution_id,
			  void (*fn)(int64_t, const char *, void *), void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_STAFF_OF);
	char hex[CHECK_INDEX_SIZE];
	enum wb_status rc;
	bool row;

	store_bind_int(q, 1, institution_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_int(q, 0), col_index(q, 1, hex), arg);
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
	bind_index(q, 2, id_bidx);
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
	bind_index(q, i++, r->id_bidx);
	bind_index(q, i++, r->match);
	store_bind_text_ref(q, i++, r->person);
	bind_opt(q, i++, r->post);
	bind_opt(q, i++, r->consent_no);
	bind_opt(q, i++, r->hired_on);
	store_bind_text_ref(q, i++, b->checked_on);
	store_bind_text_ref(q, i++, r->result);
	store_bind_int(q, i++, b->import_id);
	store_bind_int(q, i++, b->now);
	store_bind_id_opt(q, i++, b->by);
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

	bind_index(q, 1, r->match);
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

/* Inserts block block_no of import_id: e[0..n) packed, with its counts. */
static enum wb_status
add_block(struct store *st, int64_t import_id, int64_t block_no, const struct check_block_entry *e,
	  size_t n, const char *checked_on, unsigned char *buf, struct wb_err *err)
{
	int64_t count[CHECK_CODE__MAX] = { 0 };
	struct store_query *q;
	size_t len;

	for (size_t i = 0; i < n; i++)
		count[e[i].code]++;
	if ((len = check_block_encode(e, n, buf, CHECK_BLOCK_BYTES(n))) == 0)
		return wb_err_set(err, WB_ERR_INVALID, "results not in row order");
	q = store_query(st, STMT_CHECK_RESULT_BLOCK_INSERT);
	store_bind_int(q, 1, import_id);
	store_bind_int(q, 2, block_no);
	store_bind_int(q, 3, (int64_t)n);
	store_bind_int(q, 4, count[CHECK_CODE_NONE]);
	store_bind_int(q, 5, count[CHECK_CODE_HIT]);
	store_bind_int(q, 6, count[CHECK_CODE_INVALID]);
	store_bind_text(q, 7, checked_on);
	store_bind_blob(q, 8, buf, len);
	return store_exec_done(q, err);
}

enum wb_status
store_check_results_add(struct store *st, int64_t import_id, const struct check_result_row *r,
			size_t n, const char *checked_on, struct wb_err *err)
{
	struct check_block_entry *e = malloc(CHECK_BLOCK_ROWS * sizeof(*e));
	unsigned char *buf = malloc(CHECK_BLOCK_BYTES(CHECK_BLOCK_ROWS));
	int64_t block_no = 0;
	enum wb_status rc;

	if (e == NULL || buf == NULL) {
		free(e);
		free(buf);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	{
		struct store_query *q = store_query(st, STMT_CHECK_RESULT_BLOCK_NEXT);

		store_bind_int(q, 1, import_id);
		rc = store_count_of(q, &block_no, err);
	}
	for (size_t i = 0; rc == WB_OK && i < n; block_no++) {
		size_t k = 0;

		for (; k < CHECK_BLOCK_ROWS && i < n; i++, k++) {
			e[k].row_no = r[i].row_no;
			e[k].staff_id = r[i].staff_id;
			e[k].code = check_code_of(r[i].result);
			if (e[k].code == CHECK_CODE__MAX) {
				rc = wb_err_set(err, WB_ERR_INVALID, "no such result: %s",
						r[i].result ? r[i].result : "");
				break;
			}
		}
		if (rc == WB_OK)
			rc = add_block(st, import_id, block_no, e, k, checked_on, buf, err);
	}
	free(e);
	free(buf);
	return rc;
}

/* A block's line: its number, its entries by code and its check date. */
struct block_head {
	int64_t block_no, entries, count[CHECK_CODE__MAX];
	char checked_on[16];
};

/* The blocks of import_id in order into a malloc'd *heads (*n of them). */
static enum wb_status
block_heads(struct store *st, int64_t import_id, struct block_head **heads, size_t *n,
	    struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_RESULT_BLOCKS_OF);
	struct block_head *h = NULL;
	size_t cap = 0;
	enum wb_status rc;
	bool row;

	*heads = NULL;
	*n = 0;
	store_bind_int(q, 1, import_id);
	while ((rc = store_step(q, &row, err)) == WB_OK && row) {
		if (*n == cap) {
			struct block_head *x = realloc(h, (cap = cap ? cap * 2 : 64) * sizeof(*x));
			if (x == NULL) {
				rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
				break;
			}
			h = x;
		}
		h[*n].block_no = store_col_int(q, 0);
		h[*n].entries = store_col_int(q, 1);
		h[*n].count[CHECK_CODE_NONE] = store_col_int(q, 2);
		h[*n].count[CHECK_CODE_HIT] = store_col_int(q, 3);
		h[*n].count[CHECK_CODE_INVALID] = store_col_int(q, 4);
		snprintf(h[*n].checked_on, sizeof(h[*n].checked_on), "%s", store_col_text(q, 5));
		(*n)++;
	}
	store_query_end(q);
	if (rc != WB_OK) {
		free(h);
		*n = 0;
		return rc;
	}
	*heads = h;
	return WB_OK;
}

/* Block block_no of import_id decoded into e (CHECK_BLOCK_ROWS), *n entries. */
static enum wb_status
block_read(struct store *st, int64_t import_id, int64_t block_no, struct check_block_entry *e,
	   size_t *n, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_CHECK_RESULT_BLOCK_DATA);
	enum wb_status rc;
	bool row = false;

	*n = 0;
	store_bind_int(q, 1, import_id);
	store_bind_int(q, 2, block_no);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row) {
		size_t len = 0;
		const void *p = store_col_blob(q, 0, &len);

		*n = check_block_decode(p, len, e, CHECK_BLOCK_ROWS);
		if (*n == (size_t)-1) {
			*n = 0;
			rc = wb_err_set(err, WB_ERR_DB, "block %lld of check run %lld is damaged",
					(long long)block_no, (long long)import_id);
		}
	}
	store_query_end(q);
	return rc;
}

/* Calls fn for e[0..n) with each person's sealed cell, looked up 32 at a time. */
static enum wb_status
emit(struct store *st, const struct check_block_entry *e, size_t n, const char *checked_on,
     void (*fn)(const struct check_run_line *, void *), void *arg, struct wb_err *err)
{
	enum wb_status rc = WB_OK;

	for (size_t i = 0; rc == WB_OK && i < n; i += BULK) {
		size_t m = n - i < BULK ? n - i : BULK;
		char *person[BULK] = { 0 };
		struct store_query *q = store_query(st, STMT_CHECK_STAFF_PERSONS_32);
		bool row;

		for (size_t k = 0; k < BULK; k++)
			store_bind_int(q, (int)k + 1, k < m ? e[i + k].staff_id : 0);
		while ((rc = store_step(q, &row, err)) == WB_OK && row) {
			int64_t id = store_col_int(q, 0);

			for (size_t k = 0; k < m; k++)
				if (e[i + k].staff_id == id && person[k] == NULL &&
				    (person[k] = strdup(store_col_text(q, 1))) == NULL)
					rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		}
		store_query_end(q);
		for (size_t k = 0; k < m; k++) {
			struct check_run_line line = {
				.row_no = e[i + k].row_no, .staff_id = e[i + k].staff_id,
				.result = check_code_text(e[i + k].code), .checked_on = checked_on,
				.person = person[k],
			};
			if (rc == WB_OK)
				fn(&line, arg);
			free(person[k]);
		}
	}
	return rc;
}

enum wb_status
store_check_results_page(struct store *st, int64_t import_id, const char *result, int64_t limit,
			 int64_t offset, void (*fn)(const struct check_run_line *, void *),
			 void *arg, int64_t *total, struct wb_err *err)
{
	enum check_code want = result && *result ? check_code_of(result) : CHECK_CODE__MAX;
	struct check_block_entry *e = NULL, *keep = NULL;
	struct block_head *h = NULL;
	size_t nh = 0;
	enum wb_status rc;

	*total = 0;
	if (result && *result && want == CHECK_CODE__MAX)
		return WB_OK;   /* no row has another result */
	if ((rc = block_heads(st, import_id, &h, &nh, err)) != WB_OK)
		return rc;
	for (size_t b = 0; b < nh; b++)
		*total += want == CHECK_CODE__MAX ? h[b].entries : h[b].count[want];
	if (offset < 0)
		offset = 0;
	if (offset < *total && limit > 0 &&
	    ((e = malloc(CHECK_BLOCK_ROWS * sizeof(*e))) == NULL ||
	     (keep = malloc(CHECK_BLOCK_ROWS * sizeof(*keep))) == NULL))
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t b = 0; rc == WB_OK && b < nh && limit > 0 && offset < *total; b++) {
		int64_t in = want == CHECK_CODE__MAX ? h[b].entries : h[b].count[want];
		size_t n = 0, m = 0;

		if (offset >= in) {   /* the page starts after this block */
			offset -= in;
			continue;
		}
		if ((rc = block_read(st, import_id, h[b].block_no, e, &n, err)) != WB_OK)
			break;
		for (size_t i = 0; i < n && limit > 0; i++) {
			if (want != CHECK_CODE__MAX && e[i].code != want)
				continue;
			if (offset > 0) {
				offset--;
				continue;
			}
			keep[m++] = e[i];
			limit--;
		}
		rc = emit(st, keep, m, h[b].checked_on, fn, arg, err);
		offset = 0;
	}
	free(e);
	free(keep);
	free(h);
	return rc;
}

struct each_adapter {
	void (*fn)(int, int64_t, const char *, const char *, void *);
	void *arg;
};

static void
each_line(const struct check_run_line *l, void *arg)
{
	struct each_adapter *a = arg;

	a->fn((int)l->row_no, l->staff_id, l->result, l->person, a->arg);
}

enum wb_status
store_check_results_each(struct store *st, int64_t import_id,
			 void (*fn)(int, int64_t, const char *, const char *, void *), void *arg,
			 struct wb_err *err)
{
	struct each_adapter a = { fn, arg };
	int64_t total;

	return store_check_results_page(st, import_id, NULL, INT64_MAX, 0, each_line, &a, &total,
					err);
}

enum wb_status
store_check_results_migrate(struct store *st, struct wb_err *err)
{
	int64_t import_id = 0;
	enum wb_status rc = WB_OK;

	for (;;) {
		struct store_query *q = store_query(st, STMT_MIGRATE_CHECK_RESULTS_NEXT);
		struct check_result_row *r = NULL;
		char (*on)[16] = NULL;
		size_t n = 0, cap = 0;
		bool row = false, more = false;

		store_bind_int(q, 1, import_id);
		rc = store_step(q, &row, err);
		if (rc == WB_OK && row && !store_col_is_null(q, 0)) {
			import_id = store_col_int(q, 0);
			more = true;
		}
		store_query_end(q);
		if (rc != WB_OK || !more)
			return rc;
		q = store_query(st, STMT_MIGRATE_CHECK_RESULTS_OF);
		store_bind_int(q, 1, import_id);
		while ((rc = store_step(q, &row, err)) == WB_OK && row) {
			if (n == cap) {
				size_t c = cap ? cap * 2 : 1024;
				struct check_result_row *x = realloc(r, c * sizeof(*x));
				char (*y)[16] = x ? realloc(on, c * sizeof(*y)) : NULL;

				if (x)
					r = x;
				if (y)
					on = y;
				if (x == NULL || y == NULL) {
					rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
					break;
				}
				cap = c;
			}
			r[n].row_no = (int)store_col_int(q, 0);
			r[n].staff_id = store_col_is_null(q, 1) ? 0 : store_col_int(q, 1);
			r[n].result = check_code_text(check_code_of(store_col_text(q, 2)));
			snprintf(on[n], sizeof(on[n]), "%s", store_col_text(q, 3));
			n++;
		}
		store_query_end(q);
		/* a block per stretch of rows checked on the same day (a run's are) */
		for (size_t i = 0, j; rc == WB_OK && i < n; i = j) {
			for (j = i + 1; j < n && strcmp(on[j], on[i]) == 0; j++)
				;
			rc = store_check_results_add(st, import_id, r + i, j - i, on[i], err);
		}
		free(r);
		free(on);
		if (rc != WB_OK)
			return rc;
	}
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
	store_bind_id_opt(q, 2, by);
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

/* Rewrites the hex index values of one table read by next (id, then the
 * values) as their bytes through set (the values, then id), 512 rows at a
 * time; SQLite's schema-21 step (its columns' type was rewritten to BLOB). */
static enum wb_status
indexes_to_bytes(struct store *st, enum stmt_id next, enum stmt_id set, int ncols,
		 struct wb_err *err)
{
	struct hexrow {
		int64_t id;
		char v[2][CHECK_INDEX_SIZE];
	} *rows = malloc(512 * sizeof(*rows));
	int64_t after = 0;
	enum wb_status rc = WB_OK;

	if (rows == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (;;) {
		struct store_query *q = store_query(st, next);
		size_t n = 0;
		bool row;

		store_bind_int(q, 1, after);
		while ((rc = store_step(q, &row, err)) == WB_OK && row && n < 512) {
			rows[n].id = after = store_col_int(q, 0);
			for (int c = 0; c < ncols; c++)
				snprintf(rows[n].v[c], CHECK_INDEX_SIZE, "%s",
					 store_col_is_null(q, 1 + c) ? "" : store_col_text(q, 1 + c));
			n++;
		}
		store_query_end(q);
		for (size_t i = 0; rc == WB_OK && i < n; i++) {
			q = store_query(st, set);
			for (int c = 0; c < ncols; c++)
				bind_index(q, 1 + c, rows[i].v[c]);
			store_bind_int(q, 1 + ncols, rows[i].id);
			rc = store_exec_done(q, err);
		}
		if (rc != WB_OK || n == 0)
			break;
	}
	free(rows);
	return rc;
}

enum wb_status
store_check_indexes_migrate(struct store *st, struct wb_err *err)
{
	enum wb_status rc;

	if (store_backend(st) != STORE_SQLITE)
		return WB_OK;   /* PostgreSQL's script converted them (decode) */
	rc = indexes_to_bytes(st, STMT_MIGRATE_CHECK_STAFF_HEX, STMT_MIGRATE_CHECK_STAFF_BYTES, 2,
			      err);
	if (rc == WB_OK)
		rc = indexes_to_bytes(st, STMT_MIGRATE_CHECK_REGISTRY_HEX,
				      STMT_MIGRATE_CHECK_REGISTRY_BYTES, 1, err);
	return rc;
}
