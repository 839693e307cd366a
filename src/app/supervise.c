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

enum wb_status
supervision_issue(struct app_ctx *c, int64_t task_id, const char *kind, int level,
		  const char *reason, const char *by, int64_t *sid, struct wb_err *err)
{
	char year[8];

	calendar_format(c->now, CHINA_UTC_OFFSET_S, "%Y", year, sizeof(year));
	return store_supervision_add(c->st, task_id, kind, level, reason, c->now, atoi(year), by,
				     sid, err);
}

/* Adds an event to task t's timeline (the round's or the caller's name). */
static enum wb_status
timeline(struct app_ctx *c, const struct task_facts *t, const char *action, const char *note,
	 struct wb_err *err)
{
	return store_task_add_event(c->st, t->id, c->now, c->user_id, c->login, action,
				    task_status_name(t->times.status), note, NULL, err);
}

/* One task: resolve, create, raise or lift its automatic notice; open_auto
 * says whether it has one open (lifted when the task is no longer overdue,
 * with the reason in its timeline). */
static enum wb_status
supervise_task(struct app_ctx *c, const struct task_facts *t, const struct light_rules *r,
	       bool open_auto, struct supervise_result *res, struct wb_err *err)
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
	if (level == 0) {
		if (!open_auto)
			return WB_OK;
		res->resolved++;
		rc = store_supervision_resolve_auto(c->st, t->id, c->now, err);
		return rc == WB_OK ? timeline(c, t, "lift", "任务不再逾期（期限已调整或已按时签收、反馈），"
					      "自动督办解除", err)
				   : rc;
	}
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
		rc = supervision_issue(c, t->id, "auto", level, reason, "system", NULL, err);
	}
	if (rc == WB_OK)
		rc = timeline(c, t, "supervise_auto", reason, err);
	if (rc == WB_OK) {
		char title[400];
		snprintf(title, sizeof(title), "督办（%d 级）：工作要点第 %lld 条，%s", level,
			 (long long)t->item_number, reason);
		rc = app_notify_task(c, t->id, t->plan_id, t->unit_id, "supervised", title, err);
	}
	return rc;
}

static void
collect_id(int64_t id, void *arg)
{
	int64_t *p = vec_push(arg);

	if (p)
		*p = id;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

enum wb_status
supervise_run(struct app_ctx *c, struct supervise_result *res, struct wb_err *err)
{
	struct vec l = VEC_INIT(struct task_facts), open = VEC_INIT(int64_t);
	struct light_rules r;
	enum wb_status rc;

	memset(res, 0, sizeof(*res));
	config_light_rules(c->config, &r);
	rc = store_task_each(c->st, c->scope, 0, collect, &l, err);
	if (rc == WB_OK)
		rc = store_supervision_open_auto_tasks(c->st, collect_id, &open, err);
	if (rc == WB_OK && (l.nomem || open.nomem))
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < l.n && rc == WB_OK; i++) {
		const struct task_facts *t = vec_at(&l, i);
		bool has = open.n > 0 && bsearch(&t->id, vec_at(&open, 0), open.n, sizeof(int64_t),
						 cmp_id) != NULL;
		rc = supervise_task(c, t, &r, has, res, err);
	}
	vec_free(&l);
	vec_free(&open);
	if (rc == WB_OK)
		rc = app_notify_round(c, &res->notified, err);
	return rc;
}

enum wb_status
supervise_task_now(struct app_ctx *c, const struct task_row *t, struct wb_err *err)
{
	struct supervise_result res = { 0 };
	struct task_facts f = { t->id, t->deadline, t->plan_id, t->unit_id, t->item_number,
				t->plan_archived, task_row_times(t) };
	struct light_rules r;
	int64_t sid;
	int level;
	enum wb_status rc = store_supervision_open_auto(c->st, t->id, &sid, &level, err);

	config_light_rules(c->config, &r);
	return rc == WB_OK ? supervise_task(c, &f, &r, sid > 0, &res, err) : rc;
}

enum wb_status
supervise_round(struct app_ctx *c, struct supervise_result *res, struct wb_err *err)
{
	struct audit_event ev = { 0 };
	char detail[160];
	enum wb_status rc = store_begin(c->st, err);

	if (rc == WB_OK)
		rc = supervise_run(c, res, err);
	if (rc != WB_OK) {
		store_rollback_all(c->st);
		return rc;
	}
	if (res->created + res->raised + res->resolved + res->notified == 0) {
		store_rollback_all(c->st);   /* nothing changed: no event */
		return WB_OK;
	}
	snprintf(detail, sizeof(detail), "新下发督办 %lld 件，升级 %lld 件，解除 %lld 件，临期提醒 %lld 条",
		 (long long)res->created, (long long)res->raised, (long long)res->resolved,
		 (long long)res->notified);
	ev.at = c->now;
	ev.login = c->login;
	ev.client_addr = "local";
	ev.action = "supervision.run";
	ev.object_type = "supervision";
	ev.outcome = "ok";
	ev.detail = detail;
	return app_commit_audited(c->st, c->keys, &ev, err);
}
