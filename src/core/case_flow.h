/*
 * Cases (个案): a report of harm to a minor from intake to closure — the
 * states, the events that move a case between them, who may take each event,
 * what each must carry, and the deadline and lights of each stage.  One
 * table drives it all (case_flow.c).  Pure: the service layer works out who
 * the user is for one case (case_actors bits) and keeps the moments.
 */
#ifndef WB_CORE_CASE_FLOW_H
#define WB_CORE_CASE_FLOW_H

#include <stdbool.h>
#include <stdint.h>

enum case_state {
	CASE_NEW,              /* 新报告 */
	CASE_ACCEPTED,         /* 已受理 */
	CASE_ASSESSING,        /* 核查评估 */
	CASE_IN_CARE,          /* 处置中 */
	CASE_FOLLOW_UP,        /* 跟踪回访 */
	CASE_CLOSE_REQUESTED,  /* 申请结案 */
	CASE_CLOSED,           /* 已结案 */
	CASE_REJECTED,         /* 不予受理 */
	CASE_TRANSFERRING,     /* 移送中: the unit it is sent to must accept it */
	CASE_STATE__MAX
};

enum case_event {
	CASE_EV_ACCEPT,           /* accept */
	CASE_EV_REJECT,           /* reject (reason) */
	CASE_EV_ASSESS,           /* assess (risk level and assessment) */
	CASE_EV_START_CARE,       /* start_care */
	CASE_EV_FOLLOW_UP,        /* follow_up */
	CASE_EV_REQUEST_CLOSE,    /* request_close (reason: the summary) */
	CASE_EV_APPROVE_CLOSE,    /* approve_close */
	CASE_EV_RETURN,           /* return (reason): a closure request sent back, or a transfer declined */
	CASE_EV_TRANSFER,         /* transfer (unit, reason) */
	CASE_EV_ACCEPT_TRANSFER,  /* accept_transfer */
	CASE_EV_REOPEN,           /* reopen (reason) */
	CASE_EV_POLICE_ACCEPT,    /* police_accept (治安/刑事/移送): once; the state stays */
	CASE_EVENT__MAX
};

/* Who a user is for one case (bits; a user may be several). */
enum case_actor {
	CASE_BY_HANDLER = 1u << 0,   /* case.manage with the case in scope: the town's station, the office */
	CASE_BY_OFFICE = 1u << 1,    /* case.close: approves closure, sends a request back, reopens */
	CASE_BY_RECEIVER = 1u << 2,  /* case.manage in the unit a case is being transferred to */
	CASE_BY_POLICE = 1u << 3,    /* case.police: the public-security liaison */
};

/* What an event must carry (bits). */
enum case_need {
	CASE_NEED_REASON = 1u << 0,
	CASE_NEED_RISK = 1u << 1,
	CASE_NEED_UNIT = 1u << 2,
	CASE_NEED_POLICE_KIND = 1u << 3,
};

enum case_verdict {
	CASE_ALLOWED,
	CASE_WRONG_STATE,   /* the event is not taken in this state: 409 */
	CASE_WRONG_ACTOR,   /* the state takes it, the user may not: 403 */
	CASE_ALREADY,       /* the police's acceptance is recorded once: 409 */
};

/* The result of an allowed event: the state after it, what it needs. */
struct case_step {
	enum case_state to;
	unsigned needs;      /* enum case_need bits */
	unsigned actors;     /* who may take it in this state (enum case_actor bits) */
};

/*
 * Whether a user who is `actors` (enum case_actor bits) may take event e on
 * a case in state s; police_recorded: the police's acceptance is already on
 * the case.  On CASE_ALLOWED and CASE_WRONG_ACTOR *step (may be NULL) gets the
 * table's line.  The state is checked first: an event the state does not
 * take is CASE_WRONG_STATE whoever asks.
 */
enum case_verdict case_event_check(enum case_state s, enum case_event e, unsigned actors,
				   bool police_recorded, struct case_step *step);

const char *case_state_code(enum case_state s);    /* "new", "accepted", … */
const char *case_state_title(enum case_state s);   /* "新报告", … */
enum case_state case_state_parse(const char *code);   /* CASE_STATE__MAX if unknown */
const char *case_event_code(enum case_event e);    /* "accept", … */
const char *case_event_title(enum case_event e);   /* "受理", … */
enum case_event case_event_parse(const char *code);   /* CASE_EVENT__MAX if unknown */
bool case_state_open(enum case_state s);           /* not 已结案 nor 不予受理 */

/* The nine situations of mandatory reporting (DOMAIN.md), numbered 1–9. */
#define CASE_SITUATIONS 9
const char *case_situation_title(int n);   /* short Chinese title; NULL outside 1–9 */

enum case_risk {
	CASE_RISK_NONE,     /* not assessed yet */
	CASE_RISK_LOW,      /* 低 */
	CASE_RISK_MEDIUM,   /* 中 */
	CASE_RISK_HIGH,     /* 高 */
	CASE_RISK_URGENT,   /* 紧急 */
	CASE_RISK__MAX
};
const char *case_risk_title(enum case_risk r);     /* "低", …; "" for none */
enum case_risk case_risk_parse(const char *title); /* from "低"/"中"/"高"/"紧急"; CASE_RISK__MAX if unknown */

enum police_kind { POLICE_PUBLIC_ORDER, POLICE_CRIMINAL, POLICE_TRANSFER, POLICE_KIND__MAX };
const char *police_kind_title(enum police_kind k); /* "治安", "刑事", "移送" */
enum police_kind police_kind_parse(const char *title);

/* Deadlines (weibao.conf; case_rules_defaults gives these). */
struct case_rules {
	unsigned urgent_situations;       /* bit n: situation n makes a report urgent at intake (1–5, 9) */
	int accept_minutes[2];            /* report → accepted: [normal, urgent] 1440, 120 */
	int assess_hours[2];              /* accepted → assessed: [normal, urgent] 72, 24 */
	int care_hours[CASE_RISK__MAX];   /* assessed → care started, by risk (none: as 中) */
	int follow_days[CASE_RISK__MAX];  /* in care or follow-up: the next follow-up, by risk */
	int close_days;                   /* a closure request decided by the office: 5 */
	int transfer_days;                /* a transfer accepted by the unit it goes to: 3 */
	int police_feedback_days;         /* the reporting unit told after the police accept: 3 */
	int warn_percent;                 /* yellow once this share of a stage's time has passed: 75 */
};

void case_rules_defaults(struct case_rules *r);

/* True when a report of these situations (bit n for situation n) is urgent
 * at intake under r. */
bool case_urgent(unsigned situations, const struct case_rules *r);

/* Where a case stands on the clock. */
struct case_clock {
	enum case_state state;
	bool urgent;              /* known at intake */
	enum case_risk risk;      /* the latest assessment; NONE before one */
	int64_t since;            /* Unix seconds: the state entered, or the latest follow-up */
};

/*
 * The moments the current stage turns yellow and red (Unix seconds), as the
 * store keeps them so lists filter by light in SQL (tasklight.h's
 * task_light_at compares them with the clock).  False, and both 0, for a
 * state with no deadline (已结案, 不予受理).
 */
bool case_stage_moments(const struct case_clock *c, const struct case_rules *r,
			int64_t *yellow_at, int64_t *red_at);

/* The moments of the 3-day deadline to tell the reporting unit, from the
 * police's acceptance at police_at. */
void case_feedback_moments(int64_t police_at, const struct case_rules *r, int64_t *yellow_at,
			   int64_t *red_at);

#endif
