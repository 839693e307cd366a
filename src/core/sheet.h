/*
 * Values typed into the cells of an imported sheet (CSV or .xlsx) or a
 * form, shared by every register's import: text normalised, dates, money
 * in 分, mobile numbers, and a header row mapped to the known columns.
 * Pure.
 */
#ifndef WB_CORE_SHEET_H
#define WB_CORE_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* s NFKC-normalised (full-width digits and letters become ASCII, the
 * ideographic space a space) and trimmed of white space and a leading
 * UTF-8 BOM into out (NULL s gives ""). */
void sheet_normalise(const char *s, char *out, size_t n);

/* A date as Y-M-D, Y/M/D or Y.M.D (a 4-digit year, month and day of one
 * or two digits) into out "YYYY-MM-DD" (11 bytes); false when it is not a
 * real date of 1900–2099 or s is NULL. */
bool sheet_parse_date(const char *s, char out[11]);

/* 元 with at most two decimals ("12345", "12345.6", "1,234.50") into 分;
 * false for anything else, a sign or more than 12 digits of 元. */
bool sheet_parse_money(const char *s, int64_t *fen);

/* 分 as 元 with two decimals ("2150.00", "-0.05") into out; returns out. */
char *sheet_format_money(int64_t fen, char *out, size_t n);

/* True when s is an 11-digit mobile number starting with 1. */
bool sheet_mobile_valid(const char *s);

/* A problem of a header row: the header concerned and a Chinese reason. */
typedef void (*sheet_header_fn)(const char *header, const char *reason, void *arg);

/*
 * Maps a file's header row to the known columns known[0..nknown): map[i]
 * receives the index in known of header i, or -1.  Every unknown (or
 * misspelt) header, repeated header and missing header whose optional[k] is
 * false is reported through fn (an empty header is not: the caller refuses
 * values under it); title names the register in the messages.  Headers are
 * compared normalised.  Returns the number of problems (0: good).
 */
int sheet_map_header(const char *const *known, const bool *optional, size_t nknown,
		     const char *title, const char *const *headers, size_t n, int *map,
		     sheet_header_fn fn, void *arg);

#endif
