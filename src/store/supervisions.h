/* Store access to 督办 notices (supervisions) of tasks. */
#ifndef WB_STORE_SUPERVISIONS_H
#define WB_STORE_SUPERVISIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "sec/scope.h"
#include "util/arena.h"
#include "store/store.h"

/* The task's open automatic notice: *id (0 when none) and *level. */
enum wb_status store_supervision_open_auto(struct store *st, int64_t task_id, int64_t *id,
					   int *level, struct wb_err *err);
/* The highest level among the task's open notices (0 when none). */
enum wb_status store_supervision_max_level(struct store *st, int64_t task_id, int *level,
					   struct wb_err *err);
/* A new notice, numbered next within year (the China year of now): *id
 * (may be NULL) receives it. */
enum wb_status store_supervision_add(struct store *st, int64_t task_id, const char *kind, int level,
				     const char *reason, int64_t now, int year, const char *by,
				     int64_t *id, struct wb_err *err);
enum wb_status store_supervision_raise(struct store *st, int64_t id, int level, const char *reason,
				       int64_t now, struct wb_err *err);
/* Calls fn(task_id) for every task with an open automatic notice, in id
 * order; fn must not use st. */
enum wb_status store_supervision_open_auto_tasks(struct store *st, void (*fn)(int64_t, void *),
						 void *arg, struct wb_err *err);
/* Closes the task's open automatic notice (a manual 督办单 stays). */
enum wb_status store_supervision_resolve_auto(struct store *st, int64_t task_id, int64_t now,
					      struct wb_err *err);
/* Closes every open notice of the task; *resolved (may be NULL) counts them. */
enum wb_status store_supervision_resolve(struct store *st, int64_t task_id, int64_t now,
					 int64_t *resolved, struct wb_err *err);

struct supervision_row {
	int64_t id, task_id, plan_id, item_number, unit_id;
	const char *unit_name, *kind, *reason, *issued_by;   /* valid during the callback */
	const char *issued_by_name;  /* "李丽（市民政局）", "系统自动", or the login */
	const char *signed_by_name, *replied_by_name;   /* the same; NULL when not yet */
	int level;
	int64_t issued_at, resolved_at;                      /* resolved_at 0 when open */
	int year, seq;                                       /* its number: 〔year〕seq号 */
	int64_t signed_at, replied_at;                       /* 0 when not yet */
	const char *signed_by, *reply, *replied_by;          /* NULL when not yet */
};

/* Notice id within the scope, strings in arena; WB_ERR_NOTFOUND outside it. */
enum wb_status store_supervision_get(struct store *st, struct arena *arena,
				     const struct scope *scope, int64_t id,
				     struct supervision_row *out, struct wb_err *err);
/* The unit signs for notice id (once: WB_ERR_CONFLICT when it was already). */
enum wb_status store_supervision_sign(struct store *st, int64_t id, int64_t now, const char *by,
				      struct wb_err *err);
/* The unit's reply to notice id, signing for it too when it had not (once:
 * WB_ERR_CONFLICT when it was already answered). */
enum wb_status store_supervision_reply(struct store *st, int64_t id, const char *reply,
				       int64_t now, const char *by, struct wb_err *err);

/* A page of the 督办 notices of the tasks the scope sees (plan_id 0: of every
 * plan; open_only: not yet resolved), highest level first; *total receives
 * the count.  Strings valid during the callback, which must not use st. */
enum wb_status store_supervision_page(struct store *st, const struct scope *scope,
				      int64_t plan_id, bool open_only, int64_t limit,
				      int64_t offset,
				      void (*fn)(const struct supervision_row *, void *), void *arg,
				      int64_t *total, struct wb_err *err);

/* Calls fn for every notice of one task, oldest first (task_id, plan_id,
 * item_number, unit_id and unit_name are not set); fn must not use st. */
enum wb_status store_supervisions_of_task(struct store *st, int64_t task_id,
					  void (*fn)(const struct supervision_row *, void *),
					  void *arg, struct wb_err *err);

#endif
