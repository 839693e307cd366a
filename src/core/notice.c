/*
 * Notice parser: structure (sections and numbered items), the header, and
 * the result's memory.  Markers are in notice_marker.c, targets in
 * notice_target.c, normalisation in notice_text.c, the dictionary in
 * notice_dict.c.
 */
#include "core/notice_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_WARNINGS 1000
#define TITLE_SCAN (16u * 1024u)

/* ---- names ---------------------------------------------------------------- */

const char *
notice_op_name(enum notice_op op)
{
	static const char *const names[] = { "=", ">=", "<=", "range" };

	return (unsigned)op < 4 ? names[op] : "?";
}

const char *
notice_scope_name(enum notice_scope s)
{
	static const char *const names[] = { "county", "each_town", "each_village", "each_school" };

	return (unsigned)s < 4 ? names[s] : "?";
}

const char *
notice_warning_name(enum notice_warning_code c)
{
	static const char *const names[] = { "unknown_unit", "no_marker", "no_units", "numbering",
					     "no_year", "truncated", "too_many_targets" };

	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

/* ---- growable arrays of the result ---------------------------------------- */

/* Returns v with room for one more element (n of them, capacity *cap,
 * element size sz): v itself, or its reallocation (the caller stores it).
 * NULL when out of memory, v then still being valid. */
static void *
reserve(void *v, size_t n, size_t *cap, size_t sz)
{
	size_t c = *cap ? *cap * 2 : 16;
	void *nv;

	if (n < *cap)
		return v;
	if ((nv = realloc(v, c * sz)) != NULL)
		*cap = c;
	return nv;
}

/* Length of the longest prefix of s[0..n) that does not cut a character. */
static size_t
u8_clip(const char *s, size_t n)
{
	size_t k = n;

	while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
		k--;
	if (k == 0)
		return 0;
	return k - 1 + u8_len((unsigned char)s[k - 1]) <= n ? n : k - 1;
}

void
parse_warn(struct parse *p, enum notice_warning_code code, size_t item, const char *fmt, ...)
{
	struct notice *n = p->n;
	char buf[512];
	void *grown;
	va_list ap;
	int len;

	if (n->nwarnings >= MAX_WARNINGS) {
		p->truncated++;
		return;
	}
	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof(buf))
		len = (int)sizeof(buf) - 1;
	grown = reserve(n->warnings, n->nwarnings, &p->cap_warnings, sizeof(*n->warnings));
	if (grown == NULL) {
		p->mem->nomem = true;
		return;
	}
	n->warnings = grown;
	struct notice_warning *w = &n->warnings[n->nwarnings];
	w->code = code;
	w->item = item;
	w->message = mem_strndup(p->mem, buf, u8_clip(buf, (size_t)len));
	if (w->message != NULL)
		n->nwarnings++;
}

/* ---- interned unit names -------------------------------------------------- */

static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Adds name (arena) to n->units and the intern table; returns its index or SIZE_MAX. */
static size_t
intern_add(struct parse *p, const char *name, uint32_t h)
{
	struct notice *n = p->n;
	size_t oldcap = p->cap_units, slot;
	void *grown;

	if ((grown = reserve(n->units, n->nunits, &p->cap_units, sizeof(*n->units))) == NULL)
		return SIZE_MAX;
	n->units = grown;
	if (p->cap_units != oldcap) {
		size_t *seen = realloc(p->seen, p->cap_units * sizeof(*seen));
		if (seen == NULL)
			return SIZE_MAX;
		memset(seen + oldcap, 0, (p->cap_units - oldcap) * sizeof(*seen));
		p->seen = seen;
	}
	if ((n->nunits + 1) * 2 > p->intern_cap) {
		size_t cap = p->intern_cap ? p->intern_cap * 2 : 64;
		size_t *tab = malloc(cap * sizeof(*tab));
		if (tab == NULL)
			return SIZE_MAX;
		for (size_t i = 0; i < cap; i++)
			tab[i] = SIZE_MAX;
		for (size_t u = 0; u < n->nunits; u++) {
			for (slot = hash_str(n->units[u]) & (cap - 1); tab[slot] != SIZE_MAX;
			     slot = (slot + 1) & (cap - 1))
				;
			tab[slot] = u;
		}
		free(p->intern);
		p->intern = tab;
		p->intern_cap = cap;
	}
	for (slot = h & (p->intern_cap - 1); p->intern[slot] != SIZE_MAX;
	     slot = (slot + 1) & (p->intern_cap - 1))
		;
	p->intern[slot] = n->nunits;
	n->units[n->nunits] = name;
	return n->nunits++;
}

static size_t
intern_find(const struct parse *p, const char *name, uint32_t h)
{
	if (p->intern_cap == 0)
		return SIZE_MAX;
	for (size_t slot = h & (p->intern_cap - 1); p->intern[slot] != SIZE_MAX;
	     slot = (slot + 1) & (p->intern_cap - 1))
		if (strcmp(p->n->units[p->intern[slot]], name) == 0)
			return p->intern[slot];
	return SIZE_MAX;
}

size_t
parse_intern(struct parse *p, const char *s, size_t n)
{
	char *name = mem_collapse(p->mem, s, n);
	uint32_t h;
	size_t u;

	if (name == NULL)
		return SIZE_MAX;
	h = hash_str(name);
	if ((u = intern_find(p, name, h)) != SIZE_MAX)
		return u;
	u = intern_add(p, name, h);
	if (u == SIZE_MAX)
		p->mem->nomem = true;
	return u;
}

size_t
parse_dict_unit(struct parse *p, size_t u)
{
	if (p->dict_units[u] == SIZE_MAX) {
		const char *name = notice_dict_name(p->dict, u);
		p->dict_units[u] = parse_intern(p, name, strlen(name));
	}
	return p->dict_units[u];
}

/* ---- numbering ------------------------------------------------------------ */

enum shape { SHAPE_ARABIC, SHAPE_PAREN, SHAPE_SHI, SHAPE_DUN, NSHAPES };

