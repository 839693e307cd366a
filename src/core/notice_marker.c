/*
 * Notice parser: the responsibility marker that ends an item, and the units
 * it names (牵头/配合 roles, separators, 等, 各成员单位, brackets inside).
 */
#include "core/notice_int.h"

#include <stdlib.h>

enum role { ROLE_NONE, ROLE_RESP, ROLE_LEAD, ROLE_COOP };

static const struct label {
	const char *s;
	size_t len;
	enum role role;
} labels[] = {
	{ LIT("责任部门"), ROLE_RESP }, { LIT("责任单位"), ROLE_RESP }, { LIT("责任主体"), ROLE_RESP },
	{ LIT("责任处室"), ROLE_RESP }, { LIT("牵头单位"), ROLE_LEAD }, { LIT("牵头部门"), ROLE_LEAD },
	{ LIT("主办单位"), ROLE_LEAD }, { LIT("配合单位"), ROLE_COOP }, { LIT("配合部门"), ROLE_COOP },
	{ LIT("协办单位"), ROLE_COOP }, { LIT("参与单位"), ROLE_COOP }, { LIT("协同单位"), ROLE_COOP },
};

/* Role words written after the units: (A、B按照职责分工负责), (A牵头,B配合).
 * The first ones say plainly that the bracket assigns duties. */
static const struct suffix {
	const char *s;
	size_t len;
	enum role role;
	bool strong;
} suffixes[] = {
	{ LIT("按照职责分工负责"), ROLE_RESP, true }, { LIT("按职责分工负责"), ROLE_RESP, true },
	{ LIT("根据职责分工负责"), ROLE_RESP, true }, { LIT("按照各自职责负责"), ROLE_RESP, true },
	{ LIT("按照职责负责"), ROLE_RESP, true },     { LIT("按职责负责"), ROLE_RESP, true },
	{ LIT("分别负责"), ROLE_RESP, false },         { LIT("共同负责"), ROLE_RESP, false },
	{ LIT("具体负责"), ROLE_RESP, false },         { LIT("牵头负责"), ROLE_LEAD, false },
	{ LIT("共同牵头"), ROLE_LEAD, false },
	{ LIT("负责"), ROLE_RESP, false },             { LIT("牵头"), ROLE_LEAD, false },
	{ LIT("配合"), ROLE_COOP, false },             { LIT("协助"), ROLE_COOP, false },
	{ LIT("协同"), ROLE_COOP, false },             { LIT("参与"), ROLE_COOP, false },
};

/* Words after a list that do not name a unit: A、B等, A等部门. */
static const struct etc {
	const char *s;
	size_t len;
} etc_words[] = {
	{ LIT("等相关部门") }, { LIT("等相关单位") }, { LIT("等有关部门") },
	{ LIT("等有关单位") }, { LIT("等部门") },     { LIT("等单位") },
	{ LIT("等") },
};

#define NLABELS (sizeof(labels) / sizeof(labels[0]))
#define NSUFFIXES (sizeof(suffixes) / sizeof(suffixes[0]))
#define NETC (sizeof(etc_words) / sizeof(etc_words[0]))

/* Label at t[i..end): returns its length (and *role) or 0. */
static inline size_t
label_at(const char *t, size_t i, size_t end, enum role *role)
{
	unsigned char c = (unsigned char)t[i];

	if (c < 0xE4 || c > 0xE9 || end - i < 12)
		return 0;
	/* the first characters of the labels: 责 牵 主 配 协 参 */
	uint32_t c3 = (uint32_t)c << 16 | (uint32_t)(unsigned char)t[i + 1] << 8 |
		      (unsigned char)t[i + 2];
	if (c3 != 0xE8B4A3 && c3 != 0xE789B5 && c3 != 0xE4B8BB && c3 != 0xE9858D &&
	    c3 != 0xE58D8F && c3 != 0xE58F82)
		return 0;
	for (size_t k = 0; k < NLABELS; k++)
		if (memcmp(t + i, labels[k].s, labels[k].len) == 0) {
			*role = labels[k].role;
			return labels[k].len;
		}
	return 0;
}

/* Length of an opening / closing bracket at t[i..end), or 0. */
static inline size_t
open_at(const char *t, size_t i, size_t end)
{
	if (t[i] == '(' || t[i] == '[')
		return 1;
	return (unsigned char)t[i] == 0xE3 && end - i >= 3 && starts_n(t + i, 3, "【", 3) ? 3 : 0;
}

