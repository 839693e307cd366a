/* The statistics of cases (个案统计, issue 14): the reports of a period by
 * situation, source, town and month, the median hours to acceptance and
 * days to closure, the urgent and closed among them, and the cases overdue
 * now — for GET /api/v1/cases/stats, its export and the dashboard.  Counts
 * come from SQL (group by, src/store/cases.c); the medians from the sorted
 * durations of the timeline. */
#ifndef WB_APP_CASE_STATS_H
#define WB_APP_CASE_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "core/case_flow.h"
#include "store/cases.h"

struct case_stats_count {
	const char *code, *name;   /* source; town code and name; month "YYYY-MM" */
	int64_t count;
};

struct case_stats {
	char from[11], to[11];                    /* the period, YYYY-MM-DD both included */
	int64_t total, urgent, closed;
	int64_t situations[CASE_SITUATIONS + 1];  /* [n]: cases reporting situation n */
	struct case_stats_count *sources, *towns, *months;   /* in c->arena */
	int nsources, ntowns, nmonths;            /* months: every month of the period */
	bool has_accept, has_close;               /* false: no case to take a median of */
	double median_accept_hours, median_close_days;   /* to one decimal */
	struct case_overdue overdue;              /* now, whenever reported */
};

/*
 * The statistics of the cases in c->scope reported from `from` to `to`
 * ("YYYY-MM-DD", China; NULL or "": the first day of the end's year, and
 * the last day of this year or of the start's if later — both missing: this
 * year) of town (9 digits; NULL or "" all) into *out, its arrays in
 * c->arena (a town of no case: all counts 0, as the list finds none).
 * WB_ERR_INVALID naming from or to for a malformed date or a period that
 * ends before it starts or spans more than ten years.
 */
enum wb_status app_case_stats(struct app_ctx *c, const char *from, const char *to,
			      const char *town, struct case_stats *out, struct wb_err *err);

#endif
