/*
 * libFuzzer target of the .xlsx reader (src/util/xlsx_table.c) and the table
 * dispatcher (src/util/table.c).  Two kinds of input:
 *  - starting with PK\3\4: the bytes are the file (the ZIP layer: damaged
 *    archives, lying headers, encryption flags);
 *  - anything else: the parts of a workbook split on a line "====" — the
 *    sheet, then xl/sharedStrings.xml, xl/styles.xml and xl/workbook.xml
 *    (a one-sheet workbook when absent) — zipped here with libzip, so the
 *    fuzzer reaches the XML handlers without having to forge CRCs.
 * Checked on every input, with small limits so that they are reached:
 *  - a success gives rows of at least one field, row numbers increasing and
 *    within the row limit, fields well-formed UTF-8 without NUL, at most the
 *    column limit per row and the cell limit in all, the last field of a row
 *    not empty (an empty cell is left out);
 *  - a failure leaves an empty table and says why in Chinese, with one of the
 *    reader's reason codes;
 *  - the same input read twice gives the same table; table_parse agrees with
 *    xlsx_table_parse on ZIP input.
 * A violation aborts, which the fuzzer reports.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util/table.h"
#include "util/text.h"
#include "util/xlsx_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct xlsx_limits limits = { .part_bytes = 1 << 20, .rows = 5000, .cols = 64,
					   .cells = 4096 };

static const char default_workbook[] =
	"<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"a\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
	"<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

/* A stored (uncompressed) ZIP of the named parts as a malloc'd buffer, or NULL. */
static char *
zip_parts(const char *const *names, const char *const *bufs, const size_t *lens, size_t n,
	  size_t *outlen)
{
	zip_source_t *src, *s;
	zip_stat_t st;
	zip_error_t ze;
	char *out = NULL;
	zip_t *z;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (src == NULL)
		abort();
	z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (z == NULL)
		abort();
	zip_source_keep(src);
	for (size_t i = 0; i < n; i++) {
		zip_int64_t idx;
		s = zip_source_buffer(z, bufs[i], lens[i], 0);
		if (s == NULL || (idx = zip_file_add(z, names[i], s, ZIP_FL_OVERWRITE)) < 0)
			abort();
		zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	if (zip_close(z) != 0)
		abort();
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		abort();
	out = malloc(st.size ? st.size : 1);
	if (out == NULL || zip_source_read(src, out, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*outlen = st.size;
	return out;
}

/* Aborts unless t is what a successful read may give. */
static void
check_table(const struct csv_table *t)
{
	size_t cells = 0;

	if (t->nrows > 0 && t->lines == NULL)
		abort();
	for (size_t r = 0; r < t->nrows; r++) {
		const struct csv_row *row = &t->rows[r];
		if (row->nfields == 0 || row->nfields > limits.cols)
			abort();
		if (t->lines[r] == 0 || t->lines[r] > limits.rows || (r && t->lines[r] <= t->lines[r - 1]))
			abort();
		if (csv_table_line(t, r) != t->lines[r])
			abort();
		if (row->fields[row->nfields - 1][0] == '\0')
			abort();
		for (size_t f = 0; f < row->nfields; f++)
			if (!text_is_utf8(row->fields[f], strlen(row->fields[f])))
				abort();
		cells += row->nfields;
	}
	if (cells > limits.cells)
		abort();
}

static bool
same_table(const struct csv_table *a, const struct csv_table *b)
{
	if (a->nrows != b->nrows)
		return false;
	for (size_t r = 0; r < a->nrows; r++) {
		if (a->rows[r].nfields != b->rows[r].nfields || a->lines[r] != b->lines[r])
			return false;
		for (size_t f = 0; f < a->rows[r].nfields; f++)
			if (strcmp(a->rows[r].fields[f], b->rows[r].fields[f]) != 0)
				return false;
	}
	return true;
}

/* Reads buf twice and checks both outcomes. */
static void
check(const char *buf, size_t len, bool dispatch)
{
	struct wb_err err = { 0 }, err2 = { 0 };
	struct csv_table t, t2;
	enum wb_status rc = xlsx_table_parse(buf, len, &limits, &t, &err);
	enum wb_status rc2 = xlsx_table_parse(buf, len, &limits, &t2, &err2);

	if (rc != rc2)
		abort();
	if (rc == WB_OK) {
		check_table(&t);
		if (!same_table(&t, &t2))
			abort();
	} else {
		if (t.nrows != 0 || t.rows != NULL || t.lines != NULL)
			abort();
		if (rc != WB_ERR_NOMEM &&
		    strcmp(err.code, "xlsx_corrupt") != 0 && strcmp(err.code, "xlsx_unsupported") != 0 &&
		    strcmp(err.code, "xlsx_too_large") != 0)
			abort();
		if (rc != WB_ERR_NOMEM && !text_is_utf8(err.msg, strlen(err.msg)))
			abort();
		if (strcmp(err.msg, err2.msg) != 0)
			abort();
	}
	csv_table_free(&t);
	csv_table_free(&t2);
	if (dispatch && rc != WB_ERR_TOO_LARGE) {
		/* the dispatcher reads ZIP input with the default limits: when the
		 * small ones were not what stopped it, it takes the same path */
		rc2 = table_parse(buf, len, &t2, &err2);
		if (rc2 != rc)
			abort();
		csv_table_free(&t2);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *names[] = { "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
				"xl/workbook.xml", "xl/_rels/workbook.xml.rels" };
	const char *bufs[5] = { 0 };
	size_t lens[5] = { 0 }, n = 0, ziplen;
	const char *p = (const char *)data, *end = p + size;
	char *zip;

	if (size > (256u << 10))
		return 0;
	if (xlsx_is_zip(p, size)) {
		check(p, size, true);
		return 0;
	}
	while (n < 4) {
		const char *sep = NULL;
		for (const char *q = p; q + 6 <= end; q++)
			if (memcmp(q, "\n====\n", 6) == 0) {
				sep = q;
				break;
			}
		bufs[n] = p;
		lens[n++] = (size_t)((sep ? sep : end) - p);
		if (sep == NULL)
			break;
		p = sep + 6;
	}
	/* parts left out: no shared strings, no styles, the default workbook */
	if (n < 4) {
		bufs[3] = default_workbook;
		lens[3] = sizeof(default_workbook) - 1;
	}
	for (size_t i = n; i < 3; i++) {
		names[i] = i == 1 ? "absent/sharedStrings.xml" : "absent/styles.xml";
		bufs[i] = "";
	}
	bufs[4] = rels;
	lens[4] = sizeof(rels) - 1;
	zip = zip_parts(names, bufs, lens, 5, &ziplen);
	check(zip, ziplen, false);
	free(zip);
	return 0;
}
