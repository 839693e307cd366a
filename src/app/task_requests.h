/*
 * A unit's requests on its own task, decided by the office: 延期申请 (a later
 * deadline, with a reason) and 退回交办 (the task is not its duty; the office
 * gives it to another unit or keeps it where it is).  Both are timeline
 * events of the task, notify the other side, and run in the caller's
 * transaction within c->scope.
 */
#ifndef WB_APP_TASK_REQUESTS_H
#define WB_APP_TASK_REQUESTS_H

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "store/task_requests.h"

enum task_request_kind { TASK_REQUEST_EXTENSION, TASK_REQUEST_REASSIGN };

/* "extension" / "reassign", and their Chinese titles (延期申请 / 退回交办). */
const char *task_request_kind_name(enum task_request_kind k);
const char *task_request_kind_title(const char *name);

/*
 * The actor's unit asks on its task id: date ("YYYY-MM-DD", extension only)
 * must be later than the task's deadline.  *rid receives the request.
 * Errors: WB_ERR_NOTFOUND outside the scope, WB_ERR_DENIED "not_your_task",
 * WB_ERR_CONFLICT "wrong_status" (closed) or "already_requested" (one of
 * that kind waits for a decision), WB_ERR_INVALID on "reason" or "deadline".
 */
enum wb_status app_task_request(struct app_ctx *c, int64_t task_id, enum task_request_kind kind,
				const char *reason, const char *date, int64_t *rid,
				struct wb_err *err);

/*
 * The office decides request rid.  Approving an extension moves the deadline
 * to the date asked for; approving a 退回交办 gives the task to unit_id (which
 * must be another unit, not already on the item) as a new task to sign for.
 * *out receives the request as decided (strings in c->arena).
 */
enum wb_status app_task_request_decide(struct app_ctx *c, int64_t rid, bool approve,
				       const char *note, int64_t unit_id,
				       struct task_request_row *out, struct wb_err *err);

#endif
