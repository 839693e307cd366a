/*
 * Background checks (入职查询): importing the offender registry (the registry
 * keeper's file: 姓名, 身份证号, 类别, 记录日期; .xlsx or CSV in UTF-8 or
 * GB18030).  Every row is checked first; with a bad row nothing is written
 * unless skip_bad.  Only the blind index of each ID number under the
 * registry key (sec/blindindex.h) is stored, with the category and the
 * date: the name is read and thrown away, the number never stored.  One
 * transaction, audited (check.registry.import).  The caller has checked
 * that the actor holds check.registry.
 */
#ifndef WB_APP_CHECK_REGISTRY_H
#define WB_APP_CHECK_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ctx.h"

#define CHECK_PROBLEMS_KEPT 1000   /* problems kept in a result; all are counted */

/* One problem of a file: its row (1 is the header), the column's header
 * ("" for the row), a Chinese message. */
struct check_file_problem {
	int row;
	char column[32];
	char message[160];
};

struct check_registry_result {
	int64_t import_id;            /* the check_imports line (0 when nothing written) */
	int64_t total;                /* data rows in the file */
	int64_t imported;             /* records written */
	int64_t problems;             /* every problem; rejected holds the first ones */
	struct check_file_problem *rejected;   /* malloc'd; check_registry_result_free */
	size_t nrejected;
};
void check_registry_result_free(struct check_registry_result *r);

/*
 * Imports buf[0..len) (file_name kept with the import).  WB_ERR_INVALID with
 * code "bad_header" (the header row's problems in out->rejected),
 * "empty_file", or "bad_rows" (some row is bad and !skip_bad: nothing
 * written, out->rejected says where); WB_ERR_INVALID code "no_registry_key"
 * when ctx->keys lacks the registry key.  On WB_OK the records are committed
 * with their audit event (out->rejected lists the rows skipped).
 */
enum wb_status app_check_registry_import(struct app_ctx *ctx, const char *buf, size_t len,
					 const char *file_name, bool skip_bad,
					 struct check_registry_result *out, struct wb_err *err);

/* The registry's CSV template (UTF-8 with BOM, CRLF) into out; returns its
 * length, or the length needed when it does not fit. */
size_t app_check_registry_template(char *out, size_t n);

#endif
