/*
 * The 示例 (example) work plan that `weibao gen demo` (run by `make run`)
 * loads beside the archived 2022 plan, so that a first look at weibao shows
 * the life of a plan rather than history alone: a notice for the current
 * year, clearly titled as an example, whose items are those of the 2022 plan
 * (so its targets are bound to the registers as the 2022 plan's are), and
 * whose tasks are driven through the service layer into every state the
 * ledger knows.
 */
#ifndef WB_APP_DEMO_H
#define WB_APP_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"

/* The example's document number: prefix, year, suffix (桐未工委办〔2026〕99号). */
#define DEMO_DOC_PREFIX "桐未工委办〔"
#define DEMO_DOC_SUFFIX "〕99号"

struct demo_result {
	int64_t plan_id;
	int tasks;          /* of the example plan */
	int supervisions;   /* 督办 notices it raised */
};

/*
 * Imports the example plan of the year of c->now (the 27 items of the 2022
 * plan) and acts on the tasks of five single-unit items: item 2 reporting
 * with a figure, 9 signed with a 延期申请 waiting, 25 returned with a
 * reason, 12 closed, and 7 overdue by 20 days with its automatic 督办
 * (level 2) signed for and answered; every other task stays 待签收.  Inside
 * the caller's transaction.  WB_ERR_CONFLICT when the example of
 * this year is loaded already.  Events are written under c->login.
 */
enum wb_status app_demo_load(struct app_ctx *c, struct demo_result *res, struct wb_err *err);

/* Sets *loaded when the example plan of the year of c->now is in the
 * database already. */
enum wb_status app_demo_plan_loaded(struct app_ctx *c, bool *loaded, struct wb_err *err);

#endif
