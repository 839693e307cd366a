#include "app/check_registry.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/check_run.h"
#include "core/check.h"
#include "store/audit.h"
#include "store/checks.h"
#include "util/csv_table.h"
#include "util/table.h"

void
check_registry_result_free(struct check_registry_result *r)
{
	free(r->rejected);
	r->rejected = NULL;
	r->nrejected = 0;
}

size_t
app_check_registry_template(char *out, size_t n)
{
	return (size_t)snprintf(out, n, "\xEF\xBB\xBF%s,%s,%s,%s\r\n", check_registry_headers[0],
				check_registry_headers[1], check_registry_headers[2],
				check_registry_headers[3]);
}

/* One thread's share of the rows: [from, to) of the table. */
struct reg_part {
	const struct csv_table *t;
	const int *map;
	size_t nmap;
	const struct keyset *keys;
	struct id_date today;
	size_t from, to;
	struct check_registry_entry *e;   /* by row (index r - 1) */
	bool *bad;                        /* by row */
	struct check_file_problem *problems;
	size_t nproblems, cap;
	int64_t counted;
	int row;                          /* the row being checked (for the sink) */
	bool nomem;
};

static void
keep_problem(struct reg_part *p, int row, const char *column, const char *message)
{
	struct check_file_problem *x;

	p->counted++;
	if (p->nproblems == CHECK_PROBLEMS_KEPT)
		return;
	if (p->nproblems == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		x = realloc(p->problems, cap * sizeof(*x));
		if (x == NULL) {
			p->nomem = true;
			return;
		}
		p->problems = x;
		p->cap = cap;
	}
	x = &p->problems[p->nproblems++];
	x->row = row;
	snprintf(x->column, sizeof(x->column), "%s", column ? column : "");
	snprintf(x->message, sizeof(x->message), "%s", message);
}

static void
row_problem(const struct check_problem *pr, void *arg)
{
	struct reg_part *p = arg;

	keep_problem(p, p->row, pr->column, pr->message);
}

/* True when every field of row r is empty (a blank line Excel left). */
static bool
row_blank(const struct csv_table *t, size_t r)
{
	for (size_t i = 0; i < t->rows[r].nfields; i++)
		if (t->rows[r].fields[i][0])
			return false;
	return true;
}

static void *
check_part(void *arg)
{
	struct reg_part *p = arg;
	struct wb_err err = { 0 };
	char bidx[CHECK_INDEX_SIZE];

	for (size_t r = p->from; r < p->to; r++) {
		const char *in[CHKREG__MAX] = { 0 };
		struct check_registry_row row;

		if (row_blank(p->t, r)) {
			p->bad[r] = true;   /* skipped, not a problem */
			continue;
		}
		for (size_t i = 0; i < p->nmap; i++)
			if (p->map[i] >= 0)
				in[p->map[i]] = csv_table_field(p->t, r, (int)i);
		p->row = (int)csv_table_line(p->t, r);
		if (check_registry_row(in, p->today, &row, row_problem, p) > 0) {
			p->bad[r] = true;
		} else if (app_check_indexes(p->keys, row.id, p->e[r - 1].match, bidx, &err) != WB_OK) {
			keep_problem(p, p->row, "", err.msg);
			p->bad[r] = true;
		} else {
			p->e[r - 1].category = row.category;
			memcpy(p->e[r - 1].recorded_on, row.recorded_on, sizeof(row.recorded_on));
		}
		sodium_memzero(&row, sizeof(row));
	}
	return NULL;
}

static void
header_problem(const struct check_problem *pr, void *arg)
{
	keep_problem(arg, 1, pr->column, pr->message);
}

/* Moves the problems of parts[0..n) into out, by row, at most KEPT. */
static enum wb_status
gather(struct reg_part *parts, int n, struct check_registry_result *out, struct wb_err *err)
{
	size_t total = 0;

	for (int i = 0; i < n; i++) {
		if (parts[i].nomem)
			return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		total += parts[i].nproblems;
		out->problems += parts[i].counted;
	}
	if (total > CHECK_PROBLEMS_KEPT)
		total = CHECK_PROBLEMS_KEPT;
	if (total == 0)
		return WB_OK;
	if ((out->rejected = calloc(total, sizeof(*out->rejected))) == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < parts[i].nproblems && out->nrejected < total; k++)
			out->rejected[out->nrejected++] = parts[i].problems[k];
	return WB_OK;
}

