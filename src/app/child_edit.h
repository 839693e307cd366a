/*
 * Changes and reveals of one child of the register after it is registered:
 * a parent's status period added or ended (each re-derives the categories,
 * so a change lands in the child's history with its reason), and the clear
 * value of one personal field.  The callers (API choke point, CLI) hold the
 * permission check, the transaction and the audit event.
 */
#ifndef WB_APP_CHILD_EDIT_H
#define WB_APP_CHILD_EDIT_H

#include <stdint.h>

#include "app/ctx.h"

/*
 * The clear value of `field` (id_number, name, address, guardian_name or
 * guardian_phone: the first guardian's) of child id in the
 * caller's scope into a malloc'd *out ("" when the child has none), which
 * the caller wipes and frees with fieldcrypt_free(*out, strlen(*out)).
 * WB_ERR_NOTFOUND outside the scope, WB_ERR_INVALID (field "field") for a
 * field not in the list.
 */
enum wb_status app_child_reveal(struct app_ctx *c, int64_t id, const char *field, char **out,
				struct wb_err *err);

/* A parent's status period as typed (text; NULL or "" for none). */
struct child_period_input {
	const char *parent;       /* 父亲/母亲 */
	const char *status;       /* core/child.h parent_status_name */
	const char *disability;   /* 残疾: its kind */
	const char *grade;        /* 残疾: 1–4 (child_grade_parse) */
	const char *started_on, *ended_on;   /* YYYY-MM-DD; ended_on optional */
	const char *evidence;
};

/*
 * Adds the period in to child id (in the caller's scope: WB_ERR_NOTFOUND
 * outside it), after checking it (WB_ERR_RULE with the field: a parent,
 * status, kind or grade not in its list, a date that is no date, a start
 * after today, an end before the start); writes a history line and
 * re-derives the categories (app_child_rederive).  Sets *pid.  Inside the
 * caller's transaction.
 */
enum wb_status app_child_period_add(struct app_ctx *c, int64_t id,
				    const struct child_period_input *in, int64_t *pid,
				    struct wb_err *err);

/* Ends period pid of child id on ended_on (its last day; not before its
 * start, not after today; WB_ERR_NOTFOUND for a child outside the scope or
 * a period not its), with a history line, and re-derives.  Inside the
 * caller's transaction. */
enum wb_status app_child_period_end(struct app_ctx *c, int64_t id, int64_t pid,
				    const char *ended_on, struct wb_err *err);

#endif
