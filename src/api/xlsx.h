/* Excel (.xlsx) exports of lists, through libxlsxwriter. */
#ifndef WB_API_XLSX_H
#define WB_API_XLSX_H

#include <stdint.h>

#include "http/request.h"

struct xlsx;

/* Starts a workbook with one sheet and a bold header row of ncols Chinese
 * titles, written to a file of mode 0600 in the server's scratch directory
 * inside the data directory (never /tmp), removed whatever happens.  NULL
 * when out of memory or the file cannot be made; the request then holds the
 * error reply (503 storage_unavailable on a full or read-only disk). */
struct xlsx *xlsx_begin(struct request *r, const char *sheet, const char *const *headers,
			int ncols);

/* Cells of data row `row` (0 is the first row under the header). */
void xlsx_str(struct xlsx *x, int64_t row, int col, const char *s);
void xlsx_int(struct xlsx *x, int64_t row, int col, int64_t v);
/* A Unix time as "YYYY-MM-DD HH:MM:SS" (China Standard Time). */
void xlsx_time(struct xlsx *x, int64_t row, int col, int64_t t);

/* Closes the workbook and makes it the request's reply, named
 * "<name>_YYYYmmdd.xlsx" (UTF-8; the date in China);
 * frees x in every case.  On failure sets the error reply (503 when the
 * disk is full or not writable, 500 otherwise). */
void xlsx_finish(struct xlsx *x, struct request *r, const char *name);

/* Drops an unfinished workbook (a failed export) and frees x. */
void xlsx_discard(struct xlsx *x);

#endif
