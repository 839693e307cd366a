/* 督办: raising notices on overdue tasks (run by `weibao serve` every
 * supervise_interval_seconds, by `weibao plan supervise`, and by
 * POST /api/v1/supervisions/run). */
#ifndef WB_APP_SUPERVISE_H
#define WB_APP_SUPERVISE_H

#include <stdint.h>

#include "app/ctx.h"
#include "store/tasks.h"

struct supervise_result {
	int64_t created, raised, resolved;
	int64_t notified;       /* 临期 reminders written */
};

/*
 * In the caller's transaction: every open task within c->scope that is
 * overdue gets an automatic 督办 notice at the level it has earned
 * (supervision_level), an open one is raised when the level rose, and closed
 * tasks' notices are resolved.
 */
enum wb_status supervise_run(struct app_ctx *c, struct supervise_result *res, struct wb_err *err);

/* The same for one task at once (after its deadline moved): its automatic
 * notice created, raised or lifted as the task now stands. */
enum wb_status supervise_task_now(struct app_ctx *c, const struct task_row *t,
				  struct wb_err *err);

/* A new 督办 notice on task_id (kind "auto" or "manual"), numbered next in
 * the China year of c->now; *sid (may be NULL) receives its id. */
enum wb_status supervision_issue(struct app_ctx *c, int64_t task_id, const char *kind, int level,
				 const char *reason, const char *by, int64_t *sid,
				 struct wb_err *err);

/* One round by the system in a transaction of its own, committed with its
 * audit event (nothing is audited when nothing changed). */
enum wb_status supervise_round(struct app_ctx *c, struct supervise_result *res,
			       struct wb_err *err);

#endif
