#include "app/child_import.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/children.h"
#include "app/keys.h"
#include "core/child_record.h"
#include "core/division.h"
#include "sec/blindindex.h"
#include "sec/fieldcrypt.h"
#include "store/children.h"
#include "store/org.h"
#include "util/csv_table.h"
#include "util/table.h"

#define PROGRESS_EVERY 1000

void
child_import_report_free(struct child_import_report *rep)
{
	vec_free(&rep->issues);
}

size_t
app_child_template(char *out, size_t n)
{
	size_t len = (size_t)snprintf(out, n, "\xEF\xBB\xBF");

	for (int k = 0; k < CC__MAX; k++)
		len += (size_t)snprintf(out + (len < n ? len : n), len < n ? n - len : 0, "%s%s",
					k ? "," : "", child_headers[k]);
	len += (size_t)snprintf(out + (len < n ? len : n), len < n ? n - len : 0, "\r\n");
	return len;
}

/* The import's state while checking rows. */
struct import {
	struct app_ctx *c;
	struct child_import_report *rep;
	const struct csv_table *t;
	const int *map;               /* column of the file → enum child_col, or -1 */
	bool *bad;                    /* per row */
	char **reasons;               /* per row, malloc'd "；"-joined, for the rejected file */
	char (*index)[BLINDINDEX_HEX_SIZE];   /* per row: blind index of its ID number, or "" */
	char **villages;              /* every village code, sorted */
	size_t nvillages;
};

static void
add_reason(struct import *im, size_t r, const char *reason)
{
	char *old = im->reasons[r];
	size_t n = (old ? strlen(old) + strlen("；") : 0) + strlen(reason) + 1;
	char *s = malloc(n);

	if (s == NULL)
		return;
	snprintf(s, n, "%s%s%s", old ? old : "", old ? "；" : "", reason);
	free(old);
	im->reasons[r] = s;
}

/* One thread's checking: the row it is at and the problems it found (the
 * rows are checked on two threads, each over its own rows). */
struct checker {
	struct import *im;
	size_t r;                     /* the row being checked (index into t) */
	size_t from, to;              /* its rows */
	int rows, problems;
	struct vec issues;            /* struct child_issue, up to CHILD_ISSUES_KEPT */
	struct child_record rec;      /* scratch */
	enum wb_status rc;
	struct wb_err err;
};

/* A problem of the checker's current row (sheet_header_fn). */
static void
problem(const char *header, const char *reason, void *arg)
{
	struct checker *ck = arg;
	struct import *im = ck->im;
	struct child_issue *is;
	size_t r = ck->r;

	ck->problems++;
	if (r > 0 && r < im->t->nrows) {
		im->bad[r] = true;
		add_reason(im, r, reason);
	}
	if (ck->issues.n >= CHILD_ISSUES_KEPT || (is = vec_push(&ck->issues)) == NULL)
		return;
	is->row = (int)csv_table_line(im->t, r);
	snprintf(is->header, sizeof(is->header), "%s", header);
	snprintf(is->reason, sizeof(is->reason), "%s", reason);
}

