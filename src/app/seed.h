/* The defaults `weibao init` loads: 桐乡 divisions, member units, roles. */
#ifndef WB_APP_SEED_H
#define WB_APP_SEED_H

#include <stdint.h>

#include "store/store.h"

/* Loads the embedded divisions and member units and creates the default
 * roles, all in one transaction. */
enum wb_status seed_defaults(struct store *st, int64_t now, struct wb_err *err);

/* Loads member units from CSV text (code,name,kind,aliases with aliases
 * separated by '|'); used by seed_defaults and `weibao import units`.
 * *added receives the number of units added; runs in the caller's transaction. */
enum wb_status seed_units_csv(struct store *st, const char *buf, size_t len, int64_t now,
			      int *added, struct wb_err *err);

#endif
