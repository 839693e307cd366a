/* Notice parser: NFKC normalisation, the result's arena, small text helpers. */
#include "core/notice_int.h"

#include <stdalign.h>
#include <stdlib.h>
#include <utf8proc.h>

/* ---- arena ---------------------------------------------------------------- */

struct notice_chunk {
	struct notice_chunk *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

#define CHUNK_SIZE (64u * 1024u)

void *
mem_alloc(struct notice_mem *m, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct notice_chunk *c = m->chunks;
	size_t need = (n + align - 1) & ~(align - 1);
	void *p;

	if (need < n) {
		m->nomem = true;
		return NULL;
	}
	if (c == NULL || c->cap - c->used < need) {
		size_t cap = need > CHUNK_SIZE / 4 ? need : CHUNK_SIZE;
		struct notice_chunk *nc = malloc(sizeof(*nc) + cap);

		if (nc == NULL) {
			m->nomem = true;
			return NULL;
		}
		nc->used = 0;
		nc->cap = cap;
		if (c != NULL && cap != CHUNK_SIZE) {
			/* a big block: keep filling the current chunk afterwards */
			nc->next = c->next;
			c->next = nc;
		} else {
			nc->next = c;
			m->chunks = nc;
		}
		c = nc;
	}
	p = c->data + c->used;
	c->used += need;
	return p;
}

char *
mem_strndup(struct notice_mem *m, const char *s, size_t n)
{
	char *p = mem_alloc(m, n + 1);

	if (p == NULL)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
mem_collapse(struct notice_mem *m, const char *s, size_t n)
{
	size_t a = 0, b = n, o = 0, i;
	char *p;

	while (a < b && is_space((unsigned char)s[a]))
		a++;
	while (b > a && is_space((unsigned char)s[b - 1]))
		b--;
	p = mem_alloc(m, b - a + 1);
	if (p == NULL)
		return NULL;
	for (i = a; i < b;) {
		size_t j = i, k;
		bool newline = false;

		/* copy up to the next space or control character */
		while (j < b && (unsigned char)s[j] > ' ')
			j++;
		memcpy(p + o, s + i, j - i);
		o += j - i;
		if (j == b)
			break;
		if (!is_space((unsigned char)s[j])) {
			p[o++] = s[j];
			i = j + 1;
			continue;
		}
		for (k = j; k < b && is_space((unsigned char)s[k]); k++)
			newline |= s[k] == '\n' || s[k] == '\r';
		/* j > a and k < b: a run inside the text, between two characters */
		if (!(newline && (unsigned char)s[j - 1] >= 0x80 && (unsigned char)s[k] >= 0x80))
			p[o++] = ' ';
		i = k;
	}
	p[o] = '\0';
	return p;
}

char *
collapse_inplace(char *s, size_t n)
{
	size_t a = 0, b = n, o = 0, i;

	while (a < b && is_space((unsigned char)s[a]))
		a++;
	while (b > a && is_space((unsigned char)s[b - 1]))
		b--;
	for (i = a; i < b;) {
		size_t j = i, k;
		bool newline = false;

		while (j < b && (unsigned char)s[j] > ' ')
			j++;
		if (o != i)
			memmove(s + o, s + i, j - i);
		o += j - i;
		if (j == b)
			break;
		if (!is_space((unsigned char)s[j])) {
			s[o++] = s[j];
			i = j + 1;
			continue;
		}
		for (k = j; k < b && is_space((unsigned char)s[k]); k++)
			newline |= s[k] == '\n' || s[k] == '\r';
		if (!(newline && (unsigned char)s[j - 1] >= 0x80 && (unsigned char)s[k] >= 0x80))
			s[o++] = ' ';
		i = k;
	}
	s[o] = '\0';
	return s;
}

void
mem_free(struct notice_mem *m)
{
	struct notice_chunk *c = m->chunks, *next;

	for (; c; c = next) {
		next = c->next;
		free(c);
	}
	m->chunks = NULL;
	free(m->text);
	m->text = NULL;
}

/* ---- helpers -------------------------------------------------------------- */

size_t
find_lit(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit), i = 0;

	if (k == 0 || k > n)
		return n;
	while (i + k <= n) {
		const char *p = memchr(s + i, lit[0], n - k + 1 - i);
		if (p == NULL)
			return n;
		i = (size_t)(p - s);
		if (memcmp(p + 1, lit + 1, k - 1) == 0)
			return i;
		i++;
	}
	return n;
}

/* Value 0–9 of a Chinese digit, 10/100/1000 for 十百千, or -1. */
static int
cjk_digit(uint32_t cp)
{
	switch (cp) {
	case 0x3007: case 0x96F6: return 0;   /* 〇 零 */
	case 0x4E00: return 1;                /* 一 */
	case 0x4E8C: return 2;                /* 二 */
	case 0x4E09: return 3;                /* 三 */
	case 0x56DB: return 4;                /* 四 */
	case 0x4E94: return 5;                /* 五 */
	case 0x516D: return 6;                /* 六 */
	case 0x4E03: return 7;                /* 七 */
	case 0x516B: return 8;                /* 八 */
	case 0x4E5D: return 9;                /* 九 */
	case 0x5341: return 10;               /* 十 */
	case 0x767E: return 100;              /* 百 */
	case 0x5343: return 1000;             /* 千 */
	default: return -1;
	}
}

int
cjk_numeral(const char *s, size_t n, size_t *used)
{
	int vals[8], nv = 0, total = 0, cur = 0, last_unit = 100000;
	bool units = false, have = false;
	size_t i = 0;

	while (i + 3 <= n && nv < 8 && (unsigned char)s[i] >= 0xE0) {
		int v = cjk_digit(u8_cp(s + i));
		if (v < 0)
			break;
		vals[nv++] = v;
		units |= v >= 10;
		i += 3;
	}
	if (nv == 0)
		return -1;
	*used = i;
	if (!units) {
		/* 三 or, positionally, 二〇二二 */
		for (int k = 0; k < nv; k++)
			total = total * 10 + vals[k];
		return total;
	}
	for (int k = 0; k < nv; k++) {
		int v = vals[k];
		if (v < 10) {
			if (have && cur != 0)
				return -1;    /* 二三十 */
			cur = v;
			have = true;
			continue;
		}
		if (v >= last_unit)
			return -1;            /* 十百, 十十 */
		last_unit = v;
		total += (have ? cur : 1) * v;
		cur = 0;
		have = false;
	}
	return total + cur;
}

/* ---- NFKC ----------------------------------------------------------------- */

/*
 * Decodes one strictly valid UTF-8 character at s[0..n): returns its length
 * and sets *cp, or returns 0 (overlong, surrogate, truncated, > U+10FFFF).
 */
static size_t
decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		if (n < 2 || (s[1] & 0xC0) != 0x80)
			return 0;
		*cp = (uint32_t)(c & 0x1F) << 6 | (s[1] & 0x3F);
		return 2;
	}
	if (c < 0xF0) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		*cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		if (*cp < 0x800 || (*cp >= 0xD800 && *cp <= 0xDFFF))
			return 0;
		return 3;
	}
	if (c > 0xF4 || n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
	    (s[3] & 0xC0) != 0x80)
		return 0;
	*cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
	      (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
	if (*cp < 0x10000 || *cp > 0x10FFFF)
		return 0;
	return 4;
}

