/*
 * libFuzzer target of the text layer (src/util/text.c) every import goes
 * through: text_is_utf8, text_to_utf8 (UTF-8 as it is, else GB18030),
 * text_utf8_length and text_has_hidden_chars, each checked against an
 * independent reference:
 *  - text_is_utf8 agrees with a strict decoder written here (no overlong
 *    forms, surrogates, code points past U+10FFFF or NUL);
 *  - text_to_utf8 gives well-formed UTF-8 of the length it reports; UTF-8
 *    input (after a byte-order mark) comes back byte for byte, and anything
 *    else converts exactly when glibc's iconv converts it from GB18030 into
 *    a buffer large enough for any input;
 *  - text_has_hidden_chars is true for invalid UTF-8, for ASCII controls and
 *    the usual invisible format characters, false for printable ASCII.
 * A violation aborts, which the fuzzer reports.
 */
#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Length of the well-formed UTF-8 sequence at s[0..n) and its code point,
 * or 0 when there is none. */
static size_t
decode(const uint8_t *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2, c = s[0] & 0x1F, min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3, c = s[0] & 0x0F, min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static bool
ref_is_utf8(const uint8_t *s, size_t n)
{
	uint32_t cp;

	for (size_t i = 0, k; i < n; i += k)
		if ((k = decode(s + i, n - i, &cp)) == 0 || cp == 0)
			return false;
	return true;
}

/* A reference GB18030 conversion into a buffer of 4 bytes per input byte
 * (no character of GB18030 takes more in UTF-8); NULL when iconv refuses. */
static char *
ref_gb18030(const char *buf, size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = len * 4 + 16, inleft = len, outleft = cap;
	char *out, *in = (char *)buf, *o;

	if (cd == (iconv_t)-1)
		abort();
	out = malloc(cap + 1);
	if (out == NULL)
		abort();
	o = out;
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		free(out);
		iconv_close(cd);
		return NULL;
	}
	iconv_close(cd);
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

static void
check_to_utf8(const char *data, size_t size)
{
	struct wb_err err = { 0 };
	const char *in = data;
	size_t inlen = size, len = (size_t)-1, reflen = 0;
	char *out, *ref;

	out = text_to_utf8(data, size, &len, &err);
	if (memchr(data, '\0', size) != NULL) {
		if (out != NULL || err.msg[0] == '\0')
			abort();
		return;
	}
	if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		in += 3, inlen -= 3;
	if (ref_is_utf8((const uint8_t *)in, inlen)) {
		if (out == NULL || len != inlen || memcmp(out, in, inlen) != 0 || out[len] != '\0')
			abort();
		free(out);
		return;
	}
	ref = ref_gb18030(in, inlen, &reflen);
	if (ref == NULL) {
		if (out != NULL || err.msg[0] == '\0')
			abort();
		return;
	}
	/* what iconv converts, text_to_utf8 must accept, with the same text */
	if (out == NULL || len != reflen || memcmp(out, ref, len) != 0 || out[len] != '\0' ||
	    !text_is_utf8(out, len))
		abort();
	free(ref);
	free(out);
}

/* Invisible format characters (category Cf) and separators (Zl, Zp) that
 * text_has_hidden_chars must catch. */
static bool
is_known_hidden(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD ||
	       (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0x061C ||
	       (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0xE0020 && cp <= 0xE007F);
}

static void
check_string(const char *s)
{
	size_t n = strlen(s), chars = 0;
	bool valid = ref_is_utf8((const uint8_t *)s, n), hidden = text_has_hidden_chars(s);
	bool known = false, printable = true;
	uint32_t cp;

	if (text_is_utf8(s, n) != valid)
		abort();
	if (!valid) {
		if (!hidden)
			abort();
		(void)text_utf8_length(s);   /* stops at the first bad byte; must not crash */
		return;
	}
	for (size_t i = 0, k; i < n; i += k) {
		k = decode((const uint8_t *)s + i, n - i, &cp);
		known |= is_known_hidden(cp);
		printable &= cp >= 0x20 && cp < 0x7F;
		chars++;
	}
	if (text_utf8_length(s) != chars || (known && !hidden) || (printable && hidden))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	if (text_is_utf8((const char *)data, size) != ref_is_utf8(data, size))
		abort();
	check_to_utf8((const char *)data, size);
	/* the C-string functions see the input up to its first NUL */
	memcpy(s, data, size);
	s[size] = '\0';
	check_string(s);
	free(s);
	return 0;
}