/* What precedes a candidate number. */
enum strength {
	PREV_NONE,     /* a digit, letter, '.', 第: not a number's start */
	PREV_WEAK,     /* another character */
	PREV_COMMA,    /* ',' (一是 may follow it) */
	PREV_BOUND,    /* space, ; : ! ? | */
	PREV_STRONG    /* start of text, line start, after 。 ) 】 */
};

struct cand {
	size_t pos;                /* where the number starts */
	size_t body;               /* the first byte after it (and its 、 . 是 )) */
	int num;
	unsigned char shape;
	unsigned char strength;
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

static bool
push_cand(struct cands *c, size_t pos, size_t body, int num, enum shape shape,
	  enum strength strength)
{
	void *grown;

	if ((grown = reserve(c->v, c->n, &c->cap, sizeof(*c->v))) == NULL)
		return false;
	c->v = grown;
	c->v[c->n++] = (struct cand){ pos, body, num, (unsigned char)shape, (unsigned char)strength };
	return true;
}

/* The class of the character at t[i] as a predecessor of a number, given
 * the class before it (for spaces, which keep a strong predecessor). */
static enum strength
prev_class(const char *t, size_t n, size_t i, enum strength before)
{
	unsigned char c = (unsigned char)t[i];

	if (c == '\n' || c == '\r')
		return PREV_STRONG;
	if (c == ' ' || c == '\t')
		return before == PREV_STRONG ? PREV_STRONG : PREV_BOUND;
	if (c < 0x80) {
		if (c == ')' || c == ']')
			return PREV_STRONG;
		if (c == ';' || c == ':' || c == '!' || c == '?' || c == '|')
			return PREV_BOUND;
		if (c == ',')
			return PREV_COMMA;
		if (is_digit(c) || is_alpha(c) || c == '.' || c == '-' || c == '/')
			return PREV_NONE;
		return PREV_WEAK;
	}
	if (c == 0xE3 && n - i >= 3) {
		if (starts_n(t + i, 3, "。", 3) || starts_n(t + i, 3, "】", 3))
			return PREV_STRONG;
		if (starts_n(t + i, 3, "〔", 3))
			return PREV_NONE;
	} else if (c == 0xE7 && starts_n(t + i, n - i, "第", 3)) {
		return PREV_NONE;
	}
	return PREV_WEAK;
}

/* Finds every possible item or section number in the text. */
static bool
scan_candidates(const char *t, size_t n, struct cands *c)
{
	enum strength prev = PREV_STRONG;
	size_t i = 0;

	while (i < n) {
		unsigned char ch = (unsigned char)t[i];

		if (is_digit(ch)) {
			size_t j = i;
			int v = 0;
			while (j < n && is_digit((unsigned char)t[j]) && j - i < 5)
				v = v * 10 + (t[j++] - '0');
			if (prev != PREV_NONE && v > 0 && j < n && !is_digit((unsigned char)t[j])) {
				/* 1. or 1、 — but not 2.5 */
				if (t[j] == '.' && (j + 1 >= n || !is_digit((unsigned char)t[j + 1]))) {
					if (!push_cand(c, i, j + 1, v, SHAPE_ARABIC, prev))
						return false;
				} else if (prev >= PREV_BOUND && starts(t + j, n - j, "、")) {
					/* 1、 starts a line or follows punctuation: 单位2、单位3 is a list */
					if (!push_cand(c, i, j + 3, v, SHAPE_ARABIC, prev))
						return false;
				}
			}
			while (j < n && is_digit((unsigned char)t[j]))
				j++;
			prev = PREV_NONE;
			i = j;
			continue;
		}
		if (ch == '(' && prev != PREV_NONE) {
			size_t used;
			int v = cjk_numeral(t + i + 1, n - i - 1, &used);
			if (v > 0 && i + 1 + used < n && t[i + 1 + used] == ')' &&
			    !push_cand(c, i, i + 2 + used, v, SHAPE_PAREN, prev))
				return false;
		} else if (ch >= 0xE3 && ch <= 0xE9 && prev >= PREV_COMMA) {
			size_t used, j;
			int v = cjk_numeral(t + i, n - i, &used);
			j = i + used;
			if (v > 0 && prev >= PREV_BOUND && starts(t + j, n - j, "、")) {
				size_t u2;
				/* 一、二级 is not a heading */
				if (cjk_numeral(t + j + 3, n - j - 3, &u2) < 0 &&
				    !push_cand(c, i, j + 3, v, SHAPE_DUN, prev))
					return false;
			} else if (v > 0 && starts(t + j, n - j, "是")) {
				if (!push_cand(c, i, j + 3, v, SHAPE_SHI, prev))
					return false;
			}
		}
		prev = prev_class(t, n, i, prev);
		i += u8_len(ch);
		/* running Chinese text (U+4000–U+9FFF): no number can start
		 * in it, and only 第 changes what precedes the next one */
		if (prev <= PREV_WEAK && i + 2 < n && (unsigned char)t[i] >= 0xE4 &&
		    (unsigned char)t[i] <= 0xE9) {
			size_t last;
			do {
				last = i;
				i += 3;
			} while (i + 2 < n && (unsigned char)t[i] >= 0xE4 && (unsigned char)t[i] <= 0xE9);
			prev = starts_n(t + last, 3, "第", 3) ? PREV_NONE : PREV_WEAK;
		}
	}
	return true;
}

/* An accepted number: a section heading or an item. */
struct mark {
	size_t cand;
	bool section;
	bool gap;                  /* an item number was skipped before it */
	bool inner;                /* a sub-item (1. under (九)) */
	bool parent;               /* an item whose sub-items are the items: a heading */
};

struct marks {
	struct mark *v;
	size_t n, cap, nitems;
};

/* How the candidates are read: the items' shape, the shape of sub-items
 * under some of them (NSHAPES: none), and whether the numbering may start
 * mid-way (an excerpt: (八), 5.). */
struct reading {
	enum shape shape, inner;
	bool midway;
};

static bool
push_mark(struct marks *m, struct mark mk)
{
	void *grown;

	if ((grown = reserve(m->v, m->n, &m->cap, sizeof(*m->v))) == NULL)
		return false;
	m->v = grown;
	m->v[m->n++] = mk;
	return true;
}

/*
 * Reads the candidates as items of the given shape (with 一、 headings as
 * sections unless the items are 一、 themselves): numbers must follow each
 * other (1, 2, 3…, or restart at 1 after a heading); a number after a strong
 * break may skip one or two.  A weakly placed number (after a character)
 * only counts when it is exactly the next one.  Mid-way, the first heading
 * and the first item at a line start may have any number.  Sub-items of the
 * inner shape count from 1 under the item before them, each at a line start.
 */
static bool
select_shape(const struct cands *c, struct reading rd, struct marks *m)
{
	enum shape shape = rd.shape;
	bool sections = shape != SHAPE_DUN, since_heading = false;
	int next_item = 1, next_sec = 1, next_inner = 0;

	m->n = m->nitems = 0;
	for (size_t k = 0; k < c->n; k++) {
		const struct cand *cd = &c->v[k];
		bool ok = false, gap = false;

		if (sections && cd->shape == SHAPE_DUN) {
			if (cd->num == next_sec ||
			    (rd.midway && next_sec == 1 && m->nitems == 0 && cd->strength == PREV_STRONG)) {
				if (!push_mark(m, (struct mark){ k, true, false, false, false }))
					return false;
				next_sec = cd->num + 1;
				since_heading = true;
				next_inner = 0;
			}
			continue;
		}
		if (cd->shape == rd.inner && next_inner > 0) {
			if (cd->num != next_inner || cd->strength != PREV_STRONG)
				continue;
			if (!push_mark(m, (struct mark){ k, false, false, true, false }))
				return false;
			m->nitems++;
			next_inner++;
			continue;
		}
		if (cd->shape != shape)
			continue;
		if (cd->num == next_item)
			ok = cd->strength >= (shape == SHAPE_DUN  ? PREV_BOUND
					      : shape == SHAPE_SHI ? PREV_COMMA
								   : PREV_WEAK);
		else if (cd->num == 1 && next_item > 1 &&
			 (since_heading || (shape == SHAPE_SHI && cd->strength >= PREV_COMMA)))
			ok = true;
		else if (cd->strength == PREV_STRONG && m->nitems > 0 && cd->num > next_item &&
			 cd->num <= next_item + 2)
			ok = gap = true;
		else if (rd.midway && next_item == 1 && cd->strength == PREV_STRONG)
			ok = true;         /* an excerpt starting at (八) or 5. */
		if (!ok)
			continue;
		if (!push_mark(m, (struct mark){ k, false, gap, false, false }))
			return false;
		m->nitems++;
		next_item = cd->num + 1;
		next_inner = rd.inner != NSHAPES ? 1 : 0;
		since_heading = false;
	}
	return true;
}

static size_t before_blank_line(const char *t, size_t a, size_t b);

/* End of the span of mark k: the next mark, or the end of the text. */
static size_t
mark_end(const struct parse *p, const struct cands *c, const struct marks *m, size_t k)
{
	return k + 1 < m->n ? c->v[m->v[k + 1].cand].pos : p->len;
}

/*
 * Keeps the sub-items of a mixed reading only where they are the items: the
 * item above them says nothing of who is responsible (it is a heading, then
 * marked parent) and each sub-item names its own units.  Other sub-items are
 * dropped, their text staying with the item above.  False when out of memory.
 */
static bool
check_inner(struct parse *p, const struct cands *c, struct marks *m)
{
	struct marker mk;
	size_t o = 0;

	for (size_t k = 0; k < m->n;) {
		size_t e = k + 1;
		bool keep = true;

		if (m->v[k].section || m->v[k].inner || e >= m->n || !m->v[e].inner) {
			m->v[o++] = m->v[k++];
			continue;
		}
		while (e < m->n && m->v[e].inner)
			e++;
		/* k is an item with sub-items k+1 .. e-1 */
		if (marker_find(p, c->v[m->v[k].cand].body, c->v[m->v[k + 1].cand].pos, &mk))
			keep = false;
		for (size_t j = k + 1; j < e && keep; j++) {
			size_t end = mark_end(p, c, m, j);
			if (j + 1 == m->n)
				end = before_blank_line(p->t, c->v[m->v[j].cand].body, end);
			keep = marker_find(p, c->v[m->v[j].cand].body, end, &mk);
		}
		if (p->mem->nomem)
			return false;
		m->v[o] = m->v[k];
		m->v[o++].parent = keep;
		if (keep) {
			m->nitems--;       /* the heading is not an item */
			for (size_t j = k + 1; j < e; j++)
				m->v[o++] = m->v[j];
		} else {
			m->nitems -= e - k - 1;
		}
		k = e;
	}
	m->n = o;
	return true;
}

/* ---- header --------------------------------------------------------------- */

/* Reads a date at s[i..n): 2022-05-24, 2022.5.24, 2022/5/24, 2022年5月24日,
 * 二〇二二年五月二十四日.  Returns the offset after it, or 0. */
static size_t
read_date(const char *s, size_t n, size_t i, int *y, int *mo, int *d)
{
	int v[3] = { 0, 0, 0 };
	size_t j = i;
	bool cjk = false;

	for (int f = 0; f < 3; f++) {
		size_t start;
		while (j < n && s[j] == ' ')
			j++;
		start = j;
		if (j < n && is_digit((unsigned char)s[j])) {
			while (j < n && is_digit((unsigned char)s[j]) && j - start < 4)
				v[f] = v[f] * 10 + (s[j++] - '0');
			if (j < n && is_digit((unsigned char)s[j]))
				return 0;
		} else {
			size_t used;
			int x = cjk_numeral(s + j, n - j, &used);
			if (x < 0)
				return 0;
			v[f] = x;
			j += used;
			cjk = true;
		}
		if (f == 0 && j - start != (cjk ? 12 : 4))
			return 0;
		while (j < n && s[j] == ' ')
			j++;
		if (f == 0 && j < n && (s[j] == '-' || s[j] == '.' || s[j] == '/') && !cjk) {
			char sep = s[j];
			/* the same separator between month and day */
			j++;
			size_t m0 = j;
			while (j < n && is_digit((unsigned char)s[j]) && j - m0 < 2)
				v[1] = v[1] * 10 + (s[j++] - '0');
			if (j == m0 || j >= n || s[j] != sep)
				return 0;
			j++;
			size_t d0 = j;
			while (j < n && is_digit((unsigned char)s[j]) && j - d0 < 2)
				v[2] = v[2] * 10 + (s[j++] - '0');
			if (j == d0 || (j < n && is_digit((unsigned char)s[j])))
				return 0;
			break;
		}
		static const char *const words[] = { "年", "月", "日" };
		if (!starts(s + j, n - j, words[f]) && !(f == 2 && starts(s + j, n - j, "号")))
			return 0;
		j += 3;
	}
	if (v[0] < 1900 || v[0] > 2199 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return 0;
	*y = v[0];
	*mo = v[1];
	*d = v[2];
	return j;
}

static bool
is_sentence_punct(const char *s, size_t n, size_t i)
{
	char c = s[i];

	return is_space((unsigned char)c) || c == '|' || c == ':' || c == ',' || c == ';' ||
	       c == ')' || starts(s + i, n - i, "。") || starts(s + i, n - i, "》") ||
	       starts(s + i, n - i, "、");
}

/* The organisation name that ends just before s[i] (spaces skipped): a run
 * of characters up to a space or punctuation that ends like an
 * organisation.  Returns its start and sets *end, or SIZE_MAX. */
static size_t
org_before(const char *s, size_t n, size_t i, size_t *end)
{
	static const char *const tails[] = { "办公室", "委员会", "政府", "中心", "局", "委",
					     "部", "院", "会", "联", "办", "厅", "处", "室" };
	size_t b = i, a;

	while (b > 0 && is_space((unsigned char)s[b - 1]))
		b--;
	a = b;
	while (a > 0 && b - a < 120) {
		size_t p = u8_prev(s, a);
		if (is_sentence_punct(s, n, p))
			break;
		a = p;
	}
	if (a == b || b - a >= 120)
		return SIZE_MAX;
	for (size_t k = 0; k < sizeof(tails) / sizeof(tails[0]); k++)
		if (ends(s + a, b - a, tails[k])) {
			*end = b;
			return a;
		}
	return SIZE_MAX;
}

static void
set_date(struct notice *n, int y, int mo, int d)
{
	snprintf(n->date, sizeof(n->date), "%04d-%02d-%02d", y, mo, d);
}

/* 文号: prefix〔2022〕2号 (also [2022] and 【2022】). */
static bool
header_doc_number(struct parse *p, size_t hend)
{
	static const char *const br[][2] = { { "〔", "〕" }, { "[", "]" }, { "【", "】" } };
	const char *t = p->t;

	for (size_t i = 0; i < hend; i += u8_len((unsigned char)t[i])) {
		for (size_t k = 0; k < 3; k++) {
			size_t ol = strlen(br[k][0]), j = i + ol, a, y0;
			if (!starts(t + i, hend - i, br[k][0]))
				continue;
			for (y0 = j; j < hend && is_digit((unsigned char)t[j]) && j - y0 < 4; j++)
				;
			if (j - y0 != 4 || !starts(t + j, hend - j, br[k][1]))
				continue;
			size_t yend = j;
			j += strlen(br[k][1]);
			size_t n0 = j;
			while (j < hend && is_digit((unsigned char)t[j]) && j - n0 < 5)
				j++;
			if (j == n0 || !starts(t + j, hend - j, "号"))
				continue;
			/* the issuer's abbreviation before the bracket */
			for (a = i; a > 0 && i - a < 36;) {
				size_t q = u8_prev(t, a);
				if ((unsigned char)t[q] < 0x80 || is_sentence_punct(t, hend, q) ||
				    starts(t + q, hend - q, "《") || starts(t + q, hend - q, "“"))
					break;
				a = q;
			}
			if (a == i)
				continue;
			char buf[160];
			int len = snprintf(buf, sizeof(buf), "%.*s〔%.*s〕%.*s号", (int)(i - a), t + a,
					   (int)(yend - y0), t + y0, (int)(j - n0), t + n0);
			if (len > 0 && (size_t)len < sizeof(buf))
				p->n->doc_number = mem_strndup(p->mem, buf, (size_t)len);
			return true;
		}
	}
	return false;
}

/* Title: the line with 关于…的通知 (意见, 决定, 方案, 要点, 计划), else the
 * first short line. */
static void
header_title(struct parse *p, size_t hend)
{
	static const char *const firsts[] = { "的通知", "的意见", "的决定", "的函" };
	static const char *const lasts[] = { "通知", "要点", "方案", "计划", "意见", "决定" };
	const char *t = p->t;

	/* a title is at the top: look no further than 16 KiB */
	if (hend > TITLE_SCAN)
		hend = TITLE_SCAN;
	while (hend > 0 && ((unsigned char)t[hend] & 0xC0) == 0x80)
		hend--;
	for (size_t at = find_lit(t, hend, "关于"); at < hend;
	     at = at + 6 + find_lit(t + at + 6, hend - at - 6, "关于")) {
		size_t e = at, a = at, end = SIZE_MAX;
		while (e < hend && e - at < 400 && t[e] != '\n' && t[e] != '|' && t[e] != ':' &&
		       !starts(t + e, hend - e, "。"))
			e += u8_len((unsigned char)t[e]);
		for (size_t k = 0; k < sizeof(firsts) / sizeof(firsts[0]) && end == SIZE_MAX; k++) {
			size_t f = find_lit(t + at, e - at, firsts[k]);
			if (at + f < e)
				end = at + f + strlen(firsts[k]);
		}
		for (size_t k = 0; k < sizeof(lasts) / sizeof(lasts[0]) && end == SIZE_MAX; k++) {
			size_t f = find_lit(t + at, e - at, lasts[k]);
			if (at + f < e)
				end = at + f + strlen(lasts[k]);
		}
		if (end == SIZE_MAX)
			continue;
		/* the issuer may precede 关于 on the same line */
		while (a > 0 && at - a < 90) {
			size_t q = u8_prev(t, a);
			if (is_sentence_punct(t, hend, q))
				break;
			a = q;
		}
		p->n->title = mem_collapse(p->mem, t + a, end - a);
		return;
	}
	/* the first non-empty line, when short and not a label line */
	for (size_t i = 0; i < hend;) {
		size_t e = i;
		while (e < hend && t[e] != '\n')
			e++;
		size_t a = i, b = e;
		while (a < b && is_space((unsigned char)t[a]))
			a++;
		while (b > a && is_space((unsigned char)t[b - 1]))
			b--;
		if (a < b) {
			if (b - a <= 180 && memchr(t + a, '|', b - a) == NULL &&
			    memchr(t + a, ':', b - a) == NULL)
				p->n->title = mem_collapse(p->mem, t + a, b - a);
			return;
		}
		i = e + 1;
	}
}

/* Date and issuer: a 发文日期/成文日期 label, and the signature — an
 * organisation followed by a full date — in the header or after the items. */
static void
header_date_issuer(struct parse *p, size_t hend, size_t tail)
{
	static const char *const labels[] = { "发文日期", "成文日期", "印发日期" };
	static const char *const org_labels[] = { "发文机关", "发文单位", "发布机构" };
	const char *t = p->t;
	struct notice *n = p->n;
	int y, mo, d;

	for (size_t k = 0; k < 3 && !n->date[0]; k++) {
		size_t at = find_lit(t, hend, labels[k]), j;
		if (at >= hend)
			continue;
		for (j = at + strlen(labels[k]); j < hend && (t[j] == ':' || t[j] == '|' ||
							      is_space((unsigned char)t[j]));)
			j++;
		if (read_date(t, hend, j, &y, &mo, &d) > 0)
			set_date(n, y, mo, d);
	}
	/* the signature: the first in the header, else the last after the items */
	size_t ranges[2][2] = { { 0, hend }, { tail, p->len } };
	for (int r = 0; r < 2 && n->issuer == NULL; r++) {
		size_t found_a = SIZE_MAX, found_e = 0;
		int fy = 0, fm = 0, fd = 0;
		for (size_t i = ranges[r][0]; i < ranges[r][1]; i += u8_len((unsigned char)t[i])) {
			size_t e, a, oe;
			unsigned char c = (unsigned char)t[i];
			if (!is_digit(c) && c < 0xE3)
				continue;
			if (i > 0 && is_digit((unsigned char)t[i - 1]))
				continue;
			if ((e = read_date(t, ranges[r][1], i, &y, &mo, &d)) == 0 ||
			    !(starts(t + e - 3, 3, "日") || starts(t + e - 3, 3, "号")))
				continue;
			if ((a = org_before(t, p->len, i, &oe)) == SIZE_MAX) {
				i = e - 1;
				continue;
			}
			found_a = a;
			found_e = oe;
			fy = y, fm = mo, fd = d;
			if (r == 0)
				break;
			i = e - 1;
		}
		if (found_a != SIZE_MAX) {
			n->issuer = mem_collapse(p->mem, t + found_a, found_e - found_a);
			if (!n->date[0])
				set_date(n, fy, fm, fd);
		}
	}
	for (size_t k = 0; k < 3 && n->issuer == NULL; k++) {
		size_t at = find_lit(t, hend, org_labels[k]), j, e;
		if (at >= hend)
			continue;
		for (j = at + strlen(org_labels[k]); j < hend && (t[j] == ':' || t[j] == '|' ||
								  is_space((unsigned char)t[j]));)
			j++;
		for (e = j; e < hend && !is_sentence_punct(t, hend, e);)
			e += u8_len((unsigned char)t[e]);
		if (e > j)
			n->issuer = mem_collapse(p->mem, t + j, e - j);
	}
	/* any full date in the header */
	for (size_t i = 0; i < hend && !n->date[0]; i += u8_len((unsigned char)t[i]))
		if ((i == 0 || !is_digit((unsigned char)t[i - 1])) &&
		    (is_digit((unsigned char)t[i]) || (unsigned char)t[i] >= 0xE3) &&
		    read_date(t, hend, i, &y, &mo, &d) > 0)
			set_date(n, y, mo, d);
}

/* First 4-digit year (19xx/20xx/21xx) followed by 年 in s[0..n), or 0. */
static int
year_in(const char *s, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++) {
		if (!is_digit((unsigned char)s[i]) || (i > 0 && is_digit((unsigned char)s[i - 1])))
			continue;
		size_t j = i;
		int y = 0;
		while (j < n && is_digit((unsigned char)s[j]) && j - i < 5)
			y = y * 10 + (s[j++] - '0');
		if (j - i != 4 || y < 1900 || y > 2199)
			continue;
		while (j < n && s[j] == ' ')
			j++;
		if (starts(s + j, n - j, "年"))
			return y;
	}
	return 0;
}

static void
header_year(struct parse *p, size_t hend)
{
	struct notice *n = p->n;

	if (n->title)
		n->year = year_in(n->title, strlen(n->title));
	if (!n->year)
		n->year = year_in(p->t, hend);
	if (!n->year && n->doc_number) {
		const char *b = strstr(n->doc_number, "〔");
		if (b)
			n->year = atoi(b + 3);
	}
	if (!n->year && n->date[0])
		n->year = atoi(n->date);
	if (!n->year)
		parse_warn(p, NOTICE_W_NO_YEAR, 0, "the year of the plan could not be found");
}

/* ---- the parse ------------------------------------------------------------ */

/* End of the first blank line in t[a..b), or b. */
static size_t
before_blank_line(const char *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		if (t[i] != '\n')
			continue;
		size_t j = i + 1;
		while (j < b && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r'))
			j++;
		if (j < b && t[j] == '\n')
			return i;
	}
	return b;
}

/* A section title: to the end of the line, a sentence end, a space between
 * two Chinese characters, or the next number. */
static size_t
title_end(const char *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i += u8_len((unsigned char)t[i])) {
		if (t[i] == '\n' || t[i] == '\r' || starts(t + i, b - i, "。"))
			return i;
		if ((t[i] == ' ' || t[i] == '\t') && i > a && (unsigned char)t[i - 1] >= 0x80) {
			size_t j = i;
			while (j < b && (t[j] == ' ' || t[j] == '\t'))
				j++;
			if (j < b && (unsigned char)t[j] >= 0x80)
				return i;
		}
	}
	return b;
}

