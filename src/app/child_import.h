/*
 * Importing children in difficulty from the register's template (.xlsx, or
 * CSV in UTF-8 or GB18030): every row checked first, nothing written unless every
 * row is good (or, asked to skip the bad ones, the good ones written and the
 * bad ones kept encrypted in the database for their importer, 7 days).  The
 * rows hold personal data: never written to a file in clear here.
 */
#ifndef WB_APP_CHILD_IMPORT_H
#define WB_APP_CHILD_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "app/ctx.h"
#include "util/vec.h"

#define CHILD_ISSUES_KEPT 2000        /* problems kept in a report; all are counted */
#define CHILD_REJECTS_DAYS 7

/* One problem: the sheet's row (1 is the header), the column, a reason. */
struct child_issue {
	int row;
	char header[48];
	char reason[512];
};

struct child_import_opts {
	bool skip_bad;
	const char *file_name;    /* kept with the rejected rows */
	/* called every 1000 rows of each pass (may be NULL) */
	void (*progress)(const char *pass, size_t done, size_t total, void *arg);
	void *arg;
};

struct child_import_report {
	int rows, created, rejected;
	int problems;             /* all of them; issues keeps the first CHILD_ISSUES_KEPT */
	struct vec issues;        /* struct child_issue, by row */
	int64_t rejects_id;       /* the kept rejected rows (0: none) */
};
void child_import_report_free(struct child_import_report *rep);

/*
 * Imports buf[0..len).  Checks every row (core/child_record.h; the village
 * existing and in the caller's scope; an ID number twice in the file or
 * already registered — named without saying where, unless in the caller's
 * scope); a header problem stops everything.  With a bad row and without
 * o->skip_bad: WB_ERR_INVALID (code bad_rows) and nothing written.  Inside
 * the caller's transaction.
 */
enum wb_status app_child_import(struct app_ctx *c, const char *buf, size_t len,
				const struct child_import_opts *o, struct child_import_report *rep,
				struct wb_err *err);

/* The rejected rows kept as id for the caller (their importer, within 7
 * days): a CSV (UTF-8 with BOM) with the column 错误原因, in a malloc'd *csv
 * of *len bytes the caller wipes and frees with fieldcrypt_free(*csv, *len);
 * WB_ERR_NOTFOUND for anyone else or after expiry. */
enum wb_status app_child_rejects(struct app_ctx *c, int64_t id, char **csv, size_t *len,
				 char *file_name, size_t name_len, struct wb_err *err);

/* The template: the header row (UTF-8 with BOM, CRLF) into out; returns its
 * length, or the length needed when it does not fit. */
size_t app_child_template(char *out, size_t n);

#endif
