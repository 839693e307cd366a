#include "core/division.h"

#include <stdio.h>
#include <string.h>

enum division_level
division_level_of(const char *code)
{
	size_t n = 0;

	if (code == NULL)
		return DIVISION_INVALID;
	for (; code[n]; n++)
		if (code[n] < '0' || code[n] > '9')
			return DIVISION_INVALID;
	switch (n) {
	case 6:
		return DIVISION_COUNTY;
	case 9:
		return DIVISION_TOWN;
	case 12:
		return DIVISION_VILLAGE;
	default:
		return DIVISION_INVALID;
	}
}

static const char *const level_names[] = {
	[DIVISION_COUNTY] = "county",
	[DIVISION_TOWN] = "town",
	[DIVISION_VILLAGE] = "village",
};

const char *
division_level_name(enum division_level l)
{
	if (l <= DIVISION_INVALID || l > DIVISION_VILLAGE)
		return NULL;
	return level_names[l];
}

enum division_level
division_level_parse(const char *name)
{
	for (int l = DIVISION_COUNTY; l <= DIVISION_VILLAGE; l++)
		if (name && strcmp(name, level_names[l]) == 0)
			return (enum division_level)l;
	return DIVISION_INVALID;
}

bool
division_parent_code(const char *code, char *out, size_t outlen)
{
	size_t keep;

	switch (division_level_of(code)) {
	case DIVISION_TOWN:
		keep = 6;
		break;
	case DIVISION_VILLAGE:
		keep = 9;
		break;
	default:
		return false;
	}
	if (outlen <= keep)
		return false;
	memcpy(out, code, keep);
	out[keep] = '\0';
	return true;
}

bool
division_kind_fits(enum division_level l, const char *kind)
{
	static const char *const county[] = { "county", "district", "city", NULL };
	static const char *const town[] = { "town", "street", "township", NULL };
	static const char *const village[] = { "village", "community", NULL };
	const char *const *allowed;

	switch (l) {
	case DIVISION_COUNTY:
		allowed = county;
		break;
	case DIVISION_TOWN:
		allowed = town;
		break;
	case DIVISION_VILLAGE:
		allowed = village;
		break;
	default:
		return false;
	}
	for (; *allowed; allowed++)
		if (kind && strcmp(kind, *allowed) == 0)
			return true;
	return false;
}

const char *
division_default_kind(enum division_level l)
{
	return division_level_name(l);
}

bool
division_within(const char *code, const char *scope)
{
	size_t n;

	if (code == NULL || scope == NULL || division_level_of(scope) == DIVISION_INVALID)
		return false;
	n = strlen(scope);
	return strncmp(code, scope, n) == 0 && division_level_of(code) != DIVISION_INVALID;
}
