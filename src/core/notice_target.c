/*
 * Notice parser: quantitative targets of an item (11个以上, 2.5 万元,
 * 5%-10%, 每千人…3.1个, 全覆盖).  See notice.h for the rules.
 */
#include "core/notice_int.h"

#include <stdio.h>
#include <stdlib.h>

/* Measure words after a number.  exp: power of ten the value is scaled by
 * (万元 → 元 × 10^4).  Time, age and ordinal words make the number a date,
 * an age or a deadline, not a target.  Longer entries come before their
 * prefixes (个工作日, 个月 before 个); frequent ones come first. */
static const struct measure {
	const char *text;
	size_t len;
	const char *unit;          /* NULL: not a target */
	int exp;
} measures[] = {
	{ LIT("%"), "%", 0 },          { LIT("个工作日"), NULL, 0 }, { LIT("个百分点"), "个百分点", 0 },
	{ LIT("个月"), NULL, 0 },      { LIT("个"), "个", 0 },       { LIT("万人次"), "人次", 4 },
	{ LIT("万元"), "元", 4 },      { LIT("万人"), "人", 4 },     { LIT("万户"), "户", 4 },
	{ LIT("万名"), "名", 4 },      { LIT("万个"), "个", 4 },     { LIT("万册"), "册", 4 },
	{ LIT("元"), "元", 0 },        { LIT("人次"), "人次", 0 },   { LIT("人"), "人", 0 },
	{ LIT("名"), "名", 0 },        { LIT("家"), "家", 0 },       { LIT("所"), "所", 0 },
	{ LIT("次"), "次", 0 },        { LIT("场"), "场", 0 },       { LIT("项"), "项", 0 },
	{ LIT("处"), "处", 0 },        { LIT("年"), NULL, 0 },       { LIT("岁"), NULL, 0 },
	{ LIT("亿元"), "元", 8 },      { LIT("千元"), "元", 3 },     { LIT("平方米"), "平方米", 0 },
	{ LIT("周岁"), NULL, 0 },      { LIT("周年"), NULL, 0 },     { LIT("周"), NULL, 0 },
	{ LIT("小时"), NULL, 0 },      { LIT("分钟"), NULL, 0 },     { LIT("课时"), "课时", 0 },
	{ LIT("学时"), "学时", 0 },    { LIT("公里"), "公里", 0 },   { LIT("‰"), "‰", 0 },
	{ LIT("位"), "位", 0 },        { LIT("期"), "期", 0 },       { LIT("件"), "件", 0 },
	{ LIT("户"), "户", 0 },        { LIT("张"), "张", 0 },       { LIT("间"), "间", 0 },
	{ LIT("座"), "座", 0 },        { LIT("支"), "支", 0 },       { LIT("批"), "批", 0 },
	{ LIT("篇"), "篇", 0 },        { LIT("部"), "部", 0 },       { LIT("套"), "套", 0 },
	{ LIT("台"), "台", 0 },        { LIT("辆"), "辆", 0 },       { LIT("床"), "床", 0 },
	{ LIT("条"), "条", 0 },        { LIT("册"), "册", 0 },       { LIT("本"), "本", 0 },
	{ LIT("门"), "门", 0 },        { LIT("类"), "类", 0 },       { LIT("种"), "种", 0 },
	{ LIT("份"), "份", 0 },        { LIT("倍"), "倍", 0 },       { LIT("月"), NULL, 0 },
	{ LIT("日"), NULL, 0 },        { LIT("天"), NULL, 0 },       { LIT("时"), NULL, 0 },
	{ LIT("号"), NULL, 0 },        { LIT("届"), NULL, 0 },       { LIT("级"), NULL, 0 },
	{ LIT("款"), NULL, 0 },        { LIT("章"), NULL, 0 },       { LIT("节"), NULL, 0 },
};
#define NMEASURES (sizeof(measures) / sizeof(measures[0]))

