#include "core/indicator.h"

#include <math.h>
#include <string.h>

static const char *const kind_names[IND_KIND__MAX] = {
	[IND_COUNT] = "count",
	[IND_DIVISION_SHARE] = "division_share",
	[IND_STATUS_SHARE] = "status_share",
	[IND_PER_THOUSAND] = "per_thousand",
	[IND_STANDARD] = "standard",
	[IND_COVERAGE] = "coverage",
};

const char *
indicator_kind_name(enum indicator_kind k)
{
	return (unsigned)k < IND_KIND__MAX ? kind_names[k] : NULL;
}

enum indicator_kind
indicator_kind_parse(const char *name)
{
	for (int k = 0; name && k < IND_KIND__MAX; k++)
		if (strcmp(kind_names[k], name) == 0)
			return (enum indicator_kind)k;
	return IND_KIND__MAX;
}

/* num ÷ den × scale; unknown when den is not a positive number */
static struct indicator_value
ratio(double num, double den, double scale)
{
	if (!(den > 0) || !isfinite(num) || !isfinite(den))
		return (struct indicator_value){ false, 0 };
	return (struct indicator_value){ true, num / den * scale };
}

struct indicator_value
indicator_compute(enum indicator_kind k, double num, double den)
{
	switch (k) {
	case IND_COUNT:
	case IND_STANDARD:
		return (struct indicator_value){ isfinite(num), isfinite(num) ? num : 0 };
	case IND_DIVISION_SHARE:
	case IND_STATUS_SHARE:
	case IND_COVERAGE:
		return ratio(num, den, 100);
	case IND_PER_THOUSAND:
		return ratio(num, den, 1000);
	default:
		return (struct indicator_value){ false, 0 };
	}
}

bool
indicator_met(const char *op, double value, double value2, struct indicator_value v)
{
	(void)value2;
	if (!v.known || op == NULL)
		return false;
	if (strcmp(op, "=") == 0 || strcmp(op, ">=") == 0 || strcmp(op, "range") == 0)
		return v.actual >= value;
	if (strcmp(op, ">") == 0)
		return v.actual > value;
	if (strcmp(op, "<=") == 0)
		return v.actual <= value;
	if (strcmp(op, "<") == 0)
		return v.actual < value;
	return false;
}

bool
indicator_exceeded(const char *op, double value2, struct indicator_value v)
{
	return v.known && op && strcmp(op, "range") == 0 && v.actual > value2;
}

double
indicator_shown(double actual)
{
	return round(actual * 10) / 10;
}

size_t
indicator_per_town(enum indicator_kind k, const char *op, double value, double value2,
		   struct indicator_town *towns, size_t n, bool *all_met)
{
	size_t meeting = 0;

	for (size_t i = 0; i < n; i++) {
		towns[i].value = indicator_compute(k, towns[i].num, towns[i].den);
		towns[i].met = indicator_met(op, value, value2, towns[i].value);
		meeting += towns[i].met;
	}
	*all_met = n > 0 && meeting == n;
	return meeting;
}
