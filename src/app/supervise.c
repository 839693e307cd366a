#include "app/supervise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/supervise.h"
#include "store/plans.h"
#include "store/supervisions.h"

void
config_light_rules(const struct wb_config *c, struct light_rules *out)
{
	light_rules_defaults(out);
	out->warn_days = c->task_warn_days;
	out->sign_days = c->task_sign_days;
	out->period = c->report_quarterly ? PERIOD_QUARTERLY : PERIOD_MONTHLY;
}

struct task_times
task_row_times(const struct task_row *t)
{
	return (struct task_times){ task_status_parse(t->status), t->created_at, t->signed_at,
				    t->deadline, t->last_report_at };
}

struct task_list {
	struct task_row *rows;
	size_t n, cap;
	bool nomem;
};

static void
collect(const struct task_row *t, void *arg)
{
	struct task_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct task_row *p = realloc(l->rows, cap * sizeof(*p));
		if (p == NULL) {
			l->nomem = true;
			return;
		}
		l->rows = p;
		l->cap = cap;
	}
	l->rows[l->n++] = *t;
}

/* One task: resolve, create or raise its automatic notice. */
static enum wb_status
supervise_task(struct store *st, const struct task_row *t, const struct light_rules *r,
	       int escalate_days, int64_t now, struct supervise_result *res, struct wb_err *err)
{
	struct task_times tt = task_row_times(t);
	int64_t days, sid, resolved;
	int level, open_level;
	char reason[160];
	enum wb_status rc;

	if (tt.status == TASK_CLOSED) {
		rc = store_supervision_resolve(st, t->id, now, &resolved, err);
		res->resolved += resolved;
		return rc;
	}
	level = supervision_level(&tt, r, escalate_days, now, &days);
	if (level == 0)
		return WB_OK;
	rc = store_supervision_open_auto(st, t->id, &sid, &open_level, err);
	if (rc != WB_OK || (sid > 0 && open_level >= level))
		return rc;
	snprintf(reason, sizeof(reason), "%s，已逾期 %lld 天（%d 级督办）",
		 tt.status == TASK_PENDING && now <= t->deadline ? "逾期未签收" : "超过办理期限未办结",
		 (long long)days, level);
	if (sid > 0) {
		res->raised++;
		return store_supervision_raise(st, sid, level, reason, now, err);
	}
	res->created++;
	return store_supervision_add(st, t->id, "auto", level, reason, now, "system", NULL, err);
}

enum wb_status
supervise_run(struct store *st, const struct wb_config *c, int64_t now,
	      struct supervise_result *res, struct wb_err *err)
{
	struct task_filter f = { .status = "", .q = "" };
	struct task_list l = { 0 };
	struct light_rules r;
	enum wb_status rc;

	memset(res, 0, sizeof(*res));
	config_light_rules(c, &r);
	rc = store_task_each(st, &f, collect, &l, err);
	if (rc == WB_OK && l.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (rc == WB_OK)
		rc = store_begin(st, err);
	if (rc != WB_OK) {
		free(l.rows);
		return rc;
	}
	for (size_t i = 0; i < l.n && rc == WB_OK; i++)
		rc = supervise_task(st, &l.rows[i], &r, c->escalate_days, now, res, err);
	if (rc == WB_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	free(l.rows);
	return rc;
}