static bool
build(struct parse *p, const struct cands *c, const struct marks *m)
{
	struct notice *n = p->n;
	const char *t = p->t;
	size_t tail = p->len;
	int prev_num = 0;

	/* the numbers of sections and items are known: no reallocation */
	n->items = malloc((m->nitems ? m->nitems : 1) * sizeof(*n->items));
	n->sections = malloc((m->n - m->nitems + 1) * sizeof(*n->sections));
	if (n->items == NULL || n->sections == NULL)
		return false;

	for (size_t k = 0; k < m->n; k++) {
		const struct cand *cd = &c->v[m->v[k].cand];
		size_t end = k + 1 < m->n ? c->v[m->v[k + 1].cand].pos : p->len;

		if (m->v[k].parent)
			continue;          /* a heading over sub-items */
		if (m->v[k].section) {
			struct notice_section *s = &n->sections[n->nsections++];
			s->number = cd->num;
			s->title = mem_collapse(p->mem, t + cd->body, title_end(t, cd->body, end) - cd->body);
			continue;
		}
		struct notice_item *it = &n->items[n->nitems++];
		struct marker mk;
		memset(it, 0, sizeof(*it));
		it->number = cd->num;
		it->section = n->nsections;
		if (m->v[k].gap)
			parse_warn(p, NOTICE_W_NUMBERING, n->nitems, "item numbering skips from %d to %d",
				   prev_num, cd->num);
		prev_num = cd->num;
		if (k + 1 == m->n)
			end = before_blank_line(t, cd->body, end);
		/* the item's text is collapsed in place, after everything else
		 * read from its span: its NUL may land on the marker's bracket or
		 * the next number, which nothing reads again */
		if (marker_find(p, cd->body, end, &mk)) {
			it->marker = mem_collapse(p->mem, t + mk.start, mk.end - mk.start);
			if (!marker_units(p, &mk, it, n->nitems))
				return false;
			it->text = collapse_inplace(p->tw + cd->body, mk.start - cd->body);
			tail = mk.end;
		} else {
			if (p->mem->nomem)
				return false;
			it->text = collapse_inplace(p->tw + cd->body, end - cd->body);
			it->units = mem_alloc(p->mem, sizeof(*it->units));
			parse_warn(p, NOTICE_W_NO_MARKER, n->nitems,
				   "item %d has no responsibility marker (责任单位)", cd->num);
			tail = end;
		}
		if (it->text == NULL || !targets_extract(p, it))
			return false;

	}
	if (m->n > 0)
		header_date_issuer(p, c->v[m->v[0].cand].pos, tail);
	return !p->mem->nomem;
}

