/*
 * Supervised tasks (督办): every operation of a task's life, used by the API,
 * the CLI and the background rounds alike.  Each runs in the transaction the
 * caller has open (the HTTP choke point's, or one the CLI commits with its
 * audit event) and sees only tasks within c->scope.
 */
#ifndef WB_APP_TASKS_H
#define WB_APP_TASKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/tasklight.h"
#include "store/attachments.h"
#include "store/tasks.h"

/* The traffic-light rules of a configuration. */
void config_light_rules(const struct wb_config *c, struct light_rules *out);

/* The facts of a stored task that its light and 督办 level depend on. */
struct task_times task_row_times(const struct task_row *t);

/* The task's light and its reason (a static Chinese phrase) at c->now. */
enum task_light app_task_light(const struct app_ctx *c, const struct task_row *t,
			       const char **reason);

/* Recomputes the stored light moments of the tasks of plan_id (0: of every
 * plan) within c->scope; *changed (may be NULL) counts those that moved. */
enum wb_status app_tasks_refresh_moments(struct app_ctx *c, int64_t plan_id, int64_t *changed,
					 struct wb_err *err);

/* At start-up: when the light rules differ from those the stored moments
 * were computed with (or none were), recomputes them all in one transaction
 * of its own and remembers the rules.  *refreshed says whether it did. */
enum wb_status app_tasks_check_moments(struct app_ctx *c, bool *refreshed, struct wb_err *err);

/* Task id within the scope, its light at c->now; strings in c->arena. */
enum wb_status app_task_get(struct app_ctx *c, int64_t id, struct task_row *out,
			    struct wb_err *err);

/* Task id within the scope, for a change: as app_task_get, and
 * WB_ERR_CONFLICT "plan_archived" when it belongs to an archived plan. */
enum wb_status app_task_to_change(struct app_ctx *c, int64_t id, struct task_row *t,
				  struct wb_err *err);

/* Sets t's stored light moments from its times under the deployment's rules
 * (none for a task of an archived plan). */
void app_task_moments(const struct app_ctx *c, struct task_row *t);

struct task_figure {
	int64_t target_id;
	double value;
};

/*
 * One action of the task's life: the unit signs, reports (with figures for
 * its item's targets) and asks to close its own task; the office accepts or
 * returns it (note: the reason).  *out receives the task's new state,
 * *event_id the timeline event added.  Errors: WB_ERR_NOTFOUND (not within
 * the scope), WB_ERR_DENIED "not_your_task", WB_ERR_CONFLICT "wrong_status",
 * WB_ERR_INVALID on the field "figures".
 */
enum wb_status app_task_act(struct app_ctx *c, int64_t id, enum task_action a, const char *note,
			    const struct task_figure *figs, size_t nfigs, struct task_row *out,
			    int64_t *event_id, struct wb_err *err);

/* Moves the task's deadline to the end of `date` ("YYYY-MM-DD", China),
 * records it in the timeline and re-checks its automatic 督办; *out (may be
 * NULL) receives the task as it now stands, strings in c->arena. */
enum wb_status app_task_set_deadline(struct app_ctx *c, int64_t id, const char *date,
				     struct task_row *out, struct wb_err *err);

/* The same for every task of plan_id within the scope that is not closed,
 * all or none (an archived plan: WB_ERR_CONFLICT "plan_archived"); *changed
 * counts them. */
enum wb_status app_plan_set_deadline(struct app_ctx *c, int64_t plan_id, const char *date,
				     int64_t *changed, struct wb_err *err);

/* A manual 督办单 one level above the task's open notices (at most 3):
 * *sid and *level receive the notice.  WB_ERR_CONFLICT for a closed task. */
enum wb_status app_task_supervise(struct app_ctx *c, int64_t id, const char *reason,
				  int64_t *sid, int *level, struct wb_err *err);

/* Attaches a file (already checked for type and size) to the actor's
 * unit's task, within the task's and the unit's quotas (WB_ERR_TOO_LARGE). */
enum wb_status app_task_attach(struct app_ctx *c, int64_t id, const char *filename,
			       const char *content_type, const void *data, size_t len,
			       int64_t *aid, struct wb_err *err);

/* The powers of an actor over a task's attachments, from its permissions. */
struct detach_rights {
	bool unit;      /* task.report: the task's own unit may remove its uploads */
	bool office;    /* plan.manage: the office may remove any task's uploads */
};

/*
 * Removes attachment aid of task id (a wrong upload) while the task is not
 * closed, records it in the task's timeline ("detach", the file's name as
 * the note) and frees its room in the quotas.  *out receives its id, name
 * (in c->arena) and size.  Errors: WB_ERR_NOTFOUND (task outside the scope,
 * or no such attachment), WB_ERR_DENIED "not_your_task", WB_ERR_CONFLICT
 * "wrong_status" (closed) or "plan_archived".
 */
enum wb_status app_task_detach(struct app_ctx *c, int64_t id, int64_t aid,
			       struct detach_rights rights, struct attachment_row *out,
			       struct wb_err *err);

/* Attachment aid of task id, with its bytes in c->arena. */
enum wb_status app_task_attachment(struct app_ctx *c, int64_t id, int64_t aid,
				   struct attachment_row *out, struct wb_err *err);

#endif
