#include "app/supervise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/notify.h"
#include "app/tasks.h"
#include "core/supervise.h"
#include "store/audit.h"
#include "store/supervisions.h"
#include "store/tasks.h"
#include "util/vec.h"

/* What a round needs of a task (its strings are not kept). */
struct task_facts {
	int64_t id, deadline, plan_id, unit_id, item_number;
	bool archived;
	struct task_times times;
};

static void
collect(const struct task_row *t, void *arg)
{
	struct task_facts *f = vec_push(arg);

	if (f)
		*f = (struct task_facts){ t->id, t->deadline, t->plan_id, t->unit_id, t->item_number,
					  t->plan_archived, task_row_times(t) };
}

/* One task: resolve, create or raise its automatic notice. */
static enum wb_status
supervise_task(struct app_ctx *c, const struct task_facts *t, const struct light_rules *r,
	       struct supervise_result *res, struct wb_err *err)
{
	int64_t days, sid, resolved;
	int level, open_level;
	char reason[160];
	enum wb_status rc;

	if (t->times.status == TASK_CLOSED || t->archived) {   /* history has no 督办 */
		rc = store_supervision_resolve(c->st, t->id, c->now, &resolved, err);
		res->resolved += resolved;
		return rc;
	}
	level = supervision_level(&t->times, r, c->config->escalate_days, c->now, &days);
	if (level == 0)
		return WB_OK;
	rc = store_supervision_open_auto(c->st, t->id, &sid, &open_level, err);
	if (rc != WB_OK || (sid > 0 && open_level >= level))
		return rc;
	snprintf(reason, sizeof(reason), "%s，已逾期 %lld 天（%d 级督办）",
		 t->times.status == TASK_PENDING && c->now <= t->deadline ? "逾期未签收"
									   : "超过办理期限未办结",
		 (long long)days, level);
	if (sid > 0) {
		res->raised++;
		rc = store_supervision_raise(c->st, sid, level, reason, c->now, err);
	} else {
		res->created++;
		rc = store_supervision_add(c->st, t->id, "auto", level, reason, c->now, "system",
					   NULL, err);
	}
	if (rc == WB_OK) {
		char title[400];
		snprintf(title, sizeof(title), "督办（%d 级）：工作要点第 %lld 条，%s", level,
			 (long long)t->item_number, reason);
		rc = app_notify_task(c, t->id, t->plan_id, t->unit_id, "supervised", title, err);
	}
	return rc;
}

enum wb_status
supervise_run(struct app_ctx *c, struct supervise_result *res, struct wb_err *err)
{
	struct vec l = VEC_INIT(struct task_facts);
	struct light_rules r;
	enum wb_status rc;

	memset(res, 0, sizeof(*res));
	config_light_rules(c->config, &r);
	rc = store_task_each(c->st, c->scope, 0, collect, &l, err);
	if (rc == WB_OK && l.nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < l.n && rc == WB_OK; i++)
		rc = supervise_task(c, vec_at(&l, i), &r, res, err);
	vec_free(&l);
	if (rc == WB_OK)
		rc = app_notify_round(c, err);
	return rc;
}

enum wb_status
supervise_round(struct app_ctx *c, struct supervise_result *res, struct wb_err *err)
{
	struct audit_event ev = { 0 };
	char detail[96];
	enum wb_status rc = store_begin(c->st, err);

	if (rc == WB_OK)
		rc = supervise_run(c, res, err);
	if (rc != WB_OK) {
		store_rollback_all(c->st);
		return rc;
	}
	if (res->created + res->raised + res->resolved == 0) {
		store_rollback_all(c->st);   /* nothing changed: no event */
		return WB_OK;
	}
	snprintf(detail, sizeof(detail), "%lld created, %lld raised, %lld resolved",
		 (long long)res->created, (long long)res->raised, (long long)res->resolved);
	ev.at = c->now;
	ev.login = c->login;
	ev.client_addr = "local";
	ev.action = "supervision.run";
	ev.object_type = "supervision";
	ev.outcome = "ok";
	ev.detail = detail;
	return app_commit_audited(c->st, c->keys, &ev, err);
}
