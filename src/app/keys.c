#include "app/keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sec/blindindex.h"
#include "sec/fieldcrypt.h"
#include "store/meta.h"
#include "store/protected.h"
#include "util/vec.h"

#define STATE_KEY "key_rotation"

struct state {
	int gen, column;
	int64_t after;
};

/* Reads the rotation in progress; gen 0 when there is none. */
static enum wb_status
state_read(struct store *st, struct state *s, struct wb_err *err)
{
	char v[128];
	long long after = 0;
	enum wb_status rc = store_meta_get(st, STATE_KEY, v, sizeof(v), err);

	memset(s, 0, sizeof(*s));
	if (rc == WB_OK && v[0] &&
	    sscanf(v, "generation=%d column=%d after=%lld", &s->gen, &s->column, &after) != 3)
		return wb_err_set(err, WB_ERR_DB, "unreadable rotation state '%s'", v);
	s->after = after;
	return rc;
}

static enum wb_status
state_write(struct store *st, const struct state *s, struct wb_err *err)
{
	char v[128] = "";

	if (s->gen)
		snprintf(v, sizeof(v), "generation=%d column=%d after=%lld", s->gen, s->column,
			 (long long)s->after);
	return store_meta_set(st, STATE_KEY, v, err);
}

struct cell {
	int64_t id;
	char *token;        /* a field token; for a blind index, its source's */
	char *index;        /* a blind index cell's value; NULL otherwise */
	bool temporary;     /* a blind index of a temporary number */
};

static void
collect(int64_t id, const char *token, void *arg)
{
	struct cell *c = vec_push(arg);

	if (c) {
		c->id = id;
		c->token = strdup(token ? token : "");
		if (c->token == NULL)
			((struct vec *)arg)->nomem = true;
	}
}

static void
collect_index(int64_t id, const char *index, const char *token, bool temporary, void *arg)
{
	struct cell *c = vec_push(arg);

	if (c) {
		c->id = id;
		c->token = strdup(token ? token : "");
		c->index = strdup(index ? index : "");
		c->temporary = temporary;
		if (c->token == NULL || c->index == NULL)
			((struct vec *)arg)->nomem = true;
	}
}

/* Up to limit cells of column k after row `after` into *cells (a fresh
 * vec of struct cell; the caller frees it with free_cells in every case). */
static enum wb_status
load_cells(struct store *st, int k, int64_t after, int64_t limit, struct vec *cells,
	   struct wb_err *err)
{
	enum wb_status rc;

	*cells = (struct vec)VEC_INIT(struct cell);
	if (protected_columns[k].blind_index)
		rc = store_protected_index_batch(st, k, after, limit, collect_index, cells, err);
	else
		rc = store_protected_batch(st, k, after, limit, collect, cells, err);
	if (rc == WB_OK && cells->nomem)
		rc = wb_err_set(err, WB_ERR_NOMEM, "out of memory");
	return rc;
}

static void
free_cells(struct vec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(((struct cell *)vec_at(v, i))->token);
		free(((struct cell *)vec_at(v, i))->index);
	}
	vec_free(v);
}

/* Re-encrypts one cell under the current generation; *done counts it. */
static enum wb_status
reencrypt(struct store *st, const struct keyset *keys, int k, const struct cell *c,
	  int64_t *done, struct wb_err *err)
{
	const struct protected_column *pc = &protected_columns[k];
	char *plain = NULL, *token = NULL;
	enum wb_status rc;
	bool replaced;
	size_t len = 0;

	rc = fieldcrypt_decrypt(keys, pc->table, pc->column, c->id, c->token, &plain, &len, err);
	if (rc == WB_OK)
		rc = fieldcrypt_encrypt(keys, pc->table, pc->column, c->id, plain, len, &token, err);
	if (rc == WB_OK)
		rc = store_protected_set(st, k, c->id, c->token, token, &replaced, err);
	if (rc == WB_OK && replaced)
		(*done)++;
	fieldcrypt_free(plain, len);
	free(token);
	return rc;
}

/* Computes a blind index cell again under the current index key from its
 * source column's clear value (an ID number, or a temporary number under its
 * own domain, as src/app/children.c computes them); *done counts it when it
 * changed.  Without this a rotated index key would find no one by ID number
 * and let the same child be registered again. */
static enum wb_status
reindex(struct store *st, const struct keyset *keys, int k, const struct cell *c, int64_t *done,
	struct wb_err *err)
{
	const struct protected_column *pc = &protected_columns[k];
	char *plain = NULL, index[BLINDINDEX_HEX_SIZE];
	size_t len = 0;
	bool replaced = false;
	enum wb_status rc;

	rc = fieldcrypt_decrypt(keys, pc->table, pc->source, c->id, c->token, &plain, &len, err);
	if (rc == WB_OK && c->temporary)
		rc = blindindex_compute(keys, "tempnumber", plain, len, index, err);
	else if (rc == WB_OK)
		rc = blindindex_idnumber(keys, plain, index, err);
	if (rc == WB_OK && strcmp(index, c->index) != 0)
		rc = store_protected_set(st, k, c->id, c->index, index, &replaced, err);
	if (rc == WB_OK && replaced)
		(*done)++;
	fieldcrypt_free(plain, len);
	return rc;
}

/* One pass over every protected column from the state's cursor (field
 * tokens re-encrypted, blind indexes computed again); the cursor is
 * committed with each batch.  *changed counts the cells changed;
 * *batches is decremented per batch and the pass stops when it reaches 0. */
