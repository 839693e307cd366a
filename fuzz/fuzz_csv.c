/*
 * libFuzzer target of the CSV imports: the table parser (src/util/
 * csv_table.c, on libcsv), the division import (division_import_csv in
 * src/app/division_import.c: UTF-8 or GB18030, header names in English or
 * Chinese, NFKC, codes and parents checked, all-or-nothing) and the member
 * unit import (seed_units_csv, `weibao import units`).
 *
 * The imports write to the database of fuzz_db.h (the 桐乡 defaults loaded,
 * so rows under the existing divisions get in), each input inside an outer
 * transaction rolled back afterwards: the run is deterministic.  Checked:
 *  - every field of a parsed table is valid UTF-8 (when the text is), and
 *    csv_table_field gives "" outside the table;
 *  - an import that succeeds has no problem listed, counts every data row
 *    as created or updated and adds exactly `created` divisions; one that
 *    lists problems writes nothing;
 *  - afterwards every division's path is its parent's path plus its code.
 * A violation aborts, which the fuzzer reports.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/division_import.h"
#include "app/seed.h"
#include "fuzz_db.h"
#include "store/org.h"
#include "store/store.h"
#include "util/csv_table.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW FUZZ_NOW

static struct store *store;

static void
check_table(const char *text, size_t len)
{
	static const char *const names[] = { "code", "代码", "name", NULL };
	struct wb_err err = { 0 };
	struct csv_table t;

	if (csv_table_parse(text, len, &t, &err) == WB_OK) {
		for (size_t r = 0; r < t.nrows; r++)
			for (size_t f = 0; f < t.rows[r].nfields; f++)
				if (!text_is_utf8(t.rows[r].fields[f], strlen(t.rows[r].fields[f])))
					abort();
		if (*csv_table_field(&t, t.nrows, 0) != '\0' || *csv_table_field(&t, 0, -1) != '\0' ||
		    (t.nrows && *csv_table_field(&t, 0, (int)t.rows[0].nfields) != '\0'))
			abort();
		if (csv_table_column(&t, names) >= (t.nrows ? (int)t.rows[0].nfields : 0))
			abort();
	} else if (err.msg[0] == '\0') {
		abort();
	}
	csv_table_free(&t);
	if (t.nrows != 0 || t.rows != NULL)
		abort();
}

/* Every division of the database, read after an import. */
struct division_list {
	struct division *d;
	size_t n, cap;
};

static int
collect(const struct division *d, void *arg)
{
	struct division_list *l = arg;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		if ((l->d = realloc(l->d, l->cap * sizeof(*l->d))) == NULL)
			abort();
	}
	l->d[l->n++] = *d;
	return 0;
}

/* Each path is "/…/code/", and below a county its parent's path plus the code. */
static void
check_paths(void)
{
	struct division_list l = { 0 };
	struct wb_err err = { 0 };

	if (store_division_each(store, collect, &l, &err) != WB_OK) {
		fprintf(stderr, "fuzz_csv: %s\n", err.msg);
		abort();
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct division *d = &l.d[i], *parent = NULL;
		size_t plen = strlen(d->path), clen = strlen(d->code);

		if (plen < clen + 2 || d->path[0] != '/' || d->path[plen - 1] != '/' ||
		    memcmp(d->path + plen - 1 - clen, d->code, clen) != 0 ||
		    d->path[plen - 2 - clen] != '/')
			abort();
		if (strcmp(d->level, "county") == 0)
			continue;
		for (size_t k = 0; k < l.n && parent == NULL; k++)
			if (strcmp(l.d[k].code, d->parent_code) == 0)
				parent = &l.d[k];
		if (parent == NULL || strlen(parent->path) != plen - clen - 1 ||
		    memcmp(parent->path, d->path, plen - clen - 1) != 0)
			abort();
	}
	free(l.d);
}

static void
import_divisions(const uint8_t *data, size_t size)
{
	struct import_report rep;
	struct wb_err err = { 0 };
	int64_t before, after;
	enum wb_status rc;

	if (store_begin(store, &err) != WB_OK || store_division_count(store, &before, &err) != WB_OK)
		abort();
	rc = division_import_csv(store, (const char *)data, size, &rep, &err);
	if (rc == WB_OK) {
		if (rep.nerrors != 0 || rep.created + rep.updated != rep.rows || rep.rows < 1)
			abort();
		if (store_division_count(store, &after, &err) != WB_OK || after != before + rep.created)
			abort();
	} else {
		if (err.msg[0] == '\0' || (rep.nerrors > 0 && rc != WB_ERR_INVALID))
			abort();
		if (rep.nerrors > 0 && (store_division_count(store, &after, &err) != WB_OK ||
					after != before))
			abort();
	}
	check_paths();
	store_rollback_all(store);
}

static void
import_units(const char *text, size_t len)
{
	struct wb_err err = { 0 };
	int64_t before, after;
	int added = -1;

	if (store_begin(store, &err) != WB_OK || store_unit_count(store, &before, &err) != WB_OK)
		abort();
	if (seed_units_csv(store, text, len, NOW, &added, &err) == WB_OK) {
		if (added < 0 || store_unit_count(store, &after, &err) != WB_OK || after != before + added)
			abort();
	} else if (err.msg[0] == '\0') {
		abort();
	}
	store_rollback_all(store);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wb_err err = { 0 };
	size_t len = 0;
	char *text;

	store = fuzz_db("fuzz-csv", NULL);
	text = text_to_utf8((const char *)data, size, &len, &err);
	if (text != NULL) {
		check_table(text, len);
		import_units(text, len);
		free(text);
	}
	import_divisions(data, size);
	return 0;
}
