#include "app/child_round.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/children.h"
#include "sec/auditchain.h"
#include "store/children.h"

#define ROUND_BATCH 500

struct ids {
	int64_t *id;
	size_t n;
};

static void
keep_id(const struct child_row *r, void *arg)
{
	struct ids *x = arg;

	if (x->n < ROUND_BATCH)
		x->id[x->n++] = r->id;
}

/* One batch: the children in x derived again and committed, audited when
 * one changed. */
static enum wb_status
batch(struct app_ctx *c, const struct ids *x, struct child_round_result *res, struct wb_err *err)
{
	enum wb_status rc = store_begin(c->st, err);
	int64_t changed = 0;
	char detail[128];

	for (size_t i = 0; i < x->n && rc == WB_OK; i++) {
		bool ch = false;

		rc = app_child_rederive(c, x->id[i], &ch, err);
		changed += ch;
	}
	if (rc != WB_OK) {
		store_rollback_all(c->st);
		return rc;
	}
	res->checked += (int64_t)x->n;
	res->changed += changed;
	if (changed == 0)
		return store_commit(c->st, err);
	snprintf(detail, sizeof(detail), "到期重新判定儿童类别 %zu 名，其中 %lld 名类别变化", x->n,
		 (long long)changed);
	{
		struct audit_event ev = { .at = c->now, .login = c->login, .client_addr = "local",
					  .action = "child.rederive", .object_type = "child",
					  .outcome = "ok", .detail = detail };

		return app_commit_audited(c->st, c->keys, &ev, err);
	}
}

enum wb_status
app_child_round(struct app_ctx *c, struct child_round_result *res, struct wb_err *err)
{
	struct ids x = { calloc(ROUND_BATCH, sizeof(int64_t)), 0 };
	char today[11];
	enum wb_status rc = WB_OK;
	int64_t after = 0;

	res->checked = res->changed = 0;
	if (x.id == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	id_date_format(app_today(c), today);
	do {
		x.n = 0;
		rc = store_child_due(c->st, today, after, ROUND_BATCH, keep_id, &x, err);
		if (rc == WB_OK && x.n > 0) {
			after = x.id[x.n - 1];
			rc = batch(c, &x, res, err);
		}
	} while (rc == WB_OK && x.n == ROUND_BATCH);
	free(x.id);
	return rc;
}