/* ---- tables flattened with | ------------------------------------------------ */

#define MAX_CELLS 16

struct cell {
	size_t a, b;               /* the cell's content, trimmed */
};

/* Splits the line t[a..b) at '|' into cells (trimmed; the empty cells
 * outside the bars of "| x | y |" dropped).  Returns their number, 0 for a
 * line without '|', MAX_CELLS + 1 for one with too many. */
static size_t
split_cells(const char *t, size_t a, size_t b, struct cell *cells)
{
	size_t n = 0, start = a;

	if (memchr(t + a, '|', b - a) == NULL)
		return 0;
	for (size_t i = a; i <= b; i++) {
		if (i < b && t[i] != '|')
			continue;
		size_t x = start, y = i;
		while (x < y && is_space((unsigned char)t[x]))
			x++;
		while (y > x && is_space((unsigned char)t[y - 1]))
			y--;
		if (n == MAX_CELLS)
			return MAX_CELLS + 1;
		cells[n++] = (struct cell){ x, y };
		start = i + 1;
	}
	while (a < b && is_space((unsigned char)t[a]))
		a++;
	while (b > a && is_space((unsigned char)t[b - 1]))
		b--;
	if (n > 1 && t[b - 1] == '|')
		n--;               /* "… |" */
	if (n > 1 && t[a] == '|') {
		memmove(cells, cells + 1, (n - 1) * sizeof(*cells));
		n--;               /* "| …" */
	}
	return n;
}

