/* Store access to the in-app notification list: notices addressed to the
 * users of a member unit, each read or unread per user. */
#ifndef WB_STORE_NOTIFICATIONS_H
#define WB_STORE_NOTIFICATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Adds a notice for every active user of unit who may report on its tasks.
 * task_id 0 for none; dedupe (NULL for none) makes it once per user.
 * *added (may be NULL) counts the rows written. */
enum wb_status store_notify_unit(struct store *st, int64_t unit_id, const char *kind,
				 const char *title, const char *link, int64_t task_id,
				 const char *dedupe, int64_t now, int64_t *added,
				 struct wb_err *err);
/* Adds a notice for every active user who manages plans (the office). */
enum wb_status store_notify_office(struct store *st, const char *kind, const char *title,
				   const char *link, int64_t task_id, int64_t now,
				   struct wb_err *err);
/* 下发: one notice per recipient of the plan's open tasks, once per plan
 * (none for an archived plan). */
enum wb_status store_notify_plan_assigned(struct store *st, int64_t plan_id, int64_t now,
					  int64_t *added, struct wb_err *err);
/* 临期: one notice per recipient of every yellow task of a live plan, once
 * per task and yellow moment. */
enum wb_status store_notify_due_soon(struct store *st, int64_t now, int64_t *added,
				     struct wb_err *err);

struct notification_row {
	int64_t id, task_id;             /* task_id 0 for none */
	const char *kind, *title, *link;  /* valid during the callback */
	int64_t created_at, read_at;      /* read_at 0 while unread */
};

/* A page of user's notices, newest first (unread ones only if asked);
 * *total counts the filtered list, *unread all unread.  fn must not use st. */
enum wb_status store_notification_page(struct store *st, int64_t user_id, bool unread_only,
				       int64_t limit, int64_t offset,
				       void (*fn)(const struct notification_row *, void *),
				       void *arg, int64_t *total, int64_t *unread,
				       struct wb_err *err);
/* Marks notice id of user read (WB_ERR_NOTFOUND when it is not theirs). */
enum wb_status store_notification_read(struct store *st, int64_t user_id, int64_t id,
				       int64_t now, struct wb_err *err);
/* Marks all of user's notices read; *n counts them. */
enum wb_status store_notification_read_all(struct store *st, int64_t user_id, int64_t now,
					   int64_t *n, struct wb_err *err);
/* A notice with its recipient, for the SMS outbox (app/sms.h). */
struct notification_out {
	int64_t id, created_at;
	const char *kind, *title, *link;   /* valid during the callback */
	const char *login, *name, *unit;   /* the recipient's; unit NULL for none */
};

/* Calls fn with up to limit notices of id above `after`, in id order, and
 * sets *max_id to the highest notice id there is (0 for none).  Run it in a
 * transaction (store_begin) committed right after: on PostgreSQL it first
 * waits until every transaction that has drawn a notice id has ended and
 * holds new ones off until that commit, so no id at or below the ones it
 * returns can appear later (WB_ERR_BUSY when such a transaction is still
 * open after 2 s; on SQLite the write lock's wait of store_begin bounds it).
 * fn must not use st. */
enum wb_status store_notifications_after(struct store *st, int64_t after, int64_t limit,
					 void (*fn)(const struct notification_out *, void *),
					 void *arg, int64_t *max_id, struct wb_err *err);
/* Deletes notices read before `before`. */
enum wb_status store_notification_prune(struct store *st, int64_t before, struct wb_err *err);

#endif