static inline size_t
close_at(const char *t, size_t i, size_t end)
{
	if (t[i] == ')' || t[i] == ']')
		return 1;
	return (unsigned char)t[i] == 0xE3 && end - i >= 3 && starts_n(t + i, 3, "】", 3) ? 3 : 0;
}

/* Length of a unit separator at t[i..end): 、 , ; / or 0. */
static inline size_t
sep_at(const char *t, size_t i, size_t end)
{
	if (t[i] == ',' || t[i] == ';' || t[i] == '/')
		return 1;
	return starts(t + i, end - i, "、") ? 3 : 0;
}

static void
trim(const char *t, size_t *a, size_t *b)
{
	for (;;) {
		while (*a < *b && is_space((unsigned char)t[*a]))
			(*a)++;
		while (*b > *a && is_space((unsigned char)t[*b - 1]))
			(*b)--;
		if (*a < *b && (t[*a] == ':' || t[*a] == '.')) {
			(*a)++;
			continue;
		}
		if (*b > *a && (t[*b - 1] == ':' || t[*b - 1] == '.')) {
			(*b)--;
			continue;
		}
		if (ends(t + *a, *b - *a, "。")) {
			*b -= 3;
			continue;
		}
		break;
	}
}

/* What parse_pieces saw, for deciding whether an unlabelled bracket is a marker. */
struct piece_info {
	size_t pieces, resolved;
	bool suffix, strong;
};

/* Resolves a cleaned piece: dictionary index, -2 for 各成员单位, -1 unknown. */
static long
resolve(const struct parse *p, const char *s, size_t n)
{
	long u;

	if (ends(s, n, "成员单位") &&
	    (starts(s, n, "各") || starts(s, n, "全体") || starts(s, n, "所有") ||
	     starts(s, n, "其他") || find_lit(s, n, "各成员单位") < n))
		return -2;
	if ((u = dict_resolve(p->dict, s, n)) >= 0)
		return u;
	/* 市交通委(市道运局): the name before the bracket */
	for (size_t i = 0; i < n; i++)
		if (s[i] == '(') {
			size_t a = 0, b = i;
			trim(s, &a, &b);
			return b > a ? dict_resolve(p->dict, s + a, b - a) : -1;
		}
	return -1;
}

static bool
push_piece(struct parse *p, const char *s, size_t n, enum role role)
{
	if (p->npieces == p->cap_pieces) {
		size_t cap = p->cap_pieces ? p->cap_pieces * 2 : 32;
		struct piece *np = realloc(p->pieces, cap * sizeof(*np));
		if (np == NULL)
			return false;
		p->pieces = np;
		p->cap_pieces = cap;
	}
	p->pieces[p->npieces].s = s;
	p->pieces[p->npieces].n = n;
	p->pieces[p->npieces].role = role;
	p->pieces[p->npieces].unit = resolve(p, s, n);
	p->npieces++;
	return true;
}

/* True when s[0..n) names a collective party: 各镇(街道), 全市各中小学. */
static bool
collective(const char *s, size_t n)
{
	return starts(s, n, "各") || starts(s, n, "全市各");
}

/* True when t[a..b) continues the collective party before it, joined by 、:
 * 村(社区) in 各镇(街道)、村(社区), 县级市 in 各区、县级市 — a short name that
 * starts no unit name of its own (市…, 各…) and either starts with a level of
 * divisions (县级市未保办, 村(社区)) or is no unit of the dictionary and does
 * not end like an organisation (…局, …委) but for generic words (…部门). */