/* The number of an item in a 序号 cell t[a..b): 3, 3., 3、, (三), 三; or -1. */
static int
cell_number(const char *t, size_t a, size_t b)
{
	size_t used;
	int v = 0;
	bool paren = a < b && t[a] == '(';

	a += paren;
	if (a < b && is_digit((unsigned char)t[a])) {
		size_t d = a;
		while (a < b && is_digit((unsigned char)t[a]) && a - d < 5)
			v = v * 10 + (t[a++] - '0');
	} else if ((v = cjk_numeral(t + a, b - a, &used)) > 0) {
		a += used;
	} else {
		return -1;
	}
	if (paren && (a >= b || t[a++] != ')'))
		return -1;
	if (a < b && t[a] == '.')
		a++;
	else if (starts(t + a, b - a, "、"))
		a += 3;
	return a == b && v > 0 ? v : -1;
}

/* True when the header cell t[a..b) is one of the given labels, written
 * alone (责任单位, 责任单位(部门)). */
static bool
cell_is(const char *t, size_t a, size_t b, const char *const *labels, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (starts(t + a, b - a, labels[k]) && b - a <= strlen(labels[k]) + 12)
			return true;
	return false;
}

/* A table: its header line, its columns, and the lines of its rows. */
struct table {
	size_t head;               /* where the header line starts */
	size_t end;                /* the end of its last row */
	size_t ncols;
	long num, text, units;     /* column indices; num/text -1 when absent */
	size_t nitems, nsections;
};

