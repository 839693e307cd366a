/* The service-network registers (阵地台账): create, change and delete a
 * record with its history, import a register from .xlsx or CSV, and the display form
 * of a record.  The callers (API choke point, CLI) open the transaction and
 * write the audit event with it. */
#ifndef WB_APP_FACILITIES_H
#define WB_APP_FACILITIES_H

#include <stdbool.h>
#include <stddef.h>

#include "app/ctx.h"
#include "core/facility.h"
#include "store/facilities.h"
#include "util/vec.h"

/* One problem of an import or a single write: the file's row (1 is the
 * header; 0 for a single record), the column header ("" for the row) and a
 * Chinese reason. */
struct facility_issue {
	int row;
	char header[48];
	char reason[FACILITY_REASON_MAX];
};

/* The vec of struct facility_issue an operation fills: init it with
 * VEC_INIT(struct facility_issue) and free it with vec_free(). */

/* The record of id in the caller's scope, checked that it is one. */
enum wb_status app_facility_get(struct app_ctx *c, int64_t id, struct facility_row *out,
				struct wb_err *err);

/* Creates a record of type t from raw values in[] (NULL or "" for none);
 * validated by core/facility.c, its division must exist and lie in the
 * caller's scope (WB_ERR_DENIED `out_of_scope` otherwise).  A problem of
 * the values: WB_ERR_INVALID with each one in *issues.  A record of the same
 * type, name and division: WB_ERR_CONFLICT.  Sets *id. */
enum wb_status app_facility_create(struct app_ctx *c, enum facility_type t,
				   const char *const in[FCOL__MAX], int64_t *id, struct vec *issues,
				   struct wb_err *err);
/* Changes record id (in the scope, else WB_ERR_NOTFOUND): in[col] replaces
 * a column, NULL keeps it.  Same checks as create; *changed false when
 * nothing differed (no history then). */
enum wb_status app_facility_update(struct app_ctx *c, int64_t id, const char *const in[FCOL__MAX],
				   bool *changed, struct vec *issues, struct wb_err *err);
/* Deletes record id (in the scope) for reason (required); its history stays. */
enum wb_status app_facility_delete(struct app_ctx *c, int64_t id, const char *reason,
				   struct facility_row *gone, struct wb_err *err);

/* The display values of r: money in yuan, the phone decrypted, and masked
 * (138****8000) when mask is true; "" for columns its type does not use. */
enum wb_status app_facility_display(const struct app_ctx *c, const struct facility_row *r,
				    bool mask, char out[FCOL__MAX][FACILITY_VALUE_MAX],
				    struct wb_err *err);

struct facility_import_opts {
	bool skip_bad;            /* write the good rows, return the bad ones */
	/* called every 1000 rows of each pass (may be NULL) */
	void (*progress)(const char *pass, size_t done, size_t total, void *arg);
	void *arg;
};

struct facility_import_report {
	int rows, created, updated, unchanged, rejected;
	struct vec issues;        /* struct facility_issue, by row */
	/* with skip_bad and bad rows: a CSV (UTF-8 with BOM) of the header and
	 * the bad rows with a column 错误原因; malloc'd, the caller frees it with
	 * facility_import_report_free() */
	char *rejected_csv;
	size_t rejected_len;
};
void facility_import_report_free(struct facility_import_report *rep);

/*
 * Imports a register of type t from the table in buf: the first worksheet of
 * an .xlsx, or CSV (UTF-8 with or without BOM, or GB18030 as Excel saves it;
 * util/table.h).  Problems name the spreadsheet's own row numbers.  Every row is validated first (values,
 * divisions existing and in the caller's scope, the same record twice);
 * with any bad row nothing is written (WB_ERR_INVALID, every problem in
 * rep->issues) unless o->skip_bad.  A header problem always stops it.  A
 * row matching a record by type, name and division updates it when a value
 * differs, else counts as unchanged: importing the same file again changes
 * nothing.  Runs inside the caller's transaction.  rep is always to be
 * freed with facility_import_report_free().
 */
enum wb_status app_facility_import(struct app_ctx *c, enum facility_type t, const char *buf,
				   size_t len, const struct facility_import_opts *o,
				   struct facility_import_report *rep, struct wb_err *err);

/*
 * Records a training of the rosters: name, date (YYYY-MM-DD or YYYY/M/D),
 * organising unit, the division it was held for (existing, in the caller's
 * scope), and its attendees, ids of 儿童督导员 or 儿童主任 records the caller
 * sees (n may be 0).  WB_ERR_INVALID naming the field otherwise.  Sets *id.
 */
enum wb_status app_training_create(struct app_ctx *c, const char *name, const char *held_on,
				   const char *organiser, const char *division,
				   const int64_t *attendees, size_t n, int64_t *id,
				   struct wb_err *err);

/* The CSV template of type t: a UTF-8 BOM and the header line (CRLF); a
 * static string. */
size_t facility_template(enum facility_type t, char *out, size_t n);

#endif
