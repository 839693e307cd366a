/*
 * Measures (救助措施) of a case assigned to member units, and 挂牌督办 of a
 * major case: the states of a measure, the events that move it, who may
 * take each and what each must carry; the moments of the lights of a
 * measure and of a listing; the configurable list of measure kinds.  Pure:
 * the service layer (app/case_measures.c, app/case_listings.c) works out
 * who the user is for one measure and keeps the moments.
 */
#ifndef WB_CORE_CASE_MEASURE_H
#define WB_CORE_CASE_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/case_flow.h"
#include "core/idnumber.h"

#define CASE_MEASURE_KINDS_DEFAULT "司法救助,心理疏导,转移安置,经济帮扶,法律援助,家庭教育指导"
#define MEASURE_KIND_MAX 16   /* characters of one kind's name */

enum measure_state {
	MEASURE_ASSIGNED,    /* 待接收 */
	MEASURE_ACCEPTED,    /* 实施中 */
	MEASURE_DELIVERED,   /* 已落实 */
	MEASURE_CLOSED,      /* 已办结 */
	MEASURE_CANCELLED,   /* 已撤销 (the handler, with a reason) */
	MEASURE_DECLINED,    /* 退回 (the unit, with a reason; the handler may assign again) */
	MEASURE_STATE__MAX
};

enum measure_event {
	MEASURE_EV_ACCEPT,    /* accept: the unit takes it on */
	MEASURE_EV_DECLINE,   /* decline (note): the unit sends it back */
	MEASURE_EV_DELIVER,   /* deliver (note, delivered_on): the unit records it done */
	MEASURE_EV_CLOSE,     /* close: the unit closes it after delivery */
	MEASURE_EV_CANCEL,    /* cancel (note): the case's handler withdraws it */
	MEASURE_EVENT__MAX
};

/* Who a user is for one measure (bits). */
enum measure_actor {
	MEASURE_BY_UNIT = 1u << 0,      /* case.measure in the unit the measure is assigned to */
	MEASURE_BY_HANDLER = 1u << 1,   /* case.manage with the case in scope */
};

/* What an event must carry (bits). */
enum measure_need {
	MEASURE_NEED_NOTE = 1u << 0,
	MEASURE_NEED_DELIVERED_ON = 1u << 1,
};

enum measure_verdict {
	MEASURE_ALLOWED,
	MEASURE_WRONG_STATE,   /* not taken in this state: 409 */
	MEASURE_WRONG_ACTOR,   /* the state takes it, the user may not: 403 */
};

struct measure_step {
	enum measure_state to;
	unsigned needs;    /* enum measure_need bits */
	unsigned actors;   /* enum measure_actor bits who may take it */
};

/* Whether a user who is `actors` may take event e on a measure in state s;
 * on ALLOWED and WRONG_ACTOR *step (may be NULL) gets the table's line.  The
 * state is checked first. */
enum measure_verdict measure_event_check(enum measure_state s, enum measure_event e,
					 unsigned actors, struct measure_step *step);

const char *measure_state_code(enum measure_state s);    /* "assigned", … ("" outside) */
const char *measure_state_title(enum measure_state s);   /* "待接收", … */
enum measure_state measure_state_parse(const char *code);   /* MEASURE_STATE__MAX if unknown */
const char *measure_event_code(enum measure_event e);    /* "accept", … */
const char *measure_event_title(enum measure_event e);   /* "接收", … */
enum measure_event measure_event_parse(const char *code);   /* MEASURE_EVENT__MAX if unknown */
/* True while the measure is assigned or accepted: its lights run. */
bool measure_state_live(enum measure_state s);

/* True when a case in state s may be given a new measure (核查评估, 处置中,
 * 跟踪回访). */
bool measure_case_state_ok(enum case_state s);

/* True when list is one or more comma-separated names, none empty, none
 * longer than MEASURE_KIND_MAX characters, none repeated. */
bool case_measure_kinds_valid(const char *list);
/* True when kind is one of the names of list (as case_measure_kinds_valid
 * accepts). */
bool case_measure_kind_allowed(const char *list, const char *kind);

/* Unix seconds of 00:00 of day d in China (UTC+8). */
int64_t measure_day_start(struct id_date d);

/* The moments of a measure due on `due`: yellow at 00:00 of the day
 * warn_days before it, red at the end of the due day (Asia/Shanghai). */
void measure_moments(struct id_date due, int warn_days, int64_t *yellow_at, int64_t *red_at);

/* The next progress report of a listing is due period_days after the day
 * (in China) of `since` — the later of the listing and its last report. */
struct id_date listing_next_due(int64_t since, int period_days);

/* The moments of a listing: yellow one day before the next report is due
 * or before the deadline, red after either day has ended — whichever comes
 * first. */
void listing_moments(struct id_date next_report_due, struct id_date deadline, int64_t *yellow_at,
		     int64_t *red_at);

#endif
