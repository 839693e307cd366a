/* Store access to work plans, their items and targets, and supervised tasks. */
#ifndef WB_STORE_PLANS_H
#define WB_STORE_PLANS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct plan_row {
	int64_t id;
	char doc_number[128];
	char title[512];
	char issuer[256];
	char issued_on[16];
	int64_t year;
	int64_t deadline;
	int64_t item_count;
};

/* The plan with that document number: *id, or 0 when there is none. */
enum wb_status store_plan_find(struct store *st, const char *doc_number, int64_t *id,
			       struct wb_err *err);
/* Inserts (p->id == 0; *id receives the new id) or updates plan p. */
enum wb_status store_plan_put(struct store *st, const struct plan_row *p, const char *source,
			      int64_t warnings, int64_t now, int64_t *id, struct wb_err *err);
enum wb_status store_plan_get(struct store *st, int64_t id, struct plan_row *out,
			      struct wb_err *err);
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

/* Creates the task of (item, unit) or updates its lead flag and deadline. */
enum wb_status store_task_put(struct store *st, int64_t item_id, int64_t unit_id, bool lead,
			      int64_t deadline, int64_t now, struct wb_err *err);
/* Deletes the item's tasks not put since `since` (units no longer named). */
enum wb_status store_tasks_drop_stale(struct store *st, int64_t item_id, int64_t since,
				      struct wb_err *err);

struct task_row {
	int64_t id, plan_id, item_number, section, unit_id, item_id;
	char item_text[1200];        /* the item's text, cut to fit */
	char unit_name[164];
	bool is_lead;
	char status[24];
	int64_t deadline, signed_at, last_report_at, closed_at, created_at;  /* 0 when unset */
	char return_reason[600];
};

struct task_filter {
	int64_t plan_id;        /* 0: any */
	int64_t unit_id;        /* 0: any (the unit scope sets it) */
	const char *status;     /* "": any */
	const char *q;          /* "": any; a substring of the item text */
};

/* Calls fn for each task of the filter, by plan and item; fn must not use st. */
enum wb_status store_task_each(struct store *st, const struct task_filter *f,
			       void (*fn)(const struct task_row *, void *), void *arg,
			       struct wb_err *err);
enum wb_status store_task_get(struct store *st, int64_t id, struct task_row *out,
			      struct wb_err *err);

/* Moves a task from status `from` to the state in t (status, times, reason).
 * WB_ERR_CONFLICT when the task is no longer in `from`. */
enum wb_status store_task_set_state(struct store *st, const struct task_row *t, const char *from,
				    int64_t now, struct wb_err *err);

enum wb_status store_task_set_deadline(struct store *st, int64_t id, int64_t deadline, int64_t now,
				       struct wb_err *err);
/* Calls fn(task_id, at) for each progress report of a plan's tasks, by task
 * and time; fn must not use st. */
enum wb_status store_plan_report_times(struct store *st, int64_t plan_id,
				       void (*fn)(int64_t, int64_t, void *), void *arg,
				       struct wb_err *err);

/* Appends a timeline event; *event_id (may be NULL) receives its id. */
enum wb_status store_task_add_event(struct store *st, int64_t task_id, int64_t at, int64_t user_id,
				    const char *login, const char *action, const char *status,
				    const char *note, int64_t *event_id, struct wb_err *err);

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

struct attachment_row {
	int64_t id, task_id, size, uploaded_at;
	char filename[256];
	char content_type[128];
	char uploaded_by[64];
	char *data;            /* base64; only from store_attachment_get, malloc'd, caller frees */
};
enum wb_status store_attachment_add(struct store *st, int64_t task_id, const char *filename,
				    const char *content_type, int64_t size, const char *data_b64,
				    int64_t now, const char *by, int64_t *id, struct wb_err *err);
/* The bytes of attachments kept for task_id (unit_id 0), or for all tasks of
 * unit_id (task_id 0). */
enum wb_status store_attachment_bytes(struct store *st, int64_t task_id, int64_t unit_id,
				      int64_t *bytes, struct wb_err *err);
/* Calls fn for each attachment of a task (without its data); fn must not use st. */
enum wb_status store_attachments_of(struct store *st, int64_t task_id,
				    void (*fn)(const struct attachment_row *, void *), void *arg,
				    struct wb_err *err);
/* One attachment with its data (out->data malloc'd; the caller frees it). */
enum wb_status store_attachment_get(struct store *st, int64_t id, struct attachment_row *out,
				    struct wb_err *err);

struct task_event_row {
	int64_t id, at;
	const char *login, *action, *status, *note;   /* valid during the callback; may be NULL */
};
enum wb_status store_task_events(struct store *st, int64_t task_id,
				 void (*fn)(const struct task_event_row *, void *), void *arg,
				 struct wb_err *err);

#endif
