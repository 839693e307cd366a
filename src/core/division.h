/* Administrative division codes (GB/T 2260 + NBS statistical codes). Pure. */
#ifndef WB_CORE_DIVISION_H
#define WB_CORE_DIVISION_H

#include <stdbool.h>
#include <stddef.h>

enum division_level {
	DIVISION_INVALID = 0,
	DIVISION_COUNTY,   /* 6 digits, e.g. 330483 */
	DIVISION_TOWN,     /* 9 digits: 镇/街道/乡 */
	DIVISION_VILLAGE   /* 12 digits: 村/社区 */
};

/* Level implied by the code's length; DIVISION_INVALID for anything that is
 * not 6, 9 or 12 ASCII digits. */
enum division_level division_level_of(const char *code);

/* "county", "town", "village" (the stored names); NULL for invalid. */
const char *division_level_name(enum division_level l);
enum division_level division_level_parse(const char *name);

/* Writes the parent code implied by a town or village code (its first 6 or 9
 * digits) into out (at least 13 bytes).  Returns false for a county code or
 * an invalid one. */
bool division_parent_code(const char *code, char *out, size_t outlen);

/* True when kind ("county", "district", "city", "town", "street", "township",
 * "village", "community") is allowed at level l. */
bool division_kind_fits(enum division_level l, const char *kind);

/* The default kind of a level ("county", "town", "village"). */
const char *division_default_kind(enum division_level l);

/* True when code is inside (or equal to) the division `scope`, by prefix:
 * 330483100201 is inside 330483100 and 330483. */
bool division_within(const char *code, const char *scope);

#endif
