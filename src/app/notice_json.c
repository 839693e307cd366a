#include "app/notice_json.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The JSON form of a parsed notice.  The layout (one section, item or
 * warning a line) is written here; jansson escapes strings and prints reals (JSON_REAL_PRECISION(15)).
 * Building one jansson tree for a whole large notice cost more than parsing
 * it, and jansson's escaping of every string twice as much again, so values
 * are dumped one by one from two reused jansson values, and strings with
 * nothing to escape are copied as they are.  Output is buffered and handed to
 * the sink in large blocks.
 */
struct out {
	char *p;
	size_t n, cap;
	bool failed;
	json_t *str, *real;        /* reused for every string and real */
	notice_json_sink sink;     /* takes each full block */
	void *arg;
};

#define OUT_BLOCK (1u << 20)

/* Writes out the buffer and makes room for size bytes; -1 on failure. */
static int
out_flush(struct out *o, size_t size)
{
	if (o->failed)
		return -1;
	if (o->n > 0 && o->sink(o->p, o->n, o->arg) != 0) {
		o->failed = true;
		return -1;
	}
	o->n = 0;
	if (o->cap < size) {
		size_t cap = size > OUT_BLOCK ? size : OUT_BLOCK;
		char *np = realloc(o->p, cap);
		if (np == NULL) {
			o->failed = true;
			return -1;
		}
		o->p = np;
		o->cap = cap;
	}
	return 0;
}

/* Appends buf[0..size); a json_dump_callback_t for jansson too. */
static int
out_write(const char *buf, size_t size, void *data)
{
	struct out *o = data;

	if (size == 0)
		return 0;
	if (o->cap - o->n < size && out_flush(o, size) != 0)
		return -1;
	memcpy(o->p + o->n, buf, size);
	o->n += size;
	return 0;
}

/* A literal (its size is known), and any other string. */
#define out_lit(o, s) out_write("" s, sizeof(s) - 1, (o))

static void
out_cstr(struct out *o, const char *s)
{
	out_write(s, strlen(s), o);
}

/* True when the 8 bytes of w hold a byte below 0x20, '"' or '\\'. */
static inline bool
needs_escape(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');

	return (((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high;
}

/* A string value (null for NULL).  The parser's strings are valid UTF-8:
 * one with nothing to escape (no '"', '\\' or control character) is its
 * own JSON form between quotes; any other is escaped by jansson. */
static void
out_str(struct out *o, const char *s)
{
	size_t n, i = 0;

	if (s == NULL) {
		out_lit(o, "null");
		return;
	}
	n = strlen(s);
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (needs_escape(w))
			break;
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\')
			break;
	}
	if (i == n) {
		if (o->cap - o->n < n + 2 && out_flush(o, n + 2) != 0)
			return;
		o->p[o->n] = '"';
		memcpy(o->p + o->n + 1, s, n);
		o->p[o->n + n + 1] = '"';
		o->n += n + 2;
		return;
	}
	if (json_string_setn_nocheck(o->str, s, n) != 0 ||
	    json_dump_callback(o->str, out_write, o, JSON_ENCODE_ANY) != 0)
		o->failed = true;
}

static void
out_int(struct out *o, long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		*--p = '-';
	out_write(p, (size_t)(buf + sizeof(buf) - p), o);
}

/* An integer when v is whole (11, 25000), else a real (3.1) printed by
 * jansson with 15 significant digits. */
static void
out_num(struct out *o, double v)
{
	if (v > -9007199254740992.0 && v < 9007199254740992.0 && (double)(long long)v == v) {
		out_int(o, (long long)v);
		return;
	}
	if (json_real_set(o->real, v) != 0 ||
	    json_dump_callback(o->real, out_write, o, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15)) != 0)
		o->failed = true;
}

static void
out_str_array(struct out *o, const char *const *v, size_t n)
{
	out_lit(o, "[");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			out_lit(o, ", ");
		out_str(o, v[i]);
	}
	out_lit(o, "]");
}