/* Operator words before the number, longest first (不低于 before 低于). */
static const struct opword {
	const char *text;
	size_t len;
	enum notice_op op;
} opwords[] = {
	{ LIT("不低于"), NOTICE_OP_GE }, { LIT("不少于"), NOTICE_OP_GE }, { LIT("不小于"), NOTICE_OP_GE },
	{ LIT("不超过"), NOTICE_OP_LE }, { LIT("不高于"), NOTICE_OP_LE }, { LIT("不多于"), NOTICE_OP_LE },
	{ LIT("不大于"), NOTICE_OP_LE }, { LIT("控制在"), NOTICE_OP_LE }, { LIT("至少"), NOTICE_OP_GE },
	{ LIT("最少"), NOTICE_OP_GE },   { LIT("超过"), NOTICE_OP_GE },   { LIT("高于"), NOTICE_OP_GE },
	{ LIT("大于"), NOTICE_OP_GE },   { LIT("达到"), NOTICE_OP_GE },   { LIT("低于"), NOTICE_OP_LE },
	{ LIT("少于"), NOTICE_OP_LE },   { LIT("小于"), NOTICE_OP_LE },
};
#define NOPWORDS (sizeof(opwords) / sizeof(opwords[0]))

/* Scope phrases before the number, in its clause. */
static const struct scopeword {
	const char *text;
	size_t len;
	enum notice_scope scope;
} scopewords[] = {
	{ LIT("每个镇"), NOTICE_SCOPE_EACH_TOWN },    { LIT("每个乡镇"), NOTICE_SCOPE_EACH_TOWN },
	{ LIT("每个街道"), NOTICE_SCOPE_EACH_TOWN },  { LIT("各镇"), NOTICE_SCOPE_EACH_TOWN },
	{ LIT("各乡镇"), NOTICE_SCOPE_EACH_TOWN },    { LIT("每个村"), NOTICE_SCOPE_EACH_VILLAGE },
	{ LIT("每个社区"), NOTICE_SCOPE_EACH_VILLAGE }, { LIT("各村"), NOTICE_SCOPE_EACH_VILLAGE },
	{ LIT("每所"), NOTICE_SCOPE_EACH_SCHOOL },
};
#define NSCOPEWORDS (sizeof(scopewords) / sizeof(scopewords[0]))

#define CLAUSE_MAX 300     /* bytes either side of a number */
#define OP_WINDOW 36       /* bytes before a number searched for 达到, 不低于… */
#define QUOTE_MAX 600      /* the longest quoted name skipped */

#define NQUOTES 5

/*
 * Offset just past the closer of a quote opened at s[i] (“ 《 「 『 "), or 0
 * when s[i] opens none or the quote is not closed within QUOTE_MAX bytes.
 * clear[k] is where the text is known to hold no closer of kind k, so that
 * a run of unclosed openers is not searched again and again.
 */
static size_t
quote_end(const char *s, size_t n, size_t i, size_t clear[NQUOTES])
{
	static const char *const pairs[NQUOTES][2] = {
		{ "“", "”" }, { "《", "》" }, { "「", "」" }, { "『", "』" }, { "\"", "\"" },
	};

	for (size_t k = 0; k < NQUOTES; k++) {
		size_t ol = strlen(pairs[k][0]), from, lim, at;
		if (!starts(s + i, n - i, pairs[k][0]))
			continue;
		lim = n - i - ol > QUOTE_MAX ? i + ol + QUOTE_MAX : n;
		from = clear[k] > i + ol ? clear[k] : i + ol;
		if (from >= lim)
			return 0;
		at = from + find_lit(s + from, lim - from, pairs[k][1]);
		if (at < lim)
			return at + strlen(pairs[k][1]);
		clear[k] = lim;
		return 0;
	}
	return 0;
}

/* What the byte at s[p] is for clause(): a delimiter (, ; : ! ? 。), an
 * opening or closing bracket (ASCII, 【】), or nothing.  *len is the
 * character's length when it ends (backwards: starts) at p. */
enum cls { C_NONE, C_DELIM, C_OPEN, C_CLOSE };

