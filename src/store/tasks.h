/* Store access to supervised tasks and their timelines. */
#ifndef WB_STORE_TASKS_H
#define WB_STORE_TASKS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/tasklight.h"
#include "sec/scope.h"
#include "store/store.h"

struct arena;

/* A task as the ledger shows it.  Strings are valid during a callback, or
 * owned by the arena given to store_task_get(). */
struct task_row {
	int64_t id, plan_id, item_number, section, unit_id, item_id;
	const char *item_text, *unit_name;
	const char *return_reason;            /* NULL when none */
	bool is_lead;
	bool plan_archived;                   /* its plan is archived history */
	enum task_status status;
	int64_t deadline, signed_at, last_report_at, closed_at, created_at;  /* 0 when unset */
	int64_t yellow_at, red_at;            /* the stored light moments, 0 never */
	enum task_light light;                /* at the `now` of the query */
	int supervision_level;                /* highest level of its open 督办 notices, 0 none
						 (the ledger and store_task_get only) */
	const char *latest_report;            /* the text of its latest progress report:
						 only from store_task_ledger (NULL: none) */
};

enum task_sort { TASK_SORT_ITEM, TASK_SORT_DEADLINE, TASK_SORT_STATUS, TASK_SORT_UNIT,
		 TASK_SORT_LIGHT, TASK_SORT__MAX };

struct task_filter {
	int64_t plan_id;          /* 0: any */
	int64_t unit_id;          /* 0: any */
	int status;               /* an enum task_status, or -1 for any */
	const char *q;            /* "": any; a substring of the item text */
	int light;                /* an enum task_light, or -1 for any */
	int archived;             /* 0 any, 1 tasks of current plans, 2 of archived plans */
	bool returned;            /* only returned tasks not closed yet */
	bool supervised;          /* only tasks with an open 督办 notice */
	bool due;                 /* only signed or in-progress tasks with a yellow or red light */
	enum task_sort sort;
	bool desc;
};

/*
 * One page of the tasks the scope sees, filtered, sorted and paged in SQL;
 * lights as of `now`.  *total receives the filtered count.  fn must not use st.
 */
enum wb_status store_task_page(struct store *st, const struct scope *scope,
			       const struct task_filter *f, int64_t now, int64_t limit,
			       int64_t offset, void (*fn)(const struct task_row *, void *),
			       void *arg, int64_t *total, struct wb_err *err);

/* The same as store_task_page from the first row, with each task's
 * latest_report (the ledger's Excel export), in one statement. */
enum wb_status store_task_ledger(struct store *st, const struct scope *scope,
				 const struct task_filter *f, int64_t now, int64_t limit,
				 void (*fn)(const struct task_row *, void *), void *arg,
				 int64_t *total, struct wb_err *err);

/* Every task of the scope (of one plan when plan_id > 0), by plan and item;
 * t->light is not set.  fn must not use st. */
enum wb_status store_task_each(struct store *st, const struct scope *scope, int64_t plan_id,
			       void (*fn)(const struct task_row *, void *), void *arg,
			       struct wb_err *err);

/* Per plan: its tasks, closed ones and red ones as of now, within the scope. */
enum wb_status store_task_plan_counts(struct store *st, const struct scope *scope, int64_t now,
				      void (*fn)(int64_t plan_id, int64_t tasks, int64_t closed,
						 int64_t red, void *),
				      void *arg, struct wb_err *err);

/* The 待办 counts over the tasks the scope sees in plans not archived, each
 * the total of the ledger filtered the same way (archived 1 and the flag). */
struct task_todo_counts {
	int64_t pending, due, returned, supervised, close_requested;
	int64_t light[3];                     /* by enum task_light, as of now */
};
enum wb_status store_task_todo(struct store *st, const struct scope *scope, int64_t now,
			       struct task_todo_counts *out, struct wb_err *err);

/* A member unit's tasks in plans not archived, by light as of now. */
struct task_unit_lights {
	int64_t unit_id;
	const char *unit_name;                /* valid during the callback */
	int64_t red, yellow, green, total;
};
/* At most `limit` units the scope sees, most red first, then most yellow,
 * then by name; fn must not use st. */
enum wb_status store_task_todo_units(struct store *st, const struct scope *scope, int64_t now,
				     int64_t limit,
				     void (*fn)(const struct task_unit_lights *, void *), void *arg,
				     struct wb_err *err);

/* Task id if the scope sees it (WB_ERR_NOTFOUND otherwise), its light as of
 * now; strings in arena. */
enum wb_status store_task_get(struct store *st, struct arena *arena, const struct scope *scope,
			      int64_t id, int64_t now, struct task_row *out, struct wb_err *err);

/* Creates the task of (item, unit) or updates its lead flag and deadline. */
enum wb_status store_task_put(struct store *st, int64_t item_id, int64_t unit_id, bool lead,
			      int64_t deadline, int64_t now, struct wb_err *err);
/* Deletes the item's tasks not put since `since` (units no longer named). */
enum wb_status store_tasks_drop_stale(struct store *st, int64_t item_id, int64_t since,
				      struct wb_err *err);

/* Gives task id to another unit, as new (待签收, created now): its earlier
 * unit's timeline stays.  WB_ERR_CONFLICT when that unit has the item already. */
enum wb_status store_task_set_unit(struct store *st, int64_t id, int64_t unit_id, int64_t now,
				   int64_t yellow_at, int64_t red_at, struct wb_err *err);

/* Holds task id's row lock until the transaction ends (PostgreSQL; SQLite's
 * write transaction already excludes every other writer).  WB_OK also when
 * no such task: the read that follows answers that. */
enum wb_status store_task_lock(struct store *st, int64_t id, struct wb_err *err);

/* Moves a task from status `from` to the state in t (status, times, reason,
 * light moments).  WB_ERR_CONFLICT when the task is no longer in `from`. */
enum wb_status store_task_set_state(struct store *st, const struct task_row *t,
				    enum task_status from, int64_t now, struct wb_err *err);
enum wb_status store_task_set_deadline(struct store *st, int64_t id, int64_t deadline,
				       int64_t yellow_at, int64_t red_at, int64_t now,
				       struct wb_err *err);
enum wb_status store_task_set_moments(struct store *st, int64_t id, int64_t yellow_at,
				      int64_t red_at, struct wb_err *err);

/* Appends a timeline event; *event_id (may be NULL) receives its id. */
enum wb_status store_task_add_event(struct store *st, int64_t task_id, int64_t at, int64_t user_id,
				    const char *login, const char *action, const char *status,
				    const char *note, int64_t *event_id, struct wb_err *err);

struct task_event_row {
	int64_t id, at;
	const char *login, *action, *status, *note;   /* valid during the callback; may be NULL */
	const char *login_name;  /* "李丽（市民政局）", "系统自动", or the login (see ACTOR_NAME) */
};
/* The task's timeline, oldest first; fn must not use st. */
enum wb_status store_task_events(struct store *st, int64_t task_id,
				 void (*fn)(const struct task_event_row *, void *), void *arg,
				 struct wb_err *err);

/* Calls fn(task_id, at) for each progress report of a plan's tasks, by task
 * and time; fn must not use st. */
enum wb_status store_plan_report_times(struct store *st, int64_t plan_id,
				       void (*fn)(int64_t, int64_t, void *), void *arg,
				       struct wb_err *err);

#endif