static bool
joins_collective(const struct parse *p, size_t a, size_t b, enum role label)
{
	static const char *const tails[] = { "局", "委", "院", "办", "部", "会", "联", "中心",
					     "团", "所", "站", "队", "厅", "处", "室", "公司" };
	static const char *const levels[] = { "县", "区", "乡", "镇", "村", "街道", "社区" };
	const struct piece *pv;
	const char *t = p->t;
	size_t e, n = b - a;

	if (p->npieces == 0 || n > 36)
		return false;
	pv = &p->pieces[p->npieces - 1];
	if (pv->unit != -1 || pv->role != (int)label || !collective(pv->s, pv->n))
		return false;
	/* only 、 (and spaces) between the two */
	e = (size_t)(pv->s + pv->n - t);
	while (e < a && is_space((unsigned char)t[e]))
		e++;
	if (!starts(t + e, a - e, "、"))
		return false;
	for (e += 3; e < a; e++)
		if (!is_space((unsigned char)t[e]))
			return false;
	if (starts(t + a, n, "各") || starts(t + a, n, "市"))
		return false;
	/* a level of divisions (县级市未保办 — not 市未保办 of a place 县级 —,
	 * 村(社区)…) */
	for (size_t k = 0; k < sizeof(levels) / sizeof(levels[0]); k++)
		if (starts(t + a, n, levels[k]))
			return true;
	if (resolve(p, t + a, n) != -1)
		return false;
	if (ends(t + a, n, "部门") || ends(t + a, n, "单位"))
		return true;
	for (size_t k = 0; k < sizeof(tails) / sizeof(tails[0]); k++)
		if (ends(t + a, n, tails[k]))
			return false;
	return true;
}

/*
 * Ends the piece t[a..b): strips role words, 等 and 由, records it with the
 * current label role, and gives a role word's role to every piece since the
 * last label or role word.  *run is the index of the first such piece.
 */
static bool
end_piece(struct parse *p, size_t a, size_t b, enum role label, size_t *run,
	  struct piece_info *info)
{
	const char *t = p->t;
	enum role role = ROLE_NONE;
	bool again = true;

	trim(t, &a, &b);
	while (again && b - a > 3) {
		/* every role word and 等 word ends in 责 头 合 助 同 与 门 位 等 */
		uint32_t c3 = (uint32_t)(unsigned char)t[b - 3] << 16 |
			      (uint32_t)(unsigned char)t[b - 2] << 8 | (unsigned char)t[b - 1];
		if (c3 != 0xE8B4A3 && c3 != 0xE5A4B4 && c3 != 0xE59088 && c3 != 0xE58AA9 &&
		    c3 != 0xE5908C && c3 != 0xE4B88E && c3 != 0xE997A8 && c3 != 0xE4BD8D &&
		    c3 != 0xE7AD89)
			break;
		again = false;
		for (size_t k = 0; k < NSUFFIXES; k++)
			if (b - a > suffixes[k].len &&
			    ends_n(t + a, b - a, suffixes[k].s, suffixes[k].len)) {
				b -= suffixes[k].len;
				if (role == ROLE_NONE)
					role = suffixes[k].role;
				info->suffix = true;
				info->strong |= suffixes[k].strong;
				again = true;
				break;
			}
		for (size_t k = 0; k < NETC; k++)
			if (b - a > etc_words[k].len &&
			    ends_n(t + a, b - a, etc_words[k].s, etc_words[k].len)) {
				b -= etc_words[k].len;
				again = true;
				break;
			}
		trim(t, &a, &b);
	}
	if (b - a > 3 && starts(t + a, b - a, "由"))
		a += 3;
	if (a < b && joins_collective(p, a, b, label)) {
		/* one party: 各镇(街道)、村(社区) */
		struct piece *pv = &p->pieces[p->npieces - 1];
		pv->n = (size_t)(t + b - pv->s);
	} else if (a < b) {
		if (!push_piece(p, t + a, b - a, label))
			return false;
		info->pieces++;
		info->resolved += p->pieces[p->npieces - 1].unit != -1;
	}
	if (role != ROLE_NONE) {
		for (size_t k = *run; k < p->npieces; k++)
			p->pieces[k].role = role;
		*run = p->npieces;
	}
	return true;
}

/* Splits the marker content t[a..b) into p->pieces.  False when out of memory. */
static bool
parse_pieces(struct parse *p, size_t a, size_t b, struct piece_info *info)
{
	const char *t = p->t;
	enum role label = ROLE_NONE;
	size_t i = a, start = a, run = 0;
	int depth = 0;

	p->npieces = 0;
	memset(info, 0, sizeof(*info));
	while (i < b) {
		size_t k, ll;
		enum role r;

		if (depth == 0 && (ll = label_at(t, i, b, &r)) > 0) {
			size_t j = i + ll, s0 = start, s1 = i;
			while (j < b && is_space((unsigned char)t[j]))
				j++;
			trim(t, &s0, &s1);
			/* a label starts a piece or is followed by ':' */
			if (s0 == s1 || (j < b && t[j] == ':')) {
				if (!end_piece(p, start, i, label, &run, info))
					return false;
				if (j < b && t[j] == ':')
					j++;
				label = r;
				run = p->npieces;
				i = start = j;
				continue;
			}
		}
		if ((k = open_at(t, i, b)) > 0) {
			depth++;
		} else if ((k = close_at(t, i, b)) > 0) {
			if (depth > 0)
				depth--;
		} else if (depth == 0 && (k = sep_at(t, i, b)) > 0) {
			if (!end_piece(p, start, i, label, &run, info))
				return false;
			start = i + k;
		} else {
			k = u8_len((unsigned char)t[i]);
		}
		i += k;
	}
	return end_piece(p, start, b, label, &run, info);
}