/* The line of t[i..len): sets *e to its end (before '\n'). */
static size_t
line_end(const char *t, size_t len, size_t i)
{
	const char *nl = memchr(t + i, '\n', len - i);

	return nl ? (size_t)(nl - t) : len;
}

/* Finds the first header line naming a 责任单位 column and counts the rows
 * under it.  False when there is none. */
static bool
table_find(const struct parse *p, struct table *tb)
{
	static const char *const units[] = { "责任单位", "责任部门", "牵头单位", "牵头部门",
					     "责任主体" };
	static const char *const nums[] = { "序号", "编号" };
	static const char *const texts[] = { "工作内容", "工作任务", "任务内容", "重点任务",
					     "工作事项", "主要任务", "具体措施", "工作措施",
					     "内容", "任务", "事项", "措施" };
	const char *t = p->t;
	struct cell c[MAX_CELLS];
	size_t nc;

	memset(tb, 0, sizeof(*tb));
	for (size_t i = 0; i < p->len; i = line_end(t, p->len, i) + 1) {
		size_t e = line_end(t, p->len, i);
		if ((nc = split_cells(t, i, e, c)) < 2 || nc > MAX_CELLS)
			continue;
		tb->num = tb->text = tb->units = -1;
		for (size_t k = 0; k < nc; k++) {
			if (tb->units < 0 && cell_is(t, c[k].a, c[k].b, units, 5))
				tb->units = (long)k;
			else if (tb->num < 0 && cell_is(t, c[k].a, c[k].b, nums, 2))
				tb->num = (long)k;
			else if (tb->text < 0 && cell_is(t, c[k].a, c[k].b, texts, 12))
				tb->text = (long)k;
		}
		if (tb->units < 0)
			continue;
		tb->head = i;
		tb->ncols = nc;
		if (tb->num < 0)
			tb->num = 0;
		if (tb->text < 0)   /* the first other column */
			for (long k = 0; k < (long)nc && tb->text < 0; k++)
				if (k != tb->num && k != tb->units)
					tb->text = k;
		if (tb->num == tb->units || tb->text < 0)
			return false;
		for (size_t j = e + 1; j < p->len; j = line_end(t, p->len, j) + 1) {
			size_t e2 = line_end(t, p->len, j), used;
			nc = split_cells(t, j, e2, c);
			if (nc == 0 || nc > MAX_CELLS)
				continue;
			if ((size_t)tb->num < nc && cell_number(t, c[tb->num].a, c[tb->num].b) > 0) {
				tb->nitems++;
				tb->end = e2;
			} else if (cjk_numeral(t + c[0].a, c[0].b - c[0].a, &used) > 0 &&
				   starts(t + c[0].a + used, c[0].b - c[0].a - used, "、")) {
				tb->nsections++;
			}
			if (e2 == p->len)
				break;
		}
		return tb->nitems > 0;
	}
	return false;
}

