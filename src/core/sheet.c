#include "core/sheet.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/idnumber.h"
#include "util/text.h"

/* Copies s into out without leading and trailing white space (ASCII, and
 * the UTF-8 BOM at the start). */
static void
trim_copy(const char *s, char *out, size_t n)
{
	size_t len;

	if (strncmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	len = text_copy(out, n, s);
	while (len > 0 && strchr(" \t\r\n", out[len - 1]))
		out[--len] = '\0';
}

/* True when NFKC leaves s as it is for sure: ASCII and the code points
 * U+4000–U+9FFF (CJK ideographs), which have no compatibility mapping.  The
 * common case of an import, checked without decoding. */
static bool
nfkc_stable(const unsigned char *s)
{
	while (*s) {
		if (*s < 0x80) {
			s++;
		} else if (*s >= 0xE4 && *s <= 0xE9 && (s[1] & 0xC0) == 0x80 &&
			   (s[2] & 0xC0) == 0x80) {
			s += 3;
		} else {
			return false;
		}
	}
	return true;
}

void
sheet_normalise(const char *s, char *out, size_t n)
{
	utf8proc_uint8_t *nf;

	if (s == NULL || nfkc_stable((const unsigned char *)s)) {
		trim_copy(s ? s : "", out, n);
		return;
	}
	nf = utf8proc_NFKC((const utf8proc_uint8_t *)s);

	trim_copy(nf ? (const char *)nf : (s ? s : ""), out, n);
	free(nf);
}

/* Reads 1 to max ASCII digits at *p into *v, advancing *p. */
static bool
read_num(const char **p, int max, int *v)
{
	int k = 0;

	*v = 0;
	while (k < max && **p >= '0' && **p <= '9') {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k > 0;
}

bool
sheet_parse_date(const char *s, char out[11])
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *p = s;
	int y, m, d;
	char sep;

	if (s == NULL || !read_num(&p, 4, &y) || p - s != 4 || *p == '\0' || !strchr("-/.", *p))
		return false;
	sep = *p++;
	if (!read_num(&p, 2, &m) || *p++ != sep || !read_num(&p, 2, &d) || *p != '\0')
		return false;
	if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	id_date_format((struct id_date){ .year = y, .month = m, .day = d }, out);
	return true;
}

bool
sheet_parse_money(const char *s, int64_t *fen)
{
	int64_t yuan = 0;
	int digits = 0, dec = 0, decs = 0;
	const char *p = s;

	if (s == NULL)
		return false;
	for (; *p && *p != '.'; p++) {
		if (*p == ',' && digits > 0)
			continue;
		if (*p < '0' || *p > '9' || digits >= 12)
			return false;
		yuan = yuan * 10 + (*p - '0');
		digits++;
	}
	if (digits == 0)
		return false;
	if (*p == '.') {
		for (p++; *p; p++) {
			if (*p < '0' || *p > '9' || decs >= 2)
				return false;
			dec = dec * 10 + (*p - '0');
			decs++;
		}
		if (decs == 0)
			return false;
		if (decs == 1)
			dec *= 10;
	}
	*fen = yuan * 100 + dec;
	return true;
}

char *
sheet_format_money(int64_t fen, char *out, size_t n)
{
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;

	snprintf(out, n, "%s%" PRIu64 ".%02u", fen < 0 ? "-" : "", a / 100, (unsigned)(a % 100));
	return out;
}

bool
sheet_mobile_valid(const char *s)
{
	if (s == NULL || strlen(s) != 11 || s[0] != '1')
		return false;
	for (int i = 0; i < 11; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Reports a header problem through fn. */
static void
report(sheet_header_fn fn, void *arg, const char *header, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
report(sheet_header_fn fn, void *arg, const char *header, const char *fmt, ...)
{
	char reason[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (fn)
		fn(header ? header : "", reason, arg);
}

int
sheet_map_header(const char *const *known, const bool *optional, size_t nknown,
		 const char *title, const char *const *headers, size_t n, int *map,
		 sheet_header_fn fn, void *arg)
{
	int problems = 0;

	for (size_t i = 0; i < n; i++) {
		char h[128], kh[128];

		map[i] = -1;
		sheet_normalise(headers[i], h, sizeof(h));
		if (h[0] == '\0')
			continue;       /* an empty column Excel left: its values must be empty too */
		for (size_t k = 0; k < nknown; k++) {
			sheet_normalise(known[k], kh, sizeof(kh));
			if (strcmp(h, kh) == 0)
				map[i] = (int)k;
		}
		if (map[i] < 0) {
			report(fn, arg, headers[i], "未知列「%s」：%s的列为模板中的列名", h, title);
			problems++;
			continue;
		}
		for (size_t j = 0; j < i; j++)
			if (map[j] == map[i]) {
				report(fn, arg, known[map[i]], "列「%s」重复出现", known[map[i]]);
				problems++;
				map[i] = -1;
				break;
			}
	}
	for (size_t k = 0; k < nknown; k++) {
		bool present = false;

		if (optional && optional[k])
			continue;
		for (size_t i = 0; i < n; i++)
			present = present || map[i] == (int)k;
		if (!present) {
			report(fn, arg, known[k], "缺少必需的列「%s」", known[k]);
			problems++;
		}
	}
	return problems;
}
