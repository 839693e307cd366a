/* Importing administrative divisions from .xlsx or CSV (UTF-8 or GB18030). */
#ifndef WB_APP_DIVISION_IMPORT_H
#define WB_APP_DIVISION_IMPORT_H

#include <stddef.h>

#include "store/store.h"

#define IMPORT_MAX_ERRORS 20

struct import_report {
	int rows;
	int created;
	int updated;
	int nerrors;                      /* total problems found */
	char errors[IMPORT_MAX_ERRORS][256]; /* the first IMPORT_MAX_ERRORS of them */
};

/*
 * Validates every row of the table in buf (the first worksheet of an .xlsx, or
 * CSV in UTF-8 or GB18030: util/table.h; row numbers are the sheet's; blank
 * rows are skipped), then writes all of them in one
 * transaction, or nothing when any row is wrong (WB_ERR_INVALID, with the
 * problems listed in rep->errors by row number).  Columns, by header:
 * code/代码 and name/名称 (required), kind/类型, parent_code/上级代码,
 * population/人口 (optional).  Parents may come earlier in the file, later in
 * it, or already be in the database.
 */
enum wb_status division_import_csv(struct store *st, const char *buf, size_t len,
				   struct import_report *rep, struct wb_err *err);

#endif
