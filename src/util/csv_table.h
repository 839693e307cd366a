/* A table of rows of NUL-terminated UTF-8 fields: a CSV document parsed by
 * libcsv, or a worksheet read by util/xlsx_table.h (util/table.h picks). */
#ifndef WB_UTIL_CSV_TABLE_H
#define WB_UTIL_CSV_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct arena;

struct csv_row {
	size_t nfields;
	char **fields;
};

struct csv_table {
	size_t nrows;
	struct csv_row *rows;   /* rows[0] is the header when the file has one */
	size_t *lines;          /* the sheet's row number of each row (an .xlsx skips
				   empty rows), or NULL: rows[r] is row r + 1 */
	struct arena *arena;    /* csv_table_parse: owns every row's fields and
				   strings; NULL: each is malloc'd (xlsx_table) */
};

/* Parses buf (UTF-8) into *out; free it with csv_table_free() in every case. */
enum wb_status csv_table_parse(const char *buf, size_t len, struct csv_table *out,
			       struct wb_err *err);
void csv_table_free(struct csv_table *t);

/* Index of the header column named by any of the NULL-terminated names, or -1. */
int csv_table_column(const struct csv_table *t, const char *const *names);

/* The row number (1-based) that users see for row r: the spreadsheet's. */
size_t csv_table_line(const struct csv_table *t, size_t r);

/* Field col of row r, or "" when the row is shorter. */
const char *csv_table_field(const struct csv_table *t, size_t r, int col);

/*
 * The header row and every row r of t with keep[r] true, each followed by
 * one more column: extra_header in the header, extra(r, arg) in row r — as
 * CSV (UTF-8 with BOM, CRLF, every field quoted by libcsv) into a malloc'd
 * *out of *len bytes, which the caller frees.  Used to hand the rows of an
 * import back with their reasons.  WB_ERR_NOMEM.
 */
enum wb_status csv_table_subset(const struct csv_table *t, const bool *keep,
				const char *extra_header,
				const char *(*extra)(size_t r, void *arg), void *arg, char **out,
				size_t *len, struct wb_err *err);

#endif
