#include "core/check_block.h"

#include <string.h>

#include "core/check.h"

const char *
check_code_text(enum check_code c)
{
	switch (c) {
	case CHECK_CODE_NONE:
		return CHECK_NONE;
	case CHECK_CODE_HIT:
		return CHECK_HIT;
	case CHECK_CODE_INVALID:
		return CHECK_INVALID;
	default:
		return NULL;
	}
}

enum check_code
check_code_of(const char *text)
{
	for (int c = 0; c < CHECK_CODE__MAX; c++)
		if (text && strcmp(text, check_code_text((enum check_code)c)) == 0)
			return (enum check_code)c;
	return CHECK_CODE__MAX;
}

/* Writes v at out + *at (room checked by the caller's bound); moves *at. */
static void
put_varint(unsigned char *out, size_t *at, uint64_t v)
{
	while (v >= 0x80) {
		out[(*at)++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	out[(*at)++] = (unsigned char)v;
}

/* Reads a varint at p + *at (before len) into *v; false when cut short or
 * longer than 64 bits. */
static int
get_varint(const unsigned char *p, size_t len, size_t *at, uint64_t *v)
{
	uint64_t x = 0;

	for (int shift = 0; shift < 64 && *at < len; shift += 7) {
		unsigned char b = p[(*at)++];
		x |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*v = x;
			return 1;
		}
	}
	return 0;
}

size_t
check_block_encode(const struct check_block_entry *e, size_t n, unsigned char *out, size_t cap)
{
	int64_t row = 0, staff = 0;
	size_t at = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t d;

		if (e[i].row_no <= row || (unsigned)e[i].code >= CHECK_CODE__MAX || cap - at < 20)
			return 0;
		put_varint(out, &at, (uint64_t)(e[i].row_no - row) << 2 | (uint64_t)e[i].code);
		row = e[i].row_no;
		if (e[i].code == CHECK_CODE_INVALID)
			continue;
		d = (uint64_t)e[i].staff_id - (uint64_t)staff;   /* wraps; zigzag below */
		put_varint(out, &at, (d << 1) ^ (uint64_t)((int64_t)d >> 63));
		staff = e[i].staff_id;
	}
	return at;
}

size_t
check_block_decode(const unsigned char *p, size_t len, struct check_block_entry *out, size_t cap)
{
	int64_t row = 0, staff = 0;
	size_t at = 0, n = 0;

	while (at < len) {
		uint64_t v, z;

		if (n == cap || !get_varint(p, len, &at, &v) || (v >> 2) == 0 ||
		    (v & 3) >= CHECK_CODE__MAX)
			return (size_t)-1;
		row += (int64_t)(v >> 2);
		out[n].row_no = row;
		out[n].code = (enum check_code)(v & 3);
		out[n].staff_id = 0;
		if (out[n].code != CHECK_CODE_INVALID) {
			if (!get_varint(p, len, &at, &z))
				return (size_t)-1;
			staff = (int64_t)((uint64_t)staff + ((z >> 1) ^ (0 - (z & 1))));
			out[n].staff_id = staff;
		}
		n++;
	}
	return n;
}
