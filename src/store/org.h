/* Store access to the organisation: administrative divisions and member units. */
#ifndef WB_STORE_ORG_H
#define WB_STORE_ORG_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct division {
	char code[16];
	char name[164];           /* 40 characters of up to 4 bytes */
	char level[16];        /* county / town / village */
	char kind[16];
	char parent_code[16];  /* "" for none */
	char path[64];         /* "/330483/330483100/" */
	int64_t population;    /* -1 when unknown */
};

/* Inserts d, or updates name, kind and (when known) population of an existing
 * code.  The path is computed from the parent, which must exist for towns and
 * villages (WB_ERR_NOTFOUND otherwise).  *created tells which happened. */
enum wb_status store_division_put(struct store *st, const struct division *d, bool *created,
				  struct wb_err *err);

/* WB_ERR_NOTFOUND when there is no such code. */
enum wb_status store_division_get(struct store *st, const char *code, struct division *out,
				  struct wb_err *err);

/* Calls fn for each division in tree order (by path); fn returns non-zero to stop. */
enum wb_status store_division_each(struct store *st, int (*fn)(const struct division *, void *),
				   void *arg, struct wb_err *err);

/* The same within a scope: divisions whose path starts with the path of
 * scope_code ("" for all). */
enum wb_status store_division_each_in(struct store *st, const char *scope_path,
				      int (*fn)(const struct division *, void *), void *arg,
				      struct wb_err *err);

enum wb_status store_division_count(struct store *st, int64_t *count, struct wb_err *err);

struct unit {
	int64_t id;
	char code[32];
	char name[164];           /* 40 characters of up to 4 bytes */
	char kind[32];
};

/* Inserts a unit and its aliases (NULL-terminated, may be NULL). */
enum wb_status store_unit_add(struct store *st, const struct unit *u, const char *const *aliases,
			      int64_t now, int64_t *id, struct wb_err *err);

/* Finds a unit by its name, code or one of its aliases. */
enum wb_status store_unit_find(struct store *st, const char *name, struct unit *out,
			       struct wb_err *err);

enum wb_status store_unit_each(struct store *st, int (*fn)(const struct unit *, void *),
			       void *arg, struct wb_err *err);

enum wb_status store_unit_get(struct store *st, int64_t id, struct unit *out, struct wb_err *err);
enum wb_status store_unit_update(struct store *st, const struct unit *u, struct wb_err *err);
/* Replaces the aliases of a unit (NULL-terminated list). */
enum wb_status store_unit_set_aliases(struct store *st, int64_t id, const char *const *aliases,
				      struct wb_err *err);
/* Calls fn for each (unit id, alias), by unit id. */
enum wb_status store_unit_alias_each(struct store *st, void (*fn)(int64_t, const char *, void *),
				     void *arg, struct wb_err *err);

enum wb_status store_unit_count(struct store *st, int64_t *count, struct wb_err *err);

/* Writes %s% into out (size len) with LIKE's wildcards in s escaped by '\\'
 * (for `LIKE ? ESCAPE '\\'`); s is cut to fit. */
void store_like_pattern(const char *s, char *out, size_t len);

/* Copies src into dst of size n, truncating on a UTF-8 boundary; NULL gives "". */
void store_copy_text(char *dst, size_t n, const char *src);

#endif
