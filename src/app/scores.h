/* Year-end scores of member units for one plan (平安建设考核). */
#ifndef WB_APP_SCORES_H
#define WB_APP_SCORES_H

#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/supervise.h"

struct unit_total {
	int64_t unit_id;
	const char *name;     /* in c->arena */
	struct unit_score s;
	int rank, rank_of;    /* among all the units of the plan; equal scores share */
};

/*
 * The scores of the units whose tasks of plan plan_id lie within c->scope,
 * best first, each with its rank among all the plan's units (so a unit that
 * sees only itself knows where it stands): *out is an array of *n in
 * c->arena.  WB_ERR_NOTFOUND when there is no such plan.
 */
enum wb_status app_plan_scores(struct app_ctx *c, int64_t plan_id, struct unit_total **out,
			       size_t *n, struct wb_err *err);

#endif
