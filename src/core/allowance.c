#include "core/allowance.h"

#include <string.h>

static const char *const placement_names[PLACEMENT__MAX] = {
	[PLACEMENT_FAMILY] = "家庭",
	[PLACEMENT_RELATIVE] = "亲属抚养",
	[PLACEMENT_INSTITUTION] = "机构集中养育",
	[PLACEMENT_FOSTER] = "家庭寄养",
};

static const char *const support_names[SUPPORT__MAX] = {
	[SUPPORT_CENTRAL] = "集中供养",
	[SUPPORT_DISPERSED] = "社会散居",
};

const char *
placement_name(enum placement p)
{
	return (unsigned)p < PLACEMENT__MAX ? placement_names[p] : NULL;
}

enum placement
placement_parse(const char *name)
{
	for (int i = 0; name && i < PLACEMENT__MAX; i++)
		if (strcmp(placement_names[i], name) == 0)
			return (enum placement)i;
	return PLACEMENT__MAX;
}

const char *
support_mode_name(enum support_mode m)
{
	return (unsigned)m < SUPPORT__MAX ? support_names[m] : NULL;
}

enum support_mode
support_mode_parse(const char *name)
{
	for (int i = 0; name && i < SUPPORT__MAX; i++)
		if (strcmp(support_names[i], name) == 0)
			return (enum support_mode)i;
	return SUPPORT__MAX;
}

struct allowance_rules
allowance_rules_default(void)
{
	struct allowance_rules r;

	memset(&r, 0, sizeof(r));
	for (int p = 0; p < PLACEMENT__MAX; p++)
		r.mode_of[p] = SUPPORT_DISPERSED;
	r.mode_of[PLACEMENT_INSTITUTION] = SUPPORT_CENTRAL;
	r.paid[0] = CHILD_ORPHAN;
	r.paid[1] = CHILD_DE_FACTO;
	r.npaid = 2;
	return r;
}

/* The latest standard of exactly (category, mode) in force on on, or -1. */
static int64_t
own_standard(const struct allowance_standard *s, size_t n, unsigned category,
	     enum support_mode mode, struct id_date on)
{
	const struct allowance_standard *best = NULL;

	for (size_t i = 0; i < n; i++) {
		if (s[i].category != category || s[i].mode != mode ||
		    id_date_compare(s[i].from, on) > 0)
			continue;
		if (best == NULL || id_date_compare(s[i].from, best->from) >= 0)
			best = &s[i];
	}
	return best ? best->fen_per_month : -1;
}

int64_t
allowance_standard_on(const struct allowance_standard *s, size_t n, unsigned category,
		      enum support_mode mode, struct id_date on)
{
	int64_t fen = own_standard(s, n, category, mode, on);

	if (fen < 0 && category == CHILD_DE_FACTO)
		fen = own_standard(s, n, CHILD_ORPHAN, mode, on);
	return fen;
}

/* The first category of ar->paid that cats holds, or 0. */
static unsigned
paying_category(unsigned cats, const struct allowance_rules *ar)
{
	for (size_t i = 0; i < ar->npaid && i < ALLOWANCE_PAID_MAX; i++)
		if (cats & ar->paid[i])
			return ar->paid[i];
	return 0;
}

/* Index in ar->paid of category c (ar->npaid when absent): lower pays first. */
static size_t
pay_rank(unsigned c, const struct allowance_rules *ar)
{
	for (size_t i = 0; i < ar->npaid && i < ALLOWANCE_PAID_MAX; i++)
		if (ar->paid[i] == c)
			return i;
	return ar->npaid;
}

bool
allowance_for_month(const struct child_facts *f, enum placement p, int year, int month,
		    const struct child_rules *cr, const struct allowance_rules *ar,
		    const struct allowance_standard *s, size_t n, struct allowance_line *out)
{
	struct id_date first = { year, month, 1 };
	struct id_date next = id_date_add_months(first, 1);
	unsigned best = 0;
	enum support_mode mode;
	int64_t fen;

	if ((unsigned)p >= PLACEMENT__MAX || !id_date_valid(first))
		return false;
	/* the month's first day, then each day within it on which the
	 * categories can change (child_next_change): between two such days
	 * they stay as they are */
	for (struct id_date on = first;;) {
		unsigned c = paying_category(child_derive(f, on, cr).categories, ar);

		if (c != 0 && (best == 0 || pay_rank(c, ar) < pay_rank(best, ar)))
			best = c;
		if (best != 0 && pay_rank(best, ar) == 0)
			break;   /* nothing pays before the first */
		if (!child_next_change(f, on, cr, &on) || id_date_compare(on, next) >= 0)
			break;
	}
	if (best == 0)
		return false;
	mode = ar->mode_of[p];
	fen = allowance_standard_on(s, n, best, mode, first);
	if (fen < 0)
		return false;
	*out = (struct allowance_line){ best, mode, fen };
	return true;
}
