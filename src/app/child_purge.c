#include "app/child_purge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sec/auditchain.h"
#include "store/children.h"
#include "store/org.h"

#define PURGE_BATCH 256

void
child_purge_result_free(struct child_purge_result *r)
{
	vec_free(&r->towns);
}

struct batch {
	struct child_row *rows;
	size_t n;
};

static void
keep_row(const struct child_row *r, void *arg)
{
	struct batch *b = arg;

	if (b->n < PURGE_BATCH)
		b->rows[b->n++] = *r;
}

/* Counts one child of town in res (towns kept by code). */
static enum wb_status
count_town(struct child_purge_result *res, const char *town, struct wb_err *err)
{
	struct child_purge_town *t;
	size_t i;

	res->count++;
	for (i = 0; i < res->towns.n; i++) {
		t = vec_at(&res->towns, i);
		if (strcmp(t->town, town) == 0) {
			t->count++;
			return WB_OK;
		}
		if (strcmp(t->town, town) > 0)
			break;
	}
	if ((t = vec_push(&res->towns)) == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	/* keep the order: shift the later towns up by one */
	memmove((struct child_purge_town *)vec_at(&res->towns, i) + 1, vec_at(&res->towns, i),
		(res->towns.n - 1 - i) * sizeof(*t));
	t = vec_at(&res->towns, i);
	memset(t, 0, sizeof(*t));
	snprintf(t->town, sizeof(t->town), "%s", town);
	t->count = 1;
	return WB_OK;
}

/* One child due: its brief to fn, counted, and (unless dry_run) reduced
 * with its history line. */
static enum wb_status
one(struct app_ctx *c, const struct child_row *r, struct id_date today, bool dry_run,
    enum wb_status (*fn)(const struct child_brief *, void *), void *arg,
    struct child_purge_result *res, struct wb_err *err)
{
	struct child_brief brief;
	enum wb_status rc = WB_OK;
	char detail[400];

	if (fn && (rc = app_child_brief(c, r, today, &brief, err)) == WB_OK)
		rc = fn(&brief, arg);
	if (rc == WB_OK)
		rc = count_town(res, r->town_code, err);
	if (rc != WB_OK || dry_run)
		return rc;
	rc = store_child_purge(c->st, r->id, c->now, err);
	if (rc == WB_OK) {
		struct child_change ch = { .at = c->now, .user_id = c->user_id, .login = c->login,
					   .action = "purge", .detail = detail };

		snprintf(detail, sizeof(detail),
			 "按保存期限删减个人信息（年满 18 周岁后满 %d 年）：姓名、身份证号、住址、"
			 "银行账号、学校、监护人、状况证明和走访内容已删除，出生日期只保留年月",
			 res->years);
		rc = store_child_history_add(c->st, r->id, &ch, err);
	}
	return rc;
}

enum wb_status
app_child_purge(struct app_ctx *c, bool dry_run,
		enum wb_status (*fn)(const struct child_brief *, void *), void *arg,
		struct child_purge_result *res, struct wb_err *err)
{
	struct child_rules rules = app_child_rules(c);
	struct id_date today = app_today(c);
	struct batch b = { calloc(PURGE_BATCH, sizeof(struct child_row)), 0 };
	enum wb_status rc = WB_OK;
	int64_t after = 0;
	char detail[200];

	memset(res, 0, sizeof(*res));
	res->towns = (struct vec)VEC_INIT(struct child_purge_town);
	res->years = c->config ? c->config->child_retention_years : 3;
	id_date_format(child_purge_cutoff(today, res->years, &rules), res->cutoff);
	if (b.rows == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (!dry_run && (rc = store_begin(c->st, err)) != WB_OK)
		goto out;
	do {
		b.n = 0;
		rc = store_child_purge_due(c->st, res->cutoff, after, PURGE_BATCH, keep_row, &b, err);
		for (size_t i = 0; i < b.n && rc == WB_OK; i++)
			rc = one(c, &b.rows[i], today, dry_run, fn, arg, res, err);
		if (b.n > 0)
			after = b.rows[b.n - 1].id;
	} while (rc == WB_OK && b.n == PURGE_BATCH);
	for (size_t i = 0; i < res->towns.n && rc == WB_OK; i++) {
		struct child_purge_town *t = vec_at(&res->towns, i);
		struct division d;
		struct wb_err ignored = { 0 };

		if (store_division_get(c->st, t->town, &d, &ignored) == WB_OK)
			snprintf(t->name, sizeof(t->name), "%s", d.name);
	}
	if (dry_run)
		goto out;
	if (rc != WB_OK || res->count == 0) {
		if (rc == WB_OK)
			rc = store_commit(c->st, err);
		else
			store_rollback_all(c->st);
		goto out;
	}
	snprintf(detail, sizeof(detail), "按保存期限删减 %lld 名儿童的个人信息（年满 18 周岁后满 %d 年，"
		 "出生日期不晚于 %s）", (long long)res->count, res->years, res->cutoff);
	{
		struct audit_event ev = { .at = c->now, .user_id = c->user_id, .login = c->login,
					  .client_addr = "local", .action = "child.purge",
					  .object_type = "child", .outcome = "ok", .detail = detail };

		rc = app_commit_audited(c->st, c->keys, &ev, err);
	}
out:
	free(b.rows);
	return rc;
}
