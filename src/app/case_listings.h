/* 挂牌督办 of a major case (issue 14, second part): the office lists a case
 * with a responsible leader, a deadline and a report period; the case's
 * handlers write progress reports, each due period_days after the later of
 * the listing and the last report (lights: core/case_measure.h
 * listing_moments); only the office lifts it.  Each step is kept in the
 * case's timeline (event "listing"); a listing notifies the town's station.
 * The callers (the API choke point) open the transaction and audit. */
#ifndef WB_APP_CASE_LISTINGS_H
#define WB_APP_CASE_LISTINGS_H

#include <stdint.h>

#include "app/ctx.h"
#include "store/case_measures.h"

struct listing_in {
	const char *leader;     /* the responsible leader, at most 64 characters */
	const char *deadline;   /* YYYY-MM-DD, today or later */
	int period_days;        /* 1–90 */
	const char *reason;     /* required, sealed */
};

/* Lists case case_id (in the caller's scope, else WB_ERR_NOTFOUND; open,
 * else WB_ERR_CONFLICT; listed already: WB_ERR_CONFLICT already_listed);
 * bad input WB_ERR_RULE naming the field.  Sets *id.  The permission
 * (case.supervise) is the route's. */
enum wb_status app_listing_create(struct app_ctx *c, int64_t case_id, const struct listing_in *in,
				  int64_t *id, struct wb_err *err);

/* A progress report on the active listing of case case_id by one of its
 * handlers (case.manage with the case's village in scope, else
 * WB_ERR_DENIED); no active listing: WB_ERR_CONFLICT not_listed; an empty
 * progress WB_ERR_RULE.  The next report falls due period_days from today. */
enum wb_status app_listing_report(struct app_ctx *c, int64_t case_id, uint32_t perms,
				  const char *progress, struct wb_err *err);

/* Lifts the active listing of case case_id with reason (required:
 * WB_ERR_RULE); none active: WB_ERR_CONFLICT not_listed. */
enum wb_status app_listing_lift(struct app_ctx *c, int64_t case_id, const char *reason,
				struct wb_err *err);

#endif
