#include "core/mask.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*
 * Byte length of the character (grapheme cluster) starting at s[pos]; 0 at
 * the end of s, -1 when s is not valid UTF-8 there.  *state carries the
 * segmentation state from one call to the next (start it at 0).
 */
static long
char_len(const utf8proc_uint8_t *s, size_t len, size_t pos, utf8proc_int32_t *state)
{
	utf8proc_int32_t prev, cp;
	utf8proc_ssize_t k;
	size_t end;

	if (pos >= len)
		return 0;
	k = utf8proc_iterate(s + pos, (utf8proc_ssize_t)(len - pos), &prev);
	if (k <= 0)
		return -1;
	end = pos + (size_t)k;
	while (end < len) {
		k = utf8proc_iterate(s + end, (utf8proc_ssize_t)(len - end), &cp);
		if (k <= 0)
			return -1;
		if (utf8proc_grapheme_break_stateful(prev, cp, state))
			break;
		prev = cp;
		end += (size_t)k;
	}
	return (long)(end - pos);
}

/* Number of characters in s[0..len), or -1 when it is not valid UTF-8. */
static long
count_chars(const utf8proc_uint8_t *s, size_t len)
{
	utf8proc_int32_t state = 0;
	size_t pos = 0;
	long n = 0, k;

	while ((k = char_len(s, len, pos, &state)) > 0) {
		pos += (size_t)k;
		n++;
	}
	return k < 0 ? -1 : n;
}

struct outbuf {
	char *p;
	size_t cap, len;
	bool overflow;
};

static void
put(struct outbuf *o, const void *bytes, size_t n)
{
	if (o->overflow || o->cap - o->len <= n) {   /* keep room for the NUL */
		o->overflow = true;
		return;
	}
	memcpy(o->p + o->len, bytes, n);
	o->len += n;
}

bool
mask_text(enum mask_kind kind, const char *in, char *out, size_t outlen)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)in;
	struct outbuf o = { out, outlen, 0, false };
	utf8proc_int32_t state = 0;
	size_t len, pos = 0;
	long n, head, tail, k;
	bool tail_stars = false;

	if (out == NULL || outlen == 0)
		return false;
	out[0] = '\0';
	if (in == NULL || (unsigned)kind >= MASK__MAX)
		return false;
	len = strlen(in);
	if ((n = count_chars(s, len)) < 0)
		return false;

	/* Characters kept at the front (head) and back (tail); the rest are
	 * starred one for one, or replaced by a single "****" (tail_stars). */
	switch (kind) {
	case MASK_IDNUMBER:
		head = n >= 10 ? 6 : 0;
		tail = n >= 10 ? 4 : 0;
		break;
	case MASK_NAME:
		head = n >= 2 ? 1 : 0;
		tail = n >= 3 ? 1 : 0;
		break;
	case MASK_PHONE:
		head = n >= 8 ? 3 : 0;
		tail = n >= 8 ? 4 : 0;
		break;
	case MASK_ADDRESS:
	default:
		head = n > 6 ? 6 : n / 2;
		tail = 0;
		tail_stars = n > 0;
		break;
	}

	for (long i = 0; (k = char_len(s, len, pos, &state)) > 0; i++, pos += (size_t)k) {
		if (i < head || i >= n - tail)
			put(&o, s + pos, (size_t)k);
		else if (!tail_stars)
			put(&o, "*", 1);
	}
	if (tail_stars)
		put(&o, "****", 4);
	if (o.overflow) {
		out[0] = '\0';
		return false;
	}
	out[o.len] = '\0';
	return true;
}

char *
mask_dup(enum mask_kind kind, const char *in)
{
	size_t size;
	char *out;

	if (in == NULL)
		return NULL;
	size = MASK_OUT_SIZE(strlen(in));
	if ((out = malloc(size)) == NULL)
		return NULL;
	if (!mask_text(kind, in, out, size)) {
		free(out);
		return NULL;
	}
	return out;
}

bool
mask_idnumber(const char *in, char *out, size_t outlen)
{
	return mask_text(MASK_IDNUMBER, in, out, outlen);
}

bool
mask_name(const char *in, char *out, size_t outlen)
{
	return mask_text(MASK_NAME, in, out, outlen);
}

bool
mask_phone(const char *in, char *out, size_t outlen)
{
	return mask_text(MASK_PHONE, in, out, outlen);
}

bool
mask_address(const char *in, char *out, size_t outlen)
{
	return mask_text(MASK_ADDRESS, in, out, outlen);
}
