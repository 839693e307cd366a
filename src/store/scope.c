#include "store/scope.h"

#include <string.h>

/* Binds an id, or NULL (which matches nothing) for 0. */
static void
bind_id(struct store_query *q, int idx, int64_t id)
{
	if (id > 0)
		store_bind_int(q, idx, id);
	else
		store_bind_null(q, idx);
}

int
store_bind_scope(struct store_query *q, int idx, const struct scope *s)
{
	struct scope_binds b;

	scope_binds(s, &b);
	store_bind_int(q, idx++, b.all ? 1 : 0);
	if (b.prefix) {
		store_bind_int(q, idx++, (int64_t)strlen(b.prefix));
		store_bind_text(q, idx++, b.prefix);
	} else {
		store_bind_null(q, idx++);
		store_bind_null(q, idx++);
	}
	bind_id(q, idx++, b.unit_id);
	bind_id(q, idx++, b.owner_id);
	bind_id(q, idx++, b.institution_id);
	return idx;
}
