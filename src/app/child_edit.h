/*
 * Changes and reveals of one child of the register after it is registered:
 * a parent's status period added or ended and the child's own facts changed
 * (each re-derives the categories, so a change lands in the child's history
 * with its reason), the child transferred to another village (at once, or
 * started by its town and accepted by the destination town), and the clear
 * value of one personal field.  The callers (API choke point, CLI) hold the
 * permission check, the transaction and the audit event.
 */
#ifndef WB_APP_CHILD_EDIT_H
#define WB_APP_CHILD_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/sheet.h"
#include "util/vec.h"

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

/*
 * Transfers child id (in the caller's scope: WB_ERR_NOTFOUND outside it) to
 * village `village` for `reason`, keeping the history.  A county-wide
 * caller (the office), or a town worker whose town holds the destination
 * too, moves the child at once (*pending false); a town worker of the
 * child's town sending it to another town starts a transfer that the
 * destination town accepts (app_child_transfer_accept; *pending true; the
 * child stays with its town until then; a new start replaces a pending
 * one).  A village-scoped caller (儿童主任) is WB_ERR_DENIED; a village that
 * does not exist, the child's own village or no reason WB_ERR_RULE with
 * the field.  The categories are not touched.  Inside the caller's
 * transaction.
 */
enum wb_status app_child_transfer(struct app_ctx *c, int64_t id, const char *village,
				  const char *reason, bool *pending, struct wb_err *err);

/* Accepts the pending transfer of child id into the caller's town (or the
 * county): the child moves to its new village, with a history line.
 * WB_ERR_NOTFOUND when the child is neither in the caller's scope nor on
 * its way into it; WB_ERR_CONFLICT (`no_transfer`) when no transfer is
 * pending; WB_ERR_DENIED when it goes elsewhere or the caller is
 * village-scoped.  Inside the caller's transaction. */
enum wb_status app_child_transfer_accept(struct app_ctx *c, int64_t id, struct wb_err *err);

/* A pending transfer as a list shows it (masked). */
struct child_transfer_brief {
	int64_t child_id;
	char id_number_masked[32], name_masked[160];
	char from_village[13], to_village[13];
	char reason[256];
	int64_t at;
	char by_name[200];
	bool incoming;   /* into the caller's scope: the caller may accept it */
};
/* Every pending transfer out of or into the caller's scope (at most 500),
 * oldest first, into out (struct child_transfer_brief; the caller frees it
 * with vec_free). */
enum wb_status app_child_transfers(struct app_ctx *c, struct vec *out, struct wb_err *err);

/* A change of a child's facts: each field NULL when not given, "" to
 * clear an optional one.  The guardian fields are those of the first
 * guardian, who receives the allowance (the payee). */
struct child_patch {
	const char *household, *school, *address, *placement, *disability, *disability_grade;
	const char *economy, *bank_account;
	const char *guardian_name, *guardian_relation, *guardian_phone;
	const char *reason;   /* why (optional), kept with the history line */
};

/*
 * Changes the facts of child id (in the caller's scope: WB_ERR_NOTFOUND
 * outside it) by patch p, checked with the template's rules
 * (core/child_record.h; a bank account 6–32 digits): each problem is
 * reported through fn (column header, Chinese reason) and the answer is
 * WB_ERR_RULE with nothing written.  Encrypts the address, bank account and
 * guardian's name and phone; writes a history line naming the fields that
 * changed (never their values) with p->reason, then re-derives the
 * categories (a change lands in the history with its facts).  changed
 * (changed_len bytes) receives the titles of the fields that changed,
 * "、"-joined ("" when nothing did).  Inside the caller's transaction.
 */
enum wb_status app_child_update(struct app_ctx *c, int64_t id, const struct child_patch *p,
				sheet_header_fn fn, void *arg, char *changed, size_t changed_len,
				struct wb_err *err);

/* A further guardian of a child (not the payee), as typed. */
struct child_guardian_input {
	const char *name, *relation, *phone;   /* phone optional */
	const char *reason;                    /* optional, kept with the history line */
};

/*
 * Adds guardian in after the present ones of child id (in the caller's
 * scope: WB_ERR_NOTFOUND outside it), checked with the template's rules
 * (name and relation required, a mobile number or none): each problem
 * through fn (column header, Chinese reason) and WB_ERR_RULE with nothing
 * written.  The name and phone are sealed; a history line names the
 * relation (never the name).  The first guardian stays the payee.  Sets
 * *gid.  Inside the caller's transaction.
 */
enum wb_status app_child_guardian_add(struct app_ctx *c, int64_t id,
				      const struct child_guardian_input *in, sheet_header_fn fn,
				      void *arg, int64_t *gid, struct wb_err *err);

/*
 * Removes guardian gid of child id (in the caller's scope: WB_ERR_NOTFOUND
 * outside it, or for a guardian not the child's) for `reason` (required:
 * WB_ERR_RULE field "reason"), with a history line naming the relation and
 * the reason.  The first guardian (the payee of the allowance) cannot be
 * removed: WB_ERR_RULE field "guardian" (change it with app_child_update).
 * Inside the caller's transaction.
 */
enum wb_status app_child_guardian_remove(struct app_ctx *c, int64_t id, int64_t gid,
					 const char *reason, struct wb_err *err);

/* Sets or clears the 监护缺失或不当 fact of child id (found by a case's
 * assessment; whatever the caller's scope: the case was in it) with a
 * history line giving `reason`, and re-derives the categories.  Nothing
 * when the fact is already so.  Inside the caller's transaction. */
enum wb_status app_child_set_guardianship(struct app_ctx *c, int64_t id, bool lacking,
					  const char *reason, struct wb_err *err);

#endif
