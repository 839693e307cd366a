/* Store access to weibao_meta: small named settings the program keeps. */
#ifndef WB_STORE_META_H
#define WB_STORE_META_H

#include <stddef.h>

#include "store/store.h"

/* The value of key into out (cut to len); "" when there is none. */
enum wb_status store_meta_get(struct store *st, const char *key, char *out, size_t len,
			      struct wb_err *err);
enum wb_status store_meta_set(struct store *st, const char *key, const char *value,
			      struct wb_err *err);

#endif
