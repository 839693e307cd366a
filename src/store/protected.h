/*
 * The columns whose cells are encrypted with the field key (sec/fieldcrypt.h)
 * or hold a blind index (sec/blindindex.h): one closed list, which key
 * rotation walks.  A register that adds an encrypted column adds it here; a
 * test checks every column written with fieldcrypt is listed.
 */
#ifndef WB_STORE_PROTECTED_H
#define WB_STORE_PROTECTED_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct protected_column {
	const char *table, *column;   /* as bound into each token's associated data */
	bool blind_index;             /* false: a field token; true: a blind index */
	const char *source;           /* a blind index: the field column of the same
					 table it is computed from */
};

/* The list, terminated by a NULL table. */
extern const struct protected_column protected_columns[];

/* Up to limit cells of column k with a row id above `after`, in id order:
 * fn(row id, token) for each (the token valid during the call). */
enum wb_status store_protected_batch(struct store *st, int k, int64_t after, int64_t limit,
				     void (*fn)(int64_t, const char *, void *), void *arg,
				     struct wb_err *err);

/* Up to limit blind-index cells of column k (blind_index true) with a row id
 * above `after`, in id order: fn(row id, index, the source column's token,
 * temporary number or not) for each (the strings valid during the call).
 * Cells that no longer identify anyone (purged) are left out. */
enum wb_status store_protected_index_batch(struct store *st, int k, int64_t after, int64_t limit,
					   void (*fn)(int64_t, const char *, const char *, bool,
						      void *),
					   void *arg, struct wb_err *err);

/* Replaces the cell of row id in column k by token, if it still holds old:
 * *replaced says whether it did (a concurrent write wins). */
enum wb_status store_protected_set(struct store *st, int k, int64_t id, const char *old,
				   const char *token, bool *replaced, struct wb_err *err);

#endif
