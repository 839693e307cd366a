/* Store access to the service-network registers (core/facility.h), their
 * change history and the vacancies of the two rosters. */
#ifndef WB_STORE_FACILITIES_H
#define WB_STORE_FACILITIES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/facility.h"
#include "sec/scope.h"
#include "store/store.h"

/* One record as stored: v[c] the canonical text of column c ("" for NULL;
 * integers in decimal; the phone the field-encryption token as stored). */
struct facility_row {
	int64_t id;
	enum facility_type type;
	char v[FCOL__MAX][FACILITY_VALUE_MAX];
	char town_code[10];               /* "" for a county-wide record */
	int64_t created_at, updated_at, created_by;   /* created_by 0: the CLI or the system */
};

struct facility_filter {
	const struct scope *scope;
	enum facility_type type;          /* FACILITY_TYPE__MAX for every type */
	const char *town;                 /* a 9-digit town code, "" or NULL for all */
	const char *village;              /* a 12-digit village code, "" or NULL for all */
	const char *q;                    /* part of the name, "" or NULL for any */
	/* the records behind an indicator's figure (NULL or "" for any): one of
	 * stations, homes, homes_city, rehab, childcare, posts_town,
	 * posts_village (as of the date as_of) or schools (of stages, '|'-joined
	 * with a leading and trailing '|') */
	const char *indicator, *as_of, *stages;
};

/* Reads the columns FACILITY_COLUMNS (stmt.def) of the current row of q,
 * from column 0, into r: for the store's readers of records. */
void store_facility_read(struct store_query *q, struct facility_row *r);

/* Inserts r (its id ignored; town_code taken from r) and sets *id. */
enum wb_status store_facility_insert(struct store *st, const struct facility_row *r, int64_t now,
				     int64_t by, int64_t *id, struct wb_err *err);
/* Writes every value column of r (by r->id); WB_ERR_NOTFOUND when gone;
 * WB_ERR_CONFLICT when another record has the same type, name and division. */
enum wb_status store_facility_update(struct store *st, const struct facility_row *r, int64_t now,
				     struct wb_err *err);
enum wb_status store_facility_set_phone(struct store *st, int64_t id, const char *token,
					struct wb_err *err);
enum wb_status store_facility_delete(struct store *st, int64_t id, struct wb_err *err);
/* Record id within the scope into *out; WB_ERR_NOTFOUND outside it. */
enum wb_status store_facility_get(struct store *st, const struct scope *scope, int64_t id,
				  struct facility_row *out, struct wb_err *err);
/* The record of type with this name and division (the re-import match);
 * *found false when none.  Not scoped: the caller has checked the division. */
enum wb_status store_facility_find(struct store *st, enum facility_type type, const char *name,
				   const char *division, struct facility_row *out, bool *found,
				   struct wb_err *err);
/* A page of the records the filter selects, by type, division and name;
 * *total (may be NULL) receives their count; limit < 0 for all.  fn's row is
 * valid during the call, which must not use st. */
enum wb_status store_facility_page(struct store *st, const struct facility_filter *f, int64_t limit,
				   int64_t offset, void (*fn)(const struct facility_row *, void *),
				   void *arg, int64_t *total, struct wb_err *err);

struct facility_change {
	int64_t id, at, user_id;
	const char *login, *action, *before, *after, *reason;   /* before/after JSON or NULL */
	const char *login_name;   /* read back only: "李丽（市民政局）", or the login */
};
enum wb_status store_facility_history_add(struct store *st, int64_t facility_id,
					  enum facility_type type, const struct facility_change *c,
					  struct wb_err *err);
/* Calls fn for each change of facility_id, oldest first (strings valid
 * during the call, which must not use st). */
enum wb_status store_facility_history(struct store *st, int64_t facility_id,
				      void (*fn)(const struct facility_change *, void *), void *arg,
				      struct wb_err *err);

/* Towns without a 儿童督导员 (villages false) or villages without a 儿童主任
 * (villages true) within the scope: fn(code, name, parent code). */
enum wb_status store_facility_vacancies(struct store *st, const struct scope *scope, bool villages,
					void (*fn)(const char *, const char *, const char *, void *),
					void *arg, struct wb_err *err);

#endif
