#include "app/division_import.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/division.h"
#include "store/org.h"
#include "util/csv_table.h"
#include "util/table.h"

static void
add_error(struct import_report *rep, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
add_error(struct import_report *rep, const char *fmt, ...)
{
	va_list ap;

	if (rep->nerrors < IMPORT_MAX_ERRORS) {
		va_start(ap, fmt);
		vsnprintf(rep->errors[rep->nerrors], sizeof(rep->errors[0]), fmt, ap);
		va_end(ap);
	}
	rep->nerrors++;
}

/* NFKC-normalises and trims s into out (full-width digits become ASCII). */
static void
normalise(const char *s, char *out, size_t outlen)
{
	utf8proc_uint8_t *n = utf8proc_NFKC((const utf8proc_uint8_t *)s);
	const char *p = n ? (const char *)n : s;
	size_t len;

	while (*p == ' ' || *p == '\t')
		p++;
	store_copy_text(out, outlen, p);
	len = strlen(out);
	while (len > 0 && (out[len - 1] == ' ' || out[len - 1] == '\t' || out[len - 1] == '\r'))
		out[--len] = '\0';
	free(n);
}

/* Fills d from CSV row r; false (with errors recorded) when the row is wrong. */
static bool
read_row(const struct csv_table *t, size_t r, const int col[5], struct division *d,
	 struct import_report *rep)
{
	char kind[32], parent[32], pop[32], expected[16];
	enum division_level level;
	size_t line = csv_table_line(t, r);
	bool ok = true;

	memset(d, 0, sizeof(*d));
	normalise(csv_table_field(t, r, col[0]), d->code, sizeof(d->code));
	normalise(csv_table_field(t, r, col[1]), d->name, sizeof(d->name));
	normalise(csv_table_field(t, r, col[2]), kind, sizeof(kind));
	normalise(csv_table_field(t, r, col[3]), parent, sizeof(parent));
	normalise(csv_table_field(t, r, col[4]), pop, sizeof(pop));

	level = division_level_of(d->code);
	if (level == DIVISION_INVALID) {
		add_error(rep, "row %zu: code \"%s\" is not 6, 9 or 12 digits", line, d->code);
		return false;
	}
	if (d->name[0] == '\0') {
		add_error(rep, "row %zu: division %s has no name", line, d->code);
		ok = false;
	}
	store_copy_text(d->level, sizeof(d->level), division_level_name(level));
	if (kind[0] == '\0')
		store_copy_text(kind, sizeof(kind), division_default_kind(level));
	if (!division_kind_fits(level, kind)) {
		add_error(rep, "row %zu: kind \"%s\" does not fit a %s code (%s)", line, kind,
			  d->level, d->code);
		ok = false;
	}
	store_copy_text(d->kind, sizeof(d->kind), kind);
	if (level == DIVISION_COUNTY) {
		store_copy_text(d->parent_code, sizeof(d->parent_code), parent);
	} else {
		division_parent_code(d->code, expected, sizeof(expected));
		if (parent[0] && strcmp(parent, expected) != 0) {
			add_error(rep, "row %zu: %s cannot be under %s (its code says %s)", line,
				  d->code, parent, expected);
			ok = false;
		}
		store_copy_text(d->parent_code, sizeof(d->parent_code), expected);
	}
	d->population = -1;
	if (pop[0]) {
		char *end;
		long long v = strtoll(pop, &end, 10);
		if (*end != '\0' || v < 0) {
			add_error(rep, "row %zu: population \"%s\" is not a whole number", line, pop);
			ok = false;
		} else {
			d->population = v;
		}
	}
	return ok;
}

/* True when every field of row r is empty or white space (a blank line). */
static bool
row_blank(const struct csv_table *t, size_t r)
{
	for (size_t i = 0; i < t->rows[r].nfields; i++)
		if (t->rows[r].fields[i][strspn(t->rows[r].fields[i], " \t\r\n")] != '\0')
			return false;
	return true;
}

static int
by_level(const void *a, const void *b)
{
	size_t la = strlen(((const struct division *)a)->code);
	size_t lb = strlen(((const struct division *)b)->code);

	return (la > lb) - (la < lb);
}

enum wb_status
division_import_csv(struct store *st, const char *buf, size_t len, struct import_report *rep,
		    struct wb_err *err)
{
	static const char *const names[5][4] = {
		{ "code", "代码", "区划代码", NULL },
		{ "name", "名称", "区划名称", NULL },
		{ "kind", "类型", NULL, NULL },
		{ "parent_code", "上级代码", NULL, NULL },
		{ "population", "人口", "常住人口", NULL },
	};
	struct csv_table t = { 0 };
	struct division *rows = NULL;
	enum wb_status rc;
	size_t n = 0;
	int col[5];

	memset(rep, 0, sizeof(*rep));
	rc = table_parse(buf, len, &t, err);
	if (rc != WB_OK)
		goto out;
	for (int c = 0; c < 5; c++)
		col[c] = csv_table_column(&t, names[c]);
	if (col[0] < 0 || col[1] < 0) {
		rc = wb_err_set(err, WB_ERR_INVALID,
				"the file needs a header row with the columns code and name "
				"(代码, 名称); optional: kind, parent_code, population");
		goto out;
	}
	rows = calloc(t.nrows, sizeof(*rows));
	if (rows == NULL) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	for (size_t r = 1; r < t.nrows; r++) {
		if (row_blank(&t, r))
			continue;
		rep->rows++;
		if (read_row(&t, r, col, &rows[n], rep)) {
			for (size_t k = 0; k < n; k++)
				if (strcmp(rows[k].code, rows[n].code) == 0) {
					add_error(rep, "row %zu: code %s appears twice",
						  csv_table_line(&t, r),
						  rows[n].code);
					n--;
					break;
				}
			n++;
		}
	}
	if (rep->rows == 0) {
		rc = wb_err_set(err, WB_ERR_INVALID, "the file has a header but no divisions");
		goto out;
	}
	if (rep->nerrors > 0) {
		rc = wb_err_set(err, WB_ERR_INVALID, "%d problem(s) in the file; nothing was imported",
				rep->nerrors);
		goto out;
	}
	qsort(rows, n, sizeof(*rows), by_level);
	rc = store_begin(st, err);
	if (rc != WB_OK)
		goto out;
	for (size_t i = 0; i < n; i++) {
		bool created;
		rc = store_division_put(st, &rows[i], &created, err);
		if (rc != WB_OK) {
			store_rollback(st);
			rep->created = rep->updated = 0;
			goto out;
		}
		if (created)
			rep->created++;
		else
			rep->updated++;
	}
	rc = store_commit(st, err);
out:
	free(rows);
	csv_table_free(&t);
	return rc;
}
