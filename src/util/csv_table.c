#include "util/csv_table.h"

#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/arena.h"

struct builder {
	struct csv_table *t;
	struct csv_row cur;
	size_t rowcap, fieldcap;
	bool nomem;
};

static void
on_field(void *s, size_t len, void *data)
{
	struct builder *b = data;
	char *copy;

	if (b->nomem)
		return;
	if (b->cur.nfields == b->fieldcap) {
		size_t cap = b->fieldcap ? b->fieldcap * 2 : 8;
		char **f = realloc(b->cur.fields, cap * sizeof(*f));
		if (f == NULL) {
			b->nomem = true;
			return;
		}
		b->cur.fields = f;
		b->fieldcap = cap;
	}
	/* the table's strings live in its arena: one allocation per block,
	 * not per field (a million-row file has tens of millions of fields) */
	copy = arena_memdup(b->t->arena, len ? s : "", len);
	if (copy == NULL) {
		b->nomem = true;
		return;
	}
	b->cur.fields[b->cur.nfields++] = copy;
}

static void
on_row(int c, void *data)
{
	struct builder *b = data;
	struct csv_table *t = b->t;

	(void)c;
	if (b->nomem)
		return;
	if (t->nrows == b->rowcap) {
		size_t cap = b->rowcap ? b->rowcap * 2 : 64;
		struct csv_row *r = realloc(t->rows, cap * sizeof(*r));
		if (r == NULL) {
			b->nomem = true;
			return;
		}
		t->rows = r;
		b->rowcap = cap;
	}
	/* the row keeps an exact copy of the field list; the builder's list
	 * is reused for the next row */
	t->rows[t->nrows].nfields = b->cur.nfields;
	t->rows[t->nrows].fields = arena_alloc(t->arena, (b->cur.nfields + 1) * sizeof(char *));
	if (t->rows[t->nrows].fields == NULL) {
		b->nomem = true;
		return;
	}
	memcpy(t->rows[t->nrows].fields, b->cur.fields, b->cur.nfields * sizeof(char *));
	t->nrows++;
	b->cur.nfields = 0;
}

enum wb_status
csv_table_parse(const char *buf, size_t len, struct csv_table *out, struct wb_err *err)
{
	struct builder b = { .t = out };
	struct csv_parser p;
	enum wb_status rc = WB_OK;

	memset(out, 0, sizeof(*out));
	if ((out->arena = arena_new()) == NULL)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	if (csv_parse(&p, buf, len, on_field, on_row, &b) != len ||
	    csv_fini(&p, on_field, on_row, &b) != 0) {
		rc = wb_err_set(err, WB_ERR_INVALID, "malformed CSV near row %zu: %s",
				out->nrows + 1, csv_strerror(csv_error(&p)));
	} else if (b.nomem) {
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	free(b.cur.fields);   /* the list only: its strings are the arena's */
	csv_free(&p);
	return rc;
}

void
csv_table_free(struct csv_table *t)
{
	for (size_t r = 0; t->arena == NULL && r < t->nrows; r++) {
		for (size_t f = 0; f < t->rows[r].nfields; f++)
			free(t->rows[r].fields[f]);
		free(t->rows[r].fields);
	}
	arena_free(t->arena);
	free(t->rows);
	free(t->lines);
	memset(t, 0, sizeof(*t));
}

int
csv_table_column(const struct csv_table *t, const char *const *names)
{
	if (t->nrows == 0)
		return -1;
	for (size_t c = 0; c < t->rows[0].nfields; c++) {
		const char *h = t->rows[0].fields[c];
		while (*h == ' ')
			h++;
		for (const char *const *n = names; *n; n++)
			if (strcasecmp(h, *n) == 0)
				return (int)c;
	}
	return -1;
}

size_t
csv_table_line(const struct csv_table *t, size_t r)
{
	return t->lines ? t->lines[r] : r + 1;
}

const char *
csv_table_field(const struct csv_table *t, size_t r, int col)
{
	if (col < 0 || r >= t->nrows || (size_t)col >= t->rows[r].nfields)
		return "";
	return t->rows[r].fields[col];
}

/* A growable output of csv_table_subset. */
struct out {
	char *p;
	size_t len, cap;
	bool nomem;
};

static void
out_add(struct out *o, const char *s, size_t n)
{
	if (o->nomem)
		return;
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		char *p;

		while (cap < o->len + n + 1)
			cap *= 2;
		p = realloc(o->p, cap);
		if (p == NULL) {
			o->nomem = true;
			return;
		}
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

/* One field, quoted by libcsv, after a comma unless first. */
static void
out_field(struct out *o, const char *s, bool first)
{
	size_t n = strlen(s), need = csv_write(NULL, 0, s, n);
	char *q = malloc(need + 1);

	if (q == NULL) {
		o->nomem = true;
		return;
	}
	csv_write(q, need, s, n);
	if (!first)
		out_add(o, ",", 1);
	out_add(o, q, need);
	free(q);
}

/* Row r of t and its extra field, with CRLF. */
static void
out_row(struct out *o, const struct csv_table *t, size_t r, const char *last)
{
	size_t width = t->rows[0].nfields;

	for (size_t i = 0; i < width; i++)
		out_field(o, csv_table_field(t, r, (int)i), i == 0);
	out_field(o, last ? last : "", width == 0);
	out_add(o, "\r\n", 2);
}

enum wb_status
csv_table_subset(const struct csv_table *t, const bool *keep, const char *extra_header,
		 const char *(*extra)(size_t r, void *arg), void *arg, char **out, size_t *len,
		 struct wb_err *err)
{
	struct out o = { NULL, 0, 0, false };

	*out = NULL;
	*len = 0;
	out_add(&o, "\xEF\xBB\xBF", 3);
	if (t->nrows > 0) {
		out_row(&o, t, 0, extra_header);
		for (size_t r = 1; r < t->nrows; r++)
			if (keep[r])
				out_row(&o, t, r, extra(r, arg));
	}
	if (o.nomem) {
		free(o.p);
		return wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	}
	*out = o.p;
	*len = o.len;
	return WB_OK;
}