static enum wb_status
pass(struct store *st, const struct keyset *keys, struct state *s, int batch, int *batches,
     struct rotation *out, int64_t *changed, struct wb_err *err)
{
	enum wb_status rc = WB_OK;

	for (; protected_columns[s->column].table; s->column++, s->after = 0) {
		bool index = protected_columns[s->column].blind_index;

		for (;;) {
			struct vec cells;
			rc = load_cells(st, s->column, s->after, batch, &cells, err);
			if (rc != WB_OK || cells.n == 0) {
				free_cells(&cells);
				break;
			}
			rc = store_begin(st, err);
			for (size_t i = 0; i < cells.n && rc == WB_OK; i++) {
				const struct cell *c = vec_at(&cells, i);
				out->cells++;
				if (index)
					rc = reindex(st, keys, s->column, c, changed, err);
				else if (fieldcrypt_generation(c->token, NULL) != s->gen)
					rc = reencrypt(st, keys, s->column, c, changed, err);
				s->after = c->id;
			}
			if (rc == WB_OK)
				rc = state_write(st, s, err);
			if (rc == WB_OK)
				rc = store_commit(st, err);
			else
				store_rollback_all(st);
			free_cells(&cells);
			if (rc != WB_OK)
				return rc;
			if (*batches > 0 && --*batches == 0)
				return WB_OK;
		}
		if (rc != WB_OK)
			return rc;
	}
	return rc;
}

enum wb_status
app_keys_check(struct store *st, const struct keyset *keys, int64_t *unreadable,
	       struct wb_err *err)
{
	int64_t bad = 0;
	int first_gen = 0;
	enum wb_status rc = WB_OK;

	for (int k = 0; protected_columns[k].table && rc == WB_OK; k++) {
		const struct protected_column *pc = &protected_columns[k];
		int64_t after = 0;

		if (pc->blind_index)
			continue;
		for (;;) {
			struct vec cells;
			rc = load_cells(st, k, after, 500, &cells, err);
			for (size_t i = 0; i < cells.n && rc == WB_OK; i++) {
				const struct cell *c = vec_at(&cells, i);
				char *plain = NULL;
				size_t len = 0;
				if (fieldcrypt_decrypt(keys, pc->table, pc->column, c->id, c->token,
						       &plain, &len, NULL) != WB_OK) {
					if (bad++ == 0)
						first_gen = fieldcrypt_generation(c->token, NULL);
				}
				fieldcrypt_free(plain, len);
				after = c->id;
			}
			bool done = rc != WB_OK || cells.n == 0;
			free_cells(&cells);
			if (done)
				break;
		}
	}
	if (unreadable)
		*unreadable = bad;
	if (rc == WB_OK && bad > 0)
		rc = wb_err_set(err, WB_ERR_INVALID, "%lld protected fields cannot be decrypted with "
				"this key file (the first under key generation %d; the key file holds "
				"generations 1 to %d): it is older than the data, or another "
				"deployment's", (long long)bad, first_gen, keys->nfield);
	return rc;
}

enum wb_status
app_keys_refuse_during_rotation(struct store *st, struct wb_err *err)
{
	struct state s;
	enum wb_status rc = state_read(st, &s, err);

	if (rc == WB_OK && s.gen != 0)
		rc = wb_err_code(err, WB_ERR_CONFLICT, "key_rotation",
				 "密钥轮换正在进行（第 %d 代），完成前不能登记新的儿童：请稍后再试",
				 s.gen);
	return rc;
}

enum wb_status
app_keys_rotate(struct store *st, const char *key_path, struct keyset *keys, int settle_s,
		int batch, int stop_after, struct rotation *out, struct wb_err *err)
{
	int64_t changed = 1;
	struct state s;
	enum wb_status rc;
	int batches = stop_after;

	memset(out, 0, sizeof(*out));
	/* never rotate data this key file cannot read: it would stay unreadable
	 * under a generation number the new key file reuses */
	rc = app_keys_check(st, keys, NULL, err);
	if (rc == WB_OK)
		rc = state_read(st, &s, err);
	if (rc != WB_OK)
		return rc;
	if (s.gen == 0) {
		if ((rc = keyset_add_generation(keys, false, err)) != WB_OK ||
		    (rc = keyset_add_generation(keys, true, err)) != WB_OK ||
		    (rc = keyfile_save(key_path, keys, err)) != WB_OK)
			return rc;
		s = (struct state){ keys->field_gen, 0, 0 };
		if ((rc = state_write(st, &s, err)) != WB_OK)
			return rc;
		sleep((unsigned)settle_s);
	} else {
		out->resumed = true;
		if (keys->field_gen != s.gen)
			return wb_err_set(err, WB_ERR_INVALID, "a rotation to key generation %d is under "
					  "way, but the key file's current generation is %d: use the "
					  "key file the rotation wrote", s.gen, keys->field_gen);
	}
	out->generation = s.gen;
	/* passes until one finds nothing left under an older generation; the
	 * cells reported are those of the first (the last only checks) */
	while (changed > 0) {
		int64_t cells = out->cells;

		changed = 0;
		rc = pass(st, keys, &s, batch, &batches, out, &changed, err);
		out->reencrypted += changed;
		if (changed == 0 && rc == WB_OK && out->reencrypted > 0)
			out->cells = cells;
		if (rc != WB_OK)
			return rc;
		if (stop_after > 0 && batches == 0) {
			out->interrupted = true;
			return WB_OK;
		}
		s.column = 0;
		s.after = 0;
	}
	s.gen = 0;
	return state_write(st, &s, err);
}
