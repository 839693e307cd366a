/*
 * The 示例 (example) work plan that `make run` loads beside the archived 2022
 * plan, so that a first look at weibao shows the life of a plan rather than
 * history alone: a small notice for the current year, clearly titled as an
 * example, whose tasks are driven through the service layer into every state
 * the ledger knows.
 */
#ifndef WB_APP_DEMO_H
#define WB_APP_DEMO_H

#include <stdint.h>

#include "app/ctx.h"

struct demo_result {
	int64_t plan_id;
	int tasks;          /* of the example plan */
	int supervisions;   /* 督办 notices it raised */
};

/*
 * Imports the example plan of the year of c->now and acts on its tasks:
 * one each left 待签收, signed, reporting with a figure, returned with a
 * reason, closed, and overdue by 20 days with its automatic 督办 (level 2);
 * inside the caller's transaction.  WB_ERR_CONFLICT when the example of
 * this year is loaded already.  Events are written under c->login.
 */
enum wb_status app_demo_load(struct app_ctx *c, struct demo_result *res, struct wb_err *err);

#endif
