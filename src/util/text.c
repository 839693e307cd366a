#include "util/text.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

bool
text_is_utf8(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	size_t i = 0;

	while (i < n) {
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0 || cp == 0)
			return false;
		i += (size_t)k;
	}
	return true;
}

bool
text_has_hidden_chars(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	while (*p) {
		n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0)
			return true;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_CC:
		case UTF8PROC_CATEGORY_CF:
		case UTF8PROC_CATEGORY_ZL:
		case UTF8PROC_CATEGORY_ZP:
			return true;
		default:
			break;
		}
		p += n;
	}
	return false;
}

bool
text_is_blank(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	while (*p) {
		n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0)
			return false;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_CC:
		case UTF8PROC_CATEGORY_CF:
		case UTF8PROC_CATEGORY_ZS:
		case UTF8PROC_CATEGORY_ZL:
		case UTF8PROC_CATEGORY_ZP:
			break;
		default:
			return false;
		}
		p += n;
	}
	return true;
}

size_t
text_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size) {
		n = size - 1;
		/* back to the first byte of a character: a continuation byte is 10xxxxxx */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

size_t
text_utf8_scrub(char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	size_t w = 0;

	while (*p) {
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);

		if (k <= 0) {   /* not the start of a whole character: drop the byte */
			p++;
			continue;
		}
		memmove(s + w, p, (size_t)k);
		w += (size_t)k;
		p += k;
	}
	s[w] = '\0';
	return w;
}

size_t
text_utf8_length(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	size_t count = 0;

	while (*p) {
		utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
		if (k <= 0)
			break;
		p += k;
		count++;
	}
	return count;
}

/* Converts GB18030 to UTF-8; NULL when the input is not valid GB18030. */
static char *
from_gb18030(const char *buf, size_t len, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = len * 2 + 16, inleft = len, outleft = cap;
	char *out, *in = (char *)buf, *o;

	if (cd == (iconv_t)-1)
		return NULL;
	out = malloc(cap + 1);
	if (out == NULL) {
		iconv_close(cd);
		return NULL;
	}
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

char *
text_to_utf8(const char *buf, size_t len, size_t *outlen, struct wb_err *err)
{
	size_t n = 0;
	char *out;

	if (memchr(buf, '\0', len) != NULL) {
		wb_err_set(err, WB_ERR_INVALID, "the input is binary (it contains NUL bytes), not text");
		return NULL;
	}
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (text_is_utf8(buf, len)) {
		out = malloc(len + 1);
		if (out == NULL) {
			wb_err_set(err, WB_ERR_NOMEM, "out of memory");
			return NULL;
		}
		memcpy(out, buf, len);
		out[len] = '\0';
		n = len;
	} else {
		out = from_gb18030(buf, len, &n);
		if (out == NULL) {
			wb_err_set(err, WB_ERR_INVALID, "the input is neither UTF-8 nor GB18030 text");
			return NULL;
		}
	}
	if (outlen)
		*outlen = n;
	return out;
}

char *
text_read_file(const char *path, size_t max, size_t *len, struct wb_err *err)
{
	struct stat sb;
	char *buf = NULL;
	size_t n = 0;
	FILE *f;

	f = fopen(path, "rb");
	if (f == NULL) {
		wb_err_set(err, WB_ERR_IO, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		wb_err_set(err, WB_ERR_IO, "%s is not a regular file", path);
		goto out;
	}
	if ((size_t)sb.st_size > max) {
		wb_err_set(err, WB_ERR_INVALID, "%s is too large (%lld bytes; the limit is %zu)", path,
			   (long long)sb.st_size, max);
		goto out;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (buf == NULL) {
		wb_err_set(err, WB_ERR_NOMEM, "out of memory");
		goto out;
	}
	n = fread(buf, 1, (size_t)sb.st_size, f);
	if (ferror(f)) {
		wb_err_set(err, WB_ERR_IO, "cannot read %s: %s", path, strerror(errno));
		free(buf);
		buf = NULL;
		goto out;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
out:
	fclose(f);
	return buf;
}
