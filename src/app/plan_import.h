/* Importing a work-plan notice: parse it against the member units in the
 * database and store its sections, items, targets and one task per
 * responsible unit (CLI `weibao plan import` and POST /api/v1/plans). */
#ifndef WB_APP_PLAN_IMPORT_H
#define WB_APP_PLAN_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/notice.h"
#include "app/ctx.h"
#include "store/store.h"

/* The parser's unit dictionary from the units table (names, codes and
 * aliases; the committee office is not one of 各成员单位).  The caller frees
 * it with notice_dict_free(); NULL with the reason in err. */
struct notice_dict *plan_units_dict(struct store *st, struct wb_err *err);

/* Parses text (UTF-8, or GB18030 converted) with dict; *out as notice_parse. */
enum wb_status plan_parse_text(const char *text, size_t len, const struct notice_dict *dict,
			       struct notice **out, struct wb_err *err);

/* The office's correction of one parsed item, made in the import preview:
 * the responsible units (names, codes or aliases of member units), which of
 * them lead, and the targets.  Strings are the caller's. */
struct plan_item_fix {
	int number;                /* the parsed item's number at this position */
	int section;               /* -1: not given; else must be the parsed one */
	const char *text;          /* NULL: not given; else must be the parsed one */
	const char **units;
	size_t nunits;
	const char **lead;         /* a subset of units, at least one */
	size_t nlead;
	struct notice_target *targets;
	size_t ntargets;
};

/* Corrections of every parsed item, in order (n == the parsed count). */
struct plan_fixes {
	const struct plan_item_fix *items;
	size_t n;
};

struct plan_import {
	int64_t plan_id;
	bool replaced;        /* an earlier import of the same document was updated */
	int items;
	int tasks;
	int unknown_units;    /* responsible units not in the units table: no task */
	int warnings;
	bool deadline_passed; /* the plan's deadline was already past at import */
	int changed;          /* items whose units, lead or targets were corrected */
};

/*
 * Parses and stores a notice in one transaction.  deadline: "YYYY-MM-DD"
 * (the end of that day, China time) or NULL for 31 December of the plan's
 * year.  A document number already imported is WB_ERR_CONFLICT unless
 * replace, which updates the plan in place: items keep their tasks and task
 * history; tasks of units an item no longer names are removed.  archived
 * stores it as the history of a finished year: its tasks get no lights, no
 * automatic 督办 and take no actions (importing again without it revives it).
 * fixes (NULL: none) replaces the parsed units, lead and targets of every
 * item; a correction that does not fit (another number of items, a unit that
 * does not exist, no lead, a malformed target) is WB_ERR_RULE on the field
 * "items" with a Chinese message naming the item, and nothing is stored.
 */
enum wb_status plan_import(struct app_ctx *c, const char *text, size_t len, const char *deadline,
			   bool replace, bool archived, const struct plan_fixes *fixes,
			   struct plan_import *res, struct wb_err *err);

/* Unix time of 23:59:59 China time on the date "YYYY-MM-DD"; -1 if malformed. */
int64_t plan_day_end(const char *date);

#endif
