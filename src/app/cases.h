/* Cases (个案, issue 14): intake of a mandated reporter's report or of
 * another source, the events of the workflow (core/case_flow.h) with their
 * timeline and lights, the police's acceptance and the feedback to the
 * reporting unit, and what each viewer may be shown.  The callers (the API
 * choke point) open the transaction and write the audit event with it. */
#ifndef WB_APP_CASES_H
#define WB_APP_CASES_H

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/case_flow.h"
#include "core/mask.h"
#include "store/cases.h"

#define CASE_TEXT_MAX 8000     /* bytes of a description */
#define CASE_SHORT_MAX 800     /* bytes of a place, contact, reason, outcome */

/* What an intake carries (NULL or "" for absent fields). */
struct case_intake {
	const char *source;       /* 强制报告, 排查, 12345, 12355, 来访, 公安, 法院, 检察院 */
	unsigned situations;      /* bit n: situation n (1–9) */
	const char *seen_at;      /* "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" (a "T" accepted) */
	const char *place, *description;
	const char *child_id_number, *child_name, *child_sex;   /* 男/女 */
	int child_age;            /* -1 unknown; 0–17 */
	const char *village;      /* 12-digit village code; required unless matched */
	const char *reporter_contact;
};

/* A mandated reporter's report (source 强制报告): the child matched in the
 * registry through the blind index of the ID number, else kept as an
 * unverified child sealed in the case; urgency from the situations; an
 * urgent report notifies the town's station and the police liaisons.  Any
 * village of the county.  Sets *id and tracking_no.  WB_ERR_INVALID naming
 * the field for bad input. */
enum wb_status app_case_report(struct app_ctx *c, const struct case_intake *in, int64_t *id,
			       char tracking_no[24], struct wb_err *err);
/* The same for station or office staff entering another source; the
 * village must lie in their scope (WB_ERR_DENIED out_of_scope). */
enum wb_status app_case_create(struct app_ctx *c, const struct case_intake *in, int64_t *id,
			       char tracking_no[24], struct wb_err *err);

/* What an event carries (NULL or "" for absent). */
struct case_event_in {
	const char *event;        /* accept, reject, … police_accept, police_feedback */
	const char *reason;
	const char *risk;         /* 低/中/高/紧急 */
	const char *assessment;   /* the structured assessment: a JSON object's text */
	int64_t unit_id;          /* transfer: the member unit it goes to */
	const char *police_kind;  /* 治安/刑事/移送 */
};

/*
 * Takes event in->event on case id (in the caller's scope, else
 * WB_ERR_NOTFOUND) for a user holding perms (bit per enum permission).
 * An unknown event: WB_ERR_INVALID; not taken in the case's state, or the
 * police's acceptance recorded twice: WB_ERR_CONFLICT; a user who may not
 * take it: WB_ERR_DENIED; a missing reason, risk, unit or police kind:
 * WB_ERR_RULE naming the field.  The timeline gets the event, the lights
 * their new moments.  police_feedback (not a state change, app-only): the
 * police liaison records that the reporting unit was told, which ends the
 * feedback deadline.  *title receives the event's Chinese title.
 */
enum wb_status app_case_event(struct app_ctx *c, int64_t id, uint32_t perms,
			      const struct case_event_in *in, const char **title,
			      struct wb_err *err);

/* Adds an entry to case_id's timeline for what happened beside its state
 * (a measure, a listing): event code `event` ("measure", "listing"), the
 * state unchanged (state), reason and detail (a JSON object's text with at
 * least "title") sealed; NULL or "" for none.  Inside the caller's
 * transaction. */
enum wb_status app_case_timeline(struct app_ctx *c, int64_t case_id, enum case_state state,
				 const char *event, const char *reason, const char *detail,
				 struct wb_err *err);

/* The wording a reporter sees for a state: 已接收, 处理中, 已办结, 不予受理. */
const char *case_reporter_status(enum case_state s);

/* The masked form of plain (NULL: "") in the caller's arena ("" when out
 * of memory; nothing to free). */
const char *app_masked(const struct app_ctx *c, enum mask_kind k, const char *plain);

/* Decrypts the sealed token of cell table.column of row row_id (a case's,
 * a measure's, a listing's, a guidance order's and their events) into the
 * caller's arena (*out; "" for none, so nothing to free). */
enum wb_status app_case_open(const struct app_ctx *c, const char *table, const char *column,
			     int64_t row_id, const char *token, const char **out,
			     struct wb_err *err);

/* The masked child of a case: from the registry when matched (its name
 * and ID number decrypted and masked), else from the sealed unverified
 * fields; into the caller's arena ("" for unknown). */
enum wb_status app_case_child(const struct app_ctx *c, const struct case_row *r,
			      const char **name_masked, const char **id_masked,
			      struct wb_err *err);

#endif