/* ---- finding the marker --------------------------------------------------- */

struct group {
	size_t start, end;         /* brackets included */
};

/* True when the bracket group's content t[a..b) is an unlabelled marker. */
static bool
unlabelled_marker(struct parse *p, size_t a, size_t b, bool *nomem)
{
	struct piece_info info;

	if (b - a > 2000 || find_lit(p->t + a, b - a, "。") < b - a)
		return false;
	if (!parse_pieces(p, a, b, &info)) {
		*nomem = true;
		return false;
	}
	if (info.pieces == 0)
		return false;
	if (info.strong)
		return true;
	if (info.suffix)
		return info.resolved > 0;
	return info.resolved == info.pieces;
}

/* Closed bracket groups of t[a..b), in the order they close. */
static bool
groups(const char *t, size_t a, size_t b, struct group **out, size_t *n, size_t *cap)
{
	size_t stack[64];
	int depth = 0;

	*n = 0;
	for (size_t i = a; i < b;) {
		size_t k;
		unsigned char c = (unsigned char)t[i];
		if (c != '(' && c != ')' && c != '[' && c != ']' && c != 0xE3) {
			i++;               /* bytes: brackets are ASCII or E3 80 90/91 */
			continue;
		}
		if ((k = open_at(t, i, b)) > 0) {
			if (depth < 64)
				stack[depth] = i;
			depth++;
		} else if ((k = close_at(t, i, b)) > 0) {
			if (depth > 0 && --depth < 64) {
				if (*n == *cap) {
					size_t nc = *cap ? *cap * 2 : 16;
					struct group *g = realloc(*out, nc * sizeof(*g));
					if (g == NULL)
						return false;
					*out = g;
					*cap = nc;
				}
				(*out)[*n].start = stack[depth];
				(*out)[*n].end = i + k;
				(*n)++;
			}
		} else {
			k = 1;
		}
		i += k;
	}
	return true;
}

/*
 * The bracket group that ends t[a..b) (before trailing spaces and 。;.,|),
 * matched backwards: true with *gs, *ge set (brackets included).  Bytes are
 * scanned, not characters: brackets are ASCII or E3 80 90/91 (【】), and
 * neither can be part of another character.
 */
static bool
final_group(const char *t, size_t a, size_t b, size_t *gs, size_t *ge)
{
	size_t e = b, i;
	int depth = 0;

	for (;;) {
		while (e > a && (is_space((unsigned char)t[e - 1]) || t[e - 1] == ';' ||
				 t[e - 1] == '.' || t[e - 1] == ',' || t[e - 1] == '|'))
			e--;
		if (e - a >= 3 && starts_n(t + e - 3, 3, "。", 3)) {
			e -= 3;
			continue;
		}
		break;
	}
	if (e == a || !(t[e - 1] == ')' || t[e - 1] == ']' ||
			(e - a >= 3 && starts_n(t + e - 3, 3, "】", 3))))
		return false;
	for (i = e; i > a;) {
		size_t q = i - 1;
		unsigned char c = (unsigned char)t[q];
		bool open = c == '(' || c == '[', close = c == ')' || c == ']';

		if ((c == 0x90 || c == 0x91) && q >= a + 2 && (unsigned char)t[q - 2] == 0xE3 &&
		    (unsigned char)t[q - 1] == 0x80) {
			open = c == 0x90;
			close = c == 0x91;
			q -= 2;
		}
		if (close) {
			depth++;
		} else if (open && --depth == 0) {
			*gs = q;
			*ge = e;
			return true;
		}
		i = q;
	}
	return false;
}

/* Sets *m to the group t[s..e) when it is a marker (labelled, or an
 * unlabelled list of units); sets *nomem when out of memory. */
