/* Measures (救助措施) of cases assigned to member units (issue 14, second
 * part; core/case_measure.h): a handler assigns one to a unit with a due
 * day, the unit accepts, declines, records delivery and closes it, a handler
 * cancels it.  Each change is kept in the measure's events and in the
 * case's timeline (event "measure"), with notices to the unit and back to
 * the handler.  A unit sees of a case only what its measure shows.  The
 * callers (the API choke point) open the transaction and audit. */
#ifndef WB_APP_CASE_MEASURES_H
#define WB_APP_CASE_MEASURES_H

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "store/case_measures.h"
#include "store/cases.h"

struct measure_in {
	const char *kind;      /* one of case_measure_kinds */
	int64_t unit_id;       /* a member unit */
	const char *due_on;    /* YYYY-MM-DD, today or later */
	const char *note;      /* optional, sealed */
};

/*
 * Assigns measure in to case case_id (in the caller's scope, else
 * WB_ERR_NOTFOUND) for a user holding perms: a handler of the case
 * (case.manage with its village in scope, or the unit it was transferred
 * to), else WB_ERR_DENIED; the case in 核查评估, 处置中 or 跟踪回访, else
 * WB_ERR_CONFLICT; a kind, unit, day or note out of place WB_ERR_RULE
 * naming the field.  Sets *id and title (e.g. "心理疏导（市教育局）").
 */
enum wb_status app_measure_assign(struct app_ctx *c, int64_t case_id, uint32_t perms,
				  const struct measure_in *in, int64_t *id, char title[200],
				  struct wb_err *err);

/* The scope a user reaches measures through: the caller's, with its unit
 * branch only for a holder of case.measure (a unit-scoped user without it
 * sees none), and *unit_only (may be NULL) set to the user's unit when they
 * hold case.measure but neither case.read nor case.manage. */
struct scope app_measure_scope(const struct app_ctx *c, uint32_t perms, int64_t *unit_only);

struct measure_event_in {
	const char *event;          /* accept, decline, deliver, close, cancel */
	const char *note;
	const char *delivered_on;   /* deliver: YYYY-MM-DD, not after today */
};

/*
 * Takes event in->event on measure id, read through *scope
 * (app_measure_scope; WB_ERR_NOTFOUND outside it).  An unknown event:
 * WB_ERR_INVALID; not taken in its state: WB_ERR_CONFLICT; a user who may
 * not take it (accept, decline, deliver, close: case.measure in the
 * measure's unit; cancel: case.manage with the case in scope):
 * WB_ERR_DENIED; a missing note or delivery day: WB_ERR_RULE naming the
 * field.  *title gets the timeline's title ("心理疏导：已落实（市教育局）")
 * in the caller's arena.
 */
enum wb_status app_measure_event(struct app_ctx *c, const struct scope *scope, int64_t id,
				 uint32_t perms, const struct measure_event_in *in,
				 const char **title, struct wb_err *err);

/* The masked name of the child of a measure's or listing's case (tokens as
 * read: the case's unverified name, or the registry's when child_id > 0)
 * into the caller's arena. */
enum wb_status app_case_child_masked(const struct app_ctx *c, int64_t case_id, int64_t child_id,
				     const char *case_token, const char *reg_token,
				     const char **out, struct wb_err *err);

/* The case of a measure already read within the caller's scope, into *out
 * (whatever the case's own scope: a unit sees its measure's case as far as
 * the measure shows it), with the child's masked name and age (-1 unknown)
 * in the caller's arena. */
enum wb_status app_measure_case(struct app_ctx *c, const struct measure_row *m,
				struct case_row *out, const char **child_masked, int *child_age,
				struct wb_err *err);

/* Calls fn for each measure of case case_id, newest first — a case the
 * caller has already read within their scope (its handlers see all its
 * measures). */
enum wb_status app_measures_of_case(struct app_ctx *c, int64_t case_id,
				    void (*fn)(const struct measure_row *, void *), void *arg,
				    struct wb_err *err);

#endif
