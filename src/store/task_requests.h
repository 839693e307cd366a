/* Store access to a unit's requests on its task — a later deadline
 * (延期申请) or giving back a task that is not its duty (退回交办) — and the
 * office's decisions on them. */
#ifndef WB_STORE_TASK_REQUESTS_H
#define WB_STORE_TASK_REQUESTS_H

#include <stdbool.h>
#include <stdint.h>

#include "sec/scope.h"
#include "store/store.h"
#include "util/arena.h"

struct task_request_row {
	int64_t id, task_id;
	const char *kind;                 /* "extension" or "reassign" */
	const char *reason, *requested_by;
	int64_t deadline;                 /* the date asked for (extension), 0 otherwise */
	int64_t requested_at;
	const char *decision;             /* "approved", "rejected", NULL while pending */
	int64_t decided_at;               /* 0 while pending */
	const char *decided_by, *decision_note;   /* NULL while pending or none */
	const char *requested_by_name;    /* "李丽（市民政局）" (or the login) */
	const char *decided_by_name;      /* the same, NULL while pending */
	/* of its task (set by the page and the get, not by _of_task) */
	int64_t plan_id, item_number, unit_id;
	const char *unit_name;
};

enum wb_status store_task_request_add(struct store *st, int64_t task_id, const char *kind,
				      const char *reason, int64_t deadline, int64_t now,
				      const char *by, int64_t *id, struct wb_err *err);
/* The id of the task's pending request of kind (0 when none). */
enum wb_status store_task_request_pending(struct store *st, int64_t task_id, const char *kind,
					  int64_t *id, struct wb_err *err);
/* Request id within the scope, strings in arena; WB_ERR_NOTFOUND outside it. */
enum wb_status store_task_request_get(struct store *st, struct arena *arena,
				      const struct scope *scope, int64_t id,
				      struct task_request_row *out, struct wb_err *err);
/* Records the decision on a pending request (WB_ERR_CONFLICT when it was
 * decided already). */
enum wb_status store_task_request_decide(struct store *st, int64_t id, bool approved,
					 const char *note, int64_t now, const char *by,
					 struct wb_err *err);
/* Calls fn for each request of one task, oldest first; strings valid during
 * the callback, which must not use st. */
enum wb_status store_task_requests_of_task(struct store *st, int64_t task_id,
					   void (*fn)(const struct task_request_row *, void *),
					   void *arg, struct wb_err *err);
/* A page of the requests on tasks the scope sees (pending_only: not yet
 * decided), oldest pending first; *total receives the count. */
enum wb_status store_task_request_page(struct store *st, const struct scope *scope,
				       bool pending_only, int64_t limit, int64_t offset,
				       void (*fn)(const struct task_request_row *, void *),
				       void *arg, int64_t *total, struct wb_err *err);

#endif
