/* Store access to the measures of cases (救助措施, core/case_measure.h) and
 * to 挂牌督办 listings with their progress reports.  The notes, reasons and
 * progress are field-encryption tokens: src/app/case_measures.c and
 * src/app/case_listings.c alone seal and open them. */
#ifndef WB_STORE_CASE_MEASURES_H
#define WB_STORE_CASE_MEASURES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/case_measure.h"
#include "sec/scope.h"
#include "store/cases.h"
#include "store/store.h"

/* A light as lists give it: 0 green, 1 yellow, 2 red, 3 none. */
#define MEASURE_LIGHT_NONE 3

/* One measure as stored, with its case's names joined in. */
struct measure_row {
	int64_t id, case_id;
	char kind[64];
	int64_t unit_id;
	char due_on[11];
	enum measure_state state;
	char note[CASE_TOKEN_MAX];          /* token, "" none */
	int64_t assigned_by, assigned_at, accepted_at;   /* 0 none */
	char delivered_on[11];              /* "" until delivered */
	int64_t closed_at, yellow_at, red_at, updated_at;   /* 0 none */
	/* read back only */
	char unit_name[128], tracking_no[24], town_code[10], town_name[64], division_code[13],
		village_name[64];
	int64_t child_id;                   /* the case's registry child, 0 none */
	char case_child_name[CASE_TOKEN_MAX];   /* token of the case's unverified child */
	char reg_name[CASE_TOKEN_MAX];      /* token of the registry child's name */
	int light;                          /* 0–3 at the reading's now */
};

/* Inserts r's clear columns and sets *id. */
enum wb_status store_measure_insert(struct store *st, const struct measure_row *r, int64_t *id,
				    struct wb_err *err);
/* Writes the sealed note of measure id (NULL or "" none). */
enum wb_status store_measure_seal(struct store *st, int64_t id, const char *note,
				  struct wb_err *err);
/* Measure id within scope into *out; WB_ERR_NOTFOUND outside it. */
enum wb_status store_measure_get(struct store *st, const struct scope *scope, int64_t id,
				 int64_t now, struct measure_row *out, struct wb_err *err);
/* Moves measure id from `from` to r->state with r's moments (accepted_at,
 * delivered_on, closed_at kept when 0/""); WB_ERR_CONFLICT when it is no
 * longer in `from`. */
enum wb_status store_measure_set_state(struct store *st, int64_t id, enum measure_state from,
				       const struct measure_row *r, int64_t now,
				       struct wb_err *err);

struct measure_event_row {
	int64_t id, at;
	const char *login, *event, *from_state, *to_state;
	const char *note;    /* token, "" none */
	const char *actor;   /* read back only */
};
/* Adds an event of measure_id (note sealed after with
 * store_measure_event_seal) and sets *id. */
enum wb_status store_measure_event_add(struct store *st, int64_t measure_id, int64_t user_id,
				       const struct measure_event_row *e, int64_t *id,
				       struct wb_err *err);
enum wb_status store_measure_event_seal(struct store *st, int64_t id, const char *note,
					struct wb_err *err);
/* Calls fn for each event of measure_id, oldest first (strings valid during
 * the call, which must not use st). */
enum wb_status store_measure_events(struct store *st, int64_t measure_id,
				    void (*fn)(const struct measure_event_row *, void *), void *arg,
				    struct wb_err *err);

struct measure_filter {
	const struct scope *scope;
	int64_t now;
	int64_t unit_id;      /* 0 any; a unit's own measures */
	const char *state;    /* a state code, "" or NULL any */
	int light;            /* -1 any, 0–3 */
	const char *kind;     /* "" or NULL any */
	int64_t case_id;      /* 0 any */
};
/* A page of the measures the filter selects, newest first; *total (may be
 * NULL) their count; limit < 0 for all.  fn's row is valid during the call,
 * which must not use st. */
