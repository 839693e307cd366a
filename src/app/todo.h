/* 待办: what the caller has to do, for the home page — counts of the tasks in
 * their scope, each with the ledger filter that lists exactly those tasks. */
#ifndef WB_APP_TODO_H
#define WB_APP_TODO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "store/tasks.h"

/* What the caller may act on, from their permissions. */
struct todo_role {
	bool signs;      /* task.report with a member unit: signs for its tasks */
	bool reviews;    /* plan.manage: reviews closures */
};

struct todo_item {
	const char *key;              /* "to_sign", "due", "returned", "supervised", "to_review",
					 "to_decide" */
	const char *title;            /* 待签收 … */
	int64_t count;
	struct task_filter filter;    /* the ledger's filter whose total is count */
	const char *link;             /* instead of the ledger: the page that lists them
					 (requests to decide: the 督办 page), or NULL */
};

struct todo_unit {
	struct task_unit_lights lights;   /* unit_name in c->arena */
	struct task_filter filter;        /* the unit's tasks in the ledger */
};

#define TODO_ITEMS_MAX 6
#define TODO_UNITS_MAX 50

struct todo {
	struct todo_item items[TODO_ITEMS_MAX];
	size_t nitems;
	int64_t light[3];                 /* by enum task_light */
	struct task_filter light_filter[3];
	struct todo_unit *units;          /* in c->arena, most red first */
	size_t nunits;
};

/*
 * The 待办 of the actor in c->scope, over the tasks of plans not archived:
 * 待签收 (when role->signs), 临期/逾期待反馈, 被退回, 督办中, 待审核办结 and
 * 待审批申请 (延期申请 and 退回交办 waiting for a decision; when role->reviews), the counts by light and the units with the most red, then
 * yellow tasks (a unit user sees only their own unit: the scope does that).
 */
enum wb_status app_todo(struct app_ctx *c, const struct todo_role *role, struct todo *out,
			struct wb_err *err);

#endif
