/* Store access to weibao_meta: small named settings the program keeps. */
#ifndef WB_STORE_META_H
#define WB_STORE_META_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"

/* The value of key into out (cut to len); "" when there is none. */
enum wb_status store_meta_get(struct store *st, const char *key, char *out, size_t len,
			      struct wb_err *err);
enum wb_status store_meta_set(struct store *st, const char *key, const char *value,
			      struct wb_err *err);

/*
 * The registers' generation: a number in weibao_meta ("registers_gen") that
 * changes in the same transaction as every write of the registers
 * (facilities) or of the divisions, so a process that keeps something
 * computed from them (the indicators' snapshot) knows, with one cheap read,
 * whether it is still current.  It starts at a random value, so another
 * database (a new file at the same path, a restored copy) does not repeat
 * one.  store_registers_touch bumps it once per outermost transaction (on
 * its own when none is open); store_registers_gen reads it into out ("" when
 * never set); store_registers_regen gives it a new random value (after a
 * restore).
 */
enum wb_status store_registers_touch(struct store *st, struct wb_err *err);
enum wb_status store_registers_gen(struct store *st, char *out, size_t len, struct wb_err *err);
enum wb_status store_registers_regen(struct store *st, struct wb_err *err);

/* Around a write of the registers or divisions: opens a transaction when
 * none is (*own true) and bumps the generation; store_registers_end commits
 * what it opened when rc is WB_OK, else rolls it back, and returns rc or the
 * commit's failure. */
enum wb_status store_registers_begin(struct store *st, bool *own, struct wb_err *err);
enum wb_status store_registers_end(struct store *st, bool own, enum wb_status rc,
				   struct wb_err *err);

#endif
