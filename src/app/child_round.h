/*
 * The daily round over the children: a child's categories change with time
 * as well as with facts (a six-month mark, the 16th or 18th birthday, a
 * status ending), so the children whose stored categories are due (their
 * recheck_on day has come) are derived again, each change kept in the
 * child's history with its reason.  serve runs it every hour (one server of
 * the deployment per hour), `weibao child rederive` now.
 */
#ifndef WB_APP_CHILD_ROUND_H
#define WB_APP_CHILD_ROUND_H

#include <stdint.h>

#include "app/ctx.h"

struct child_round_result {
	int64_t checked, changed;
};

/* Derives again every child due today (Asia/Shanghai), in batches each
 * committed with one audit event (action child.rederive) when it changed a
 * child; c is the system's (scope_system) context.  Opens and commits its
 * own transactions. */
enum wb_status app_child_round(struct app_ctx *c, struct child_round_result *res,
			       struct wb_err *err);

#endif
