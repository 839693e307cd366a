/*
 * Basic living allowances of children in difficulty: which category a child
 * is paid by in a month, the standard in force, and money in integer 分.
 * Pure: dates and rules are parameters (DOMAIN.md "Children", issue 11
 * "Allowances").
 */
#ifndef WB_CORE_ALLOWANCE_H
#define WB_CORE_ALLOWANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/child.h"

/* 安置方式 of a child. */
enum placement {
	PLACEMENT_FAMILY,        /* 家庭 */
	PLACEMENT_RELATIVE,      /* 亲属抚养 */
	PLACEMENT_INSTITUTION,   /* 机构集中养育 */
	PLACEMENT_FOSTER,        /* 家庭寄养 */
	PLACEMENT__MAX
};

/* How a child is supported, which selects the standard. */
enum support_mode {
	SUPPORT_CENTRAL,     /* 集中供养 */
	SUPPORT_DISPERSED,   /* 社会散居 */
	SUPPORT__MAX
};

/* Chinese names and back (the __MAX value when unknown). */
const char *placement_name(enum placement p);
enum placement placement_parse(const char *name);
const char *support_mode_name(enum support_mode m);
enum support_mode support_mode_parse(const char *name);

#define ALLOWANCE_PAID_MAX 8

/* Rules that vary by place; allowance_rules_default() gives the national
 * ones: 机构集中养育 is 集中供养, the rest 社会散居; paid by 孤儿, then
 * 事实无人抚养儿童. */
struct allowance_rules {
	enum support_mode mode_of[PLACEMENT__MAX];
	unsigned paid[ALLOWANCE_PAID_MAX];   /* category bits in the order they pay */
	size_t npaid;
};

struct allowance_rules allowance_rules_default(void);

/* One standard: from `from` on, a child of category (one bit) supported in
 * mode gets fen_per_month 分 a month, until a later standard of the same
 * category and mode. */
struct allowance_standard {
	unsigned category;
	enum support_mode mode;
	struct id_date from;
	int64_t fen_per_month;
};

/* The standard in force on date `on` for category and mode among s[0..n):
 * the one with the latest `from` not after on.  A 事实无人抚养 child with no
 * standard of its own follows the 孤儿 standard of the same mode.  -1 when
 * none is in force. */
int64_t allowance_standard_on(const struct allowance_standard *s, size_t n, unsigned category,
			      enum support_mode mode, struct id_date on);

/* A month's payment of one child. */
struct allowance_line {
	unsigned category;          /* the category it is paid by */
	enum support_mode mode;
	int64_t fen;                /* the standard in force on the month's first day */
};

/*
 * The payment of a child placed as p for month (year, month): paid in full,
 * by the first category of ar->paid the child holds on any day of the month
 * (so the month of the 18th birthday is paid, the months after it are not),
 * at the standard in force on the month's first day.  False (and *out
 * untouched) when the child is not eligible on any day or no standard is in
 * force.
 */
bool allowance_for_month(const struct child_facts *f, enum placement p, int year, int month,
			 const struct child_rules *cr, const struct allowance_rules *ar,
			 const struct allowance_standard *s, size_t n, struct allowance_line *out);

#endif
