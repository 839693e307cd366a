/*
 * A 督办单 as its unit answers it: signed for (签收), replied to (回复), and
 * printed as a numbered 督办通知单.  Within c->scope, in the caller's
 * transaction; each answer is a timeline event of the task and tells the
 * office.
 */
#ifndef WB_APP_SUPERVISION_NOTICE_H
#define WB_APP_SUPERVISION_NOTICE_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "store/supervisions.h"
#include "store/tasks.h"

/* "〔2026〕7号": the notice's number within its year. */
void supervision_number(const struct supervision_row *s, char *out, size_t n);

/* Notice sid and its task within the scope (strings in c->arena);
 * *overdue_days: the whole days its task was overdue when the notice was
 * lifted, or is now (0 when not overdue). */
enum wb_status app_supervision_get(struct app_ctx *c, int64_t sid, struct supervision_row *out,
				   struct task_row *task, int64_t *overdue_days,
				   struct wb_err *err);

/* The task's unit signs for notice sid.  WB_ERR_DENIED "not_your_task",
 * WB_ERR_CONFLICT "resolved" (lifted) or "already_signed". */
enum wb_status app_supervision_sign(struct app_ctx *c, int64_t sid, struct wb_err *err);

/* The task's unit replies to notice sid (signing for it if it had not):
 * what it has done.  WB_ERR_CONFLICT "resolved" or "already_replied",
 * WB_ERR_INVALID on "reply" when blank. */
enum wb_status app_supervision_reply(struct app_ctx *c, int64_t sid, const char *reply,
				     struct wb_err *err);

#endif
