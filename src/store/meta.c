#include "store/meta.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>

#include "store/store_int.h"

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

/* A random start for the registers' generation, as decimal text. */
static void
random_gen(char *out, size_t len)
{
	uint64_t r;

	randombytes_buf(&r, sizeof(r));
	snprintf(out, len, "%llu", (unsigned long long)(r >> 24));   /* 40 bits: room to count */
}

enum wb_status
store_registers_touch(struct store *st, struct wb_err *err)
{
	struct store_query *q;
	char start[32];
	enum wb_status rc;

	if (st->tx_depth > 0 && st->registers_touched)
		return WB_OK;
	random_gen(start, sizeof(start));
	q = store_query(st, STMT_REGISTERS_GEN_BUMP);
	store_bind_text(q, 1, start);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && st->tx_depth > 0)
		st->registers_touched = true;
	return rc;
}

enum wb_status
store_registers_gen(struct store *st, char *out, size_t len, struct wb_err *err)
{
	return store_meta_get(st, "registers_gen", out, len, err);
}

enum wb_status
store_registers_regen(struct store *st, struct wb_err *err)
{
	char v[32];

	random_gen(v, sizeof(v));
	return store_meta_set(st, "registers_gen", v, err);
}

enum wb_status
store_registers_begin(struct store *st, bool *own, struct wb_err *err)
{
	enum wb_status rc;

	*own = st->tx_depth == 0;
	if (*own && (rc = store_begin(st, err)) != WB_OK) {
		*own = false;
		return rc;
	}
	rc = store_registers_touch(st, err);
	if (rc != WB_OK && *own) {
		store_rollback_all(st);
		*own = false;
	}
	return rc;
}

enum wb_status
store_registers_end(struct store *st, bool own, enum wb_status rc, struct wb_err *err)
{
	if (!own)
		return rc;
	if (rc == WB_OK)
		return store_commit(st, err);
	store_rollback_all(st);
	return rc;
}
