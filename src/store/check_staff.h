/* Store access to the people on institutions' rosters as the HR users and
 * the dashboard read them (background checks, schema 17): the staff list,
 * one person, re-checks, coverage per institution, the roster runs and the
 * registry's summary.  The person's ID number and name stay one sealed cell
 * (`person`): src/app/check_staff.c opens and masks it.  Every list is
 * scoped in its SQL (store/scope.h). */
#ifndef WB_STORE_CHECK_STAFF_H
#define WB_STORE_CHECK_STAFF_H

#include <stdbool.h>
#include <stdint.h>

#include "sec/scope.h"
#include "store/store.h"

#define CHECK_PERSON_MAX 1100   /* the sealed cell of a person */

/* A person on a roster as stored. */
struct check_staff_entry {
	int64_t id, institution_id;
	char institution_name[404];
	char institution_type[16];           /* a facility type code */
	char person[CHECK_PERSON_MAX];       /* the sealed cell */
	char post[204], consent_no[204];
	char hired_on[11];                   /* "" for an applicant */
	char last_checked_on[11];
	char last_result[16];                /* 无记录 / 有记录 */
	int64_t created_at;
};

/* What the staff list selects. */
struct check_staff_filter {
	const struct scope *scope;
	int64_t institution_id;   /* 0: every institution in scope */
	int applicants;           /* -1: everyone; 1: applicants only; 0: employees only */
	const char *due_today;    /* "YYYY-MM-DD": only employees due on it; NULL: no such filter */
	const char *due_from;     /* with due_today: the period's first day (a check before it is
				     too old) */
};

/* A page of the filtered list (in the order people were added) and *total; fn must
 * not use st. */
enum wb_status store_check_staff_page(struct store *st, const struct check_staff_filter *f,
				      int64_t limit, int64_t offset,
				      void (*fn)(const struct check_staff_entry *, void *), void *arg,
				      int64_t *total, struct wb_err *err);

/* Person id in scope into *out; WB_ERR_NOTFOUND when absent or outside. */
enum wb_status store_check_staff_get(struct store *st, const struct scope *scope, int64_t id,
				     struct check_staff_entry *out, struct wb_err *err);

/* A re-check line as read back (strings valid during the callback). */
struct check_recheck_row {
	int64_t at;
	const char *by, *reason, *result, *checked_on;
};
/* The re-checks of person staff_id, newest first. */
enum wb_status store_check_rechecks(struct store *st, int64_t staff_id,
				    void (*fn)(const struct check_recheck_row *, void *), void *arg,
				    struct wb_err *err);

/* A re-check of person staff_id (already found in the caller's scope) on
 * day `on`: looks the person's registry index up in the registry (*hit),
 * records the result as their last check and writes the re-check line
 * (who, why, when).  *institution_id: the person's institution. */
enum wb_status store_check_recheck(struct store *st, int64_t staff_id, const char *on,
				   int64_t now, int64_t user_id, const char *login,
				   const char *reason, bool *hit, int64_t *institution_id,
				   struct wb_err *err);

/* One institution's coverage: current staff on the day and of them those
 * checked within the period. */
struct check_coverage_row {
	int64_t id;
	const char *name, *type, *town;   /* valid during the callback; town "" when none */
	int64_t staff, covered;
};
/* The institutions (school, childcare, rescue, hospital, training,
 * welfare) in scope, by type, town and name, with their counts on day `on`
 * for a period starting on `from` (both "YYYY-MM-DD"). */
enum wb_status store_check_coverage(struct store *st, const struct scope *scope, const char *on,
				    const char *from,
				    void (*fn)(const struct check_coverage_row *, void *),
				    void *arg, struct wb_err *err);

/* Institution id (of the six types) in scope: its name (404 bytes) and
 * type code (16 bytes); WB_ERR_NOTFOUND when absent or outside. */
enum wb_status store_check_institution_get(struct store *st, const struct scope *scope, int64_t id,
					   char *name, char *type, struct wb_err *err);

/* A roster run as listed. */
struct check_run_entry {
	int64_t id, institution_id, at;
	char institution_name[404];
	char by[300];
	int64_t rows, checked, hits, invalid;
	char file_name[300];
};
/* A page of the roster runs in scope (institution_id 0: all), newest
 * first, and *total. */
enum wb_status store_check_run_page(struct store *st, const struct scope *scope,
				    int64_t institution_id, int64_t limit, int64_t offset,
				    void (*fn)(const struct check_run_entry *, void *), void *arg,
				    int64_t *total, struct wb_err *err);
/* Run id in scope; WB_ERR_NOTFOUND when absent, a registry import or outside. */
enum wb_status store_check_run_get(struct store *st, const struct scope *scope, int64_t id,
				   struct check_run_entry *out, struct wb_err *err);
/* One row of a run (strings valid during the callback; person NULL for 无效). */
struct check_run_line {
	int64_t row_no, staff_id;
	const char *result, *checked_on, *person;
};
/* A page of the rows of run id (found in scope first) in file order, those
 * of one result (NULL or "": all), and *total of them. */
enum wb_status store_check_run_rows(struct store *st, int64_t id, const char *result,
				    int64_t limit, int64_t offset,
				    void (*fn)(const struct check_run_line *, void *),
				    void *arg, int64_t *total, struct wb_err *err);

/* The registry's summary: *total entries; fn per category with its count;
 * imp per import, newest first (at most limit). */
struct check_registry_import_row {
	int64_t id, at, rows;
	const char *by, *file_name;
};
enum wb_status store_check_registry_summary(
	struct store *st, int64_t *total, void (*cat)(const char *, int64_t, void *),
	void (*imp)(const struct check_registry_import_row *, void *), int64_t limit, void *arg,
	struct wb_err *err);

#endif
