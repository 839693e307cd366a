/* Binding a data scope (sec/scope.h) into a scoped statement. */
#ifndef WB_STORE_SCOPE_H
#define WB_STORE_SCOPE_H

#include "sec/scope.h"
#include "store/store.h"

/* Parameters of the SCOPED(...) predicate of stmt.def. */
#define SCOPE_PARAMS 6

/* Binds s to the SCOPE_PARAMS parameters from idx; returns the index after. */
int store_bind_scope(struct store_query *q, int idx, const struct scope *s);

#endif