enum wb_status store_measure_page(struct store *st, const struct measure_filter *f, int64_t limit,
				  int64_t offset, void (*fn)(const struct measure_row *, void *),
				  void *arg, int64_t *total, struct wb_err *err);

/* Notices to the active users of unit_id holding case.measure, once per
 * user and dedupe; *added (may be NULL) counts them. */
enum wb_status store_measure_notify_unit(struct store *st, int64_t unit_id, const char *kind,
					 const char *title, const char *link, const char *dedupe,
					 int64_t now, int64_t *added, struct wb_err *err);
/* Notices to the town's station: active users scoped to town_code holding
 * case.manage. */
enum wb_status store_case_notify_town(struct store *st, const char *town_code, const char *kind,
				      const char *title, const char *link, const char *dedupe,
				      int64_t now, int64_t *added, struct wb_err *err);

/* 挂牌督办 */
struct listing_row {
	int64_t id, case_id;
	char leader[160];
	char reason[CASE_TOKEN_MAX];        /* token */
	int64_t listed_at, listed_by;
	char deadline[11];
	int period_days;
	char next_report_due[11];
	int64_t yellow_at, red_at, lifted_at, lifted_by;   /* 0 none */
	char lift_reason[CASE_TOKEN_MAX];   /* token, "" none */
	/* read back only */
	char tracking_no[24], town_code[10], town_name[64], division_code[13];
	int64_t child_id;
	char case_child_name[CASE_TOKEN_MAX], reg_name[CASE_TOKEN_MAX];
	char listed_by_name[200];
	int64_t reports;
	int light;                          /* 0–3 (3: lifted) */
};

/* Inserts r's clear columns and sets *id; WB_ERR_CONFLICT when the case has
 * an active listing already. */
enum wb_status store_listing_insert(struct store *st, const struct listing_row *r, int64_t *id,
				    struct wb_err *err);
enum wb_status store_listing_seal(struct store *st, int64_t id, const char *reason,
				  struct wb_err *err);
/* The latest listing of case_id into *out, *found false when none. */
enum wb_status store_listing_of_case(struct store *st, int64_t case_id, int64_t now,
				     struct listing_row *out, bool *found, struct wb_err *err);
/* A report made: the next due day and moments; WB_ERR_CONFLICT when lifted. */
enum wb_status store_listing_set_due(struct store *st, int64_t id, const char *next_due,
				     int64_t yellow_at, int64_t red_at, struct wb_err *err);
/* Lifts listing id with its sealed reason; WB_ERR_CONFLICT when lifted
 * already.  The reason token is written by store_listing_seal_lift. */
enum wb_status store_listing_lift(struct store *st, int64_t id, int64_t at, int64_t by,
				  struct wb_err *err);
enum wb_status store_listing_seal_lift(struct store *st, int64_t id, const char *reason,
				       struct wb_err *err);
/* A progress report (sealed after) and its id. */
enum wb_status store_listing_report_add(struct store *st, int64_t listing_id, int64_t at,
					int64_t user_id, const char *login, int64_t *id,
					struct wb_err *err);
enum wb_status store_listing_report_seal(struct store *st, int64_t id, const char *progress,
					 struct wb_err *err);
struct listing_report_row {
	int64_t id, at;
	const char *login, *progress, *actor;   /* progress: token */
};
enum wb_status store_listing_reports(struct store *st, int64_t listing_id,
				     void (*fn)(const struct listing_report_row *, void *),
				     void *arg, struct wb_err *err);

struct listing_filter {
	const struct scope *scope;
	int64_t now;
	int active;   /* -1 any, 0 lifted, 1 active */
	int light;    /* -1 any, 0–3 */
};
enum wb_status store_listing_page(struct store *st, const struct listing_filter *f, int64_t limit,
				  int64_t offset, void (*fn)(const struct listing_row *, void *),
				  void *arg, int64_t *total, struct wb_err *err);

#endif
