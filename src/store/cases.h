/* Store access to cases (个案, core/case_flow.h) and their timeline.  The
 * personal cells (the unverified child's name and ID number, the reporter's
 * contact, the place, the description, the outcome, an event's reason and
 * assessment) are field-encryption tokens: src/app/cases.c alone seals and
 * opens them.  Nothing here encrypts. */
#ifndef WB_STORE_CASES_H
#define WB_STORE_CASES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/case_flow.h"
#include "sec/scope.h"
#include "store/store.h"

#define CASE_TOKEN_MAX 1100        /* a token of up to 800 bytes of text */
#define CASE_LONG_TOKEN_MAX 11000  /* a token of up to 8000 bytes (the description) */

/* One case as stored (tokens as stored, "" for none), with the names the
 * list shows joined in. */
struct case_row {
	int64_t id;
	char tracking_no[24];
	char source[16];
	unsigned situations;               /* bit n: situation n */
	bool urgent;
	enum case_state state;
	enum case_risk risk;               /* CASE_RISK_NONE before an assessment */
	int64_t child_id;                  /* 0: not matched in the registry */
	char child_name[CASE_TOKEN_MAX], child_id_number[CASE_TOKEN_MAX];   /* tokens */
	char child_sex[8];                 /* 男/女, "" unknown */
	int child_age;                     /* -1 unknown */
	char division_code[13], town_code[10];
	int64_t reporter_user_id, reporter_unit_id, reporter_institution_id;   /* 0 none */
	char reporter_contact[CASE_TOKEN_MAX];  /* token */
	char seen_at[20];                  /* "YYYY-MM-DD HH:MM" or "YYYY-MM-DD" */
	char place[CASE_TOKEN_MAX];        /* token */
	char description[CASE_LONG_TOKEN_MAX];   /* token */
	char outcome[CASE_TOKEN_MAX];      /* token, "" until told */
	enum police_kind police_kind;      /* POLICE_KIND__MAX until the police accept */
	int64_t police_at, feedback_done_at;   /* 0 none */
	int64_t state_since, yellow_at, red_at, fb_yellow_at, fb_red_at;   /* 0 none */
	int64_t transfer_unit_id;          /* 0 none */
	int64_t created_at, updated_at, created_by;
	/* read back only */
	char village_name[64], town_name[64];
	char reporter_name[64], reporter_unit[128], reporter_institution[128], transfer_unit[128];
	/* the registry child's name and ID number tokens (cells of table
	 * children, row child_id), "" when not matched */
	char reg_name[CASE_TOKEN_MAX], reg_id_number[CASE_TOKEN_MAX];
	int light;                         /* 0 green, 1 yellow, 2 red at the reading's now */
};

/* Inserts r's clear columns (state, moments, child, reporter …) and sets
 * *id; the tokens go in with store_case_seal. */
enum wb_status store_case_insert(struct store *st, const struct case_row *r, int64_t *id,
				 struct wb_err *err);
/* Writes the tracking number and the sealed cells of case id (NULL or ""
 * for none). */
enum wb_status store_case_seal(struct store *st, int64_t id, const char *tracking_no,
			       const char *child_name, const char *child_id_number,
			       const char *contact, const char *place, const char *description,
			       struct wb_err *err);
/* Case id within scope (light at now) into *out; WB_ERR_NOTFOUND outside it. */
enum wb_status store_case_get(struct store *st, const struct scope *scope, int64_t id,
			      int64_t now, struct case_row *out, struct wb_err *err);
/* Case id if creator filed it; WB_ERR_NOTFOUND otherwise (a reporter's view). */
enum wb_status store_case_get_own(struct store *st, int64_t creator, int64_t id, int64_t now,
				  struct case_row *out, struct wb_err *err);

/* Moves case id from state `from` to r's state, risk, state_since, moments
 * and transfer unit.  WB_ERR_CONFLICT when the case is no longer in `from`
 * (another request moved it first). */
enum wb_status store_case_set_state(struct store *st, int64_t id, enum case_state from,
				    const struct case_row *r, int64_t now, struct wb_err *err);
/* Records the police's acceptance with its feedback moments, once:
 * WB_ERR_CONFLICT when already recorded. */
enum wb_status store_case_set_police(struct store *st, int64_t id, enum police_kind kind,
				     int64_t at, int64_t fb_yellow_at, int64_t fb_red_at,
				     struct wb_err *err);
/* The reporting unit told of the police's acceptance: the feedback light
 * ends.  WB_ERR_CONFLICT when not accepted by the police or already told. */
enum wb_status store_case_set_feedback(struct store *st, int64_t id, int64_t now,
				       struct wb_err *err);
/* The outcome the reporter is told (a token). */
enum wb_status store_case_set_outcome(struct store *st, int64_t id, const char *token,
				      struct wb_err *err);

struct case_event_row {
	int64_t id, at, user_id;
	const char *login, *event, *from_state, *to_state;   /* from_state "" for the intake */
	const char *reason, *detail;   /* tokens, "" for none */
	const char *risk;              /* "" for none */
	const char *actor;             /* read back only: "李丽（市民政局）" */
};
/* Adds an event (reason/detail ignored) and sets *id; seal them with
 * store_case_event_seal once the id is known. */
enum wb_status store_case_event_add(struct store *st, int64_t case_id,
				    const struct case_event_row *e, int64_t *id,
				    struct wb_err *err);