static bool
group_marker(struct parse *p, size_t s, size_t e, struct marker *m, bool *nomem)
{
	const char *t = p->t;
	size_t ol = open_at(t, s, e), cl = t[e - 1] == ')' || t[e - 1] == ']' ? 1 : 3;
	size_t cs = s + ol, ce = e - cl;
	enum role r;

	while (cs < ce && is_space((unsigned char)t[cs]))
		cs++;
	if (label_at(t, cs, ce, &r) == 0 && !unlabelled_marker(p, cs, ce, nomem))
		return false;
	m->start = s;
	m->end = e;
	m->cstart = cs;
	m->cend = ce;
	return true;
}

bool
marker_find(struct parse *p, size_t a, size_t b, struct marker *m)
{
	const char *t = p->t;
	struct group *g = NULL;
	size_t ng = 0, capg = 0, outer_start = SIZE_MAX, gs, ge;
	bool found = false, nomem = false;

	/* the usual case: the item ends with its marker */
	if (final_group(t, a, b, &gs, &ge) && group_marker(p, gs, ge, m, &nomem))
		return true;
	if (nomem) {
		p->mem->nomem = true;
		return false;
	}
	if (!groups(t, a, b, &g, &ng, &capg)) {
		p->mem->nomem = true;
		return false;
	}
	/* the outermost groups, last first */
	for (size_t k = ng; k-- > 0 && !found && !nomem;) {
		if (g[k].start > outer_start)
			continue;          /* inside a group already looked at */
		outer_start = g[k].start;
		found = group_marker(p, g[k].start, g[k].end, m, &nomem);
	}
	free(g);
	if (nomem) {
		p->mem->nomem = true;
		return false;
	}
	if (found)
		return true;

	/* 牵头单位:A;配合单位:B without brackets, in the item's last lines: the
	 * last run of labels followed by ':' with no line or sentence end inside */
	size_t from = b - a > 1200 ? b - 1200 : a, first = SIZE_MAX, last = SIZE_MAX;
	bool closed = true;
	while (from > a && ((unsigned char)t[from] & 0xC0) == 0x80)
		from++;
	for (size_t i = from; i < b;) {
		enum role r;
		size_t ll = label_at(t, i, b, &r), j = i + ll;
		if (ll == 0) {
			if (starts(t + i, b - i, "。")) {
				closed = true;
			} else if (t[i] == '\n') {
				/* a run goes on over lines that start with a label */
				size_t j2 = i + 1;
				enum role r2;
				while (j2 < b && is_space((unsigned char)t[j2]))
					j2++;
				if (j2 >= b || label_at(t, j2, b, &r2) == 0)
					closed = true;
			}
			i += u8_len((unsigned char)t[i]);
			continue;
		}
		while (j < b && is_space((unsigned char)t[j]))
			j++;
		if (j < b && t[j] == ':') {
			if (closed)
				first = i;
			closed = false;
			last = i;
		}
		i = j;
	}
	if (first == SIZE_MAX)
		return false;
	const char *nl = memchr(t + last, '\n', b - last);
	m->start = m->cstart = first;
	m->end = m->cend = nl ? (size_t)(nl - t) : b;
	return true;
}

/* ---- the units of a marker ------------------------------------------------ */

/* Appends interned unit u to p->uscratch (with its role in roles) unless the
 * item already has it.  False when out of memory. */
static bool
add_unit(struct parse *p, size_t u, enum role role, size_t *n, unsigned char **roles,
	 size_t *caproles, size_t stamp)
{
	if (u == SIZE_MAX)
		return false;
	if (p->seen[u] == stamp)
		return true;
	p->seen[u] = stamp;
	if (*n == p->cap_uscratch || *n == *caproles) {
		size_t cap = *n ? *n * 2 : 32;
		const char **nu = realloc(p->uscratch, cap * sizeof(*nu));
		unsigned char *nr;
		if (nu == NULL)
			return false;
		p->uscratch = nu;
		p->cap_uscratch = cap;
		if ((nr = realloc(*roles, cap)) == NULL)
			return false;
		*roles = nr;
		*caproles = cap;
	}
	p->uscratch[*n] = p->n->units[u];
	(*roles)[*n] = (unsigned char)role;
	(*n)++;
	return true;
}

