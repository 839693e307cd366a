/*
 * libFuzzer target of the declared-query-parameter checks (query_arg_check
 * in src/http/validate.c, which validate_query calls for each argument
 * libmicrohttpd hands it).  The input is a query string ("a=1&b=x%20y"),
 * split and decoded as libmicrohttpd does ('+' is a space, %XX a byte, no
 * '=' means no value), and checked against the query parameters of every
 * route of the API's table (api_routes(), each distinct list once).
 * Checked, for arguments that pass the server's earlier text check (valid
 * UTF-8, no control character, at most 256 bytes: query_is_text in
 * src/http/server.c, repeated here):
 *  - an accepted argument is declared, not given before, and its non-empty
 *    value fits its type: a string of at most max characters, a decimal
 *    integer in [min, max], a canonical positive id, one of the enum values;
 *  - a refused one has the code unknown_query or invalid_query and a
 *    non-empty, valid UTF-8 message.
 * Any decoded argument, text or not, goes through query_arg_check too and
 * must not crash it.  A violation aborts, which the fuzzer reports.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/route.h"
#include "http/validate.h"
#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_TABLES 128
#define MAX_ARGS 64

static const struct query_param *tables[MAX_TABLES + 1];
static size_t ntables;

static void
collect_tables(void)
{
	size_t n;
	const struct route *t = api_routes(&n);

	tables[ntables++] = NULL;   /* a route without query parameters */
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t k = 0; k < ntables; k++)
			seen |= tables[k] == t[i].query;
		if (!seen && ntables < MAX_TABLES)
			tables[ntables++] = t[i].query;
	}
}

static int
hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) in place as libmicrohttpd does ('+' then %XX); returns
 * the decoded length (the bytes may include NUL). */
static size_t
unescape(char *s, size_t n)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			s[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
			s[o++] = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
	return o;
}

/* The server's text check of one argument (query_is_text). */
static bool
is_text(const char *key, size_t key_size, const char *value, size_t value_size)
{
	if (!text_is_utf8(key, key_size) ||
	    (value && (value_size > 256 || !text_is_utf8(value, value_size))))
		return false;
	for (const unsigned char *p = (const unsigned char *)(value ? value : ""); *p; p++)
		if (*p < 0x20)
			return false;
	return true;
}

static bool
ref_value_ok(const struct query_param *q, const char *v)
{
	size_t len = strlen(v), chars = 0;
	switch (q->type) {
	case QUERY_STRING:
		for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
			if (*p < 0x20 || *p == 0x7F)
				return false;
			chars += (*p & 0xC0) != 0x80;
		}
		return q->max == 0 || (long long)chars <= q->max;
	case QUERY_INT: {
		/* optional minus, then digits only; the value in 128 bits, clamped */
		const char *d = v + (v[0] == '-');
		__int128 n = 0;
		if (*d == '\0' || strspn(d, "0123456789") != strlen(d))
			return false;
		for (; *d; d++)
			if ((n = n * 10 + (*d - '0')) > ((__int128)1 << 70))
				n = (__int128)1 << 70;
		if (v[0] == '-')
			n = -n;
		return n >= q->min && n <= q->max;
	}
	case QUERY_ID:
		return len > 0 && len <= 18 && v[0] != '0' && strspn(v, "0123456789") == len;
	case QUERY_DATE: {
		/* YYYY-MM-DD of a day that exists (Gregorian leap years) */
		static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int y, m, d;
		if (len != 10 || v[4] != '-' || v[7] != '-')
			return false;
		for (size_t i = 0; i < 10; i++)
			if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
				return false;
		y = atoi(v);
		m = (v[5] - '0') * 10 + (v[6] - '0');
		d = (v[8] - '0') * 10 + (v[9] - '0');
		if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
			return false;
		return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
	}
	case QUERY_ENUM:
		for (const char *const *e = q->values; e && *e; e++)
			if (strcmp(*e, v) == 0)
				return true;
		return false;
	}
	return false;
}

static void
check_arg(const struct query_param *params, const char *key, size_t key_size, const char *value,
	  size_t value_size, uint64_t *seen)
{
	struct query_problem problem;
	uint64_t before = *seen;
	const struct query_param *q = NULL;
	size_t i;
	bool ok;

	memset(&problem, 0x55, sizeof(problem));
	ok = query_arg_check(params, key, value, seen, &problem);
	if (!is_text(key, key_size, value, value_size))
		return;   /* the server refuses it before: only no crash counts */
	for (i = 0; params && params[i].name && i < 64; i++)
		if (strcmp(params[i].name, key) == 0) {
			q = &params[i];
			break;
		}
	if (ok) {
		if (q == NULL || (before & (UINT64_C(1) << i)) || !(*seen & (UINT64_C(1) << i)))
			abort();
		if (value && *value && !ref_value_ok(q, value))
			abort();
		return;
	}
	if (problem.code == NULL ||
	    (strcmp(problem.code, "unknown_query") != 0 && strcmp(problem.code, "invalid_query") != 0) ||
	    strnlen(problem.why, sizeof(problem.why)) == sizeof(problem.why) || problem.why[0] == '\0' ||
	    !text_is_utf8(problem.why, strlen(problem.why)))
		abort();
	if ((q == NULL) != (strcmp(problem.code, "unknown_query") == 0))
		abort();
	/* refused for its value: the reference refuses it too */
	if (q != NULL && !(before & (UINT64_C(1) << i)) && value && *value && ref_value_ok(q, value))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *keys[MAX_ARGS], *values[MAX_ARGS];
	size_t klen[MAX_ARGS], vlen[MAX_ARGS], nargs = 0, start = 0;

	if (buf == NULL)
		abort();
	if (ntables == 0)
		collect_tables();
	memcpy(buf, data, size);
	buf[size] = '\0';
	/* split on '&' (in place), then on the first '=' */
	for (size_t i = 0; i <= size && nargs < MAX_ARGS; i++) {
		if (i < size && buf[i] != '&')
			continue;
		buf[i] = '\0';
		if (i > start) {
			char *eq = memchr(buf + start, '=', i - start);
			keys[nargs] = buf + start;
			values[nargs] = NULL;
			vlen[nargs] = 0;
			if (eq) {
				*eq = '\0';
				values[nargs] = eq + 1;
				vlen[nargs] = unescape(eq + 1, (size_t)(buf + i - (eq + 1)));
			}
			klen[nargs] = unescape(keys[nargs], strlen(keys[nargs]));
			nargs++;
		}
		start = i + 1;
	}
	for (size_t t = 0; t < ntables; t++) {
		uint64_t seen = 0;
		for (size_t a = 0; a < nargs; a++)
			check_arg(tables[t], keys[a], klen[a], values[a], vlen[a], &seen);
	}
	free(buf);
	return 0;
}
