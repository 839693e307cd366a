/*
 * Parser of official work-plan notices (工作要点, 工作方案): the header
 * (title, 文号, issuer, date), the sections (一、二、…), the numbered items
 * with their responsible units and their quantitative targets.  Pure: no
 * I/O, no database, no clock.
 *
 * Input is UTF-8 text as published (one line or many); it is normalised with
 * NFKC first, so full-width and half-width punctuation may be mixed, and all
 * text in the result is NFKC-normalised.  The caller converts GB18030 files
 * with text_to_utf8() (util/text.h).
 *
 * Numbering: items are numbered `1.` `1．` `1、` `(一)` `一、` or `一是`, in
 * sequence (starting again at 1 after a section heading); a number followed
 * by '.' and a digit (`2.5 万元`, `3.1个`) never starts an item.  `一、`
 * headings are the sections, unless they number the items themselves: the
 * shape that yields the most items is taken.  An excerpt may start mid-way
 * (`(八)`, `5.`, sections from `二、`) when it starts at a line start.  Levels
 * may mix: an item that names no units and is followed, at line starts, by
 * sub-items `1.` `2.` that each name their own is a heading, and the
 * sub-items are the items (numbered as written, 1 again under the next such
 * heading).  An item ends at its marker; text after the marker and before
 * the next number (a sub-heading, the signature) belongs to no item.
 *
 * Tables flattened with `|` between the cells: under a header line with a
 * 责任单位 (责任部门, 牵头单位) column, every row whose 序号 cell is a number
 * is an item (its text the 工作内容 cell, its units the 责任单位 cell) and a
 * row starting `一、` is a section; taken when it yields at least as many
 * items as the numbering.
 *
 * Responsible units are read from the marker that ends an item:
 * `(责任部门:…)`, `(责任单位:…)`, `(牵头单位:…;配合单位:…)` with or without
 * brackets, `(A牵头,B配合)`, or an unlabelled final bracket
 * `(A、B按照职责分工负责)`.  Each name is normalised against a dictionary
 * the caller supplies (canonical names and aliases; a missing 市 prefix is
 * tolerated: 教育局 = 市教育局).  `各成员单位` expands to every unit added
 * as a member (the committee office is not a member of itself: list it
 * explicitly, as the 2022 plan does with `市未保办,各成员单位`).  A collective
 * party written with 、 (`各镇(街道)、村(社区)`, `各区、县级市`) is one party.
 * Unknown names are kept as written and reported in a warning, never dropped.
 *
 * Lead and cooperating units: where the notice says 牵头 and 配合, the lead
 * units come first (nlead of them) and the cooperating ones follow.  Where it
 * does not distinguish (`责任部门:A、B`, `(A、B按照职责分工负责)`), the
 * first-listed unit leads and the others cooperate (nlead == 1), the usual
 * convention of such notices (often stated: `排在第一位的为牵头单位`) —
 * unless the notice states that every listed unit leads
 * (`所列单位均为牵头单位`), in which case nlead == nunits.
 *
 * Targets: every quantitative commitment written with arabic numerals, plus
 * `全覆盖` (= 100%).  Not targets: years and dates, ages (`0—3 岁`), durations,
 * ordinals (`第2条`), numbers in quotes or 《》 (programme and law names),
 * numbers without a recognised measure word (hotline 12345).  Operators:
 * `以上`, `不低于`, `不少于`, `至少`, `达到`/`达` (a level to reach is a floor)
 * → ">="; `以下`, `以内`, `不超过`, `控制在` → "<="; `5%-10%` → "range";
 * otherwise "=".  `万元` becomes 元 × 10000; `每千人…3.1个` has the unit
 * "个/千人"; `每个镇(街道)` gives the scope "each_town" (also "each_village",
 * "each_school"), otherwise the scope is "county".
 */
#ifndef WB_CORE_NOTICE_H
#define WB_CORE_NOTICE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* ---- unit dictionary ---------------------------------------------------- */

/* Canonical unit names with aliases; built by the caller, read-only while
 * parsing (several parses may share one dictionary). */
struct notice_dict;

/* Returns an empty dictionary the caller frees with notice_dict_free(), or
 * NULL when out of memory. */
struct notice_dict *notice_dict_new(void);
void notice_dict_free(struct notice_dict *d);

/*
 * Adds the canonical unit `name` (copied, NFKC-normalised).  member: whether
 * `各成员单位` includes it (false for the committee office).  *index receives
 * its index, for notice_dict_add_alias().  Adding a name twice, or a name
 * that is already another unit's alias, is WB_ERR_CONFLICT.
 */
enum wb_status notice_dict_add(struct notice_dict *d, const char *name, bool member,
			       size_t *index, struct wb_err *err);

/* Adds an alias (copied, NFKC-normalised) of unit index.  An alias already
 * naming another unit is WB_ERR_CONFLICT; repeating one is harmless. */
enum wb_status notice_dict_add_alias(struct notice_dict *d, size_t index, const char *alias,
				     struct wb_err *err);

