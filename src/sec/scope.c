#include "sec/scope.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *code, *title;
} kinds[SCOPE_KIND__MAX] = {
	[SCOPE_COUNTY] = { "county", "全市" },
	[SCOPE_TOWN] = { "town", "本镇（街道）" },
	[SCOPE_VILLAGE] = { "village", "本村（社区）" },
	[SCOPE_UNIT] = { "unit", "本单位" },
	[SCOPE_OWN] = { "own", "仅本人创建" },
	[SCOPE_INSTITUTION] = { "institution", "本机构" },
};

const char *
scope_kind_code(enum scope_kind k)
{
	return (unsigned)k < SCOPE_KIND__MAX ? kinds[k].code : "";
}

const char *
scope_kind_title(enum scope_kind k)
{
	return (unsigned)k < SCOPE_KIND__MAX ? kinds[k].title : "";
}

enum scope_kind
scope_kind_parse(const char *code)
{
	for (int k = 0; k < SCOPE_KIND__MAX; k++)
		if (code && strcmp(code, kinds[k].code) == 0)
			return (enum scope_kind)k;
	return SCOPE_KIND__MAX;
}

const char *
scope_rule_code(enum scope_rule r)
{
	static const char *const codes[SCOPE_RULE__MAX] = {
		[SCOPE_RULE_UNSET] = "unset", [SCOPE_RULE_NONE] = "none",
		[SCOPE_RULE_DIVISION] = "division", [SCOPE_RULE_UNIT] = "unit",
		[SCOPE_RULE_REGISTER] = "register",
	};
	return (unsigned)r < SCOPE_RULE__MAX ? codes[r] : "";
}

struct scope
scope_make(enum scope_rule rule, enum scope_kind kind, const char *division, int64_t unit_id,
	   int64_t user_id, int64_t institution_id)
{
	struct scope s = { .rule = rule, .kind = kind, .unit_id = unit_id, .user_id = user_id,
			   .institution_id = institution_id };

	if ((kind == SCOPE_TOWN || kind == SCOPE_VILLAGE) && division)
		snprintf(s.division, sizeof(s.division), "%s", division);
	return s;
}

const struct scope *
scope_system(void)
{
	static const struct scope system = { .rule = SCOPE_RULE_DIVISION, .kind = SCOPE_COUNTY };

	return &system;
}

void
scope_binds(const struct scope *s, struct scope_binds *out)
{
	memset(out, 0, sizeof(*out));
	if (s->rule != SCOPE_RULE_DIVISION && s->rule != SCOPE_RULE_UNIT &&
	    s->rule != SCOPE_RULE_REGISTER)
		return;                 /* a route that declared no scoped records sees none */
	switch (s->kind) {
	case SCOPE_COUNTY:
		out->all = true;
		break;
	case SCOPE_TOWN:
	case SCOPE_VILLAGE:
		if (s->rule == SCOPE_RULE_UNIT)
			out->unit_id = s->unit_id;
		else if (s->division[0])
			out->prefix = s->division;
		break;
	case SCOPE_UNIT:
		if (s->rule == SCOPE_RULE_REGISTER)
			out->all = true;        /* member units read every register */
		else
			out->unit_id = s->unit_id;
		break;
	case SCOPE_OWN:
		out->owner_id = s->user_id;
		break;
	case SCOPE_INSTITUTION:
		if (s->rule == SCOPE_RULE_DIVISION)
			out->institution_id = s->institution_id;
		break;
	default:
		break;
	}
}

bool
scope_covers_division(const struct scope *s, const char *code)
{
	size_t n = strlen(s->division);

	if (s->kind == SCOPE_COUNTY)
		return true;
	if (s->kind != SCOPE_TOWN && s->kind != SCOPE_VILLAGE)
		return false;
	return code && n > 0 && strncmp(code, s->division, n) == 0;
}
