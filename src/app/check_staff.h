/*
 * Background checks as the institutions' HR users and the dashboard see
 * them (DOMAIN.md "Background checks"): the people on the rosters (masked),
 * one person with their re-checks, a re-check at a person's request (done at
 * once against the registry, recorded), who is due an annual re-check, and
 * coverage per institution, per institution type and for the county.
 *
 * An employee (hired_on set) is covered on a day when last checked within
 * the `check_recheck_months` calendar months up to it: a check on 2025-12-04
 * covers through 2026-12-04 with 12 months (check_period_start); on any later
 * day they are due and not covered.  Applicants are not current staff.
 * Everything is within the caller's scope (c->scope); a person outside it
 * is not found.
 */
#ifndef WB_APP_CHECK_STAFF_H
#define WB_APP_CHECK_STAFF_H

#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"
#include "store/check_staff.h"

/* The first day of the period that covers day `on` ("YYYY-MM-DD") with the
 * deployment's check_recheck_months: `on` minus that many calendar months
 * (31 March − 1 month = 28/29 February).  out: 11 bytes.  False for a
 * malformed day. */
bool app_check_period_start(const struct app_ctx *c, const char *on, char out[11]);

/* Today in China as "YYYY-MM-DD" into out (11 bytes). */
void app_check_today(const struct app_ctx *c, char out[11]);

/* A person as a list shows them: masked, with whether they are due today. */
struct check_person {
	const struct check_staff_entry *row;
	char id_number_masked[32];     /* at least app/check_run.h's 24 */
	char name_masked[64];          /* CHECK_MASKED_NAME_SIZE */
	bool due;
};

/* What the staff list selects (paging aside). */
struct check_staff_query {
	int64_t institution_id;   /* 0: all in scope */
	bool due;                 /* only employees due a re-check today */
	int applicants;           /* -1: everyone; 1: applicants only; 0: employees only */
};

/* A page (limit 0: every row, for an export, at most EXPORT rows the caller
 * counts) of the people in scope matching q, and *total.  fn gets each
 * person masked; it must not use c->st. */
enum wb_status app_check_staff_page(struct app_ctx *c, const struct check_staff_query *q,
				    int64_t limit, int64_t offset,
				    void (*fn)(const struct check_person *, void *), void *arg,
				    int64_t *total, struct wb_err *err);

/* Person id (in scope: else WB_ERR_NOTFOUND) masked into *out (whose row
 * points at *row). */
enum wb_status app_check_staff_get(struct app_ctx *c, int64_t id, struct check_staff_entry *row,
				   struct check_person *out, struct wb_err *err);

/* A re-check at the person's request: reason required (WB_ERR_RULE on
 * "reason" otherwise, at most 500 characters); the person's registry index
 * looked up in the registry, the result recorded as their last check on
 * today's date, the re-check line written; a 有记录 notifies the users of
 * the institution type's supervising unit, naming the institution only.
 * result: "无记录" or "有记录" (static); checked_on: 11 bytes.  Inside the
 * caller's transaction. */
enum wb_status app_check_recheck(struct app_ctx *c, int64_t id, const char *reason,
				 const char **result, char checked_on[11], struct wb_err *err);

/* Coverage: counts and the percentage (known false when there is no staff). */
struct check_cover {
	int64_t staff, covered;
	bool known;
	double percent;   /* exact; shown with one decimal */
};

/* One institution's line (strings owned by the report). */
struct check_cover_institution {
	int64_t id;
	char *name, *type, *town;
	struct check_cover c;
};
/* One institution type's line. */
struct check_cover_type {
	const char *type;   /* a facility type code (static) */
	int64_t institutions;
	struct check_cover c;
};
#define CHECK_TYPES_MAX 6
struct check_coverage {
	char as_of[11], from[11];
	int months;
	struct check_cover county;
	struct check_cover_type types[CHECK_TYPES_MAX];   /* every institution type, in order */
	size_t ntypes;
	struct check_cover_institution *institutions;   /* malloc'd */
	size_t ninstitutions;
};

/* The coverage on as_of (NULL or "": today; WB_ERR_INVALID for a malformed
 * day) of the institutions in the caller's scope into *out; free it with
 * check_coverage_free. */
enum wb_status app_check_coverage(struct app_ctx *c, const char *as_of,
				  struct check_coverage *out, struct wb_err *err);
/* The same within scope (the indicators: a task's unit reads the county). */
enum wb_status app_check_coverage_in(struct app_ctx *c, const struct scope *scope,
				     const char *as_of, struct check_coverage *out,
				     struct wb_err *err);
void check_coverage_free(struct check_coverage *cov);

/* A percentage as shown: one decimal, halves away from zero. */
double check_percent_shown(double p);

#endif