/* Splits an unknown piece at 和, 及, 与 or spaces when every part is a known
 * unit (市民政局和市财政局); returns the number of parts (0: no split) and
 * their dictionary indices in parts[]. */
static size_t
split_joined(const struct parse *p, const char *s, size_t n, long *parts, size_t max)
{
	size_t np = 0, start = 0, i = 0;

	while (i <= n) {
		size_t k = 0;
		if (i == n)
			k = 1;
		else if (is_space((unsigned char)s[i]))
			k = 1;
		else if (starts(s + i, n - i, "和") || starts(s + i, n - i, "及") ||
			 starts(s + i, n - i, "与"))
			k = 3;
		if (k == 0) {
			i += u8_len((unsigned char)s[i]);
			continue;
		}
		if (i > start) {
			long u = dict_resolve(p->dict, s + start, i - start);
			if (u < 0 || np == max)
				return 0;
			parts[np++] = u;
		}
		i += k;
		start = i;
	}
	return np >= 2 ? np : 0;
}

bool
marker_units(struct parse *p, const struct marker *m, struct notice_item *item, size_t idx)
{
	struct piece_info info;
	unsigned char *roles = NULL;
	size_t caproles = 0, n = 0, nd = notice_dict_count(p->dict), stamp = idx;
	bool has_lead = false, has_coop = false, ok = false;

	if (!parse_pieces(p, m->cstart, m->cend, &info))
		return false;
	for (size_t k = 0; k < p->npieces; k++) {
		if (p->pieces[k].role == ROLE_NONE)
			p->pieces[k].role = ROLE_RESP;
		has_lead |= p->pieces[k].role == ROLE_LEAD;
		has_coop |= p->pieces[k].role == ROLE_COOP;
	}
	for (size_t k = 0; k < p->npieces; k++) {
		struct piece *pc = &p->pieces[k];
		long parts[16];
		size_t np;

		/* 责任单位:A;配合单位:B — the responsible one leads */
		if (pc->role == ROLE_RESP && (has_lead || has_coop))
			pc->role = has_lead ? ROLE_COOP : ROLE_LEAD;
		if (pc->unit >= 0) {
			if (!add_unit(p, parse_dict_unit(p, (size_t)pc->unit), pc->role, &n, &roles,
				      &caproles, stamp))
				goto out;
		} else if (pc->unit == -2) {
			for (size_t u = 0; u < nd; u++)
				if (dict_is_member(p->dict, u) &&
				    !add_unit(p, parse_dict_unit(p, u), pc->role, &n, &roles, &caproles, stamp))
					goto out;
		} else if ((np = split_joined(p, pc->s, pc->n, parts, 16)) > 0) {
			for (size_t j = 0; j < np; j++)
				if (!add_unit(p, parse_dict_unit(p, (size_t)parts[j]), pc->role, &n, &roles,
					      &caproles, stamp))
					goto out;
		} else {
			size_t u = parse_intern(p, pc->s, pc->n);
			if (!add_unit(p, u, pc->role, &n, &roles, &caproles, stamp))
				goto out;
			parse_warn(p, NOTICE_W_UNKNOWN_UNIT, idx, "item %d: unknown unit '%s' kept as written",
				   item->number, p->n->units[u]);
		}
	}
	if (n == 0)
		parse_warn(p, NOTICE_W_NO_UNITS, idx, "item %d: the responsibility marker names no unit",
			   item->number);
	item->units = mem_alloc(p->mem, (n ? n : 1) * sizeof(*item->units));
	if (item->units == NULL)
		goto out;
	item->nunits = n;
	if (!has_lead && !has_coop) {
		/* not distinguished: the first-listed unit leads and the others
		 * cooperate (the convention of such notices), unless the notice
		 * says every listed unit leads */
		if (n > 0)
			memcpy(item->units, p->uscratch, n * sizeof(*item->units));
		item->nlead = p->all_lead || n == 0 ? n : 1;
	} else {
		size_t o = 0;
		for (size_t k = 0; k < n; k++)
			if (roles[k] == ROLE_LEAD)
				item->units[o++] = p->uscratch[k];
		item->nlead = o;
		for (size_t k = 0; k < n; k++)
			if (roles[k] != ROLE_LEAD)
				item->units[o++] = p->uscratch[k];
	}
	ok = true;
out:
	free(roles);
	if (!ok)
		p->mem->nomem = true;
	return ok;
}
