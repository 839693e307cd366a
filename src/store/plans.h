/* Store access to work plans, their items and targets, and supervised tasks. */
#ifndef WB_STORE_PLANS_H
#define WB_STORE_PLANS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct arena;

/* A plan.  Strings are valid during a callback, or owned by the arena given
 * to store_plan_get(); issuer and issued_on may be NULL. */
struct plan_row {
	int64_t id;
	const char *doc_number, *title, *issuer, *issued_on;
	int64_t year;
	int64_t deadline;
	int64_t item_count;
	bool archived;          /* history: no lights, no automatic 督办, no actions */
};

/* The plan with that document number: *id, or 0 when there is none. */
enum wb_status store_plan_find(struct store *st, const char *doc_number, int64_t *id,
			       struct wb_err *err);
/* Inserts (p->id == 0; *id receives the new id) or updates plan p. */
enum wb_status store_plan_put(struct store *st, const struct plan_row *p, const char *source,
			      int64_t warnings, int64_t now, int64_t *id, struct wb_err *err);
enum wb_status store_plan_get(struct store *st, struct arena *arena, int64_t id,
			      struct plan_row *out, struct wb_err *err);
/* Calls fn for each plan, newest year first; fn must not use st. */
enum wb_status store_plan_each(struct store *st, void (*fn)(const struct plan_row *, void *),
			       void *arg, struct wb_err *err);

enum wb_status store_plan_clear_sections(struct store *st, int64_t plan_id, struct wb_err *err);
enum wb_status store_plan_add_section(struct store *st, int64_t plan_id, int number,
				      const char *title, struct wb_err *err);
/* Calls fn(number, title) for each section in order; fn must not use st. */
enum wb_status store_plan_sections(struct store *st, int64_t plan_id,
				   void (*fn)(int64_t, const char *, void *), void *arg,
				   struct wb_err *err);

/* Inserts or updates item `number` of a plan; *id receives its id.  units is
 * the responsible units as written, joined with '、'. */
enum wb_status store_item_put(struct store *st, int64_t plan_id, int number, int section,
			      const char *text, const char *units, int64_t *id, struct wb_err *err);
/* Deletes the plan's items numbered above `last` (with their tasks). */
enum wb_status store_items_trim(struct store *st, int64_t plan_id, int last, struct wb_err *err);

struct item_row {
	int64_t id;
	int64_t number;
	int64_t section;
	const char *text;     /* valid during the callback */
	const char *units;
};
enum wb_status store_plan_items(struct store *st, int64_t plan_id,
				void (*fn)(const struct item_row *, void *), void *arg,
				struct wb_err *err);

struct target_row {
	int64_t id, item_id;
	char op[8];
	double value;
	double value2;
	bool has_value2;
	char unit[32];
	char scope[32];
	const char *text;     /* valid during the callback */
};
enum wb_status store_item_clear_targets(struct store *st, int64_t item_id, struct wb_err *err);
enum wb_status store_item_add_target(struct store *st, int64_t item_id, int seq,
				     const struct target_row *t, struct wb_err *err);
/* Targets of a whole plan (plan_id > 0) or of one item (item_id > 0). */
enum wb_status store_targets(struct store *st, int64_t plan_id, int64_t item_id,
			     void (*fn)(const struct target_row *, void *), void *arg,
			     struct wb_err *err);

/* A figure reported for a target with a progress report (event). */
enum wb_status store_report_figure_add(struct store *st, int64_t event_id, int64_t target_id,
				       double value, struct wb_err *err);
/* Calls fn(owner, target_id, value) for the figures of a task (owner: the
 * event id, oldest first) or of a whole plan (owner: the task id, by task and
 * target, oldest first: the last one of a pair is the current figure). */
enum wb_status store_task_figures(struct store *st, int64_t task_id,
				  void (*fn)(int64_t, int64_t, double, void *), void *arg,
				  struct wb_err *err);
enum wb_status store_plan_figures(struct store *st, int64_t plan_id,
				  void (*fn)(int64_t, int64_t, double, void *), void *arg,
				  struct wb_err *err);

#endif
