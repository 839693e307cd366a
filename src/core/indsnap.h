/*
 * A compact in-memory copy of what the indicator definitions read from the
 * registers and divisions (the records of the six registers they count, the
 * towns with their villages and populations, the county's population), and
 * the counts of core/indicator.h computed from it, per town, as of a date,
 * within a scope: the same figures as the store's aggregate (STMT_IND_COUNTS)
 * in a pass over memory.  Pure: the store fills one (store_ind_snapshot),
 * the service layer keeps it while the registers' generation is unchanged.
 * Built by one thread, then read-only: any number of threads may count at
 * once.
 */
#ifndef WB_CORE_INDSNAP_H
#define WB_CORE_INDSNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/indicator.h"

/* A day as YYYYMMDD (the order of the 'YYYY-MM-DD' text); INDSNAP_NEVER for
 * no date: never on or before a date, always on or after it. */
#define INDSNAP_NEVER INT32_MAX
int32_t indsnap_day(const char *ymd);

struct indsnap_town {
	char code[16], name[64];
	bool has_population;
	int64_t population, villages;
};

struct indsnap;

/* A new, empty snapshot of generation gen (the overall one; NULL when out of
 * memory); freed by indsnap_free. */
struct indsnap *indsnap_new(const char *gen);
void indsnap_free(struct indsnap *s);
const char *indsnap_gen(const struct indsnap *s);
size_t indsnap_records(const struct indsnap *s);

/*
 * The parts a snapshot is read in, each with the generation it was read at
 * (store/meta.h): the six registers by type code, and "divisions" (the
 * towns, their villages, the populations).  indsnap_parts lists them (*n of
 * them).  To read again only what changed: indsnap_new_from starts a
 * snapshot that knows old's codes, indsnap_reuse copies part of old into it
 * (false when out of memory), and the rest is added anew.
 */
const char *const *indsnap_parts(size_t *n);
struct indsnap *indsnap_new_from(const char *gen, const struct indsnap *old);
bool indsnap_reuse(struct indsnap *s, const struct indsnap *old, const char *part);
void indsnap_set_part_gen(struct indsnap *s, const char *part, const char *gen);
const char *indsnap_part_gen(const struct indsnap *s, const char *part);

/* Adds a record: its register's code ("station", …; others are ignored),
 * division and town codes (NULL or "" for none), and the columns the
 * definitions read (NULL for SQL NULL).  False when out of memory. */
struct indsnap_row {
	const char *type, *division, *town, *status, *kind, *level, *stage;
	const char *opened_on, *named_on, *agreement_from, *agreement_to, *smart_on;
	int64_t places, created_by;   /* 0 for NULL */
};
bool indsnap_add(struct indsnap *s, const struct indsnap_row *r);
/* Adds a town (in the order they are shown); false when out of memory. */
bool indsnap_add_town(struct indsnap *s, const struct indsnap_town *t);
void indsnap_set_county_population(struct indsnap *s, bool known, int64_t population);

/* The records a scope sees (sec/scope.h's scope_binds): every one, those
 * located in a division whose code starts with prefix, those created by
 * owner_id (0: none). */
struct indsnap_filter {
	bool all;
	const char *prefix;
	int64_t owner_id;
};

/* fn for each town the filter sees (all, or its code starts with prefix). */
void indsnap_towns(const struct indsnap *s, const struct indsnap_filter *f,
		   void (*fn)(const struct indsnap_town *, void *), void *arg);
/* *known and *population of the county. */
void indsnap_county_population(const struct indsnap *s, bool *known, int64_t *population);

/*
 * fn for each group of records the filter sees (a town, or "" for records
 * located at the county), as of as_of ('YYYY-MM-DD'), the schools counted
 * over stages ('|'-joined with a leading and trailing '|'): the counts of
 * STMT_IND_COUNTS.  Groups without a record are not reported.  False when
 * out of memory (nothing reported).
 */
bool indsnap_counts(const struct indsnap *s, const struct indsnap_filter *f, const char *as_of,
		    const char *stages, void (*fn)(const struct ind_counts *, void *), void *arg);

#endif