static enum cls
cls_fwd(const char *s, size_t n, size_t p, size_t *len)
{
	unsigned char c = (unsigned char)s[p];

	*len = 1;
	if (c == ',' || c == ';' || c == ':' || c == '!' || c == '?')
		return C_DELIM;
	if (c == '(' || c == '[')
		return C_OPEN;
	if (c == ')' || c == ']')
		return C_CLOSE;
	if (c == 0xE3 && p + 2 < n && (unsigned char)s[p + 1] == 0x80) {
		*len = 3;
		c = (unsigned char)s[p + 2];
		return c == 0x82 ? C_DELIM : c == 0x90 ? C_OPEN : c == 0x91 ? C_CLOSE : C_NONE;
	}
	return C_NONE;
}

static enum cls
cls_back(const char *s, size_t lo, size_t p)
{
	unsigned char c = (unsigned char)s[p];

	if (c == ',' || c == ';' || c == ':' || c == '!' || c == '?')
		return C_DELIM;
	if (c == '(' || c == '[')
		return C_OPEN;
	if (c == ')' || c == ']')
		return C_CLOSE;
	if ((c == 0x82 || c == 0x90 || c == 0x91) && p >= lo + 2 &&
	    (unsigned char)s[p - 2] == 0xE3 && (unsigned char)s[p - 1] == 0x80)
		return c == 0x82 ? C_DELIM : c == 0x90 ? C_OPEN : C_CLOSE;
	return C_NONE;
}

/* The clause around offset i: bounded by , ; : 。 at the same bracket depth,
 * by an enclosing bracket, or CLAUSE_MAX bytes.  Scans bytes: every
 * delimiter is ASCII or E3 80 xx, which no other character contains. */
static void
clause(const char *s, size_t n, size_t i, size_t *cs, size_t *ce)
{
	size_t a = i, b = i, lo = i > CLAUSE_MAX ? i - CLAUSE_MAX : 0;
	size_t hi = n - i > CLAUSE_MAX ? i + CLAUSE_MAX : n;
	int depth = 0;

	while (a > lo) {
		enum cls k = cls_back(s, lo, a - 1);
		if (k == C_CLOSE)
			depth++;
		else if ((k == C_OPEN && depth-- == 0) || (k == C_DELIM && depth == 0))
			break;
		a--;
	}
	while (a < i && ((unsigned char)s[a] & 0xC0) == 0x80)
		a++;                       /* CLAUSE_MAX cut a character */
	depth = 0;
	while (b < hi) {
		size_t len;
		enum cls k = cls_fwd(s, n, b, &len);
		if (k == C_OPEN)
			depth++;
		else if ((k == C_CLOSE && depth-- == 0) || (k == C_DELIM && depth == 0))
			break;
		b += len;
	}
	if (b > n)
		b = n;
	while (b > i && b < n && ((unsigned char)s[b] & 0xC0) == 0x80)
		b--;
	while (a < b && s[a] == ' ')
		a++;
	while (b > a && s[b - 1] == ' ')
		b--;
	*cs = a;
	*ce = b;
}

struct number {
	uint64_t mant;
	int frac;                  /* digits after the point */
	size_t end;
};

/* Reads a decimal number at s[i] (digits, 25,000, 2.5); false when it is too
 * long to be a quantity. */
static bool
read_number(const char *s, size_t n, size_t i, struct number *num)
{
	size_t j = i, intdigits = 0;

	num->mant = 0;
	num->frac = 0;
	while (j < n && is_digit((unsigned char)s[j])) {
		if (++intdigits > 12)
			return false;
		num->mant = num->mant * 10 + (uint64_t)(s[j++] - '0');
		/* thousands: 25,000 */
		if (j + 3 < n && s[j] == ',' && intdigits <= 3 && is_digit((unsigned char)s[j + 1]) &&
		    is_digit((unsigned char)s[j + 2]) && is_digit((unsigned char)s[j + 3]) &&
		    (j + 4 >= n || !is_digit((unsigned char)s[j + 4])))
			j++, intdigits = 0;
	}
	if (j + 1 < n && s[j] == '.' && is_digit((unsigned char)s[j + 1])) {
		j++;
		while (j < n && is_digit((unsigned char)s[j])) {
			if (num->frac < 6) {
				num->mant = num->mant * 10 + (uint64_t)(s[j] - '0');
				num->frac++;
			}
			j++;
		}
	}
	num->end = j;
	return true;
}