static void
out_item(struct out *o, const struct notice_item *it)
{
	out_lit(o, "{\"number\": ");
	out_int(o, it->number);
	out_lit(o, ", \"section\": ");
	out_int(o, (long long)it->section);
	out_lit(o, ", \"text\": ");
	out_str(o, it->text);
	out_lit(o, ", \"lead_units\": ");
	out_str_array(o, it->units, it->nlead);
	out_lit(o, ", \"units\": ");
	out_str_array(o, it->units, it->nunits);
	out_lit(o, ", \"targets\": [");
	for (size_t k = 0; k < it->ntargets; k++) {
		const struct notice_target *t = &it->targets[k];
		out_cstr(o, k > 0 ? ", {\"op\": " : "{\"op\": ");
		out_str(o, notice_op_name(t->op));
		out_lit(o, ", \"value\": ");
		out_num(o, t->value);
		if (t->op == NOTICE_OP_RANGE) {
			out_lit(o, ", \"value2\": ");
			out_num(o, t->value2);
		}
		out_lit(o, ", \"unit\": ");
		out_str(o, t->unit);
		out_lit(o, ", \"scope\": ");
		out_str(o, notice_scope_name(t->scope));
		out_lit(o, ", \"text\": ");
		out_str(o, t->text);
		out_lit(o, "}");
	}
	out_lit(o, "]}");
}

bool
notice_json_write(const struct notice *n, notice_json_sink sink, void *arg)
{
	struct out o = { NULL, 0, 0, false, json_string(""), json_real(0), sink, arg };
	bool ok;

	if (o.str == NULL || o.real == NULL)
		o.failed = true;
	out_lit(&o, "{\n  \"title\": ");
	out_str(&o, n->title);
	out_lit(&o, ",\n  \"doc_number\": ");
	out_str(&o, n->doc_number);
	out_lit(&o, ",\n  \"issuer\": ");
	out_str(&o, n->issuer);
	out_lit(&o, ",\n  \"date\": ");
	out_str(&o, n->date[0] ? n->date : NULL);
	out_lit(&o, ",\n  \"year\": ");
	if (n->year)
		out_int(&o, n->year);
	else
		out_lit(&o, "null");
	out_lit(&o, ",\n  \"sections\": [");
	for (size_t i = 0; i < n->nsections; i++) {
		out_cstr(&o, i > 0 ? ",\n    {\"number\": " : "\n    {\"number\": ");
		out_int(&o, n->sections[i].number);
		out_lit(&o, ", \"title\": ");
		out_str(&o, n->sections[i].title);
		out_lit(&o, "}");
	}
	out_cstr(&o, n->nsections ? "\n  ],\n  \"items\": [" : "],\n  \"items\": [");
	for (size_t i = 0; i < n->nitems && !o.failed; i++) {
		out_cstr(&o, i > 0 ? ",\n    " : "\n    ");
		out_item(&o, &n->items[i]);
	}
	out_cstr(&o, n->nitems ? "\n  ],\n  \"warnings\": [" : "],\n  \"warnings\": [");
	for (size_t i = 0; i < n->nwarnings; i++) {
		const struct notice_warning *w = &n->warnings[i];
		out_cstr(&o, i > 0 ? ",\n    {\"code\": " : "\n    {\"code\": ");
		out_str(&o, notice_warning_name(w->code));
		if (w->item > 0) {
			out_lit(&o, ", \"item\": ");
			out_int(&o, n->items[w->item - 1].number);
		}
		out_lit(&o, ", \"message\": ");
		out_str(&o, w->message);
		out_lit(&o, "}");
	}
	out_cstr(&o, n->nwarnings ? "\n  ]\n}\n" : "]\n}\n");
	ok = !o.failed && (o.n == 0 || sink(o.p, o.n, arg) == 0);
	free(o.p);
	json_decref(o.str);
	json_decref(o.real);
	return ok;
}