static int
by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
keep_village(const struct division *d, void *arg)
{
	struct import *im = arg;
	char **v;

	if (division_level_of(d->code) != DIVISION_VILLAGE)
		return 0;
	v = realloc(im->villages, (im->nvillages + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	im->villages = v;
	if ((v[im->nvillages] = strdup(d->code)) == NULL)
		return -1;
	im->nvillages++;
	return 0;
}

static bool
village_known(const struct import *im, const char *code)
{
	return bsearch(&code, im->villages, im->nvillages, sizeof(char *), by_string) != NULL;
}

/* The raw values of row r by column. */
static void
row_values(const struct import *im, size_t r, const char *in[CC__MAX])
{
	for (int k = 0; k < CC__MAX; k++)
		in[k] = NULL;
	for (size_t i = 0; i < im->t->rows[0].nfields; i++)
		if (im->map[i] >= 0)
			in[im->map[i]] = csv_table_field(im->t, r, (int)i);
}

/* True when row r has nothing but white space (a trailing line Excel wrote). */
static bool
row_blank(const struct csv_table *t, size_t r)
{
	for (size_t i = 0; i < t->rows[r].nfields; i++) {
		const char *f = t->rows[r].fields[i];

		if (f[strspn(f, " \t\r\n")] != '\0')
			return false;
	}
	return true;
}

/* Checks the checker's row: the values, the village and its scope, and
 * computes the blind index of the ID number (looked up in the register
 * later, on the store's thread: see registered_twice).  Uses no store. */
static enum wb_status
check_row(struct checker *ck)
{
	const char *in[CC__MAX];
	struct import *im = ck->im;
	const struct app_ctx *c = im->c;
	size_t r = ck->r;

	row_values(im, r, in);
	for (size_t i = 0; i < im->t->rows[r].nfields; i++)
		if (im->map[i] < 0 && im->t->rows[r].fields[i][0] != '\0')
			problem("", "有内容的列没有列名", ck);
	child_record_validate(in, app_today(c), &ck->rec, problem, ck);
	if (ck->rec.village[0] && !village_known(im, ck->rec.village))
		problem("村社区代码", "村社区代码不存在（请先导入区划）", ck);
	else if (ck->rec.village[0] && !scope_covers_division(c->scope, ck->rec.village))
		problem("村社区代码", "该村社区不在您的管辖范围内", ck);
	im->index[r][0] = '\0';
	if (ck->rec.id_number[0])
		return blindindex_idnumber(c->keys, ck->rec.id_number, im->index[r], &ck->err);
	return WB_OK;
}

/* Checks the rows [from, to) of checker arg (a thread's body). */
static void *
check_rows(void *arg)
{
	struct checker *ck = arg;
	const struct csv_table *t = ck->im->t;

	ck->rc = WB_OK;
	for (ck->r = ck->from; ck->r < ck->to && ck->rc == WB_OK; ck->r++) {
		if (row_blank(t, ck->r))
			continue;
		ck->rows++;
		ck->rc = check_row(ck);
	}
	return NULL;
}

/* Marks the rows whose ID number the register already holds: as registered
 * when that child lies in the caller's scope, elsewhere otherwise. */
static enum wb_status
registered_twice(struct checker *ck, struct wb_err *err)
{
	struct import *im = ck->im;
	struct app_ctx *c = im->c;
	struct child_row *old = malloc(sizeof(*old));
	enum wb_status rc = WB_OK;

	if (old == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t r = 1; r < im->t->nrows && rc == WB_OK; r++) {
		bool found = false;

		if (im->index[r][0] == '\0')
			continue;
		rc = store_child_find(c->st, im->index[r], old, &found, err);
		ck->r = r;
		if (rc != WB_OK || !found)
			continue;
		if (scope_covers_division(c->scope, old->village_code)) {
			/* in the caller's scope: which child it is, masked */
			char summary[512], reason[600];

			app_child_summary(c, old, summary, sizeof(summary));
			snprintf(reason, sizeof(reason), "该身份证号已登记：%s", summary);
			problem("身份证号", reason, ck);
		} else {
			problem("身份证号", "该身份证号已在其他地区登记，请联系办公室", ck);
		}
	}
	free(old);
	return rc;
}

struct index_row {
	const char *index;
	size_t row;
};

static int
by_index(const void *a, const void *b)
{
	const struct index_row *x = a, *y = b;
	int k = strcmp(x->index, y->index);

	return k ? k : (x->row > y->row) - (x->row < y->row);
}

/* Marks every row whose ID number an earlier row of the file has. */
static enum wb_status
file_repeats(struct checker *ck, struct wb_err *err)
{
	struct import *im = ck->im;
	struct index_row *k = calloc(im->t->nrows, sizeof(*k));
	size_t n = 0;

	if (k == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t r = 1; r < im->t->nrows; r++)
		if (im->index[r][0])
			k[n++] = (struct index_row){ im->index[r], r };
	qsort(k, n, sizeof(*k), by_index);
	for (size_t i = 1; i < n; i++)
		if (strcmp(k[i].index, k[i - 1].index) == 0) {
			char reason[96];
			size_t first = i;

			while (first > 0 && strcmp(k[first - 1].index, k[i].index) == 0)
				first--;
			snprintf(reason, sizeof(reason), "身份证号与第 %zu 行重复",
				 csv_table_line(im->t, k[first].row));
			ck->r = k[i].row;
			problem("身份证号", reason, ck);
		}
	free(k);
	return WB_OK;
}

static const char *
row_reasons(size_t r, void *arg)
{
	struct import *im = arg;

	return im->reasons[r] ? im->reasons[r] : "";
}

/* Keeps the bad rows, encrypted, for the importer. */
static enum wb_status
keep_rejects(struct import *im, const char *file_name, struct wb_err *err)
{
	struct app_ctx *c = im->c;
	char *csv = NULL, *token = NULL;
	size_t len = 0;
	enum wb_status rc;

	rc = csv_table_subset(im->t, im->bad, "错误原因", row_reasons, im, &csv, &len, err);
	if (rc == WB_OK)
		rc = store_child_reject_add(c->st, c->user_id, c->login, c->now,
					    c->now + CHILD_REJECTS_DAYS * 86400,
					    file_name ? file_name : "", im->rep->rejected,
					    &im->rep->rejects_id, err);
	if (rc == WB_OK)
		rc = fieldcrypt_encrypt(c->keys, "child_rejects", "payload", im->rep->rejects_id, csv,
					len, &token, err);
	if (rc == WB_OK)
		rc = store_child_reject_set_payload(c->st, im->rep->rejects_id, token, err);
	if (csv)
		fieldcrypt_free(csv, len);
	free(token);
	return rc;
}

static void
free_import(struct import *im)
{
	for (size_t r = 0; im->reasons && r < im->t->nrows; r++)
		free(im->reasons[r]);
	free(im->reasons);
	free(im->bad);
	free(im->index);
	for (size_t i = 0; i < im->nvillages; i++)
		free(im->villages[i]);
	free(im->villages);
}

/* Checks every row into im, on two threads (ck[0] the first half of the
 * rows, on this one, ck[1] the second), then (ck[2]) against the register and the
 * file's own repeats on this one; WB_OK when the rows could be checked (bad
 * rows are marked, not an error). */
static enum wb_status
check_all(struct import *im, struct checker ck[3], const struct child_import_opts *o,
	  struct wb_err *err)
{
	const struct csv_table *t = im->t;
	enum wb_status rc = WB_OK;
	size_t mid = 1 + (t->nrows - 1) / 2;
	pthread_t th;
	bool started;

	if (store_division_each(im->c->st, keep_village, im, err) != WB_OK)
		return err->status ? err->status : WB_ERR_NOMEM;
	qsort(im->villages, im->nvillages, sizeof(char *), by_string);
	ck[0].from = 1;
	ck[0].to = ck[1].from = mid;
	ck[1].to = t->nrows;
	started = pthread_create(&th, NULL, check_rows, &ck[1]) == 0;
	check_rows(&ck[0]);
	if (started)
		pthread_join(th, NULL);
	else
		check_rows(&ck[1]);
	if (o && o->progress)
		o->progress("检查", t->nrows - 1, t->nrows - 1, o->arg);
	for (int i = 0; i < 2 && rc == WB_OK; i++)
		if (ck[i].rc != WB_OK) {
			*err = ck[i].err;
			rc = ck[i].rc;
		}
	if (rc == WB_OK)
		rc = registered_twice(&ck[2], err);
	if (rc == WB_OK)
		rc = file_repeats(&ck[2], err);
	return rc;
}

struct issue_seq {
	struct child_issue is;
	size_t seq;   /* the order found: a row's problems keep it */
};

static int
by_row_then_seq(const void *a, const void *b)
{
	const struct issue_seq *x = a, *y = b;

	if (x->is.row != y->is.row)
		return (x->is.row > y->is.row) - (x->is.row < y->is.row);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Gathers the checkers' counts and problems into the report, by row (a
 * row's problems in the order they were found), the first
 * CHILD_ISSUES_KEPT kept. */
static void
gather(struct child_import_report *rep, struct checker ck[3])
{
	size_t n = ck[0].issues.n + ck[1].issues.n + ck[2].issues.n, k = 0;
	struct issue_seq *all = malloc((n + 1) * sizeof(*all));

	for (int i = 0; i < 3; i++) {
		rep->rows += ck[i].rows;
		rep->problems += ck[i].problems;
		for (size_t j = 0; all && j < ck[i].issues.n; j++, k++)
			all[k] = (struct issue_seq){ *(struct child_issue *)vec_at(&ck[i].issues, j), k };
	}
	if (all == NULL)
		return;
	qsort(all, n, sizeof(*all), by_row_then_seq);
	for (size_t j = 0; j < n && rep->issues.n < CHILD_ISSUES_KEPT; j++) {
		struct child_issue *to = vec_push(&rep->issues);

		if (to)
			*to = all[j].is;
	}
	free(all);
}

/* The write pass runs in chunks: a helper thread prepares chunk k+1 (checks
 * the row again into a record, derives the categories, seals every personal
 * cell for the row ids reserved up front) while this thread stores chunk k,
 * so the encryption and the checks overlap with SQLite's work. */
#define CHUNK_ROWS 256
#define BULK_ROWS 10000   /* at least this many rows, and more than the register has: a bulk load */

struct chunk {
	const struct import *im;
	const size_t *rows;            /* the file rows of this chunk */
	const int64_t *ids, *guardian_ids;
	size_t n;
	struct child_prepared *prep;   /* [CHUNK_ROWS] */
	struct child_record rec;       /* scratch */
	enum wb_status rc;
	struct wb_err err;
};

/* Prepares the rows of chunk arg (a thread's body); the result in its rc
 * and err. */
static void *
prepare_chunk(void *arg)
{
	struct chunk *k = arg;
	const struct import *im = k->im;

	k->rc = WB_OK;
	for (size_t i = 0; i < k->n && k->rc == WB_OK; i++) {
		const char *in[CC__MAX];
		size_t r = k->rows[i];

		row_values(im, r, in);
		child_record_validate(in, app_today(im->c), &k->rec, NULL, NULL);
		k->rc = app_child_prepare(im->c, &k->rec, im->index[r][0] ? im->index[r] : NULL,
					  k->ids[i], k->guardian_ids[i], &k->prep[i], &k->err);
	}
	return NULL;
}

/* Starts preparing chunk k on a thread (*started true), or prepares it here
 * when no thread can be had. */
static void
start_chunk(struct chunk *k, pthread_t *th, bool *started)
{
	*started = pthread_create(th, NULL, prepare_chunk, k) == 0;
	if (!*started)
		prepare_chunk(k);
}

static void
free_chunk(struct chunk *k)
{
	if (k->prep) {
		sodium_memzero(k->prep, CHUNK_ROWS * sizeof(*k->prep));
		free(k->prep);
	}
	sodium_memzero(&k->rec, sizeof(k->rec));
}

/* The good rows of the file into rows[*n]: in the file's order, or for a
 * bulk load in the order of their ID numbers' blind index (those with a
 * temporary number last), so that the unique index grows at its end
 * instead of at random places and a large import's pages stay in the cache
 * (the children's ids then follow that order). */
static enum wb_status
good_rows(const struct import *im, size_t *rows, size_t *n, struct wb_err *err)
{
	const struct csv_table *t = im->t;
	struct index_row *k;
	size_t *temp, m = 0, tail = 0;

	*n = 0;
	for (size_t r = 1; r < t->nrows; r++)
		if (!im->bad[r] && !row_blank(t, r))
			rows[(*n)++] = r;
	if (*n < BULK_ROWS)
		return WB_OK;
	k = malloc(*n * sizeof(*k));
	temp = malloc(*n * sizeof(*temp));
	if (k == NULL || temp == NULL) {
		free(k);
		free(temp);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < *n; i++) {
		if (im->index[rows[i]][0])
			k[m++] = (struct index_row){ im->index[rows[i]], rows[i] };
		else
			temp[tail++] = rows[i];   /* temporary numbers: after, in file order */
	}
	qsort(k, m, sizeof(*k), by_index);
	for (size_t i = 0; i < m; i++)
		rows[i] = k[i].row;
	memcpy(rows + m, temp, tail * sizeof(*temp));
	free(k);
	free(temp);
	return WB_OK;
}

/* Stores every good row of the file (im->bad false). */
static enum wb_status
write_all(struct import *im, const struct child_import_opts *o, struct wb_err *err)
{
	const struct csv_table *t = im->t;
	struct chunk *ks = calloc(2, sizeof(*ks));
	size_t *rows = malloc(t->nrows * sizeof(*rows)), n = 0, done = 0;
	int64_t *ids = malloc(t->nrows * sizeof(*ids)), *gids = malloc(t->nrows * sizeof(*gids));
	struct child_saved_indexes saved = { 0 };
	enum wb_status rc;
	pthread_t th;
	bool started = false;
	int cur = 0;

	if (ks == NULL || rows == NULL || ids == NULL || gids == NULL ||
	    (ks[0].prep = malloc(CHUNK_ROWS * sizeof(*ks[0].prep))) == NULL ||
	    (ks[1].prep = malloc(CHUNK_ROWS * sizeof(*ks[1].prep))) == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = good_rows(im, rows, &n, err)) != WB_OK || n == 0)
		goto out;
	/* a guardian id for every row: the rows without a guardian leave theirs unused */
	rc = store_child_reserve_ids(im->c->st, CHILD_ID_CHILD, n, ids, err);
	if (rc == WB_OK)
		rc = store_child_reserve_ids(im->c->st, CHILD_ID_GUARDIAN, n, gids, err);
	if (rc != WB_OK)
		goto out;
	/* many rows into a smaller register: its indexes are built once after */
	if (n >= BULK_ROWS && (int64_t)n >= ids[0])
		rc = store_child_indexes_drop(im->c->st, &saved, err);
	if (rc != WB_OK)
		goto out;
	for (int i = 0; i < 2; i++)
		ks[i].im = im;
	ks[0].rows = rows;
	ks[0].ids = ids;
	ks[0].guardian_ids = gids;
	ks[0].n = n < CHUNK_ROWS ? n : CHUNK_ROWS;
	start_chunk(&ks[0], &th, &started);
	while (done < n) {
		struct chunk *k = &ks[cur], *next = &ks[!cur];
		size_t from = done + k->n;

		if (started)
			pthread_join(th, NULL);
		started = false;
		if (k->rc != WB_OK) {
			*err = k->err;
			rc = k->rc;
			break;
		}
		if (from < n) {   /* the next chunk is prepared while this one is stored */
			next->rows = rows + from;
			next->ids = ids + from;
			next->guardian_ids = gids + from;
			next->n = n - from < CHUNK_ROWS ? n - from : CHUNK_ROWS;
			start_chunk(next, &th, &started);
		}
		for (size_t i = 0; i < k->n && rc == WB_OK; i++)
			if (k->prep[i].row.temporary)
				rc = app_child_temporary_free(im->c, k->prep, k->n, i, err);
		if (rc == WB_OK)
			rc = app_child_write_many(im->c, k->prep, k->n, err);
		if (rc == WB_OK)
			im->rep->created += (int)k->n;
		if (o && o->progress && (done + k->n) / PROGRESS_EVERY != done / PROGRESS_EVERY)
			o->progress("写入", done + k->n, n, o->arg);
		done += k->n;
		cur = !cur;
		if (rc != WB_OK)
			break;
	}
	if (started)
		pthread_join(th, NULL);
	if (saved.n > 0) {
		if (o && o->progress)
			o->progress("建立索引", n, n, o->arg);
		if (rc == WB_OK)
			rc = store_child_indexes_restore(im->c->st, &saved, err);
		else
			store_child_indexes_restore(im->c->st, &saved, &(struct wb_err){ 0 });
	}
out:
	if (ks) {
		free_chunk(&ks[0]);
		free_chunk(&ks[1]);
	}
	free(ks);
	free(rows);
	free(ids);
	free(gids);
	return rc;
}

enum wb_status
app_child_import(struct app_ctx *c, const char *buf, size_t len, const struct child_import_opts *o,
		 struct child_import_report *rep, struct wb_err *err)
{
	struct csv_table t = { 0 };
	struct import im = { .c = c, .rep = rep, .t = &t };
	struct checker *ck = calloc(3, sizeof(*ck));   /* two threads' rows, then the rest */
	const char **headers = NULL;
	int *map = NULL;
	enum wb_status rc;

	memset(rep, 0, sizeof(*rep));
	rep->issues = (struct vec)VEC_INIT(struct child_issue);
	if (ck == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (int i = 0; i < 3; i++) {
		ck[i].im = &im;
		ck[i].issues = (struct vec)VEC_INIT(struct child_issue);
	}
	rc = table_parse(buf, len, &t, err);
	if (rc != WB_OK)
		goto out;
	if (t.nrows == 0) {
		rc = wb_err_code(err, WB_ERR_INVALID, "empty_file",
				 "文件是空的：第一行应为儿童信息模板的表头");
		goto out;
	}
	headers = calloc(t.rows[0].nfields + 1, sizeof(*headers));
	map = calloc(t.rows[0].nfields + 1, sizeof(*map));
	im.bad = calloc(t.nrows, sizeof(*im.bad));
	im.reasons = calloc(t.nrows, sizeof(*im.reasons));
	im.index = calloc(t.nrows, sizeof(*im.index));
	if (headers == NULL || map == NULL || im.bad == NULL || im.reasons == NULL ||
	    im.index == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < t.rows[0].nfields; i++)
		headers[i] = t.rows[0].fields[i];
	im.map = map;
	ck[0].r = 0;
	if (sheet_map_header(child_headers, child_header_optional, CC__MAX, "儿童信息", headers,
			     t.rows[0].nfields, map, problem, &ck[0]) > 0) {
		gather(rep, ck);
		rc = wb_err_code(err, WB_ERR_INVALID, "bad_header", "表头有误（%d 处），未导入任何记录",
				 rep->problems);
		goto out;
	}
	if ((rc = app_keys_refuse_during_rotation(c->st, err)) != WB_OK)
		goto out;
	store_bulk_mode(c->st);
	rc = check_all(&im, ck, o, err);
	gather(rep, ck);
	if (rc != WB_OK)
		goto out;
	for (size_t r = 1; r < t.nrows; r++)
		rep->rejected += im.bad[r];
	if (rep->rejected > 0 && !(o && o->skip_bad)) {
		rc = wb_err_code(err, WB_ERR_INVALID, "bad_rows", "%d 行有误（共 %d 行），未导入任何记录",
				 rep->rejected, rep->rows);
		goto out;
	}
	rc = write_all(&im, o, err);
	if (rc == WB_OK && rep->rejected > 0)
		rc = keep_rejects(&im, o ? o->file_name : NULL, err);
	if (rc != WB_OK)
		rep->created = 0;
out:
	free_import(&im);
	free(headers);
	free(map);
	for (int i = 0; i < 3; i++) {
		vec_free(&ck[i].issues);
		sodium_memzero(&ck[i].rec, sizeof(ck[i].rec));
	}
	free(ck);
	csv_table_free(&t);
	return rc;
}

enum wb_status
app_child_rejects(struct app_ctx *c, int64_t id, char **csv, size_t *len, char *file_name,
		  size_t name_len, struct wb_err *err)
{
	char *token = NULL;
	enum wb_status rc;

	*csv = NULL;
	*len = 0;
	rc = store_child_reject_get(c->st, id, c->login, c->now, &token, file_name, name_len, err);
	if (rc == WB_OK)
		rc = fieldcrypt_decrypt(c->keys, "child_rejects", "payload", id, token, csv, len, err);
	free(token);
	return rc;
}
