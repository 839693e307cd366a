/*
 * Excel (.xlsx) exports of lists, through libxlsxwriter, laid out as a
 * report: a merged title row (「桐乡市未成年人保护工作委员会 任务台账」), a row
 * with the moment of export and who exported, the header row (frozen, with
 * an autofilter), then the data with each column's width and kind.
 */
#ifndef WB_API_XLSX_H
#define WB_API_XLSX_H

#include <stdint.h>

#include "http/request.h"

struct xlsx;

/* What a column holds: how its cells are formatted. */
enum xlsx_kind {
	XLSX_TEXT,     /* short text on one line */
	XLSX_WRAP,     /* long text, wrapped inside the column's width */
	XLSX_INT,      /* whole numbers */
	XLSX_REAL,     /* numbers shown with one decimal */
	XLSX_DATE,     /* a Unix time shown as a date (China), a real Excel date */
	XLSX_TIME,     /* a Unix time shown as date and minute (China), a real Excel date */
	XLSX_MONEY,    /* an amount in 元 with two decimals (xlsx_real of 分 / 100) */
};

/* A column of an export: its Chinese title, width (in Excel's character
 * units; a Chinese character takes about 2) and kind. */
struct xlsx_col {
	const char *title;
	double width;
	enum xlsx_kind kind;
};

/* The colours of a marked cell (a light, a 督办 level). */
enum xlsx_tone { XLSX_GREEN, XLSX_YELLOW, XLSX_ORANGE, XLSX_RED };

/*
 * Starts a workbook named `name` (the sheet, the end of the title row and,
 * at xlsx_finish, the file name) with ncols columns, written to a file of
 * mode 0600 in the server's scratch directory inside the data directory
 * (never /tmp), removed whatever happens.  The title names the committee
 * after the division tree's root (桐乡市 → 桐乡市未成年人保护工作委员会); the
 * second row the time and the signed-in user's name and unit.  cols must
 * stay valid until xlsx_finish.  NULL when out of memory, the file cannot
 * be made or the store fails; the request then holds the error reply (503
 * storage_unavailable on a full or read-only disk).
 */
struct xlsx *xlsx_begin(struct request *r, const char *name, const struct xlsx_col *cols,
			int ncols);

/* Cells of data row `row` (0 is the first row under the header), formatted
 * as their column's kind.  An empty or NULL string leaves the cell blank. */
void xlsx_str(struct xlsx *x, int64_t row, int col, const char *s);
void xlsx_int(struct xlsx *x, int64_t row, int col, int64_t v);
void xlsx_real(struct xlsx *x, int64_t row, int col, double v);
/* A Unix time as an Excel date in China Standard Time (XLSX_DATE or XLSX_TIME). */
void xlsx_time(struct xlsx *x, int64_t row, int col, int64_t t);
/* Text on a coloured fill (a light: 红灯 on red), bold and readable. */
void xlsx_marked(struct xlsx *x, int64_t row, int col, const char *s, enum xlsx_tone tone);

/* Closes the workbook (the autofilter spans the rows written) and makes it
 * the request's reply, named "<name>_YYYYmmdd.xlsx" (UTF-8; the date in
 * China); frees x in every case.  On failure sets the error reply (503 when
 * the disk is full or not writable, 500 otherwise). */
void xlsx_finish(struct xlsx *x, struct request *r);

/* Drops an unfinished workbook (a failed export) and frees x. */
void xlsx_discard(struct xlsx *x);

#endif