/* Number of canonical units, and the canonical name of unit i (owned by d). */
size_t notice_dict_count(const struct notice_dict *d);
const char *notice_dict_name(const struct notice_dict *d, size_t i);

/* The canonical name (owned by d) of the unit written s[0..len) — exact,
 * alias, missing or extra city prefix — or NULL when unknown.  s must be
 * NFKC-normalised UTF-8; whitespace in it is ignored. */
const char *notice_dict_lookup(const struct notice_dict *d, const char *s, size_t len);

/* ---- parse result ------------------------------------------------------- */

enum notice_op { NOTICE_OP_EQ, NOTICE_OP_GE, NOTICE_OP_LE, NOTICE_OP_RANGE };

enum notice_scope {
	NOTICE_SCOPE_COUNTY,       /* the whole county (city) */
	NOTICE_SCOPE_EACH_TOWN,    /* 每个镇(街道) */
	NOTICE_SCOPE_EACH_VILLAGE, /* 每个村(社区) */
	NOTICE_SCOPE_EACH_SCHOOL   /* 每所学校 */
};

struct notice_target {
	const char *text;          /* the clause the target was read from */
	enum notice_op op;
	double value;
	double value2;             /* upper bound; NOTICE_OP_RANGE only */
	const char *unit;          /* "个", "%", "元", "个/千人", "人次", … */
	enum notice_scope scope;
};

struct notice_section {
	int number;                /* 一 = 1 */
	const char *title;
};

struct notice_item {
	int number;                /* as written: 1. / (一) / 一是 / 一、 → 1 */
	size_t section;            /* 1-based index into sections; 0 before any */
	const char *text;          /* without its number and its responsibility
				      marker, whitespace collapsed */
	const char *marker;        /* the marker as written, or NULL */
	const char **units;        /* canonical names (unknown ones as written):
				      nlead lead units, then the cooperating ones */
	size_t nunits;
	size_t nlead;
	struct notice_target *targets;
	size_t ntargets;
};

enum notice_warning_code {
	NOTICE_W_UNKNOWN_UNIT,     /* a unit not in the dictionary (kept) */
	NOTICE_W_NO_MARKER,        /* an item without a responsibility marker */
	NOTICE_W_NO_UNITS,         /* a marker naming no unit */
	NOTICE_W_NUMBERING,        /* an item number skipped */
	NOTICE_W_NO_YEAR,          /* the plan's year could not be found */
	NOTICE_W_TRUNCATED,        /* too many warnings; the rest were dropped */
	NOTICE_W_TOO_MANY_TARGETS  /* target texts outgrew the notice; the rest
				      were not read (machine-made input) */
};

struct notice_warning {
	enum notice_warning_code code;
	size_t item;               /* 1-based index into items; 0: the whole notice */
	const char *message;       /* English, one line */
};

/*
 * A parsed notice.  Every string and array in it belongs to it (its own
 * normalised copy of the text, an arena and a few arrays) and stays valid
 * until notice_free(), which frees all of it at once; nothing points into the
 * caller's text or the dictionary, which may be freed first.  Absent header
 * fields are NULL ("" for date, 0 for year).
 */
struct notice {
	const char *title;         /* 关于印发…的通知 */
	const char *doc_number;    /* 桐未工委办〔2022〕2号 */
	const char *issuer;        /* the signature, or the 发布机构 label */
	char date[11];             /* YYYY-MM-DD */
	int year;                  /* the year the plan is for */
	struct notice_section *sections;
	size_t nsections;
	struct notice_item *items;
	size_t nitems;
	const char **units;        /* distinct units named, in order of first mention */
	size_t nunits;
	struct notice_warning *warnings;
	size_t nwarnings;
	struct notice_mem *mem;    /* private: the storage of all of the above */
};

/*
 * Parses text[0..len) (UTF-8, without NUL bytes; it need not be
 * NUL-terminated and is only read) against dict.  On success *out is a
 * notice the caller frees with notice_free().  Errors, with *out NULL and the
 * reason in err: WB_ERR_INVALID for text that is empty, not UTF-8, or holds
 * no numbered item; WB_ERR_NOMEM.  Warnings are capped at 1000 (the last one
 * then says how many more there were).
 */
enum wb_status notice_parse(const char *text, size_t len, const struct notice_dict *dict,
			    struct notice **out, struct wb_err *err);
void notice_free(struct notice *n);

/* True when s[0..n) is well-formed UTF-8 without NUL bytes: text that
 * notice_parse() takes as it is.  Callers convert other text (GB18030) with
 * text_to_utf8() first. */
bool notice_is_utf8(const char *s, size_t n);

/* "=", ">=", "<=", "range". */
const char *notice_op_name(enum notice_op op);
/* "county", "each_town", "each_village", "each_school". */
const char *notice_scope_name(enum notice_scope s);
/* "unknown_unit", "no_marker", … */
const char *notice_warning_name(enum notice_warning_code c);

#endif
