/* Store access to weibao_meta: small named settings the program keeps. */
#ifndef WB_STORE_META_H
#define WB_STORE_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* The value of key into out (cut to len); "" when there is none. */
enum wb_status store_meta_get(struct store *st, const char *key, char *out, size_t len,
			      struct wb_err *err);
enum wb_status store_meta_set(struct store *st, const char *key, const char *value,
			      struct wb_err *err);

/*
 * The registers' generations: numbers in weibao_meta that change in the same
 * transaction as every write of the registers (facilities) or of the
 * divisions, so a process that keeps something computed from them (the
 * indicators' snapshot) knows, with one cheap read, whether it is still
 * current: "registers_gen" moves with every such write, and
 * "registers_gen.<part>" with the writes of one part — a register's type
 * code ("station", …) or "divisions" — so that only what changed need be
 * read again.  Each starts at a random value, so another database (a new
 * file at the same path, a restored copy) does not repeat one.
 *
 * store_registers_touch bumps the overall generation and part's (NULL: the
 * overall one alone) once per outermost transaction (on its own when none
 * is open); store_registers_touch_facility bumps those of the register of
 * record id (before a change of it).  store_registers_gen reads the overall
 * one into out ("" when never set); store_registers_parts calls fn with each
 * part's key suffix and value; store_registers_regen gives every one a new
 * random value (after a restore).
 */
enum wb_status store_registers_touch(struct store *st, const char *part, struct wb_err *err);
enum wb_status store_registers_touch_facility(struct store *st, int64_t id, struct wb_err *err);
enum wb_status store_registers_gen(struct store *st, char *out, size_t len, struct wb_err *err);
enum wb_status store_registers_parts(struct store *st,
				     void (*fn)(const char *part, const char *gen, void *),
				     void *arg, struct wb_err *err);
enum wb_status store_registers_regen(struct store *st, struct wb_err *err);
/* Gives part a generation (random) when it has none: a part never written
 * since the generations exist (data loaded by other means) is otherwise read
 * again every time. */
enum wb_status store_registers_start(struct store *st, const char *part, struct wb_err *err);

/* Around a write of part (see above; NULL when the caller bumps the part
 * itself): opens a transaction when none is (*own true) and bumps the
 * generations; store_registers_end commits what it opened when rc is WB_OK,
 * else rolls it back, and returns rc or the commit's failure. */
enum wb_status store_registers_begin(struct store *st, const char *part, bool *own,
				     struct wb_err *err);
enum wb_status store_registers_end(struct store *st, bool own, enum wb_status rc,
				   struct wb_err *err);

#endif
