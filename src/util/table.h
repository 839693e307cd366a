/* An uploaded table of any format users save from Excel or WPS: .xlsx, or CSV
 * in UTF-8 or GB18030.  Imports (registers, divisions, …) read files with it. */
#ifndef WB_UTIL_TABLE_H
#define WB_UTIL_TABLE_H

#include <stddef.h>

#include "util/csv_table.h"
#include "util/err.h"

/*
 * Parses buf[0..len) into *out (free it with csv_table_free() in every case):
 * the first worksheet of an .xlsx when buf is a ZIP archive (util/xlsx_table.h),
 * else CSV text in UTF-8 (a byte-order mark dropped) or GB18030.  An .xls or a
 * password-protected workbook is refused with a Chinese message saying to save
 * it as .xlsx or CSV (code xlsx_unsupported).
 */
enum wb_status table_parse(const char *buf, size_t len, struct csv_table *out,
			   struct wb_err *err);

#endif
