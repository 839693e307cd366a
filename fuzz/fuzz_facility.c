/*
 * libFuzzer target of the registers' import (app_facility_import in
 * src/app/facilities.c over core/facility.c): the first byte of the input
 * picks the register and whether bad rows are skipped, the rest is the CSV
 * (UTF-8 or GB18030).
 *
 * The import writes to the database of fuzz_db.h (the 桐乡 defaults loaded),
 * each input inside an outer transaction rolled back afterwards.
 * Checked:
 *  - every problem names a row and has a reason;
 *  - an import that succeeds counts each good row as created, updated or
 *    unchanged, and adds exactly `created` records; without skip-bad it has
 *    no problem at all;
 *  - one that fails writes nothing;
 *  - a second import of the same input changes nothing (created and updated
 *    0): normalised values are stable;
 *  - with bad rows skipped, the rejected file is there.
 * A violation aborts, which the fuzzer reports.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/facilities.h"
#include "fuzz_db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW FUZZ_NOW

static struct store *store;
static struct keyset keys;

static void
count_none(const struct facility_row *r, void *arg)
{
	(void)r;
	(void)arg;
}

static int64_t
records(struct app_ctx *c)
{
	struct facility_filter f = { .scope = c->scope, .type = FACILITY_TYPE__MAX };
	struct wb_err err = { 0 };
	int64_t total = 0;

	if (store_facility_page(store, &f, 0, 0, count_none, NULL, &total, &err) != WB_OK)
		abort();
	return total;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct facility_import_report rep, again;
	struct facility_import_opts o = { 0 };
	struct wb_err err = { 0 };
	struct app_ctx c;
	enum facility_type t;
	enum wb_status rc;
	int64_t before, after;

	if (size < 1)
		return 0;
	store = fuzz_db("fuzz-facility", &keys);
	t = (enum facility_type)(data[0] % FACILITY_TYPE__MAX);
	o.skip_bad = (data[0] & 0x80) != 0;
	c = (struct app_ctx){ .st = store, .keys = &keys, .scope = scope_system(), .login = "fuzz",
			      .now = NOW };
	if (store_begin(store, &err) != WB_OK)
		abort();
	before = records(&c);
	rc = app_facility_import(&c, t, (const char *)data + 1, size - 1, &o, &rep, &err);
	for (size_t i = 0; i < rep.issues.n; i++) {
		const struct facility_issue *is = vec_at(&rep.issues, i);
		if (is->row < 1 || is->reason[0] == '\0')
			abort();
	}
	after = records(&c);
	if (rc == WB_OK) {
		if (rep.created + rep.updated + rep.unchanged + rep.rejected != rep.rows ||
		    after != before + rep.created || (!o.skip_bad && rep.issues.n > 0) ||
		    (rep.rejected > 0 && rep.rejected_csv == NULL))
			abort();
		rc = app_facility_import(&c, t, (const char *)data + 1, size - 1, &o, &again, &err);
		if (rc != WB_OK || again.created != 0 || again.updated != 0)
			abort();
		facility_import_report_free(&again);
	} else if (err.msg[0] == '\0' || after != before) {
		abort();
	}
	facility_import_report_free(&rep);
	store_rollback_all(store);
	return 0;
}