static double
scaled(const struct number *num, int exp)
{
	static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10 };
	int e = exp - num->frac;

	return e >= 0 ? (double)num->mant * p10[e] : (double)num->mant / p10[-e];
}

/* The measure word at s[i] (after spaces): its entry and *end, or NULL. */
static const struct measure *
measure_at(const char *s, size_t n, size_t i, size_t *end)
{
	while (i < n && s[i] == ' ')
		i++;
	/* every measure word is '%' or starts with a byte from E2 (‰) up */
	if (i >= n || (s[i] != '%' && (unsigned char)s[i] < 0xE2))
		return NULL;
	for (size_t k = 0; k < NMEASURES; k++)
		if (starts_n(s + i, n - i, measures[k].text, measures[k].len)) {
			*end = i + measures[k].len;
			return &measures[k];
		}
	return NULL;
}

static size_t
skip_spaces(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* Length of a range connector at s[i] (- ~ — – 至 到 〜), or 0. */
static size_t
range_at(const char *s, size_t n, size_t i)
{
	static const char *const conn[] = { "-", "~", "—", "–", "〜", "至", "到" };

	for (size_t k = 0; k < sizeof(conn) / sizeof(conn[0]); k++)
		if (starts(s + i, n - i, conn[k]))
			return strlen(conn[k]);
	return 0;
}

/* The operator written before s[i], within [lo, i). */
static enum notice_op
op_before(const char *s, size_t lo, size_t i)
{
	enum notice_op op = NOTICE_OP_EQ;
	size_t j = i;

	/* 达 directly before the number: 每千人托位数达 3.1个 */
	while (j > lo && s[j - 1] == ' ')
		j--;
	if (j >= lo + 3 && memcmp(s + j - 3, "达", 3) == 0)
		op = NOTICE_OP_GE;
	for (size_t p = lo; p < i;) {
		size_t k;
		/* the operator words start with 不 至 最 超 高 大 达 低 少 小 控 */
		if ((unsigned char)s[p] < 0xE4 || i - p < 6) {
			p++;
			continue;
		}
		switch ((uint32_t)(unsigned char)s[p] << 16 | (uint32_t)(unsigned char)s[p + 1] << 8 |
			(unsigned char)s[p + 2]) {
		case 0xE4B88D: case 0xE887B3: case 0xE69C80: case 0xE8B685: case 0xE9AB98:
		case 0xE5A4A7: case 0xE8BEBE: case 0xE4BD8E: case 0xE5B091: case 0xE5B08F:
		case 0xE68EA7:
			break;
		default:
			p += u8_len((unsigned char)s[p]);
			continue;
		}
		for (k = 0; k < NOPWORDS; k++)
			if (starts_n(s + p, i - p, opwords[k].text, opwords[k].len))
				break;
		if (k < NOPWORDS) {
			op = opwords[k].op;
			p += opwords[k].len;
		} else {
			p += u8_len((unsigned char)s[p]);
		}
	}
	return op;
}

/* The scope phrase nearest before s[i] within [lo, i), or county.  Every
 * phrase starts with 每 or 各. */
static enum notice_scope
scope_before(const char *s, size_t lo, size_t i)
{
	enum notice_scope scope = NOTICE_SCOPE_COUNTY;

	for (size_t p = lo; p + 3 <= i; p++) {
		unsigned char c = (unsigned char)s[p];
		if (c != 0xE6 && c != 0xE5)
			continue;
		if (!starts_n(s + p, i - p, "每", 3) && !starts_n(s + p, i - p, "各", 3))
			continue;
		for (size_t k = 0; k < NSCOPEWORDS; k++)
			if (starts_n(s + p, i - p, scopewords[k].text, scopewords[k].len)) {
				scope = scopewords[k].scope;
				break;
			}
	}
	return scope;
}

/* Writes "千人" into den (at least 16 bytes) when [lo, i) says 每千人 (每百人,
 * 每万人, 每万名…), else "". */
static void
per_capita(const char *s, size_t lo, size_t i, char *den)
{
	static const char *const mags[] = { "十万", "百万", "十", "百", "千", "万" };

	den[0] = '\0';
	for (size_t p = lo; p < i;) {
		size_t at = p + find_lit(s + p, i - p, "每"), q = at + 3;
		if (at >= i)
			break;
		for (size_t m = 0; m < sizeof(mags) / sizeof(mags[0]); m++) {
			size_t r = q + strlen(mags[m]);
			if (!starts(s + q, i - q, mags[m]))
				continue;
			if (starts(s + r, i - r, "人") || starts(s + r, i - r, "名")) {
				memcpy(den, s + q, r + 3 - q);
				den[r + 3 - q] = '\0';
			}
			break;
		}
		p = q;
	}
}

static bool
push_target(struct parse *p, const struct notice_target *t)
{
	if (p->ntscratch == p->cap_tscratch) {
		size_t cap = p->cap_tscratch ? p->cap_tscratch * 2 : 16;
		struct notice_target *nt = realloc(p->tscratch, cap * sizeof(*nt));
		if (nt == NULL)
			return false;
		p->tscratch = nt;
		p->cap_tscratch = cap;
	}
	p->tscratch[p->ntscratch++] = *t;
	return true;
}

/* Adds a target read at s[i..end), in the clause s[cs..ce); false when out
 * of memory. */
static bool
add_target(struct parse *p, const char *s, size_t i, size_t end, size_t cs, size_t ce,
	   struct notice_target *t, bool fixed_op, size_t *last_cs, size_t prev_end, const char *den)
{
	size_t lo;
	char unit[64];

	if (ce < end)
		ce = end;
	lo = cs > prev_end ? cs : prev_end;
	if (!fixed_op)
		t->op = op_before(s, i - lo > OP_WINDOW ? i - OP_WINDOW : lo, i);
	t->scope = scope_before(s, cs, i);
	/* 100% 全覆盖 in one clause is one target */
	if (p->ntscratch > 0 && *last_cs == cs && t->value == 100 && strcmp(t->unit, "%") == 0 &&
	    p->tscratch[p->ntscratch - 1].value == 100 &&
	    strcmp(p->tscratch[p->ntscratch - 1].unit, "%") == 0)
		return true;
	*last_cs = cs;
	if (den && den[0]) {
		snprintf(unit, sizeof(unit), "%s/%s", t->unit, den);
		if ((t->unit = mem_strndup(p->mem, unit, strlen(unit))) == NULL)
			return false;
	}
	/* target texts overlap; more of them than twice the notice's length
	 * comes only from machine-made text: stop reading targets */
	if (p->target_bytes + (ce - cs) > p->len * 2 + 65536) {
		p->targets_off = true;
		parse_warn(p, NOTICE_W_TOO_MANY_TARGETS, p->n->nitems,
			   "too many targets: those from here on were not read");
		return true;
	}
	if ((t->text = mem_strndup(p->mem, s + cs, ce - cs)) == NULL)
		return false;
	p->target_bytes += ce - cs;
	return push_target(p, t);
}

/* Bytes that may start something targets_extract() looks for: digits,
 * quotes (" and the lead bytes of “ 《 「 『) and 全 (全覆盖). */
static const bool wanted[256] = {
	['0'] = true, ['1'] = true, ['2'] = true, ['3'] = true, ['4'] = true,
	['5'] = true, ['6'] = true, ['7'] = true, ['8'] = true, ['9'] = true,
	['"'] = true, [0xE2] = true, [0xE3] = true, [0xE5] = true,
};

bool
targets_extract(struct parse *p, struct notice_item *item)
{
	const char *s = item->text;
	size_t n = strlen(s), i = 0, prev_end = 0, last_cs = SIZE_MAX, clear[NQUOTES] = { 0 };

	p->ntscratch = 0;
	while (i < n && !p->targets_off) {
		unsigned char c = (unsigned char)s[i];
		size_t q;

		if ((c == '"' || ((c == 0xE2 || c == 0xE3) && (unsigned char)s[i + 1] == 0x80)) &&
		    (q = quote_end(s, n, i, clear)) > 0) {
			i = q;                     /* “清朗·2022年…” 《…法》 */
			continue;
		}
		if (c == 0xE5 && starts_n(s + i, n - i, "全覆盖", 9)) {
			struct notice_target t = { .op = NOTICE_OP_EQ, .value = 100, .unit = "%" };
			size_t cs, ce;
			clause(s, n, i, &cs, &ce);
			if (!add_target(p, s, i, i + 9, cs, ce, &t, true, &last_cs, i, NULL))
				goto nomem;
			prev_end = i + 9;
			i += 9;
			continue;
		}
		if (!is_digit(c)) {
			/* bytes: what is looked for is ASCII or a lead byte */
			i++;
			while (i < n && !wanted[(unsigned char)s[i]])
				i++;
			continue;
		}
		/* a number: skip ordinals, document numbers and codes */
		struct number a, b;
		bool skip = i > 0 && (is_alpha((unsigned char)s[i - 1]) || s[i - 1] == '.' ||
				      s[i - 1] == '[');
		skip |= i >= 3 && (memcmp(s + i - 3, "第", 3) == 0 || memcmp(s + i - 3, "〔", 3) == 0);
		if (!read_number(s, n, i, &a)) {
			while (i < n && (is_digit((unsigned char)s[i]) || s[i] == '.' || s[i] == ','))
				i++;
			continue;
		}
		size_t j = a.end, mend = 0, k;
		const struct measure *m1 = measure_at(s, n, j, &mend), *m2 = NULL;
		bool range = false;
		if (m1)
			j = mend;
		k = skip_spaces(s, n, j);
		if (k < n && (q = range_at(s, n, k)) > 0) {
			size_t r = skip_spaces(s, n, k + q);
			if (r < n && is_digit((unsigned char)s[r]) && read_number(s, n, r, &b)) {
				range = true;
				j = b.end;
				if ((m2 = measure_at(s, n, j, &mend)) != NULL)
					j = mend;
			}
		}
		const struct measure *m = m2 ? m2 : m1;
		if (skip || m == NULL || m->unit == NULL || (j < n && is_alpha((unsigned char)s[j]))) {
			i = j > i ? j : a.end;
			continue;
		}
		struct notice_target t = { .op = NOTICE_OP_EQ, .unit = m->unit };
		t.value = scaled(&a, m1 && m1->unit ? m1->exp : m->exp);
		if (range) {
			t.op = NOTICE_OP_RANGE;
			t.value2 = scaled(&b, m->exp);
		} else {
			size_t after = skip_spaces(s, n, j);
			if (starts(s + after, n - after, "以上") || starts(s + after, n - after, "及以上"))
				t.op = NOTICE_OP_GE;
			else if (starts(s + after, n - after, "以下") ||
				 starts(s + after, n - after, "及以下") ||
				 starts(s + after, n - after, "以内"))
				t.op = NOTICE_OP_LE;
		}
		char den[16];
		size_t cs, ce;
		clause(s, n, i, &cs, &ce);
		per_capita(s, cs, i, den);
		if (!add_target(p, s, i, j, cs, ce, &t, t.op != NOTICE_OP_EQ, &last_cs, prev_end, den))
			goto nomem;
		prev_end = j;
		i = j;
	}
	item->ntargets = p->ntscratch;
	item->targets = mem_alloc(p->mem, (p->ntscratch ? p->ntscratch : 1) * sizeof(*item->targets));
	if (item->targets == NULL)
		goto nomem;
	if (p->ntscratch > 0)
		memcpy(item->targets, p->tscratch, p->ntscratch * sizeof(*item->targets));
	return true;
nomem:
	p->mem->nomem = true;
	return false;
}
