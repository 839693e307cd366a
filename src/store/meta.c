#include "store/meta.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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

/* A random start for a generation, as decimal text. */
static void
random_gen(char *out, size_t len)
{
	uint64_t r;

	randombytes_buf(&r, sizeof(r));
	snprintf(out, len, "%llu", (unsigned long long)(r >> 24));   /* 40 bits: room to count */
}

/* The parts whose bumps are counted once per transaction (bit i + 1; bit 0
 * is the overall generation); any other part is bumped every time. */
static const char *const parts[] = { "divisions", "station", "rescue", "children_home", "post",
				     "childcare", "rehab", "school", "org", "project",
				     "supervisor", "director", "hospital", "training", "welfare" };

/* Bumps the generation of key (once per transaction for bit, when not 0). */
static enum wb_status
bump(struct store *st, const char *key, uint32_t bit, struct wb_err *err)
{
	struct store_query *q;
	char start[32];
	enum wb_status rc;

	if (bit && st->tx_depth > 0 && (st->registers_touched & bit))
		return WB_OK;
	random_gen(start, sizeof(start));
	q = store_query(st, STMT_REGISTERS_GEN_BUMP);
	store_bind_text(q, 1, key);
	store_bind_text(q, 2, start);
	rc = store_exec_done(q, err);
	if (rc == WB_OK && st->tx_depth > 0)
		st->registers_touched |= bit;
	return rc;
}

enum wb_status
store_registers_touch(struct store *st, const char *part, struct wb_err *err)
{
	enum wb_status rc = bump(st, "registers_gen", 1, err);
	uint32_t bit = 0;
	char key[64];

	if (rc != WB_OK || part == NULL)
		return rc;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (strcmp(parts[i], part) == 0)
			bit = 1u << (i + 1);
	snprintf(key, sizeof(key), "registers_gen.%s", part);
	return bump(st, key, bit, err);
}

enum wb_status
store_registers_touch_facility(struct store *st, int64_t id, struct wb_err *err)
{
	enum wb_status rc = bump(st, "registers_gen", 1, err);
	struct store_query *q;
	char start[32];

	if (rc != WB_OK)
		return rc;
	random_gen(start, sizeof(start));
	q = store_query(st, STMT_REGISTERS_GEN_BUMP_OF_FACILITY);
	store_bind_text(q, 1, start);
	store_bind_int(q, 2, id);
	return store_exec_done(q, err);
}

enum wb_status
store_registers_gen(struct store *st, char *out, size_t len, struct wb_err *err)
{
	return store_meta_get(st, "registers_gen", out, len, err);
}

enum wb_status
store_registers_parts(struct store *st, void (*fn)(const char *part, const char *gen, void *),
		      void *arg, struct wb_err *err)
{
	struct store_query *q = store_query(st, STMT_REGISTERS_GEN_PARTS);
	enum wb_status rc;
	bool row;

	while ((rc = store_step(q, &row, err)) == WB_OK && row)
		fn(store_col_text(q, 0) + strlen("registers_gen."), store_col_text(q, 1), arg);
	store_query_end(q);
	return rc;
}

enum wb_status
store_registers_regen(struct store *st, struct wb_err *err)
{
	struct store_query *q;
	char v[32];
	enum wb_status rc;

	random_gen(v, sizeof(v));
	q = store_query(st, STMT_REGISTERS_GEN_RENEW_PARTS);
	store_bind_text(q, 1, v);
	rc = store_exec_done(q, err);
	return rc == WB_OK ? store_meta_set(st, "registers_gen", v, err) : rc;
}

enum wb_status
store_registers_start(struct store *st, const char *part, struct wb_err *err)
{
	struct store_query *q;
	char key[64], v[32];

	snprintf(key, sizeof(key), "registers_gen.%s", part);
	random_gen(v, sizeof(v));
	q = store_query(st, STMT_REGISTERS_GEN_START);
	store_bind_text(q, 1, key);
	store_bind_text(q, 2, v);
	return store_exec_done(q, err);
}

enum wb_status
store_registers_begin(struct store *st, const char *part, bool *own, struct wb_err *err)
{
	enum wb_status rc;

	*own = st->tx_depth == 0;
	if (*own && (rc = store_begin(st, err)) != WB_OK) {
		*own = false;
		return rc;
	}
	rc = store_registers_touch(st, part, err);
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