/* Builds the items of the table: one per numbered row, its text from the
 * 工作内容 cell, its units from the 责任单位 cell; 一、 rows are sections. */
static bool
build_table(struct parse *p, const struct table *tb)
{
	struct notice *n = p->n;
	const char *t = p->t;
	struct cell c[MAX_CELLS];

	n->items = malloc(tb->nitems * sizeof(*n->items));
	n->sections = malloc((tb->nsections + 1) * sizeof(*n->sections));
	if (n->items == NULL || n->sections == NULL)
		return false;
	for (size_t j = line_end(t, p->len, tb->head) + 1; j < p->len && n->nitems < tb->nitems;
	     j = line_end(t, p->len, j) + 1) {
		size_t e = line_end(t, p->len, j), nc = split_cells(t, j, e, c), used;
		int num;
		if (nc == 0 || nc > MAX_CELLS)
			continue;
		if ((size_t)tb->num >= nc || (num = cell_number(t, c[tb->num].a, c[tb->num].b)) < 0) {
			int v = cjk_numeral(t + c[0].a, c[0].b - c[0].a, &used);
			if (v > 0 && starts(t + c[0].a + used, c[0].b - c[0].a - used, "、") &&
			    n->nsections < tb->nsections) {
				struct notice_section *s = &n->sections[n->nsections++];
				s->number = v;
				s->title = mem_collapse(p->mem, t + c[0].a + used + 3,
							c[0].b - c[0].a - used - 3);
			}
			continue;
		}
		struct notice_item *it = &n->items[n->nitems++];
		memset(it, 0, sizeof(*it));
		it->number = num;
		it->section = n->nsections;
		it->text = (size_t)tb->text < nc ? mem_collapse(p->mem, t + c[tb->text].a,
								c[tb->text].b - c[tb->text].a)
						 : mem_strndup(p->mem, "", 0);
		if ((size_t)tb->units < nc && c[tb->units].b > c[tb->units].a) {
			struct marker mk = { c[tb->units].a, c[tb->units].b, c[tb->units].a,
					     c[tb->units].b };
			it->marker = mem_collapse(p->mem, t + mk.start, mk.end - mk.start);
			if (!marker_units(p, &mk, it, n->nitems))
				return false;
		} else {
			it->units = mem_alloc(p->mem, sizeof(*it->units));
			parse_warn(p, NOTICE_W_NO_MARKER, n->nitems,
				   "item %d has no responsibility marker (责任单位)", num);
		}
		if (it->text == NULL || !targets_extract(p, it))
			return false;
	}
	header_date_issuer(p, tb->head, tb->end);
	return !p->mem->nomem;
}