/*
 * Characters NFKC leaves as they are and that never combine with the
 * character before them: a run of other characters can be normalised on its
 * own, up to (not including) the next of these.
 */
static inline bool
stable(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x3001 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3011) ||
	       (cp >= 0x3014 && cp <= 0x301B) || (cp >= 0x2013 && cp <= 0x2014) ||
	       (cp >= 0x2018 && cp <= 0x201D) || cp == 0x00B7;
}

bool
notice_is_utf8(const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		/* eight ASCII bytes, none of them NUL, at a time */
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ull) == 0 &&
			    ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) == 0) {
				i += 8;
				continue;
			}
		}
		if (s[i] == 0)
			return false;
		size_t k = decode(s + i, n - i, &cp);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

struct outbuf {
	char *p;
	size_t n, cap;
};

static bool
out_reserve(struct outbuf *o, size_t more)
{
	if (o->cap - o->n >= more)
		return true;
	size_t cap = o->cap * 2 > o->n + more ? o->cap * 2 : o->n + more + 64;
	char *p = realloc(o->p, cap);
	if (p == NULL)
		return false;
	o->p = p;
	o->cap = cap;
	return true;
}

/* Appends the NFKC form of s[0..n) using utf8proc; *buf is a reusable code
 * point buffer of *cap entries.  False when out of memory. */
static bool
nfkc_segment(struct outbuf *o, const char *s, size_t n, utf8proc_int32_t **buf, size_t *cap)
{
	const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
	utf8proc_ssize_t k;

	for (;;) {
		k = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, *buf,
				       (utf8proc_ssize_t)*cap, opt);
		if (k < 0)
			return false;
		if ((size_t)k < *cap)
			break;
		utf8proc_int32_t *nb = realloc(*buf, ((size_t)k + 16) * sizeof(**buf));
		if (nb == NULL)
			return false;
		*buf = nb;
		*cap = (size_t)k + 16;
	}
	k = utf8proc_reencode(*buf, k, opt);
	if (k < 0 || !out_reserve(o, (size_t)k))
		return false;
	memcpy(o->p + o->n, *buf, (size_t)k);
	o->n += (size_t)k;
	return true;
}