enum wb_status
app_check_registry_import(struct app_ctx *ctx, const char *buf, size_t len, const char *file_name,
			  bool skip_bad, struct check_registry_result *out, struct wb_err *err)
{
	struct csv_table t = { 0 };
	struct reg_part parts[2];
	const char **headers = NULL;
	int *map = NULL;
	bool *bad = NULL;
	struct check_registry_entry *e = NULL;
	struct check_import im = { .kind = "registry" };
	struct audit_event ev = { 0 };
	char detail[160], object_id[24];
	size_t nrows, good = 0;
	enum wb_status rc;
	pthread_t th;
	bool threaded = false;

	memset(out, 0, sizeof(*out));
	memset(parts, 0, sizeof(parts));
	if (!ctx->keys->has_registry)
		return wb_err_code(err, WB_ERR_INVALID, "no_registry_key",
				   "密钥文件中没有违法犯罪记录库密钥：请先运行一次 weibao serve 或命令行的查询命令");
	if ((rc = table_parse(buf, len, &t, err)) != WB_OK)
		goto done;
	if (t.nrows == 0) {
		rc = wb_err_code(err, WB_ERR_INVALID, "empty_file",
				 "文件是空的：第一行应为违法犯罪记录库模板的表头");
		goto done;
	}
	nrows = t.nrows;
	headers = calloc(t.rows[0].nfields + 1, sizeof(*headers));
	map = calloc(t.rows[0].nfields + 1, sizeof(*map));
	bad = calloc(nrows, sizeof(*bad));
	e = calloc(nrows, sizeof(*e));
	if (headers == NULL || map == NULL || bad == NULL || e == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < t.rows[0].nfields; i++)
		headers[i] = t.rows[0].fields[i];
	if (check_map_header(true, headers, t.rows[0].nfields, map, header_problem, &parts[0]) > 0) {
		rc = gather(parts, 1, out, err);
		if (rc == WB_OK)
			rc = wb_err_code(err, WB_ERR_INVALID, "bad_header",
					 "表头有误（%lld 处），未导入任何记录", (long long)out->problems);
		goto done;
	}
	for (int i = 0; i < 2; i++) {
		parts[i] = (struct reg_part){ .t = &t, .map = map, .nmap = t.rows[0].nfields,
					      .keys = ctx->keys,
					      .today = id_date_of_time(ctx->now, 8 * 3600),
					      .e = e, .bad = bad };
	}
	parts[0].from = 1;
	parts[0].to = parts[1].from = 1 + (nrows - 1) / 2;
	parts[1].to = nrows;
	if (nrows > 2000)
		threaded = pthread_create(&th, NULL, check_part, &parts[1]) == 0;
	check_part(&parts[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		check_part(&parts[1]);
	if ((rc = gather(parts, 2, out, err)) != WB_OK)
		goto done;
	/* the good ones to the front (blank rows are not counted) */
	for (size_t r = 1; r < nrows; r++) {
		if (!row_blank(&t, r))
			out->total++;
		if (!bad[r])
			e[good++] = e[r - 1];
	}
	if (out->total == 0) {
		rc = wb_err_code(err, WB_ERR_INVALID, "empty_file", "文件中没有任何记录");
		goto done;
	}
	if (out->problems > 0 && !skip_bad) {
		rc = wb_err_code(err, WB_ERR_INVALID, "bad_rows", "%lld 处有误（共 %lld 行），未导入任何记录",
				 (long long)out->problems, (long long)out->total);
		goto done;
	}
	if ((rc = store_begin(ctx->st, err)) != WB_OK)
		goto done;
	store_bulk_mode(ctx->st);
	im.file_name = file_name;
	im.rows = out->total;
	im.checked = (int64_t)good;
	im.invalid = out->total - (int64_t)good;
	im.created_at = ctx->now;
	im.created_by = ctx->user_id;
	im.login = ctx->login;
	rc = store_check_import_add(ctx->st, &im, err);
	if (rc == WB_OK)
		rc = store_check_registry_add(ctx->st, im.id, e, good, ctx->now, err);
	if (rc != WB_OK) {
		store_rollback_all(ctx->st);
		goto done;
	}
	snprintf(detail, sizeof(detail), "导入违法犯罪记录 %zu 条（文件 %lld 行，跳过 %lld 行）", good,
		 (long long)out->total, (long long)im.invalid);
	snprintf(object_id, sizeof(object_id), "%lld", (long long)im.id);
	ev.at = ctx->now;
	ev.user_id = ctx->user_id;
	ev.login = ctx->login;
	ev.client_addr = "local";
	ev.action = "check.registry.import";
	ev.object_type = "check_import";
	ev.object_id = object_id;
	ev.outcome = "ok";
	ev.detail = detail;
	if ((rc = app_commit_audited(ctx->st, ctx->keys, &ev, err)) == WB_OK) {
		out->import_id = im.id;
		out->imported = (int64_t)good;
	}
done:
	if (e)
		sodium_memzero(e, nrows * sizeof(*e));
	for (int i = 0; i < 2; i++)
		free(parts[i].problems);
	free(e);
	free(bad);
	free(map);
	free(headers);
	csv_table_free(&t);
	if (rc != WB_OK && rc != WB_ERR_INVALID)
		check_registry_result_free(out);
	return rc;
}