/* True when t[a..b) says that every listed unit leads, against the usual
 * convention (所列单位均为牵头单位, 列明的单位均为牵头单位). */
static bool
says_all_lead(const char *t, size_t a, size_t b)
{
	for (size_t at = a + find_lit(t + a, b - a, "均为牵头"); at < b;
	     at = at + 12 + find_lit(t + at + 12, b - at - 12, "均为牵头")) {
		size_t from = at > a + 30 ? at - 30 : a;
		while (from < at && ((unsigned char)t[from] & 0xC0) == 0x80)
			from++;
		if (find_lit(t + from, at - from, "单位") < at - from ||
		    find_lit(t + from, at - from, "部门") < at - from)
			return true;
	}
	return false;
}

enum wb_status
notice_parse(const char *text, size_t len, const struct notice_dict *dict, struct notice **out,
	     struct wb_err *err)
{
	struct parse p;
	struct cands c = { NULL, 0, 0 };
	struct marks best = { NULL, 0, 0, 0 }, cur = { NULL, 0, 0, 0 };
	struct table tb;
	enum wb_status rc = WB_ERR_NOMEM;
	struct notice *n;
	size_t i, nd = notice_dict_count(dict);
	char *t;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	t = notice_nfkc(text, len, &p.len, err);
	if (t == NULL)
		return err ? err->status : WB_ERR_INVALID;
	for (i = 0; i < p.len && is_space((unsigned char)t[i]); i++)
		;
	if (i == p.len) {
		free(t);
		return wb_err_set(err, WB_ERR_INVALID, "the text is empty");
	}
	n = calloc(1, sizeof(*n));
	p.mem = n ? calloc(1, sizeof(*p.mem)) : NULL;
	p.dict_units = malloc((nd ? nd : 1) * sizeof(*p.dict_units));
	if (n == NULL || p.mem == NULL || p.dict_units == NULL) {
		free(n);
		free(p.mem);
		goto out;
	}
	n->mem = p.mem;
	for (i = 0; i < nd; i++)
		p.dict_units[i] = SIZE_MAX;
	p.dict = dict;
	p.n = n;
	/* the notice keeps the normalised text: item texts point into it */
	p.t = p.tw = p.mem->text = t;
	t = NULL;

	if (!scan_candidates(p.t, p.len, &c))
		goto out;
	/* every reading; the one yielding the most items is taken, the
	 * simplest first on a tie (strict numbering before mid-way, one level
	 * before mixed ones) */
	static const struct reading readings[] = {
		{ SHAPE_ARABIC, NSHAPES, false }, { SHAPE_PAREN, NSHAPES, false },
		{ SHAPE_SHI, NSHAPES, false },    { SHAPE_DUN, NSHAPES, false },
		{ SHAPE_ARABIC, NSHAPES, true },  { SHAPE_PAREN, NSHAPES, true },
		{ SHAPE_DUN, NSHAPES, true },     { SHAPE_PAREN, SHAPE_ARABIC, false },
		{ SHAPE_DUN, SHAPE_PAREN, false }, { SHAPE_DUN, SHAPE_ARABIC, false },
		{ SHAPE_PAREN, SHAPE_ARABIC, true }, { SHAPE_DUN, SHAPE_PAREN, true },
		{ SHAPE_DUN, SHAPE_ARABIC, true },
	};
	for (size_t r = 0; r < sizeof(readings) / sizeof(readings[0]); r++) {
		if (!select_shape(&c, readings[r], &cur))
			goto out;
		if (cur.nitems <= best.nitems)
			continue;          /* sub-items only ever add items */
		if (readings[r].inner != NSHAPES && !check_inner(&p, &c, &cur))
			goto out;
		if (cur.nitems > best.nitems) {
			struct marks tmp = best;
			best = cur;
			cur = tmp;
		}
	}
	/* a table flattened with | (序号 | 工作内容 | 责任单位 | 完成时限) */
	if (table_find(&p, &tb) && tb.nitems >= best.nitems) {
		p.all_lead = says_all_lead(p.t, 0, tb.head) || says_all_lead(p.t, tb.end, p.len);
		header_doc_number(&p, tb.head);
		header_title(&p, tb.head);
		if (!build_table(&p, &tb))
			goto out;
		header_year(&p, tb.head);
		goto done;
	}
	if (best.nitems == 0) {
		rc = wb_err_set(err, WB_ERR_INVALID,
				"no numbered items found (1. / (一) / 一、 / 一是 followed by the task)");
		goto out;
	}
	/* the convention is stated before the items or after the last one */
	size_t hend = c.v[best.v[0].cand].pos, lastpos = c.v[best.v[best.n - 1].cand].pos;
	p.all_lead = says_all_lead(p.t, 0, hend) || says_all_lead(p.t, lastpos, p.len);
	header_doc_number(&p, hend);
	header_title(&p, hend);
	if (!build(&p, &c, &best))
		goto out;
	header_year(&p, hend);
done:
	if (p.truncated > 0) {
		n->nwarnings = MAX_WARNINGS - 1;
		parse_warn(&p, NOTICE_W_TRUNCATED, 0, "%zu more warnings were not kept",
			   p.truncated + 1);
	}
	if (p.mem->nomem)
		goto out;
	rc = WB_OK;
	*out = n;
	n = NULL;
out:
	if (rc == WB_ERR_NOMEM)
		wb_err_set(err, rc, "out of memory");
	if (n && p.n)
		notice_free(n);
	free(c.v);
	free(best.v);
	free(cur.v);
	free(p.intern);
	free(p.seen);
	free(p.dict_units);
	free(p.pieces);
	free(p.tscratch);
	free(p.uscratch);
	free(t);
	return rc;
}

void
notice_free(struct notice *n)
{
	if (n == NULL)
		return;
	free(n->sections);
	free(n->items);
	free(n->units);
	free(n->warnings);
	if (n->mem) {
		mem_free(n->mem);
		free(n->mem);
	}
	free(n);
}