enum wb_status store_case_event_seal(struct store *st, int64_t id, const char *reason,
				     const char *detail, struct wb_err *err);
/* Calls fn for each event of case_id, oldest first (strings valid during
 * the call, which must not use st). */
enum wb_status store_case_events(struct store *st, int64_t case_id,
				 void (*fn)(const struct case_event_row *, void *), void *arg,
				 struct wb_err *err);

struct case_filter {
	const struct scope *scope;
	int64_t now;
	int64_t creator;          /* 0 any; a reporter's list: their own */
	const char *state;        /* a state code, "" or NULL any */
	int light;                /* -1 any, 0 green, 1 yellow, 2 red */
	const char *town;         /* a 9-digit town code, "" or NULL any */
	const char *village;      /* a 12-digit village code, "" or NULL any */
	int urgent;               /* -1 any, 0, 1 */
};
/* A page of the cases the filter selects, newest first; *total (may be
 * NULL) their count; limit < 0 for all.  fn's row is valid during the call,
 * which must not use st. */
enum wb_status store_case_page(struct store *st, const struct case_filter *f, int64_t limit,
			       int64_t offset, void (*fn)(const struct case_row *, void *),
			       void *arg, int64_t *total, struct wb_err *err);

/* The selection of the statistics: the cases of scope reported in
 * [from, to) (Unix seconds), of town (a 9-digit code; "" or NULL all). */
struct case_stats_filter {
	const struct scope *scope;
	int64_t from, to;
	const char *town;
};
/* Counts of the selection: all, urgent, closed now. */
enum wb_status store_case_stats_totals(struct store *st, const struct case_stats_filter *f,
				       int64_t *total, int64_t *urgent, int64_t *closed,
				       struct wb_err *err);
/* The groups of the selection, each row to fn (strings valid during the
 * call, which must not use st). */
enum case_stats_part {
	CASE_STATS_BY_SITUATION,   /* n: the situation (1–9), count */
	CASE_STATS_BY_SOURCE,      /* code: the source, count */
	CASE_STATS_BY_TOWN,        /* code, name: the town, count */
	CASE_STATS_BY_DAY,         /* n: the day in China (days since 1970-01-01), count */
	CASE_STATS_ACCEPT_TIMES,   /* n: seconds from intake to the first acceptance, ascending */
	CASE_STATS_CLOSE_TIMES,    /* n: seconds from intake to the approved closure, ascending */
};
struct case_stats_row {
	int64_t n, count;
	const char *code, *name;
};
enum wb_status store_case_stats_each(struct store *st, enum case_stats_part part,
				     const struct case_stats_filter *f,
				     void (*fn)(const struct case_stats_row *, void *), void *arg,
				     struct wb_err *err);
/* The 挂牌督办 listed within f's period of the cases of f (*n). */
enum wb_status store_case_listings_in(struct store *st, const struct case_stats_filter *f,
				      int64_t *n, struct wb_err *err);
/* The 家庭教育指导令 and 督促监护令 of scope (and town) issued from day
 * `from` to day `to` (YYYY-MM-DD, both included) (*n). */
enum wb_status store_guidance_issued_in(struct store *st, const struct scope *scope,
					const char *town, const char *from, const char *to,
					int64_t *n, struct wb_err *err);
/* The mandated reports of f whose acceptance was due by f->to (decided by
 * then, or past the deadline: urgent_s or normal_s seconds after intake)
 * into *due, and of them those decided (accepted, refused, transferred)
 * within it into *ontime. */
enum wb_status store_case_reports_ontime(struct store *st, const struct case_stats_filter *f,
					 int64_t urgent_s, int64_t normal_s, int64_t *due,
					 int64_t *ontime, struct wb_err *err);
/* The open cases of scope (and town) past their stage's deadline at now,
 * whenever reported, by stage: not accepted, not assessed or taken into
 * care (accepted, assessing), a follow-up due (in care, follow-up), a
 * closure request undecided, a transfer unaccepted; and the reporting
 * unit not told of the police's acceptance in time; and the measures
 * (of those cases), 挂牌督办 and family-education orders red now. */
struct case_overdue {
	int64_t accept, assess, care, close, transfer, feedback;
	int64_t measures, listings, guidance;   /* red now (store_case_stats_overdue) */
};
enum wb_status store_case_stats_overdue(struct store *st, const struct scope *scope,
					const char *town, int64_t now, struct case_overdue *out,
					struct wb_err *err);

/* Calls fn with the id and village code of each registry child, by id
 * (for `weibao gen cases`; the code is valid during the call, which must
 * not use st); fn returns nonzero to stop. */
enum wb_status store_case_gen_children(struct store *st,
				       int (*fn)(int64_t id, const char *village, void *),
				       void *arg, struct wb_err *err);

/* In-app notices of an urgent report: the town's station (users scoped to
 * town_code who handle cases) and every police liaison, once per user and
 * case (dedupe).  *added (may be NULL) counts them. */
enum wb_status store_case_notify_urgent(struct store *st, const char *town_code,
					const char *title, const char *link, const char *dedupe,
					int64_t now, int64_t *added, struct wb_err *err);
/* A notice to one user (the reporter), once per dedupe. */
enum wb_status store_case_notify_user(struct store *st, int64_t user_id, const char *kind,
				      const char *title, const char *link, const char *dedupe,
				      int64_t now, struct wb_err *err);

#endif
