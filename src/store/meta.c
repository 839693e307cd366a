#include "store/meta.h"

#include "store/org.h"

enum wb_status
store_meta_get(struct store *st, const char *key, char *out, size_t len, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_META_GET);
	enum wb_status rc;
	bool row;

	out[0] = '\0';
	store_bind_text(q, 1, key);
	rc = store_step(q, &row, err);
	if (rc == WB_OK && row)
		store_copy_text(out, len, store_col_text(q, 0));
	store_query_end(q);
	return rc;
}

enum wb_status
store_meta_set(struct store *st, const char *key, const char *value, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_META_SET);

	store_bind_text(q, 1, key);
	store_bind_text(q, 2, value);
	return store_exec_done(q, err);
}
