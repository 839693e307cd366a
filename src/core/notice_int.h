/* Internals shared by the notice parser's files (notice_*.c); not an API. */
#ifndef WB_CORE_NOTICE_INT_H
#define WB_CORE_NOTICE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/notice.h"

/* ---- storage of a result: a bump arena plus the result's growable arrays */

struct notice_chunk;

struct notice_mem {
	struct notice_chunk *chunks;
	char *text;                /* the normalised text item texts point into */
	bool nomem;                /* sticky: some allocation failed */
};

/* Returns n bytes (max-aligned) that live until mem_free(), or NULL (and
 * m->nomem set) when out of memory. */
void *mem_alloc(struct notice_mem *m, size_t n);
/* Copies s[0..n) into the arena, NUL-terminated; NULL when out of memory. */
char *mem_strndup(struct notice_mem *m, const char *s, size_t n);
/* Copies s[0..n) with every whitespace run collapsed to one space (or to
 * nothing when it holds a line break between two non-ASCII characters: a
 * hard-wrapped Chinese line) and the ends trimmed. */
char *mem_collapse(struct notice_mem *m, const char *s, size_t n);
/* mem_collapse() done in place: s[0..n) is rewritten and NUL-terminated
 * (at s[n] at the latest, which must be writable); returns s. */
char *collapse_inplace(char *s, size_t n);
/* Frees the arena and the text. */
void mem_free(struct notice_mem *m);

/* ---- UTF-8 on normalised (hence valid) text */

static inline size_t
u8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Code point at s (valid UTF-8, at least one byte before end). */
static inline uint32_t
u8_cp(const char *p)
{
	const unsigned char *s = (const unsigned char *)p;

	if (s[0] < 0x80)
		return s[0];
	if (s[0] < 0xE0)
		return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
	if (s[0] < 0xF0)
		return (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
	return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
	       (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

/* Offset of the character that ends just before offset i (i > 0). */
static inline size_t
u8_prev(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
	return i;
}

static inline bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static inline bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool
is_alpha(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* True when s[0..n) starts with lit (not empty).  The first two bytes are
 * compared before anything else: this runs at nearly every character. */
static inline bool
starts(const char *s, size_t n, const char *lit)
{
	size_t k;

	if (n == 0 || s[0] != lit[0])
		return false;
	if (lit[1] == '\0')
		return true;
	if (n == 1 || s[1] != lit[1])
		return false;
	k = strlen(lit);
	return n >= k && memcmp(s + 2, lit + 2, k - 2) == 0;
}

/* starts() and ends() for a literal of known length k. */
static inline bool
starts_n(const char *s, size_t n, const char *lit, size_t k)
{
	return n >= k && s[0] == lit[0] && memcmp(s, lit, k) == 0;
}

static inline bool
ends_n(const char *s, size_t n, const char *lit, size_t k)
{
	return n >= k && s[n - 1] == lit[k - 1] && memcmp(s + n - k, lit, k) == 0;
}

/* A string literal with its length, for tables. */
#define LIT(s) s, sizeof(s) - 1

/* True when s[0..n) ends with lit. */
static inline bool
ends(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && s[n - 1] == lit[k - 1] && memcmp(s + n - k, lit, k) == 0;
}

/* Offset of the first lit in s[0..n), or n. */
size_t find_lit(const char *s, size_t n, const char *lit);

/* Value of a Chinese numeral (一…九十九, 百, 千, 〇/零) at s[0..n) for
 * *used bytes, or -1 when s does not start with one. */
int cjk_numeral(const char *s, size_t n, size_t *used);

/* ---- normalisation (notice_text.c) */

/* Returns a malloc'd NFKC form of s[0..n) (the caller frees it), with BOMs
 * and zero-width spaces dropped; NULL for input that is not UTF-8 or holds
 * a NUL byte (err set), or when out of memory. */
char *notice_nfkc(const char *s, size_t n, size_t *outlen, struct wb_err *err);

/* ---- dictionary internals (notice_dict.c) */

/* Index of the unit written s[0..n) (see notice_dict_lookup), or -1. */
long dict_resolve(const struct notice_dict *d, const char *s, size_t n);
bool dict_is_member(const struct notice_dict *d, size_t i);

/* ---- the state of one parse (notice.c) */

struct piece {
	const char *s;             /* as written in the normalised text */
	size_t n;
	int role;                  /* enum role in notice_marker.c */
	long unit;                 /* dictionary index, -1 unknown, -2 各成员单位 */
};

struct parse {
	const struct notice_dict *dict;
	struct notice *n;
	struct notice_mem *mem;
	const char *t;             /* the normalised text */
	char *tw;                  /* the same, writable: item texts are collapsed in it */
	size_t len;
	bool all_lead;             /* the notice says every listed unit leads */
	size_t cap_warnings, cap_units;
	/* interned unit names: open addressing over n->units indices */
	size_t *intern;
	size_t intern_cap;
	size_t *seen;              /* per n->units entry: the last item naming it */
	size_t *dict_units;        /* per dictionary unit: its n->units index */
	/* scratch reused for every item */
	struct piece *pieces;
	size_t npieces, cap_pieces;
	struct notice_target *tscratch;
	size_t ntscratch, cap_tscratch;
	const char **uscratch;
	size_t cap_uscratch;
	size_t truncated;          /* warnings dropped */
	size_t target_bytes;       /* the texts of the targets so far */
	bool targets_off;          /* too many: no more are read */
};

/* Records a warning (printf-style message); sets nomem on failure. */
void parse_warn(struct parse *p, enum notice_warning_code code, size_t item, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Returns the index in n->units of unit name s[0..n) (whitespace
 * collapsed), adding it on first sight; SIZE_MAX when out of memory. */
size_t parse_intern(struct parse *p, const char *s, size_t n);
/* The same for dictionary unit u. */
size_t parse_dict_unit(struct parse *p, size_t u);

/* ---- markers (notice_marker.c) */

struct marker {
	size_t start, end;         /* the marker within the item span, brackets included */
	size_t cstart, cend;       /* its content (labels included) */
};

/* Finds the responsibility marker of the item span t[a..b); true when found. */
bool marker_find(struct parse *p, size_t a, size_t b, struct marker *m);

/* Reads the units of a marker into item (lead first); warns about unknown
 * units.  item_index is 1-based, for warnings.  False when out of memory. */
bool marker_units(struct parse *p, const struct marker *m, struct notice_item *item,
		  size_t item_index);

/* ---- targets (notice_target.c) */

/* Reads the quantitative targets of item->text into item->targets. */
bool targets_extract(struct parse *p, struct notice_item *item);

#endif