char *
notice_nfkc(const char *src, size_t n, size_t *outlen, struct wb_err *err)
{
	const unsigned char *s = (const unsigned char *)src;
	struct outbuf o = { NULL, 0, 0 };
	utf8proc_int32_t *cps = NULL;
	size_t ncps = 0, i = 0;
	/* the previous character, which a combining mark after it may join:
	 * its offset in s (SIZE_MAX: none) and in the output */
	size_t prev_in = SIZE_MAX, prev_out = 0;

	o.cap = n + n / 8 + 64;
	if ((o.p = malloc(o.cap)) == NULL)
		goto nomem;
	while (i < n) {
		uint32_t cp;
		size_t k;

		/* the common case: a run of ASCII (no NUL) and CJK ideographs
		 * U+4E00–U+9FFF (E4 B8 80 – E9 BF BF), which NFKC keeps */
		size_t j = i, last = i;
		for (;;) {
			if (j + 3 < n) {
				/* a CJK ideograph: E4 B8..BF xx or E5..E9 xx xx */
				uint32_t w = (uint32_t)s[j] | (uint32_t)s[j + 1] << 8 |
					     (uint32_t)s[j + 2] << 16;
				uint32_t b0 = w & 0xFF;
				if ((w & 0xC0C000u) == 0x808000u &&
				    (b0 - 0xE5u <= 4u || (b0 == 0xE4u && (w & 0xFF00u) >= 0xB800u))) {
					last = j;
					j += 3;
					continue;
				}
				if (b0 - 1u < 0x7Fu) {
					last = j++;
					continue;
				}
			}
			if (j < n && s[j] != 0 && s[j] < 0x80) {
				last = j++;
			} else if (j + 2 < n && s[j] >= 0xE4 && s[j] <= 0xE9 &&
				   (s[j] != 0xE4 || s[j + 1] >= 0xB8) && (s[j + 1] & 0xC0) == 0x80 &&
				   (s[j + 2] & 0xC0) == 0x80) {
				last = j;
				j += 3;
			} else if (j + 2 < n && (s[j] == 0xE3 || s[j] == 0xE2) && s[j + 1] == 0x80 &&
				   stable((uint32_t)(s[j] & 0x0F) << 12 | (s[j + 2] & 0x3Fu)) &&
				   (s[j + 2] & 0xC0) == 0x80) {
				/* 、。《》【】〔〕“” — U+2000–U+203F, U+3000–U+303F */
				last = j;
				j += 3;
			} else {
				break;
			}
		}
		if (j > i) {
			if (!out_reserve(&o, j - i))
				goto nomem;
			memcpy(o.p + o.n, s + i, j - i);
			prev_in = last;
			prev_out = o.n + (last - i);
			o.n += j - i;
			i = j;
			continue;
		}
		if (s[i] == 0) {
			wb_err_set(err, WB_ERR_INVALID, "the text holds a NUL byte (binary data)");
			goto fail;
		}
		k = decode(s + i, n - i, &cp);
		if (k == 0) {
			wb_err_set(err, WB_ERR_INVALID, "the text is not valid UTF-8 (byte %zu)", i);
			goto fail;
		}
		if (!out_reserve(&o, 4))
			goto nomem;
		if (cp < 0x80 || stable(cp)) {
			prev_in = i;
			prev_out = o.n;
			memcpy(o.p + o.n, s + i, k);
			o.n += k;
		} else if (cp >= 0xFF01 && cp <= 0xFF5E) {
			prev_in = i;
			prev_out = o.n;
			o.p[o.n++] = (char)(cp - 0xFEE0);   /* full-width ASCII */
		} else if (cp == 0x3000) {
			prev_in = i;
			prev_out = o.n;
			o.p[o.n++] = ' ';                   /* ideographic space */
		} else if (cp == 0xFEFF || cp == 0x200B) {
			prev_in = SIZE_MAX;                 /* BOM, zero-width space: dropped */
		} else {
			/* a run of other characters, from the one before it to the
			 * next stable one, normalised by utf8proc */
			size_t a = prev_in != SIZE_MAX ? prev_in : i;

			j = i + k;

			while (j < n) {
				uint32_t c2;
				size_t k2 = decode(s + j, n - j, &c2);
				if (k2 == 0) {
					wb_err_set(err, WB_ERR_INVALID,
						   "the text is not valid UTF-8 (byte %zu)", j);
					goto fail;
				}
				if (c2 < 0x80 || stable(c2) || (c2 >= 0xFF01 && c2 <= 0xFF5E) ||
				    c2 == 0x3000 || c2 == 0xFEFF || c2 == 0x200B)
					break;
				j += k2;
			}
			if (prev_in != SIZE_MAX)
				o.n = prev_out;
			if (!nfkc_segment(&o, src + a, j - a, &cps, &ncps))
				goto nomem;
			prev_in = SIZE_MAX;
			i = j;
			continue;
		}
		i += k;
	}
	free(cps);
	if (!out_reserve(&o, 1))
		goto nomem;
	o.p[o.n] = '\0';
	*outlen = o.n;
	return o.p;
nomem:
	wb_err_set(err, WB_ERR_NOMEM, "out of memory");
fail:
	free(cps);
	free(o.p);
	return NULL;
}
