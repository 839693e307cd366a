/* The first worksheet of an .xlsx workbook (Office Open XML, read with libzip
 * and expat) as a csv_table of UTF-8 fields, the way Excel shows the cells. */
#ifndef WB_UTIL_XLSX_TABLE_H
#define WB_UTIL_XLSX_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/csv_table.h"
#include "util/err.h"

/* Limits against hostile files; every one is checked while reading. */
struct xlsx_limits {
	size_t part_bytes;   /* uncompressed bytes of one part (sheet, shared strings…) */
	size_t rows;         /* the highest row number */
	size_t cols;         /* the highest column number */
	size_t cells;        /* fields of the table, empty ones between values included */
};

/* 64 MiB per part, Excel's own 1,048,576 rows and 16,384 columns, 4,000,000 cells. */
extern const struct xlsx_limits xlsx_default_limits;

/* True when buf starts like a ZIP archive (PK\3\4), as every .xlsx does. */
bool xlsx_is_zip(const char *buf, size_t len);

/* True when buf is an OLE compound file: an .xls workbook, or an .xlsx saved
 * with a password (Excel wraps those in one). */
bool xlsx_is_ole(const char *buf, size_t len);

/*
 * Reads the first worksheet of the workbook in buf[0..len) into *out (free it
 * with csv_table_free() in every case): one row per sheet row holding a value,
 * with out->lines giving its row number; a missing cell between values is "".
 * Shared, inline and rich-text strings as their text; numbers without float
 * noise ("12", "0.3"); date-formatted numbers as YYYY-MM-DD (time formats as
 * HH:MM:SS), in the workbook's 1900 or 1904 date system; booleans TRUE/FALSE;
 * formulas as their cached value.  lim NULL means xlsx_default_limits.  Errors
 * (in Chinese, for users): WB_ERR_INVALID for a corrupt, encrypted or non-.xlsx
 * file (code xlsx_corrupt or xlsx_unsupported), WB_ERR_TOO_LARGE over a limit
 * (code xlsx_too_large), WB_ERR_NOMEM.
 */
enum wb_status xlsx_table_parse(const char *buf, size_t len, const struct xlsx_limits *lim,
				struct csv_table *out, struct wb_err *err);

#endif
